/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// End-to-end against a real n8n 2.x server (Node 24 runtime from .cache/n8n-runtime) with this
// package packed and installed as a community package, the sandbox as Zoho, and the main template
// imported and activated — the same setup as `npm start`, on free ports. Run: npm run test:e2e
import { existsSync, mkdirSync, rmSync } from 'fs';
import { join } from 'path';

import { freePort, randomKey, REPO_ROOT } from '../../scripts/n8n-runtime/n8n';
import {
	loadTemplate,
	MAIN_TEMPLATE,
	startStack,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n-runtime/stack';
import { runBrowserChecks } from './browser';
import {
	byEmail,
	changedRecords,
	clearSandboxCalls,
	emailOf,
	nodeOutputs,
	parseFlatted,
	recruitSnapshot,
	sandboxCalls,
	sandboxPost,
	type RecruitRecord,
} from './helpers';

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e');
const FIXTURE = join(__dirname, 'fixtures', 'minimal-workflow.json');
// The main template once it exists; E2E_TEMPLATE=<file> to run another workflow.
const TEMPLATE_FILE = process.env.E2E_TEMPLATE || (existsSync(MAIN_TEMPLATE) ? MAIN_TEMPLATE : FIXTURE);
const PACKAGE = 'n8n-nodes-zoho-campaigns-recruit';

// Default scenario (test/sandbox/scenarios/default.json), campaign "November Newsletter" (sent 4
// days ago to "Candidates - Newsletter").
const NOVEMBER_NEWSLETTER = 'f70c4878c4a47169407e63917ad24497';
// The cast of the default scenario and what the push rules make of them (README, Eligibility Filter).
const CANDIDATES_PUSHED: Record<string, 'Opened' | 'Clicked'> = {
	'ana.opener@example.com': 'Opened',
	'ben.clicker@example.com': 'Clicked',
	'nina.null@example.com': 'Opened',
	'eve.twice@example.com': 'Opened',
	'max.case@example.com': 'Opened',
	'olga.existing@example.com': 'Opened',
	'gia.alpha@example.com': 'Opened',
	'hal.alpha@example.com': 'Clicked',
	'jon.beta@example.com': 'Clicked',
};
const CANDIDATES_NOT_PUSHED = [
	'lee.nolast@example.com', // no last name
	'sam.silent@example.com', // no activity (yet)
	'uma.unsub@example.com', // unsubscribed
	'bob.bounce@example.com', // bounced
	'not-an-email', // invalid address
	'otto.october@example.com', // activity only on a campaign sent 6 days ago (backfill is 5)
	'pat.partner@example.com', // only in an unconfigured list
	'ivy.beta@example.com', // A/B recipient without activity
];
const CONTACTS_PUSHED: Record<string, 'Opened' | 'Clicked'> = {
	'clara.client@example.com': 'Clicked',
	'kim.contact@example.com': 'Opened',
};
const CONTACTS_NOT_PUSHED = ['dan.nocompany@example.com', 'carl.quiet@example.com'];

const template: WorkflowJson = loadTemplate(TEMPLATE_FILE);
const pushNodes = template.nodes.filter((n) => n.type === `${PACKAGE}.recruitPush`);
const pushesTo = (module: string) => pushNodes.some((n) => (n.parameters?.module ?? 'Candidates') === module);
const triggerName = template.nodes.find((n) => n.type === `${PACKAGE}.campaignsRecipientActivityTrigger`)!.name;

let stack: Stack;
let afterFirstPoll: { Candidates: RecruitRecord[]; Contacts: RecruitRecord[] };
const suiteStarted = Date.now();
const timings: Record<string, number> = {};

async function executionData(id: string) {
	const execution = await stack.client.getExecution(id);
	return (parseFlatted(execution.data) as { resultData?: unknown }) ?? {};
}

beforeAll(async () => {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	const userFolder = join(REPO_ROOT, '.cache', 'e2e', `user-${process.pid}`);
	stack = await startStack({
		userFolder,
		fresh: true,
		workDir: ARTIFACTS,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		encryptionKey: randomKey(),
		template,
		// Every minute, so "the next poll" is a real scheduled poll, not only the activation poll.
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		skipBuild: process.env.E2E_SKIP_BUILD === '1',
		packageDir: process.env.E2E_PACKAGE_DIR || undefined,
		log: (m) => process.stdout.write(`[e2e] ${m}\n`),
	});
	Object.assign(timings, stack.timings);
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	rmSync(join(REPO_ROOT, '.cache', 'e2e', `user-${process.pid}`), { recursive: true, force: true });
	timings.total = Math.round((Date.now() - suiteStarted) / 1000);
	process.stdout.write(`[e2e] timings (s): ${JSON.stringify(timings)}\n`);
}, 120_000);

describe(`real n8n with ${TEMPLATE_FILE.replace(REPO_ROOT + '/', '')}`, () => {
	test('the package is loaded as a community package and the workflow is active', async () => {
		const types = await stack.client.nodeTypeNames();
		expect(types).toEqual(
			expect.arrayContaining([
				`${PACKAGE}.campaignsRecipientActivityTrigger`,
				`${PACKAGE}.eligibilityFilter`,
				`${PACKAGE}.recruitPush`,
			]),
		);
		expect(types.filter((t) => t.startsWith('CUSTOM.'))).toEqual([]);
		const wf = await stack.client.getWorkflow(stack.workflowId);
		expect(wf.active).toBe(true);
		expect(wf.activeVersionId).toBeTruthy();
	});

	test('the first poll pushes the qualifying recipients into the sandbox Recruit', async () => {
		const t0 = Date.now();
		const executions = await stack.client.waitForExecutions(stack.workflowId, 0, { timeoutMs: 180_000 });
		timings.firstPoll = Math.round((Date.now() - t0) / 1000);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		afterFirstPoll = await recruitSnapshot(stack.sandbox.url);

		const candidates = byEmail(afterFirstPoll.Candidates);
		for (const [email, activity] of Object.entries(CANDIDATES_PUSHED)) {
			expect({ email, records: candidates.get(email)?.length }).toEqual({ email, records: 1 });
			expect({ email, activity: candidates.get(email)![0].Campaign_Activity }).toEqual({ email, activity });
		}
		for (const email of CANDIDATES_NOT_PUSHED) expect({ email, pushed: candidates.has(email) }).toEqual({ email, pushed: false });
		// Rita clicked but is in the Recruit-synced list: her existing record stays untouched.
		expect(candidates.get('rita.recruit@example.com')?.[0]?.Campaign_Activity ?? null).toBeNull();
		if (pushesTo('Contacts')) {
			const contacts = byEmail(afterFirstPoll.Contacts);
			for (const [email, activity] of Object.entries(CONTACTS_PUSHED)) {
				expect({ email, activity: contacts.get(email)?.[0]?.Campaign_Activity }).toEqual({ email, activity });
			}
			for (const email of CONTACTS_NOT_PUSHED) expect({ email, pushed: contacts.has(email) }).toEqual({ email, pushed: false });
		}
	});

	test('after new activity, the next scheduled poll pushes only the new recipients', async () => {
		const before = await recruitSnapshot(stack.sandbox.url);
		const executionsBefore = await stack.client.listExecutions(stack.workflowId);
		// Sam (no activity so far) opens; Ana, pushed as an opener, now clicks (a stronger activity).
		await sandboxPost(stack.sandbox.url, '/__sandbox/activity', [
			{ campaignKey: NOVEMBER_NEWSLETTER, email: 'sam.silent@example.com', action: 'opened' },
			{ campaignKey: NOVEMBER_NEWSLETTER, email: 'ana.opener@example.com', action: 'clicked' },
		]);
		const t0 = Date.now();
		const executions = await stack.client.waitForExecutions(stack.workflowId, executionsBefore.length, {
			timeoutMs: 150_000,
		});
		timings.nextPoll = Math.round((Date.now() - t0) / 1000);
		const latest = executions[0];
		expect(latest.status).toBe('success');
		expect(latest.mode).toBe('trigger');

		const emitted = nodeOutputs(await executionData(latest.id), triggerName).flat();
		expect(emitted.map((i) => `${String(i.email).toLowerCase()} ${i.activity}`).sort()).toEqual([
			'ana.opener@example.com clicked',
			'sam.silent@example.com opened',
		]);

		const after = await recruitSnapshot(stack.sandbox.url);
		const changed = changedRecords(before.Candidates, after.Candidates);
		expect(changed.map((r) => `${emailOf(r)} ${r.Campaign_Activity}`).sort()).toEqual([
			'ana.opener@example.com Clicked',
			'sam.silent@example.com Opened',
		]);
		expect(after.Candidates.length).toBe(before.Candidates.length + 1);
		expect(changedRecords(before.Contacts, after.Contacts)).toEqual([]);
	});

	test("n8n's execution list shows only successful trigger executions", async () => {
		const executions = await stack.client.listExecutions(stack.workflowId);
		expect(executions.length).toBeGreaterThanOrEqual(2);
		expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['success']));
		expect(new Set(executions.map((e) => e.mode))).toEqual(new Set(['trigger']));
	});

	test('restarting n8n does not push anyone again', async () => {
		const before = await recruitSnapshot(stack.sandbox.url);
		const executionsBefore = await stack.client.listExecutions(stack.workflowId);
		await clearSandboxCalls(stack.sandbox.url);
		const t0 = Date.now();
		await stack.n8n.restart();
		timings.n8nRestart = Math.round((Date.now() - t0) / 1000);
		await stack.client.login();
		expect((await stack.client.getWorkflow(stack.workflowId)).active).toBe(true);
		// The re-activation poll and then a scheduled one must both have read Campaigns.
		const pollsSeen = async () =>
			(await sandboxCalls(stack.sandbox.url)).filter((c) => c.product === 'campaigns' && c.apiMethod === 'recentcampaigns')
				.length;
		const deadline = Date.now() + 150_000;
		while ((await pollsSeen()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2000));
		expect(await pollsSeen()).toBeGreaterThanOrEqual(2);
		await new Promise((r) => setTimeout(r, 5000)); // let any execution a poll started finish

		const executions = await stack.client.listExecutions(stack.workflowId);
		const recruitWrites = (await sandboxCalls(stack.sandbox.url)).filter(
			(c) => c.product === 'recruit' && c.method !== 'GET',
		);
		expect(executions.length).toBe(executionsBefore.length);
		expect(recruitWrites).toEqual([]);
		const after = await recruitSnapshot(stack.sandbox.url);
		expect(changedRecords(before.Candidates, after.Candidates)).toEqual([]);
		expect(changedRecords(before.Contacts, after.Contacts)).toEqual([]);
	});

	test('in a browser: the nodes render, Recruit fields and mailing lists load from the sandbox', async () => {
		const t0 = Date.now();
		await runBrowserChecks({
			n8nUrl: stack.n8n.url,
			sandboxUrl: stack.sandbox.url,
			workflowId: stack.workflowId,
			template,
			artifactsDir: ARTIFACTS,
		});
		timings.browser = Math.round((Date.now() - t0) / 1000);
	});
});
