// `npm run scan`: the checks n8n runs before it lists or verifies a community package
// (@n8n/scan-community-package), applied to this checkout instead of a published version. The
// scanner's CLI only takes a name on the npm registry; its two legs are reproduced here with the
// functions it exports, so a violation is caught before a release, not after:
//   source   analyzePackage(dir, SOURCE_FILE_PATTERNS): package.json, nodes/ and credentials/
//            with the community-node rules and eslint-plugin-n8n-nodes-base's rulesets;
//   tarball  `npm pack`, unpacked, then analyzePackage(unpacked, ['**/*.js', 'package.json']):
//            the compiled files n8n actually installs (run `npm run build` first).
// The provenance check of the real scan needs a registry release (see .github/workflows/).
//   node scripts/scan.mjs [--dir <package dir>] [--leg source|tarball]
// Exit code 0 when every leg run passes, 1 otherwise; findings are printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// eslint-plugin-n8n-nodes-base switches some rules to its own fixture conventions when NODE_ENV is
// "test" (as under jest), read when the module loads: the scanner is imported after clearing it.
delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	'@n8n/scan-community-package/scanner/scanner.mjs'
);

/** The tarball leg's patterns, as in the scanner's analyzePackageByName. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const run = (command, args, cwd) => {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
	return result.stdout;
};

/** Packs `dir` as npm would publish it and unpacks it; returns the unpacked directory. */
function packAndUnpack(dir, workDir) {
	const [packed] = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], dir),
	);
	const unpacked = join(workDir, 'package');
	run('tar', ['-xzf', join(workDir, packed.filename), '-C', workDir], dir);
	return unpacked;
}

/** Files package.json registers with n8n that the tarball lacks (an unbuilt checkout). */
function missingRegisteredFiles(unpacked) {
	const { n8n = {} } = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	return [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].filter(
		(file) => !existsSync(join(unpacked, file)),
	);
}

async function sourceLeg(dir) {
	return await analyzePackage(dir, SOURCE_FILE_PATTERNS);
}

async function tarballLeg(dir) {
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
	try {
		const unpacked = packAndUnpack(dir, workDir);
		const missing = missingRegisteredFiles(unpacked);
		if (missing.length > 0)
			return {
				passed: false,
				message: `the packed tarball lacks files package.json registers with n8n (run \`npm run build\` first): ${missing.join(', ')}`,
			};
		return await analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

const LEGS = { source: sourceLeg, tarball: tarballLeg };

async function main() {
	const { values } = parseArgs({
		options: { dir: { type: 'string', default: '.' }, leg: { type: 'string', multiple: true } },
	});
	const dir = resolve(values.dir);
	const legs = values.leg ?? Object.keys(LEGS);
	const unknown = legs.filter((leg) => !(leg in LEGS));
	if (unknown.length > 0)
		throw new Error(`unknown --leg ${unknown.join(', ')}: use source or tarball`);

	let passed = true;
	for (const leg of legs) {
		const result = await LEGS[leg](dir);
		passed &&= result.passed;
		console.log(
			`${result.passed ? 'PASS' : 'FAIL'} ${leg} scan of ${dir}${result.message ? `: ${result.message}` : ''}`,
		);
		if (result.details) console.log(result.details);
	}
	return passed;
}

main().then(
	(passed) => process.exit(passed ? 0 : 1),
	(error) => {
		console.error(`scan: ${error.message}`);
		process.exit(1);
	},
);
