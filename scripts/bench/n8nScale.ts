/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// `npm run bench:scale`: a first activation of a large campaign (default 100,000 recipients) in a
// REAL n8n, plain (one process, SQLite) and in queue mode (main + 2 workers, Postgres, Redis):
// peak RSS of every n8n process, the largest execution's stored size, wall time, and API calls
// against the minimum. Not part of `npm test` or CI (it takes tens of minutes); figures go to
// .test-artifacts/bench-scale.json and docs/BENCHMARKS.md.
//
// Usage: npm run bench:scale -- [--recipients 100000] [--mode plain|queue|both]
//        [--max-items-per-poll 5000] [--poll-cron "0 * * * * *"]
// The trigger polls every minute, the shortest interval n8n 2.40 accepts for a polling trigger
// (a seconds cron fails activation: "The polling interval is too short. It has to be at least a
// minute."), so a bounded backfill takes one minute per chunk of maxItemsPerPoll.
// --max-old-space-mb N runs every n8n process with NODE_OPTIONS=--max-old-space-size=N (n8n's
// documented remedy for memory: https://docs.n8n.io/hosting/scaling/memory-errors/); without it
// V8 sizes the heap from the machine's memory and collects lazily, so RSS says more about the
// machine than about the workload.
// --concurrency N: at most N executions at once, n8n's N8N_CONCURRENCY_PRODUCTION_LIMIT in plain
// mode and each worker's --concurrency in queue mode (n8n's defaults: unlimited, 10). Measured
// here: unlimited, a poll a minute of 5,000 items each starts executions faster than one 2-core
// machine finishes them; they pile up and share the CPU and the task runner.
import { appendFileSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { freePort, randomKey, REPO_ROOT, sleepMs, waitFor, type N8nRestClient, type N8nServer } from '../n8n-runtime/n8n';
import { mergeNodeParameters, peakRss, startQueueStack } from '../n8n-runtime/queue';
import { scaleScenario, type ScaleScenario } from '../n8n-runtime/scaleScenario';
import { loadTemplate, MAIN_TEMPLATE, startStack, type WorkflowJson } from '../n8n-runtime/stack';
import { SandboxAdmin } from '../../test/sandbox/client';
import { countCalls } from './sandboxClient';

const arg = (name: string, fallback: string) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const RECIPIENTS = Number(arg('recipients', '100000'));
const MODE = arg('mode', 'both');
const MAX_ITEMS_PER_POLL = Number(arg('max-items-per-poll', '5000'));
const POLL_CRON = arg('poll-cron', '0 * * * * *');
const MAX_OLD_SPACE_MB = Number(arg('max-old-space-mb', '0'));
const CONCURRENCY = Number(arg('concurrency', '0'));
const N8N_ENV: Record<string, string> = {
	...(MAX_OLD_SPACE_MB ? { NODE_OPTIONS: `--max-old-space-size=${MAX_OLD_SPACE_MB}` } : {}),
	...(CONCURRENCY ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(CONCURRENCY) } : {}),
};
const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'bench-scale');
const MB = 1024 * 1024;
const log = (m: string) => process.stdout.write(`[bench:scale] ${m}\n`);

interface ModeResult {
	mode: 'plain' | 'queue';
	recipients: number;
	eligible: number;
	pushed: number;
	executions: number;
	wallSeconds: number;
	peakRssMb: Record<string, { self: number; taskRunner: number }>;
	largestExecution: { id: string; storedBytes: number; items: number };
	staticDataBytes: number | null;
	calls: Record<string, number>;
	minimum: Record<string, { calls: number; why: string }>;
}

function template(scale: ScaleScenario): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate(MAIN_TEMPLATE))) as WorkflowJson;
	mergeNodeParameters(wf, '.campaignsRecipientActivityTrigger', {
		options: { maxItemsPerPoll: MAX_ITEMS_PER_POLL },
	});
	void scale;
	return wf;
}

/** The fewest calls this first activation can take (see docs/BENCHMARKS.md "n8n at scale"). */
function minimum(scale: ScaleScenario): ModeResult['minimum'] {
	const clickers = Math.ceil(RECIPIENTS / 10);
	return {
		'campaigns GET recentcampaigns': { calls: 1, why: 'one page lists the one campaign' },
		'campaigns GET getcampaignrecipientsdata': {
			calls: Math.ceil(clickers / 500) + Math.floor(RECIPIENTS / 500) + 1,
			why: 'ceil(clickers/500) + floor(openers/500)+1 pages of 500',
		},
		'recruit POST Candidates/upsert': {
			calls: Math.ceil(scale.eligible.length / 100),
			why: 'ceil(eligible/100): 100 records per write',
		},
	};
}

async function measureRun(
	mode: 'plain' | 'queue',
	scale: ScaleScenario,
	processes: Record<string, N8nServer>,
	client: N8nRestClient,
	workflowId: string,
	sandboxUrl: string,
	started: number,
): Promise<ModeResult> {
	const admin = new SandboxAdmin(sandboxUrl);
	const peaks: ModeResult['peakRssMb'] = {};
	const samplePeaks = () => {
		for (const [name, server] of Object.entries(processes)) {
			const rss = peakRss(server.pid);
			if (!rss) continue;
			const old = peaks[name] ?? { self: 0, taskRunner: 0 };
			peaks[name] = {
				self: Math.max(old.self, Math.round(rss.self / MB)),
				taskRunner: Math.max(old.taskRunner, Math.round(rss.children / MB)),
			};
		}
	};
	const sampler = setInterval(samplePeaks, 2000);
	// Once a minute: how far the run is, so a run stopped early still says what it reached.
	const progressFile = join(ARTIFACTS, `progress-${mode}.jsonl`);
	const progress = setInterval(() => {
		void (async () => {
			const pushed = (await admin.state()).recruit.modules.Candidates ?? 0;
			const executions = await client.listExecutions(workflowId);
			const finished = executions
				.filter((e) => e.stoppedAt)
				.map((e) => ({ id: e.id, status: e.status, seconds: Math.round((Date.parse(e.stoppedAt!) - Date.parse(e.startedAt)) / 1000) }));
			const line = {
				elapsedSeconds: Math.round((Date.now() - started) / 1000),
				pushed,
				executions: executions.length,
				finished,
				peakRssMb: peaks,
			};
			appendFileSync(progressFile, `${JSON.stringify(line)}\n`);
			const rss = Object.entries(peaks).map(([name, p]) => `${name} ${p.self}/${p.taskRunner} MB`).join(', ');
			log(`${line.elapsedSeconds} s: ${pushed} in Recruit, executions ${finished.length}/${executions.length} finished (last ${finished[0]?.seconds ?? '-'} s), peak RSS ${rss}`);
		})().catch((error) => log(`progress: ${error instanceof Error ? error.message : error}`));
	}, 60_000);
	try {
		await waitFor(
			`${scale.eligible.length} Candidates in Recruit`,
			async () => {
				const count = (await admin.state()).recruit.modules.Candidates ?? 0;
				return count >= scale.eligible.length ? true : undefined;
			},
			{ timeoutMs: 150 * 60_000, intervalMs: 10_000 },
		);
		// Every execution finished.
		const executions = await waitFor(
			'executions to finish',
			async () => {
				const all = await client.listExecutions(workflowId);
				return all.every((e) => !['running', 'new', 'waiting', 'queued'].includes(e.status)) ? all : undefined;
			},
			{ timeoutMs: 30 * 60_000, intervalMs: 5000 },
		);
		const wallSeconds = Math.round((Date.now() - started) / 1000);
		samplePeaks();
		let largest = { id: '', storedBytes: 0, items: 0 };
		for (const e of executions) {
			const execution = await client.getExecution(e.id);
			const bytes = Buffer.byteLength(execution.data);
			if (bytes > largest.storedBytes) largest = { id: e.id, storedBytes: bytes, items: 0 };
		}
		const wf = await client.getWorkflow(workflowId);
		const pushed = (await admin.state()).recruit.modules.Candidates ?? 0;
		const calls = countCalls(await admin.calls());
		return {
			mode,
			recipients: RECIPIENTS,
			eligible: scale.eligible.length,
			pushed,
			executions: executions.length,
			wallSeconds,
			peakRssMb: peaks,
			largestExecution: largest,
			staticDataBytes: wf.staticData ? Buffer.byteLength(JSON.stringify(wf.staticData)) : null,
			calls: Object.fromEntries([...calls].sort()),
			minimum: minimum(scale),
		};
	} finally {
		clearInterval(sampler);
		clearInterval(progress);
	}
}

async function plain(scale: ScaleScenario): Promise<ModeResult> {
	const workDir = join(ARTIFACTS, 'plain');
	const started = Date.now();
	const stack = await startStack({
		userFolder: join(workDir, 'user'),
		fresh: true,
		workDir,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		encryptionKey: randomKey(),
		template: template(scale),
		workflowName: `Scale: ${RECIPIENTS} recipients (plain)`,
		pollTimes: { item: [{ mode: 'custom', cronExpression: POLL_CRON }] },
		scenario: scale.scenario,
		listSelection: scale.listSelection,
		skipBuild: process.env.BENCH_SKIP_BUILD === '1',
		env: N8N_ENV,
		log,
	});
	try {
		return await measureRun('plain', scale, { main: stack.n8n }, stack.client, stack.workflowId, stack.sandbox.url, started);
	} finally {
		await stack.stop();
	}
}

async function queue(scale: ScaleScenario): Promise<ModeResult> {
	const started = Date.now();
	const stack = await startQueueStack({
		workDir: join(ARTIFACTS, 'queue'),
		fresh: true,
		encryptionKey: randomKey(),
		template: template(scale),
		workflowName: `Scale: ${RECIPIENTS} recipients (queue)`,
		pollTimes: { item: [{ mode: 'custom', cronExpression: POLL_CRON }] },
		scenario: scale.scenario,
		listSelection: scale.listSelection,
		workers: 2,
		...(CONCURRENCY ? { workerConcurrency: CONCURRENCY } : {}),
		env: N8N_ENV,
		skipBuild: process.env.BENCH_SKIP_BUILD === '1',
		log,
	});
	try {
		const processes: Record<string, N8nServer> = { main: stack.main };
		stack.workers.forEach((w, i) => (processes[`worker ${i + 1}`] = w));
		return await measureRun('queue', scale, processes, stack.client, stack.workflowId, stack.sandbox.url, started);
	} finally {
		await stack.stop();
	}
}

function print(result: ModeResult) {
	log(`── ${result.mode} mode: ${result.recipients} recipients, ${result.eligible} eligible, ${result.pushed} in Recruit`);
	log(`   wall time (start of stack → all pushed): ${result.wallSeconds} s; executions: ${result.executions}`);
	for (const [name, rss] of Object.entries(result.peakRssMb)) {
		log(`   peak RSS ${name}: ${rss.self} MB (its task runner: ${rss.taskRunner} MB)`);
	}
	log(`   largest execution: #${result.largestExecution.id}, ${(result.largestExecution.storedBytes / MB).toFixed(1)} MB stored`);
	log(`   trigger static data: ${result.staticDataBytes ?? 'n/a'} bytes`);
	for (const [key, calls] of Object.entries(result.calls)) {
		const min = result.minimum[key];
		log(`   ${key.padEnd(48)} ${String(calls).padStart(6)}${min ? `  (minimum ${min.calls}: ${min.why})` : ''}`);
	}
}

async function main() {
	mkdirSync(ARTIFACTS, { recursive: true });
	const scale = scaleScenario(RECIPIENTS, { recruitCredits: 10 * RECIPIENTS });
	log(
		`${RECIPIENTS} recipients, maxItemsPerPoll ${MAX_ITEMS_PER_POLL}, polls on "${POLL_CRON}", mode ${MODE}, ` +
			`n8n heap limit ${MAX_OLD_SPACE_MB ? `${MAX_OLD_SPACE_MB} MB` : "V8's default"}, ` +
			`concurrency ${CONCURRENCY || "n8n's default"}`,
	);
	const results: ModeResult[] = [];
	if (MODE === 'plain' || MODE === 'both') results.push(await plain(scale));
	if (MODE === 'plain' || MODE === 'both') print(results[results.length - 1]);
	if (MODE === 'both') await sleepMs(2000);
	if (MODE === 'queue' || MODE === 'both') {
		results.push(await queue(scale));
		print(results[results.length - 1]);
	}
	const file = join(REPO_ROOT, '.test-artifacts', `bench-scale-${RECIPIENTS}-${MODE}${MAX_OLD_SPACE_MB ? `-heap${MAX_OLD_SPACE_MB}` : ''}${CONCURRENCY ? `-c${CONCURRENCY}` : ''}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			{ at: new Date().toISOString(), maxItemsPerPoll: MAX_ITEMS_PER_POLL, pollCron: POLL_CRON, maxOldSpaceMb: MAX_OLD_SPACE_MB || null, concurrency: CONCURRENCY || null, results },
			null,
			2,
		),
	);
	log(`written ${file}`);
	const over = results.flatMap((r) => [
		...Object.entries(r.peakRssMb)
			.filter(([, rss]) => rss.self > 1024)
			.map(([name, rss]) => `${r.mode} ${name}: ${rss.self} MB RSS > 1 GB`),
		...(r.largestExecution.storedBytes > 20 * MB
			? [`${r.mode}: execution ${r.largestExecution.id} stored ${(r.largestExecution.storedBytes / MB).toFixed(1)} MB > 20 MB`]
			: []),
	]);
	for (const line of over) log(`GOAL MISSED: ${line}`);
}

main().catch((error) => {
	process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.stack : error}\n`);
	process.exit(1);
});
