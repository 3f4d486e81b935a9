/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// The main template's durable retry in a real n8n: Zoho Recruit answers 503 to every call while
// a poll of several hundred recipients is pushed; the items go Not Pushed (retryable) → the
// push log says `retrying` → a Wait of more than 65 s (stored in n8n's database) → n8n is
// restarted while the execution waits → the Wait resumes and the same push lands every one of
// them exactly once. Then Recruit's API credits run out until the daily reset: the items wait for
// the reset time Zoho names and land after it. The template's retry delay is lowered to 180 s here
// (a template setting; the product default stays 15 min, 1 h, 4 h).
// Run: npx jest -c test/e2e/jest.config.js test/e2e/retry.e2e.ts
import { mkdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';

import { freePort, randomKey, REPO_ROOT, waitFor } from '../../scripts/n8n-runtime/n8n';
import {
	loadTemplate,
	MAIN_TEMPLATE,
	startStack,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n-runtime/stack';
import { SandboxAdmin } from '../sandbox/client';
import {
	byEmail,
	dataTableRows,
	executionEnd,
	findDataTable,
	nodeRuns,
	parseFlatted,
	recruitSnapshot,
	sandboxCalls,
	sandboxPost,
} from './helpers';

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e-retry');
const TABLE = 'Zoho Recruit push log';
const NEWSLETTER_LIST = '3c20ad524dfa4af86216a5be13e238ed'; // "Candidates - Newsletter"
const OUTAGE_CAMPAIGN = '0a17a6e0000000000000000000000001';
const RECIPIENTS = 300;
const RETRY_DELAY_SECONDS = 180; // well over 65 s after the in-node retries (up to a minute), so n8n stores the wait in its database

/** The template with its retry settings lowered (the Code node's settings lines). */
export function withRetrySettings(
	template: WorkflowJson,
	delayMinutes: number,
	deadlineHours = 72,
): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	const plan = wf.nodes.find((n) =>
		/const RETRY_DELAYS_MINUTES = /.test(String(n.parameters?.jsCode)),
	)!;
	const code = String(plan.parameters!.jsCode)
		.replace(
			/const RETRY_DELAYS_MINUTES = \[[^\]]*\];/,
			`const RETRY_DELAYS_MINUTES = [${delayMinutes}];`,
		)
		.replace(/const DEADLINE_HOURS = [\d.]+;/, `const DEADLINE_HOURS = ${deadlineHours};`);
	if (!code.includes(`[${delayMinutes}]`))
		throw new Error('retry settings not found in the template');
	plan.parameters = { ...plan.parameters, jsCode: code };
	return wf;
}

const emails = Array.from(
	{ length: RECIPIENTS },
	(_, i) => `outage.${String(i).padStart(3, '0')}@example.com`,
);

/** The default scenario plus a campaign, sent 10 minutes ago to the newsletter list, that 300 new members opened. */
function outageScenario() {
	const scenario = JSON.parse(
		readFileSync(join(REPO_ROOT, 'test', 'sandbox', 'scenarios', 'default.json'), 'utf8'),
	);
	delete scenario.clock; // keep the running clock
	scenario.contacts.push(
		...emails.map((email, i) => ({
			email,
			firstname: `Out${i}`,
			lastname: `Age${i}`,
			companyname: 'Outage Ltd',
		})),
	);
	const list = scenario.lists.find((l: { key: string }) => l.key === NEWSLETTER_LIST);
	list.members.push(...emails);
	scenario.campaigns.push({
		key: OUTAGE_CAMPAIGN,
		name: 'Outage Newsletter',
		// Sent just now: the trigger discovers campaigns sent up to an hour before its last poll, and
		// a real campaign sent earlier would already have been seen by an earlier poll.
		sentAt: '-10m',
		lists: [NEWSLETTER_LIST],
		recipients: emails,
		opens: emails.map((email) => ({ email, at: '-5m' })),
	});
	return scenario;
}

let stack: Stack;
const timings: Record<string, number> = {};

beforeAll(async () => {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	stack = await startStack({
		userFolder: join(REPO_ROOT, '.cache', 'e2e', `retry-${process.pid}`),
		fresh: true,
		workDir: ARTIFACTS,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		encryptionKey: randomKey(),
		template: withRetrySettings(loadTemplate(MAIN_TEMPLATE), RETRY_DELAY_SECONDS / 60),
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		skipBuild: process.env.E2E_SKIP_BUILD === '1',
		log: (m) => process.stdout.write(`[e2e] ${m}\n`),
	});
	// The activation poll (default scenario) finishes before the outage starts.
	await stack.client.waitForExecutions(stack.workflowId, 0, { timeoutMs: 180_000 });
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	rmSync(join(REPO_ROOT, '.cache', 'e2e', `retry-${process.pid}`), {
		recursive: true,
		force: true,
	});
	process.stdout.write(`[e2e] retry timings (s): ${JSON.stringify(timings)}\n`);
}, 120_000);

test(
	'a Recruit outage during a 300-recipient poll: retried after a persisted Wait that survives a restart, everyone pushed exactly once',
	async () => {
		const admin = new SandboxAdmin(stack.sandbox.url);
		await sandboxPost(stack.sandbox.url, '/__sandbox/scenario', outageScenario());
		await admin.request('POST', '/__sandbox/faults', {
			product: 'recruit',
			status: 503,
			count: 1_000_000,
		});
		const t0 = Date.now();

		// The next poll emits the 300; every push fails (503 after the in-node retries), the items
		// are retryable, logged `retrying`, and the execution waits.
		const waiting = await waitFor(
			'an execution waiting for its retry',
			async () =>
				(await stack.client.listExecutions(stack.workflowId)).find((e) => e.status === 'waiting'),
			{ timeoutMs: 8 * 60_000, intervalMs: 2000 },
		);
		timings.untilWaiting = Math.round((Date.now() - t0) / 1000);
		const failedCalls = (await sandboxCalls(stack.sandbox.url)).filter(
			(c) => c.product === 'recruit' && c.status === 503,
		);
		expect(failedCalls.length).toBeGreaterThan(0);
		const table = (await findDataTable(stack.client, TABLE))!;
		const logged = (await dataTableRows(stack.client, table)).filter(
			(r) => r.campaignKey === OUTAGE_CAMPAIGN,
		);
		expect(logged).toHaveLength(RECIPIENTS);
		expect(new Set(logged.map((r) => `${r.outcome} ${r.reasons}`)).size).toBe(1);
		expect(logged[0].outcome).toBe('retrying');
		process.stdout.write(
			`[e2e] while waiting: ${logged[0].outcome} (${logged[0].reasons}), execution ${waiting.id}\n`,
		);
		expect(
			(await recruitSnapshot(stack.sandbox.url)).Candidates.filter((r) =>
				emails.includes(String(r.Email)),
			),
		).toEqual([]);

		// Recruit recovers; n8n is restarted while the execution waits.
		await admin.request('DELETE', '/__sandbox/faults');
		const t1 = Date.now();
		await stack.n8n.restart();
		timings.restart = Math.round((Date.now() - t1) / 1000);
		await stack.client.login();
		expect((await stack.client.getExecution(waiting.id)).status).toBe('waiting');

		// The Wait resumes from n8n's database and the same Recruit Push runs again.
		const done = await executionEnd(stack.client, waiting.id, 6 * 60_000);
		timings.untilResumedAndDone = Math.round((Date.now() - t0) / 1000);
		expect(done.status).toBe('success');
		const data = parseFlatted(done.data);
		expect(nodeRuns(data, 'Wait before retry')).toBe(1);
		expect(nodeRuns(data, 'Push to Recruit Candidates')).toBe(2);

		// Every eligible recipient is in Recruit exactly once; the log says inserted.
		const candidates = byEmail((await recruitSnapshot(stack.sandbox.url)).Candidates);
		const counts = emails.map((email) => candidates.get(email)?.length ?? 0);
		const lost = counts.filter((n) => n === 0).length;
		const duplicated = counts.filter((n) => n > 1).length;
		process.stdout.write(`[e2e] outage of ${RECIPIENTS}: lost ${lost}, duplicated ${duplicated}\n`);
		expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
		const after = (await dataTableRows(stack.client, table)).filter(
			(r) => r.campaignKey === OUTAGE_CAMPAIGN,
		);
		expect(after).toHaveLength(RECIPIENTS);
		expect(new Set(after.map((r) => r.outcome))).toEqual(new Set(['inserted']));
		for (const row of after) expect(row.recruitId).toBe(candidates.get(String(row.email))![0].id);
		// Tags were added once per record (the template adds no notes).
		const tagCalls = (await sandboxCalls(stack.sandbox.url)).filter(
			(c) => c.apiMethod === 'addTags' && c.status < 300,
		);
		expect(tagCalls.length).toBeGreaterThan(0);
	},
	20 * 60_000,
);

test(
	"Recruit's API credits exhausted until the daily reset: the items wait for the reset Zoho names, then land exactly once",
	async () => {
		const admin = new SandboxAdmin(stack.sandbox.url);
		const table = (await findDataTable(stack.client, TABLE))!;
		await waitFor(
			'no execution running or waiting',
			async () =>
				(await stack.client.listExecutions(stack.workflowId)).every((e) =>
					['success', 'error', 'crashed', 'canceled'].includes(e.status),
				) || undefined,
			{ timeoutMs: 3 * 60_000, intervalMs: 2000 },
		);
		// The org's credits come back once a day, a few minutes from now (sandbox clock = real time
		// here, so n8n and the sandbox agree on when that is); every credit of today is spent.
		const resetAt = new Date(Math.ceil((Date.now() + 5 * 60_000) / 1000) * 1000);
		const credits = await admin.credits({
			reset: 'daily',
			resetTime: resetAt.toISOString().slice(11, 19),
			exhaust: true,
		});
		expect(credits.nextRelease).toBe(resetAt.toISOString());
		await admin.clearCalls();
		// The 300 recipients of the outage campaign now click: the next poll emits them as clicked.
		const clickedAt = new Date().toISOString();
		await admin.activity(
			emails.map((email) => ({ campaignKey: OUTAGE_CAMPAIGN, email, action: 'clicked' as const, at: clickedAt })),
		);
		const t0 = Date.now();

		const waiting = await waitFor(
			'an execution waiting for the credits to come back',
			async () =>
				(await stack.client.listExecutions(stack.workflowId)).find((e) => e.status === 'waiting'),
			{ timeoutMs: 6 * 60_000, intervalMs: 2000 },
		);
		timings.creditsUntilWaiting = Math.round((Date.now() - t0) / 1000);
		const spent = (await admin.calls({ product: 'recruit' })).filter((c) => c.status === 429);
		expect(spent.length).toBeGreaterThan(0);
		const logged = (await dataTableRows(stack.client, table)).filter(
			(r) => r.campaignKey === OUTAGE_CAMPAIGN,
		);
		expect(logged).toHaveLength(RECIPIENTS);
		expect(new Set(logged.map((r) => `${r.outcome} ${r.reasons} ${r.activity}`))).toEqual(
			new Set(['retrying TOO_MANY_REQUESTS clicked']),
		);
		// The Wait resumes no earlier than the reset Zoho named (details.next_release).
		const waitTill = (await stack.client.getExecution(waiting.id)) as unknown as { waitTill?: string };
		if (waitTill.waitTill) expect(Date.parse(waitTill.waitTill)).toBeGreaterThanOrEqual(resetAt.getTime());
		const clicked = () =>
			recruitSnapshot(stack.sandbox.url).then((snapshot) =>
				snapshot.Candidates.filter(
					(r) => emails.includes(String(r.Email)) && r.Campaign_Activity === 'Clicked',
				),
			);
		expect(await clicked()).toEqual([]);

		const done = await executionEnd(stack.client, waiting.id, 10 * 60_000);
		timings.creditsUntilDone = Math.round((Date.now() - t0) / 1000);
		expect(done.status).toBe('success');
		const data = parseFlatted(done.data);
		expect(nodeRuns(data, 'Wait before retry')).toBe(1);
		expect(nodeRuns(data, 'Push to Recruit Candidates')).toBe(2);

		// Nothing reached Recruit before the reset; after it, every one of the 300 is Clicked,
		// exactly once, and the log says updated.
		const calls = await admin.calls({ product: 'recruit' });
		const early = calls.filter((c) => c.status < 300 && Date.parse(c.at) < resetAt.getTime());
		expect(early.map((c) => `${c.method} ${c.path}`)).toEqual([]);
		const candidates = byEmail((await recruitSnapshot(stack.sandbox.url)).Candidates);
		const counts = emails.map((email) => candidates.get(email)?.length ?? 0);
		const lost = counts.filter((n) => n === 0).length;
		const duplicated = counts.filter((n) => n > 1).length;
		const notClicked = emails.filter((email) => candidates.get(email)?.[0]?.Campaign_Activity !== 'Clicked');
		process.stdout.write(
			`[e2e] credits exhausted for ${RECIPIENTS}: lost ${lost}, duplicated ${duplicated}, not updated ${notClicked.length}\n`,
		);
		expect({ lost, duplicated, notClicked: notClicked.length }).toEqual({ lost: 0, duplicated: 0, notClicked: 0 });
		const after = (await dataTableRows(stack.client, table)).filter(
			(r) => r.campaignKey === OUTAGE_CAMPAIGN,
		);
		expect(after).toHaveLength(RECIPIENTS);
		expect(new Set(after.map((r) => `${r.outcome} ${r.activity}`))).toEqual(new Set(['updated clicked']));
	},
	20 * 60_000,
);
