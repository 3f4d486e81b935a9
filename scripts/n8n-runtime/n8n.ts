/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// Building blocks for running this package inside a real n8n (npm start, npm run test:e2e):
// the Node 24 + n8n runtime from .cache/n8n-runtime, installing the packed package the way n8n's
// community-package installer does, an n8n server process, and a small client for n8n's REST API.
import { execFile, spawn, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { dirname, join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-zoho-campaigns-recruit';
export const RUNTIME_DIR = resolve(
	process.env.N8N_RUNTIME_DIR || join(REPO_ROOT, '.cache', 'n8n-runtime'),
);

/** The login printed by npm start and used by the e2e tests (a local, loopback-only instance). */
export const OWNER = {
	email: 'owner@example.com',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

export type Log = (message: string) => void;
export const defaultLog: Log = (message) => process.stdout.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------
// Small process helpers

export interface RunResult {
	stdout: string;
	stderr: string;
}

/** Runs a command to completion; rejects with its output on a non-zero exit. */
export function run(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
	return new Promise((res, rej) => {
		execFile(
			cmd,
			args,
			{
				cwd: opts.cwd,
				env: opts.env ?? process.env,
				maxBuffer: 64 * 1024 * 1024,
				timeout: opts.timeoutMs ?? 15 * 60_000,
			},
			(error, stdout, stderr) => {
				if (error) {
					const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
					rej(new Error(`\`${cmd} ${args.join(' ')}\` failed: ${error.message}\n${tail}`));
				} else res({ stdout, stderr });
			},
		);
	});
}

/** Runs a command with the terminal attached (for the runtime installer's progress output). */
function runInherit(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
	return new Promise<void>((res, rej) => {
		const child = spawn(cmd, args, { stdio: 'inherit', env });
		child.on('error', rej);
		child.on('close', (code) =>
			code === 0 ? res() : rej(new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code}`)),
		);
	});
}

/** A free TCP port on 127.0.0.1 (0 = let the OS choose), or `preferred` when it is free. */
export async function freePort(preferred = 0): Promise<number> {
	const tryPort = (port: number) =>
		new Promise<number>((res, rej) => {
			const srv = createServer();
			srv.once('error', rej);
			srv.listen(port, '127.0.0.1', () => {
				const address = srv.address();
				const chosen = typeof address === 'object' && address ? address.port : port;
				srv.close(() => res(chosen));
			});
		});
	if (preferred) {
		try {
			return await tryPort(preferred);
		} catch {
			// taken: fall through to any free port
		}
	}
	return tryPort(0);
}

export const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	{ timeoutMs = 60_000, intervalMs = 500 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		await sleepMs(intervalMs);
	}
	const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
	throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${cause}`);
}

// ---------------------------------------------------------------------------------------------
// Runtime (Node 24 + n8n), prepared by prepare.mjs

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
	n8nDir: string;
	nodeVersion: string;
	n8nVersion: string;
}

/** Prepares (or reuses) .cache/n8n-runtime. N8N_RUNTIME_NODE + N8N_RUNTIME_N8N_BIN override it. */
export async function ensureRuntime(): Promise<Runtime> {
	const nodeOverride = process.env.N8N_RUNTIME_NODE;
	const n8nOverride = process.env.N8N_RUNTIME_N8N_BIN;
	if (nodeOverride && n8nOverride) {
		const n8nDir = resolve(dirname(n8nOverride), '..');
		const nodeVersion = (await run(nodeOverride, ['--version'])).stdout.trim();
		const n8nVersion = JSON.parse(readFileSync(join(n8nDir, 'package.json'), 'utf8')).version;
		return { nodeBin: nodeOverride, n8nBin: n8nOverride, n8nDir, nodeVersion, n8nVersion };
	}
	// The installer prints its own progress (it can take minutes on a fresh machine).
	await runInherit(process.execPath, [join(__dirname, 'prepare.mjs')]);
	const marker = JSON.parse(readFileSync(join(RUNTIME_DIR, 'runtime.json'), 'utf8'));
	const nodePackageDir = join(RUNTIME_DIR, 'node24', 'node_modules', `node-${process.platform}-${process.arch}`);
	const n8nDir = join(RUNTIME_DIR, 'n8n', 'node_modules', 'n8n');
	return {
		nodeBin: join(nodePackageDir, 'bin', 'node'),
		n8nBin: join(n8nDir, 'bin', 'n8n'),
		n8nDir,
		nodeVersion: marker.nodeVersion,
		n8nVersion: marker.n8nInstalledVersion ?? marker.n8nVersion,
	};
}

// ---------------------------------------------------------------------------------------------
// The package, packed and installed like n8n's community-package installer does

/** `npm run build` (unless build=false) and `npm pack` → absolute path of the tarball. */
export async function packPackage(opts: {
	packageDir?: string;
	outDir: string;
	build?: boolean;
	log?: Log;
}): Promise<string> {
	const packageDir = opts.packageDir ?? REPO_ROOT;
	const log = opts.log ?? defaultLog;
	mkdirSync(opts.outDir, { recursive: true });
	if (opts.build !== false) {
		log(`Building the package (npm run build in ${packageDir}) …`);
		await run('npm', ['run', 'build'], { cwd: packageDir });
	}
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', opts.outDir], {
		cwd: packageDir,
	});
	const packed = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tgz = join(opts.outDir, packed[0].filename);
	log(`Packed ${packed[0].name}@${packed[0].version} (${packed[0].entryCount} files) → ${tgz}`);
	return tgz;
}

/**
 * Installs a packed tarball into <userFolder>/.n8n/nodes the way n8n 2.x does for a community
 * package (community-packages.service.js downloadPackage): extract into node_modules/<name>, drop
 * dev/peer/optional dependencies (so no second n8n-workflow shadows n8n's own), `npm install` the
 * rest with scripts off, and record it in nodes/package.json. Node types become `<name>.<node>`.
 */
export async function installPackageLikeN8n(userFolder: string, tgz: string) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const staging = join(nodesDir, '.staging');
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	await run('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1']);
	const pkgJsonPath = join(staging, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
		readFileSync(pkgJsonPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
	const target = join(nodesDir, 'node_modules', pkg.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(dirname(target), { recursive: true });
	await run('mv', [staging, target]);
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: target },
	);
	const nodesPkgPath = join(nodesDir, 'package.json');
	const nodesPkg = existsSync(nodesPkgPath)
		? JSON.parse(readFileSync(nodesPkgPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [pkg.name]: pkg.version };
	writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return { name: pkg.name as string, version: pkg.version as string, dir: target };
}

// ---------------------------------------------------------------------------------------------
// The n8n server process

export interface N8nServerOptions {
	runtime: Runtime;
	userFolder: string;
	port: number;
	encryptionKey: string;
	/** n8n's stdout/stderr go here (appended). */
	logFile: string;
	env?: Record<string, string>;
	/** n8n CLI command and flags (default `start`; queue-mode workers run `worker`). */
	command?: string[];
	/** Answers 2xx once the process is up (default `<url>/rest/settings`; a worker's /healthz). */
	readyUrl?: string;
}

/** bcrypt hash for N8N_INSTANCE_OWNER_PASSWORD_HASH, computed with n8n's own bcryptjs. */
async function bcryptHash(runtime: Runtime, password: string): Promise<string> {
	const { stdout } = await run(
		runtime.nodeBin,
		['-e', 'process.stdout.write(require("bcryptjs").hashSync(process.argv[1], 10))', password],
		{ cwd: runtime.n8nDir },
	);
	return stdout.trim();
}

/** Reads <dir>/encryption-key, creating a random one the first time. */
export function persistentEncryptionKey(dir: string): string {
	const file = join(dir, 'encryption-key');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dir, { recursive: true });
	const key = randomBytes(24).toString('hex');
	writeFileSync(file, key, { mode: 0o600 });
	return key;
}

export class N8nServer {
	readonly url: string;
	private child: ChildProcess | null = null;
	private exited: Promise<number | null> | null = null;
	private ownerHash: string | null = null;
	private brokerPort: number | null = null;
	/** Seconds the last start() took until the REST API answered. */
	lastStartSeconds = 0;

	constructor(readonly opts: N8nServerOptions) {
		this.url = `http://127.0.0.1:${opts.port}`;
	}

	private async env(): Promise<NodeJS.ProcessEnv> {
		const { runtime, userFolder, port, encryptionKey } = this.opts;
		this.ownerHash ??= await bcryptHash(runtime, OWNER.password);
		// The Code node's task runner talks to a broker on a fixed port (5679) by default: a second
		// n8n on the machine would hand its runner to the first one's broker (403, Code nodes fail).
		this.brokerPort ??= await freePort();
		const env: NodeJS.ProcessEnv = {
			...process.env,
			// Node 24 first on PATH: n8n's task runner and any npm it spawns must not pick up Node 20.
			PATH: `${dirname(runtime.nodeBin)}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_WEBHOOK_URL: `${this.url}/`,
			// Quiet and offline: no telemetry, version checks, templates, banners, license renewals.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			// Its refresh task fetches api.n8n.io at start (no internet here: a stack trace per boot).
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_PYTHON_ENABLED: 'false', // no Python runner venv; our workflows need none
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_SECURE_COOKIE: 'false', // cookie login over plain http on 127.0.0.1
			GENERIC_TIMEZONE: 'UTC',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_TYPE: 'sqlite',
			// The owner exists from the first boot, no setup wizard (n8n ≥ 2.39 instance settings loader).
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.ownerHash,
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
			...this.opts.env,
		};
		// Options meant for the Node 20 test process (ts-node, jest) must not leak into n8n; an
		// explicit NODE_OPTIONS for n8n (a heap limit, say) is passed in opts.env.
		delete env.NODE_OPTIONS;
		if (this.opts.env?.NODE_OPTIONS) env.NODE_OPTIONS = this.opts.env.NODE_OPTIONS;
		delete env.TS_NODE_PROJECT;
		delete env.NODE_ENV;
		return env;
	}

	get running() {
		return this.child !== null;
	}

	/** Runs an n8n CLI command (import:credentials, …) against the same user folder and key. */
	async cli(args: string[]): Promise<RunResult> {
		return run(this.opts.runtime.nodeBin, [this.opts.runtime.n8nBin, ...args], {
			env: await this.env(),
			timeoutMs: 5 * 60_000,
		});
	}

	/** Starts `n8n start` and resolves once the REST API answers. */
	async start({ timeoutMs = 240_000 } = {}): Promise<void> {
		if (this.child) throw new Error('n8n is already running');
		const t0 = Date.now();
		mkdirSync(dirname(this.opts.logFile), { recursive: true });
		const fd = openSync(this.opts.logFile, 'a');
		const command = this.opts.command ?? ['start'];
		const readyUrl = this.opts.readyUrl ?? `${this.url}/rest/settings`;
		const child = spawn(this.opts.runtime.nodeBin, [this.opts.runtime.n8nBin, ...command], {
			env: await this.env(),
			stdio: ['ignore', fd, fd],
		});
		closeSync(fd);
		this.child = child;
		this.exited = new Promise((res) => child.on('exit', (code) => res(code)));
		let exitCode: number | null | undefined;
		void this.exited.then((code) => {
			exitCode = code;
			if (this.child === child) this.child = null;
		});
		await waitFor(
			'n8n to answer on ' + readyUrl,
			async () => {
				if (exitCode !== undefined) {
					throw new Error(`n8n exited with ${exitCode} during startup:\n${this.logTail()}`);
				}
				const res = await fetch(readyUrl).catch(() => null);
				// On a busy machine n8n answers /rest/settings before its database is ready
				// ("Database is not ready!" on every other call): wait for its readiness check too
				// (workers answer only their own health URL, which is readyUrl).
				if (this.opts.readyUrl) return res?.ok ? true : undefined;
				const ready = res?.ok ? await fetch(`${this.url}/healthz/readiness`).catch(() => null) : null;
				return ready?.ok ? true : undefined;
			},
			{ timeoutMs, intervalMs: 500 },
		).catch((error) => {
			if (/exited with/.test(String(error.message))) throw error;
			throw new Error(`${error.message}\n${this.logTail()}`);
		});
		this.lastStartSeconds = (Date.now() - t0) / 1000;
	}

	/** SIGTERM (n8n shuts down gracefully), SIGKILL after 30 s. */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child || !this.exited) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		await this.exited;
		clearTimeout(timer);
		this.child = null;
	}

	/** The running process's pid (for RSS sampling), or undefined when stopped. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** SIGKILL (a crash: no graceful shutdown) and wait until the process is gone. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || !this.exited) return;
		child.kill('SIGKILL');
		await this.exited;
		this.child = null;
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	logTail(lines = 40): string {
		try {
			return readFileSync(this.opts.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	}
}

// ---------------------------------------------------------------------------------------------
// n8n's internal REST API (what the editor itself calls), with the owner's session cookie

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	finished?: boolean;
}

export class N8nRestClient {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	async login(email = OWNER.email, password = OWNER.password): Promise<void> {
		const post = () =>
			fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: email, password }),
			});
		// n8n 2.x listens (and answers /rest/settings) before it has registered every controller:
		// on a busy machine /rest/login is a 404 for a few more seconds.
		const res = await waitFor('n8n to serve /rest/login', async () => {
			const answer = await post();
			return answer.status === 404 ? undefined : answer;
		});
		if (!res.ok) throw new Error(`n8n login failed: HTTP ${res.status} ${await res.text()}`);
		const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
		this.cookie = cookies.join('; ');
		if (!/n8n-auth=/.test(this.cookie)) throw new Error('n8n login returned no n8n-auth cookie');
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n ${method} ${path} → HTTP ${res.status}: ${text.slice(0, 1000)}`);
		const parsed = text ? JSON.parse(text) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	createWorkflow(workflow: Record<string, unknown>) {
		return this.request<{ id: string; versionId: string; name: string }>('POST', '/rest/workflows', workflow);
	}

	getWorkflow(id: string) {
		return this.request<{
			id: string;
			name: string;
			active: boolean;
			versionId: string;
			activeVersionId?: string | null;
			nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
			staticData?: Record<string, unknown> | null;
		}>('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Publishes the current version and activates it: poll triggers poll once right away. n8n 2.40
	 * activates triggers after answering, and a trigger that fails to activate (a poll interval
	 * under a minute, say) only leaves a "partially published" warning in its log: wait for the
	 * publication to settle and throw with each failed trigger's message, unless `allowFailedTriggers`.
	 */
	async activate(id: string, { allowFailedTriggers = false } = {}) {
		const { versionId } = await this.getWorkflow(id);
		const answer = await this.request<{ id: string; active: boolean }>('POST', `/rest/workflows/${id}/activate`, {
			versionId,
		});
		const status = await waitFor(
			`workflow ${id}'s triggers to be activated`,
			async () => {
				const current = await this.publicationStatus(id);
				return ['in_progress', 'not_published'].includes(current.status) ? undefined : current;
			},
			{ timeoutMs: 120_000, intervalMs: 500 },
		);
		const failed = status.triggers.filter((t) => t.status === 'failed');
		if (failed.length > 0 && !allowFailedTriggers) {
			throw new Error(`workflow ${id}: triggers failed to activate: ${failed.map((t) => t.errorMessage).join('; ')}`);
		}
		return answer;
	}

	/** n8n 2.40's publication status: whether each trigger of the published version is active. */
	publicationStatus(id: string) {
		return this.request<{
			status: string;
			triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
		}>('GET', `/rest/workflows/${id}/publication-status`);
	}

	deactivate(id: string) {
		return this.request<{ id: string; active: boolean }>('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** The node types the editor gets (`/types/nodes.json`, needs the session). */
	async nodeTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((t) => t.name);
	}

	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		return data.results;
	}

	getExecution(id: string) {
		return this.request<{ id: string; status: string; data: string; workflowData: unknown }>(
			'GET',
			`/rest/executions/${id}`,
		);
	}

	/** Waits until the workflow has more than `after` finished executions; returns all of them. */
	async waitForExecutions(
		workflowId: string,
		after: number,
		{ timeoutMs = 120_000 } = {},
	): Promise<ExecutionSummary[]> {
		return waitFor(
			`execution #${after + 1} of workflow ${workflowId}`,
			async () => {
				const executions = await this.listExecutions(workflowId);
				const done = executions.filter((e) => !['running', 'new', 'waiting'].includes(e.status));
				return done.length > after && done.length === executions.length ? executions : undefined;
			},
			{ timeoutMs, intervalMs: 1000 },
		);
	}
}

export function randomKey(): string {
	return randomBytes(24).toString('hex');
}
