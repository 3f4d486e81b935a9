/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Releases go through GitHub Actions with npm provenance, the only way n8n verifies a community
// package (docs/INVARIANTS.md). The workflow cannot run here; this guards the pieces a change
// could quietly undo: the permission that signs provenance, publishing through `n8n-node release`,
// the local-publish guard and a tag filter that matches the tags `n8n-node release` pushes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'publish.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
	repository: { url: string };
};

/** GitHub's tag filter glob: `*` matches any run of characters except `/`. */
const tagFilterMatches = (filter: string, tag: string): boolean =>
	new RegExp(`^${filter.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(tag);

describe('release workflow (.github/workflows/publish.yml)', () => {
	it('publishes with `npm run release`, which is `n8n-node release`, after `npm ci` and `npm test`', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		const steps = [...workflow.matchAll(/^\s+(?:run: |)(npm (?:ci|test|run release))$/gm)].map(
			(m) => m[1],
		);
		expect(steps).toEqual(['npm ci', 'npm test', 'npm run release']);
	});

	it('grants the job id-token: write (provenance) and only read access to the repository', () => {
		expect(workflow).toMatch(/^ {6}id-token: write$/m);
		expect(workflow).toMatch(/^ {6}contents: read$/m);
		expect(workflow).not.toMatch(/contents: write/);
	});

	it('starts on the tags `n8n-node release` pushes (the bare version) and not on branches', () => {
		const filters = [...workflow.matchAll(/^ {6}- '([^']+)'$/gm)].map((m) => m[1]);
		expect(filters).toHaveLength(1);
		expect(tagFilterMatches(filters[0], pkg.version)).toBe(true);
		expect(tagFilterMatches(filters[0], '1.12.0')).toBe(true);
		expect(tagFilterMatches(filters[0], 'main')).toBe(false);
		expect(workflow).not.toMatch(/^\s+branches:/m);
	});

	it('keeps the guard that refuses a local `npm publish` without provenance', () => {
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});

	it('names a GitHub repository in package.json, which npm provenance checks against', () => {
		expect(pkg.repository.url).toMatch(/^(git\+)?https:\/\/github\.com\/[^/]+\/[^/]+?(\.git)?$/);
	});
});
