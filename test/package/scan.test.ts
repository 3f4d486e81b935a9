/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// `npm run scan` (scripts/scan.mjs) is n8n's community-package scanner applied to this checkout.
// The real source must pass it, and a violation planted in a temporary copy must fail it, in the
// source leg (TypeScript in nodes/) and in the tarball leg (compiled JavaScript that `npm pack`
// ships). Each scan is a child process, as `npm test` runs it; they run concurrently.
import { execFile } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCAN = join(ROOT, 'scripts', 'scan.mjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

interface ScanRun {
	code: number;
	output: string;
}

const scan = async (...args: string[]): Promise<ScanRun> =>
	await new Promise((resolve) => {
		// The scanner resolves its plugins from the repository's node_modules, wherever it scans.
		execFile('node', [SCAN, ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
			resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
		);
	});

/** The files ESLint's stylish report lists (one absolute path per line above its findings). */
const reportedFiles = (output: string): string[] =>
	output.split('\n').filter((line) => line.startsWith('/'));

const PLANTED_NODE = 'nodes/RecruitPush/RecruitPush.node.ts';
const PLANTED_BUILD = pkg.n8n.nodes[0];

let work: string;
let realSource: ScanRun;
let plantedSource: ScanRun;
let plantedTarball: ScanRun;
let unbuiltTarball: ScanRun;

/** A copy of what the source leg reads, with a timer and `process` planted in a node file. */
function sourceWithViolation(): string {
	const dir = join(work, 'source');
	// icons/ too: the icon rules check that the files node and credential classes name exist.
	for (const part of ['package.json', 'nodes', 'credentials', 'icons'])
		cpSync(join(ROOT, part), join(dir, part), { recursive: true });
	appendFileSync(
		join(dir, PLANTED_NODE),
		'\nexport const pause = async (ms: number) => await new Promise((r) => setTimeout(r, ms));\n' +
			'export const home = () => process.env.HOME;\n',
	);
	return dir;
}

/** A package whose registered files are plain compiled modules, one of them reading `process`. */
function buildWithViolation(): string {
	const dir = join(work, 'build');
	mkdirSync(dir, { recursive: true });
	cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		mkdirSync(join(dir, dirname(file)), { recursive: true });
		const planted = file === PLANTED_BUILD ? 'exports.home = () => process.env.HOME;\n' : '';
		writeFileSync(join(dir, file), `"use strict";\nexports.ok = true;\n${planted}`);
	}
	return dir;
}

/** The package.json alone: what `npm pack` ships before `npm run build`. */
function unbuilt(): string {
	const dir = join(work, 'unbuilt');
	mkdirSync(dir, { recursive: true });
	cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
	return dir;
}

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'zcr-scan-test-'));
	[realSource, plantedSource, plantedTarball, unbuiltTarball] = await Promise.all([
		scan('--leg', 'source'),
		scan('--leg', 'source', '--dir', sourceWithViolation()),
		scan('--leg', 'tarball', '--dir', buildWithViolation()),
		scan('--leg', 'tarball', '--dir', unbuilt()),
	]);
}, 300_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run scan (n8n community-package scanner)', () => {
	it('passes the source of this package', () => {
		expect(realSource.output).toMatch(/^PASS source scan/m);
		expect(realSource.code).toBe(0);
	});

	it('fails the source leg on setTimeout and process planted in nodes/, naming file and rule', () => {
		const dir = join(work, 'source');
		expect(plantedSource.code).toBe(1);
		expect(plantedSource.output).toMatch(/^FAIL source scan/m);
		expect(reportedFiles(plantedSource.output)).toEqual([join(dir, PLANTED_NODE)]);
		expect(plantedSource.output).toMatch(/restricted global 'setTimeout'.*no-restricted-globals/);
		expect(plantedSource.output).toMatch(/restricted global 'process'.*no-restricted-globals/);
		expect(plantedSource.output).toMatch(/2 problems \(2 errors/);
	});

	it('fails the tarball leg on process in the compiled files npm pack ships', () => {
		expect(plantedTarball.code).toBe(1);
		expect(plantedTarball.output).toMatch(/^FAIL tarball scan/m);
		// The unpacked tarball lives in a temporary directory; npm unpacks it under package/.
		const files = reportedFiles(plantedTarball.output);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(new RegExp(`/package/${PLANTED_BUILD.replace(/\./g, '\\.')}$`));
		expect(plantedTarball.output).toMatch(/restricted global 'process'.*no-restricted-globals/);
		expect(plantedTarball.output).toMatch(/1 problem \(1 error/);
	});

	it('fails the tarball leg when the package is not built, naming the missing files', () => {
		expect(unbuiltTarball.code).toBe(1);
		expect(unbuiltTarball.output).toMatch(/^FAIL tarball scan.*run `npm run build` first/m);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(unbuiltTarball.output).toContain(file);
	});
});
