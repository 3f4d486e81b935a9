/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Queue mode end to end (https://docs.n8n.io/hosting/scaling/queue-mode/): the `npm run start:queue`
// stack (Postgres 17, Redis, one main n8n instance, two workers, this package installed as a
// community package in each) against a generated sandbox scenario of 10,000 recipients.
//   1. First activation: the main instance polls (once per interval, nowhere else), the workers
//      run every execution, and every eligible recipient lands in Recruit exactly once.
//   2. A worker is SIGKILLed inside an execution. n8n 2.40.7 does not run a stalled job again
//      (its bull queue is built with maxStalledCount 0) and, failing it, replaces the execution's
//      data with the stall error (no items, no last node), so Executions → Retry has nothing to
//      run. The recovery is the trigger's: "Reset Memory" with "Reset: Re-Emit Campaigns Sent
//      Since" emits the campaign again and the other worker pushes it: exactly once, no note
//      twice, nobody missing.
//   3. The whole stack restarts (n8n, Redis, Postgres): nobody is pushed again.
import { readFileSync } from 'fs';
import { join } from 'path';

import { randomKey, REPO_ROOT, sleepMs, waitFor } from '../../scripts/n8n-runtime/n8n';
import { executionsInLog, startQueueStack, type QueueStack } from '../../scripts/n8n-runtime/queue';
import { scaleEmail, scaleScenario } from '../../scripts/n8n-runtime/scaleScenario';
import { loadTemplate, MAIN_TEMPLATE } from '../../scripts/n8n-runtime/stack';
import { SandboxAdmin, type SandboxRecord } from '../sandbox/client';
import { nodeOutputs, parseFlatted, saveNodeOptions } from './helpers';

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e-queue');
const RECIPIENTS = Number(process.env.E2E_QUEUE_RECIPIENTS) || 10_000;
const MAX_ITEMS_PER_POLL = Math.ceil(RECIPIENTS / 4);
// The trigger bounds a poll's items when it has the option (older builds emit all in one poll).
const TRIGGER_BOUNDS_POLLS = readFileSync(
	join(REPO_ROOT, 'nodes', 'CampaignsRecipientActivityTrigger', 'description.ts'),
	'utf8',
).includes('maxItemsPerPoll');
// n8n's own lock and stall settings (lock 60 s, renewed every 10 s, stalled check every 30 s).
// Lower values once made healthy jobs count as stalled on a loaded 2-core machine: Recruit Push
// evaluated its mapping for every item without yielding, which starved the lock renewal (fixed,
// see the first test).
const QUEUE_ENV = {};

const scale = scaleScenario(RECIPIENTS);
const template = loadTemplate(MAIN_TEMPLATE);
const triggerName = template.nodes.find((n) => n.type.endsWith('.campaignsRecipientActivityTrigger'))!.name;

let stack: QueueStack;
let admin: SandboxAdmin;
const suiteStarted = Date.now();
const timings: Record<string, number> = {};

const finished = (status: string) => !['running', 'new', 'waiting', 'queued'].includes(status);

async function candidates(): Promise<SandboxRecord[]> {
	return (await admin.records('Candidates')) as SandboxRecord[];
}

/** Each email's records; fails the test on any email with more than one. */
function exactlyOnce(records: SandboxRecord[], emails: string[]) {
	const byEmail = new Map<string, number>();
	for (const r of records) {
		const email = String(r.Email ?? '').toLowerCase();
		byEmail.set(email, (byEmail.get(email) ?? 0) + 1);
	}
	const duplicated = [...byEmail].filter(([, n]) => n > 1).map(([e]) => e);
	const missing = emails.filter((e) => !byEmail.has(e));
	return { duplicated, missing, total: records.length };
}

/** Records with two notes of the same title (one activity noted twice). */
function notedTwice(records: SandboxRecord[]): string[] {
	return records
		.filter((r) => {
			const titles = r.$notes.map((n) => n.Note_Title);
			return new Set(titles).size !== titles.length;
		})
		.map((r) => String(r.Email));
}

async function pollsSoFar(): Promise<string[]> {
	return (await admin.calls({ product: 'campaigns' }))
		.filter((c) => c.apiMethod === 'recentcampaigns')
		.map((c) => c.at);
}

async function allExecutions() {
	return await stack.client.listExecutions(stack.workflowId);
}

/** Waits until every execution has finished and no new one started for `quietMs`. */
async function settle(what: string, { timeoutMs = 300_000, quietMs = 15_000 } = {}) {
	let lastCount = -1;
	let quietSince = Date.now();
	return await waitFor(
		what,
		async () => {
			const executions = await allExecutions();
			if (executions.length !== lastCount || !executions.every((e) => finished(e.status))) {
				lastCount = executions.length;
				quietSince = Date.now();
				return undefined;
			}
			return Date.now() - quietSince >= quietMs ? executions : undefined;
		},
		{ timeoutMs, intervalMs: 2000 },
	);
}

function workerExecutions(): Map<string, number> {
	const ranBy = new Map<string, number>();
	stack.logs.workers.forEach((file, i) => {
		for (const id of executionsInLog(file)) ranBy.set(id, i);
	});
	return ranBy;
}

beforeAll(async () => {
	stack = await startQueueStack({
		workDir: ARTIFACTS,
		fresh: true,
		encryptionKey: randomKey(),
		template,
		workflowName: 'Queue mode: 10,000 recipients',
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		triggerParameters: { options: { maxItemsPerPoll: MAX_ITEMS_PER_POLL } },
		pushParameters: { options: { addNote: true } },
		scenario: scale.scenario,
		listSelection: scale.listSelection,
		workers: 2,
		env: QUEUE_ENV,
		skipBuild: process.env.E2E_SKIP_BUILD === '1',
		packageDir: process.env.E2E_PACKAGE_DIR || undefined,
		log: (m) => process.stdout.write(`[e2e-queue] ${m}\n`),
	});
	admin = new SandboxAdmin(stack.sandbox.url);
	Object.assign(timings, stack.timings);
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	timings.total = Math.round((Date.now() - suiteStarted) / 1000);
	process.stdout.write(`[e2e-queue] timings (s): ${JSON.stringify(timings)}\n`);
}, 180_000);

describe('n8n queue mode: main + 2 workers, Postgres, Redis, 10,000 recipients', () => {
	test('first activation: polls on main once per interval, executions on workers, everyone pushed once', async () => {
		const t0 = Date.now();
		// All 10,000 emitted (over several polls when bounded) and pushed.
		await waitFor(
			'every eligible recipient in Recruit',
			async () => ((await candidates()).length >= scale.eligible.length ? true : undefined),
			{ timeoutMs: 12 * 60_000, intervalMs: 5000 },
		);
		const executions = await settle('the first activation to finish');
		timings.firstActivation = Math.round((Date.now() - t0) / 1000);

		expect(executions.map((e) => e.status).filter((s) => s !== 'success')).toEqual([]);
		expect(new Set(executions.map((e) => e.mode))).toEqual(new Set(['trigger']));
		// No job counted as stalled: a worker renews its job lock on a timer, and a node that held
		// the event loop for the lock's minute had its job failed while it went on running it
		// (nodes/shared/eventLoop.ts). The status above can hide it: the worker's save comes last.
		expect(readFileSync(stack.logs.main, 'utf8')).not.toMatch(/stalled more than maxStalledCount/);
		const emitted: number[] = [];
		for (const e of executions) {
			const data = parseFlatted((await stack.client.getExecution(e.id)).data);
			emitted.push(nodeOutputs(data, triggerName).flat().length);
		}
		expect(emitted.reduce((a, b) => a + b, 0)).toBe(RECIPIENTS);
		if (TRIGGER_BOUNDS_POLLS) {
			expect(Math.max(...emitted)).toBeLessThanOrEqual(MAX_ITEMS_PER_POLL);
			expect(executions.length).toBe(Math.ceil(RECIPIENTS / MAX_ITEMS_PER_POLL));
		}

		// Executions ran on the workers, none on the main instance.
		const ranBy = workerExecutions();
		expect(executions.filter((e) => !ranBy.has(e.id)).map((e) => e.id)).toEqual([]);
		expect(readFileSync(stack.logs.main, 'utf8')).not.toMatch(/Worker started execution/);
		// Polls: only the main instance has the trigger active (workers log no activation), and
		// Campaigns saw one poll per minute at most (3 pollers would be 3 a minute).
		for (const file of stack.logs.workers) {
			expect(readFileSync(file, 'utf8')).not.toMatch(/Activated workflow|Start Active Workflows/);
		}
		const polls = (await pollsSoFar()).map((at) => Date.parse(at));
		const minutes = (Math.max(...polls) - Math.min(...polls)) / 60_000;
		expect(polls.length).toBeGreaterThanOrEqual(executions.length);
		// The activation poll plus one per elapsed minute (cron at :00).
		expect(polls.length).toBeLessThanOrEqual(Math.floor(minutes) + 2);
		const gaps = polls.slice(1).map((p, i) => p - polls[i]).slice(1);
		expect(gaps.filter((g) => g < 45_000)).toEqual([]);

		const records = await candidates();
		expect(exactlyOnce(records, scale.eligible)).toEqual({ duplicated: [], missing: [], total: scale.eligible.length });
		const pushed = new Set(records.map((r) => String(r.Email).toLowerCase()));
		expect(scale.ineligible.filter((e) => pushed.has(e))).toEqual([]);
		expect(notedTwice(records)).toEqual([]);
	}, 20 * 60_000);

	test('a worker SIGKILLed during an execution: n8n fails it; the trigger\'s re-emit recovery pushes everyone exactly once', async () => {
		const before = await allExecutions();
		// Eligible members who only opened so far (every 10th clicked, every 100th has no last name).
		const clickers = Array.from({ length: RECIPIENTS }, (_, i) => i)
			.filter((i) => i % 10 !== 0 && i % 100 !== 99)
			.slice(0, Math.min(2_000, RECIPIENTS / 5))
			.map(scaleEmail);
		// Hold Recruit Push's first request (the field layout) so the worker is surely inside the
		// execution when it dies, before any write of it reached Recruit.
		const [hold] = await admin.fault({ product: 'recruit', path: 'settings/fields', method: 'GET', latencyMs: 30_000, count: 1 });
		await admin.activity(
			clickers.map((email) => ({ campaignKey: scale.campaignKey, email, action: 'clicked' as const })),
		);
		const t0 = Date.now();
		const running = await waitFor(
			'a worker inside the execution',
			async () => {
				const held = (await admin.faults()).find((f) => f.id === hold.id);
				if (held && held.hits < 1) return undefined;
				const ranBy = workerExecutions();
				const current = (await allExecutions()).find((e) => !before.some((b) => b.id === e.id) && ranBy.has(e.id));
				return current ? { id: current.id, worker: ranBy.get(current.id)! } : undefined;
			},
			{ timeoutMs: 150_000, intervalMs: 250 },
		);
		await stack.workers[running.worker].kill();
		process.stdout.write(`[e2e-queue] killed worker ${running.worker + 1} inside execution ${running.id}\n`);

		// The lock expires, the job fails as stalled, and the execution ends as error (or crashed,
		// when the main instance's queue recovery finds it first).
		const failed = await waitFor(
			`execution ${running.id} to end`,
			async () => {
				const e = (await allExecutions()).find((x) => x.id === running.id);
				return e && finished(e.status) ? e : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 2000 },
		);
		timings.crashDetected = Math.round((Date.now() - t0) / 1000);
		expect(['crashed', 'error']).toContain(failed.status);
		// Nobody is in Recruit as a clicker yet, and the trigger does not emit them again by itself
		// (its memory moved on when it emitted them): the next poll brings nothing.
		const clicked = new Set(clickers);
		const clickedNow = async () =>
			(await candidates()).filter((r) => clicked.has(String(r.Email).toLowerCase()) && r.Campaign_Activity === 'Clicked');
		expect((await clickedNow()).length).toBe(0);
		await stack.workers[running.worker].start(); // back to two workers

		// What the operator does (README "Running at scale"): Reset Memory with "Re-Emit Campaigns
		// Sent Since" before the campaign was sent, save, publish.
		await saveNodeOptions(stack.client, stack.workflowId, triggerName, {
			resetMemory: 'after-worker-crash',
			reEmitSentSince: new Date(Date.now() - 2 * 86_400_000).toISOString(),
		});
		// Publishing runs the activation poll at once: its execution is the first of the recovery.
		const known = new Set((await allExecutions()).map((e) => e.id));
		const t1 = Date.now();
		await stack.client.activate(stack.workflowId);
		// The whole campaign is emitted again, in polls of maxItemsPerPoll, and pushed.
		const emittedBy = new Map<string, number>();
		const recovery = await waitFor(
			`all ${RECIPIENTS} recipients re-emitted and their executions finished`,
			async () => {
				const fresh = (await allExecutions()).filter((e) => !known.has(e.id));
				if (!fresh.every((e) => finished(e.status))) return undefined;
				for (const e of fresh) {
					if (emittedBy.has(e.id)) continue;
					const data = parseFlatted((await stack.client.getExecution(e.id)).data);
					emittedBy.set(e.id, nodeOutputs(data, triggerName).flat().length);
				}
				const emitted = [...emittedBy.values()].reduce((a, b) => a + b, 0);
				return emitted >= RECIPIENTS ? fresh : undefined;
			},
			{ timeoutMs: 15 * 60_000, intervalMs: 5000 },
		);
		await settle('the last re-emitted execution');
		timings.recovery = Math.round((Date.now() - t1) / 1000);
		expect([...emittedBy.values()].reduce((a, b) => a + b, 0)).toBe(RECIPIENTS);
		expect(recovery.map((e) => e.status).filter((s) => s !== 'success')).toEqual([]);
		const ranBy = workerExecutions();
		expect(recovery.filter((e) => !ranBy.has(e.id)).map((e) => e.id)).toEqual([]);

		const records = await candidates();
		expect(exactlyOnce(records, scale.eligible)).toEqual({ duplicated: [], missing: [], total: scale.eligible.length });
		expect(notedTwice(records)).toEqual([]);
		expect((await clickedNow()).length).toBe(clickers.length);
		process.stdout.write(
			`[e2e-queue] killed worker: lost 0 of ${clickers.length} after the re-emit (${recovery.length} executions, ${timings.recovery} s)\n`,
		);
	}, 20 * 60_000);

	test('a restart of the whole stack pushes nobody again', async () => {
		const before = await candidates();
		const executionsBefore = await allExecutions();
		await admin.clearCalls();
		const t0 = Date.now();
		await stack.restart();
		timings.stackRestart = Math.round((Date.now() - t0) / 1000);
		expect((await stack.client.getWorkflow(stack.workflowId)).active).toBe(true);
		// The re-activation poll and a scheduled one both read Campaigns.
		await waitFor('two polls after the restart', async () => ((await pollsSoFar()).length >= 2 ? true : undefined), {
			timeoutMs: 180_000,
			intervalMs: 2000,
		});
		await sleepMs(10_000); // let any execution a poll started finish
		const recruitWrites = (await admin.calls({ product: 'recruit' })).filter((c) => c.method !== 'GET');
		expect(recruitWrites).toEqual([]);
		expect((await allExecutions()).length).toBe(executionsBefore.length);
		const after = await candidates();
		const old = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
		expect(after.filter((r) => old.get(r.id) !== JSON.stringify(r)).map((r) => r.Email)).toEqual([]);
	}, 10 * 60_000);
});
