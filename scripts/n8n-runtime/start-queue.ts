/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// `npm run start:queue`: the `npm start` stack in n8n queue mode: Postgres 17, Redis, one main
// instance (editor, REST API, the trigger's polls) and two workers (the executions), each with this
// package installed as a community package, the sandbox credentials and the main template active.
// Prints where each part runs; Ctrl-C / SIGTERM stops every process it started.
//
// Each start begins with a fresh database (the sandbox is in-memory and starts fresh too).
//
// Env: N8N_PORT (default 5678), SANDBOX_PORT (default 8787); a busy port falls back to a free one.
//      N8N_QUEUE_WORKERS (default 2); N8N_START_TEMPLATE=<file>; N8N_START_SKIP_BUILD=1 to reuse
//      dist/; N8N_START_PACKAGE_DIR=<dir>; REDIS_SERVER=<path to redis-server>;
//      N8N_POSTGRES_BIN_DIR=<an existing Postgres 16+ bin/>.
import { existsSync } from 'fs';
import { join, resolve } from 'path';

import { freePort, OWNER, persistentEncryptionKey, REPO_ROOT } from './n8n';
import { startQueueStack } from './queue';
import { loadTemplate, MAIN_TEMPLATE, sandboxRecruitRecords } from './stack';

const log = (message: string) => process.stdout.write(`${message}\n`);

async function main() {
	const t0 = Date.now();
	const cacheDir = join(REPO_ROOT, '.cache', 'n8n-start-queue');
	const templateFile = resolve(process.env.N8N_START_TEMPLATE || MAIN_TEMPLATE);
	if (!existsSync(templateFile)) throw new Error(`Template not found: ${templateFile}`);

	let stopRequested = false;
	let stopStack: (() => Promise<void>) | null = null;
	let stopping = false;
	const shutdown = async (signal: string) => {
		stopRequested = true;
		if (stopping || !stopStack) return; // still starting: stopped as soon as the start returns
		stopping = true;
		log(`\n${signal}: stopping the workers, the main instance, Redis, Postgres and the sandbox …`);
		await stopStack();
		log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));

	const stack = await startQueueStack({
		workDir: join(cacheDir, 'run'),
		fresh: true,
		encryptionKey: persistentEncryptionKey(cacheDir),
		template: loadTemplate(templateFile),
		workers: Number(process.env.N8N_QUEUE_WORKERS) || 2,
		mainPort: await freePort(Number(process.env.N8N_PORT) || 5678),
		sandboxPort: await freePort(Number(process.env.SANDBOX_PORT) || 8787),
		skipBuild: process.env.N8N_START_SKIP_BUILD === '1',
		packageDir: process.env.N8N_START_PACKAGE_DIR || undefined,
		log,
	});
	stopStack = stack.stop;
	if (stopRequested) return shutdown('Stop requested during start-up');

	log('');
	log('────────────────────────────────────────────────────────────────────────');
	log(` n8n main:    ${stack.main.url}  (editor, REST API, triggers and polls; pid ${stack.main.pid})`);
	log(` workflow:    ${stack.main.url}/workflow/${stack.workflowId}`);
	log(` login:       ${OWNER.email} / ${OWNER.password}`);
	stack.workers.forEach((w, i) =>
		log(` worker ${i + 1}:    ${w.opts.readyUrl}  (runs executions; pid ${w.pid}, log ${stack.logs.workers[i]})`),
	);
	log(` Postgres:    ${stack.postgres.url}  (pid ${stack.postgres.pid})`);
	log(` Redis:       ${stack.redis.url}  (pid ${stack.redis.pid})`);
	log(` sandbox:     ${stack.sandbox.url}  (admin API under /__sandbox/)`);
	log(` logs:        ${join(cacheDir, 'run')}`);
	log('────────────────────────────────────────────────────────────────────────');
	log('');
	log('Waiting for the first poll (activation polls once right away; a worker runs the execution) …');
	const executions = await stack.client.waitForExecutions(stack.workflowId, 0, { timeoutMs: 180_000 });
	const first = executions[executions.length - 1];
	const candidates = await sandboxRecruitRecords(stack.sandbox.url, 'Candidates');
	const contacts = await sandboxRecruitRecords(stack.sandbox.url, 'Contacts');
	log(`First execution ${first.id}: ${first.status}. Recruit holds ${candidates.length} Candidates, ${contacts.length} Contacts.`);
	log(`Ready in ${Math.round((Date.now() - t0) / 1000)}s. Press Ctrl-C to stop every process above.`);
}

main().catch((error) => {
	process.stderr.write(`\nnpm run start:queue failed: ${error instanceof Error ? error.message : error}\n`);
	process.exit(1);
});
