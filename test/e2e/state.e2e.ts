/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Damaged trigger memory in a real n8n: the trigger's static data is damaged in n8n's database
// while n8n is stopped, n8n is started again, and the operator sees the clear error and applies the
// documented reset (README, "Trigger memory": "Reset Memory" = a value not used before).
// Run: N8N_RUNTIME_DIR=... npx jest -c test/e2e/jest.config.js test/e2e/state.e2e.ts
import { existsSync, mkdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';

import {
	freePort,
	randomKey,
	REPO_ROOT,
	run,
	waitFor,
} from '../../scripts/n8n-runtime/n8n';
import {
	loadTemplate,
	MAIN_TEMPLATE,
	startStack,
	type Stack,
} from '../../scripts/n8n-runtime/stack';
import { SandboxAdmin } from '../sandbox/client';
import {
	byEmail,
	changedRecords,
	emailOf,
	nodeOutputs,
	parseFlatted,
	recruitSnapshot,
	saveNodeOptions,
} from './helpers';

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e-state');
const PACKAGE = 'n8n-nodes-zoho-campaigns-recruit';
// Default scenario, "November Newsletter" (sent 4 days ago to "Candidates - Newsletter"): its
// first poll pushes Ana (opened) and Ben (clicked) among others; Sam has no activity yet.
const NOVEMBER_NEWSLETTER = 'f70c4878c4a47169407e63917ad24497';
// A value not used before, as the README asks for (it resets once per new value).
const RESET_VALUE = `e2e-state-${new Date().toISOString()}`;

const template = loadTemplate(MAIN_TEMPLATE);
const triggerName = template.nodes.find(
	(n) => n.type === `${PACKAGE}.campaignsRecipientActivityTrigger`,
)!.name;
/** n8n keeps a poll node's static data under `node:<name>` in workflow_entity.staticData. */
const STATIC_KEY = `node:${triggerName}`;

/** The trigger's message for the damage made below (README "Trigger memory"). */
const DAMAGED_MESSAGE = `The trigger's memory (workflow static data) is damaged: campaigns["${NOVEMBER_NEWSLETTER}"].seen.Candidates fails its checksum (truncated or edited). To recover, set the trigger's option "On Damaged Memory" to "Re-Baseline Damaged Parts" or "Reset Memory" to a value not used before (README, "Trigger memory")`;

type StaticData = Record<string, Record<string, unknown>>;

let stack: Stack;
let userFolder: string;
let triggerNodeId: string;
let damagedStaticData: string;
let executionsBeforeDamage: Array<{ id: string; status: string; mode: string }>;
const suiteStarted = Date.now();
const timings: Record<string, number> = {};

// ---- n8n's SQLite database, edited with n8n's own sqlite3 module ----------------------------------
// sqlite3 is a native module built for the runtime's Node 24, so a small script runs with the
// runtime's node binary from n8n's folder (where require('sqlite3') resolves to n8n's copy).
const SQLITE_SCRIPT = `
const sqlite3 = require('sqlite3');
const [file, sql, params] = process.argv.slice(1);
const db = new sqlite3.Database(file);
db.configure('busyTimeout', 30000);
db.all(sql, JSON.parse(params), (error, rows) => {
	if (error) { console.error(error.message); process.exit(1); }
	process.stdout.write(JSON.stringify(rows ?? []));
	db.close();
});
`;

async function sqlite<T = Record<string, unknown>>(
	sql: string,
	params: unknown[] = [],
): Promise<T[]> {
	const file = join(userFolder, '.n8n', 'database.sqlite');
	const { stdout } = await run(
		stack.runtime.nodeBin,
		['-e', SQLITE_SCRIPT, file, sql, JSON.stringify(params)],
		{
			cwd: stack.runtime.n8nDir,
			timeoutMs: 60_000,
		},
	);
	return JSON.parse(stdout) as T[];
}

async function storedStaticData(): Promise<{ text: string; data: StaticData }> {
	const [row] = await sqlite<{ staticData: string | null }>(
		'SELECT staticData FROM workflow_entity WHERE id = ?',
		[stack.workflowId],
	);
	const text = row?.staticData ?? '{}';
	return { text, data: JSON.parse(text) as StaticData };
}

async function writeStaticData(data: StaticData) {
	await sqlite('UPDATE workflow_entity SET staticData = ? WHERE id = ?', [
		JSON.stringify(data),
		stack.workflowId,
	]);
}

/** A campaign's emitted-recipient set of one module: `<bits>.<count>.<check>.<data>` (seen.ts). */
function seenSet(data: StaticData, campaign: string, module: 'Candidates' | 'Contacts'): string {
	const campaigns = data[STATIC_KEY]?.campaigns as Record<
		string,
		{ seen?: Record<string, string> }
	>;
	return campaigns?.[campaign]?.seen?.[module] ?? '';
}

// ---- n8n's REST API ----------------------------------------------------------------------------

/** The workflow's publication status (what the editor shows: per trigger node, activated or
 *  failed and why) once the trigger has `status`. */
async function waitForTriggerStatus(status: 'activated' | 'failed', timeoutMs: number) {
	return await waitFor(
		`trigger "${triggerName}" to be ${status}`,
		async () => {
			const publication = await stack.client.publicationStatus(stack.workflowId);
			const trigger = publication.triggers.find((t) => t.nodeId === triggerNodeId);
			return publication.status !== 'in_progress' && trigger?.status === status
				? { publication, trigger }
				: undefined;
		},
		{ timeoutMs, intervalMs: 2000 },
	);
}

const summary = (executions: Array<{ id: string; status: string; mode: string }>) =>
	executions.map((e) => `${e.id} ${e.mode} ${e.status}`);
const admin = () => new SandboxAdmin(stack.sandbox.url);
const n8nLog = () =>
	existsSync(join(ARTIFACTS, 'n8n.log')) ? readFileSync(join(ARTIFACTS, 'n8n.log'), 'utf8') : '';

beforeAll(async () => {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	userFolder = join(REPO_ROOT, '.cache', 'e2e', `state-${process.pid}`);
	stack = await startStack({
		userFolder,
		fresh: true,
		workDir: ARTIFACTS,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		encryptionKey: randomKey(),
		template,
		// Every minute, so a poll after the reset comes soon.
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		skipBuild: process.env.E2E_SKIP_BUILD === '1',
		packageDir: process.env.E2E_PACKAGE_DIR || undefined,
		log: (m) => process.stdout.write(`[e2e] ${m}\n`),
	});
	Object.assign(timings, stack.timings);
	const workflow = (await stack.client.getWorkflow(stack.workflowId)) as unknown as {
		nodes: Array<{ id: string; name: string }>;
	};
	triggerNodeId = workflow.nodes.find((n) => n.name === triggerName)!.id;
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	timings.total = Math.round((Date.now() - suiteStarted) / 1000);
	process.stdout.write(`[e2e] state timings (s): ${JSON.stringify(timings)}\n`);
}, 120_000);

describe('damaged trigger memory in a real n8n', () => {
	test("the first poll pushes, and the trigger's memory is in workflow_entity.staticData", async () => {
		const t0 = Date.now();
		const executions = await stack.client.waitForExecutions(stack.workflowId, 0, {
			timeoutMs: 180_000,
		});
		timings.firstPoll = Math.round((Date.now() - t0) / 1000);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		const candidates = byEmail((await recruitSnapshot(stack.sandbox.url)).Candidates);
		expect(candidates.get('ana.opener@example.com')?.map((r) => r.Campaign_Activity)).toEqual([
			'Opened',
		]);
		expect(candidates.get('ben.clicker@example.com')?.map((r) => r.Campaign_Activity)).toEqual([
			'Clicked',
		]);

		// Let a scheduled poll that may have started finish, and remember the execution list.
		await stack.client.waitForExecutions(stack.workflowId, 0);
		executionsBeforeDamage = await stack.client.listExecutions(stack.workflowId);
		await stack.n8n.stop();
		const { data } = await storedStaticData();
		expect(data[STATIC_KEY]).toMatchObject({ v: 2 });
		// November's Candidates set holds the recipients emitted so far (count > 0).
		expect(seenSet(data, NOVEMBER_NEWSLETTER, 'Candidates')).toMatch(
			/^\d+\.[1-9]\d*\.[\w-]{4}\.[\w-]+$/,
		);
		// n8n 2.40.7 can keep poll cursors in its own table instead (durable cursors, off by
		// default): none here, so the static data above is what the next poll reads.
		expect(
			await sqlite('SELECT * FROM poller_state WHERE workflowId = ?', [stack.workflowId]),
		).toEqual([]);
	});

	test('damaged static data after a restart: the trigger stays active, each poll is an error execution with the clear message, nothing is read or pushed', async () => {
		// An edited emitted set (README "Trigger memory": "an emitted set ... edited (checksum)" fails
		// the poll): one character of November's Candidates set changed, its checksum left as it was.
		const { data } = await storedStaticData();
		const seen = seenSet(data, NOVEMBER_NEWSLETTER, 'Candidates');
		const at = seen.lastIndexOf('.') + 1;
		const edited = `${seen.slice(0, at)}${seen[at] === 'A' ? 'B' : 'A'}${seen.slice(at + 1)}`;
		const trigger = data[STATIC_KEY] as {
			campaigns: Record<string, { seen: Record<string, string> }>;
		};
		trigger.campaigns[NOVEMBER_NEWSLETTER].seen.Candidates = edited;
		await writeStaticData(data);
		damagedStaticData = (await storedStaticData()).text;
		expect(
			seenSet(JSON.parse(damagedStaticData) as StaticData, NOVEMBER_NEWSLETTER, 'Candidates'),
		).toBe(edited);

		// Sam opens while the memory is damaged: the reset does not emit such activity (README).
		await admin().activity({
			campaignKey: NOVEMBER_NEWSLETTER,
			email: 'sam.silent@example.com',
			action: 'opened',
		});
		const recruitBefore = await recruitSnapshot(stack.sandbox.url);
		await admin().clearCalls();

		const t0 = Date.now();
		await stack.n8n.start();
		await stack.client.login();
		// n8n loads the static data when it activates the trigger, so the activation poll finds the
		// damage. After n8n starts (activation "init") that poll only logs it and emits nothing, so
		// the trigger activates and keeps its schedule (a throw there would only mark the trigger as
		// failed in the publication status, with no execution; README "Trigger memory").
		const { publication } = await waitForTriggerStatus('activated', 240_000);
		timings.damagedRestart = Math.round((Date.now() - t0) / 1000);
		process.stdout.write(
			`[e2e] publication status with damaged memory: ${JSON.stringify(publication)}\n`,
		);
		expect(publication.status).toBe('published');
		expect((await stack.client.getWorkflow(stack.workflowId)).active).toBe(true);
		// n8n's log has the clear message from the activation poll.
		await waitFor(
			'the damaged-memory message in n8n\'s log',
			async () => (n8nLog().includes(DAMAGED_MESSAGE) ? true : undefined),
			{ timeoutMs: 30_000, intervalMs: 1000 },
		);
		expect(n8nLog()).toContain(
			`${DAMAGED_MESSAGE} [workflow ${stack.workflowId}, trigger "${triggerName}": activated without polling; every scheduled poll fails with this error (an execution with status error, and the Error Workflow) until the memory is recovered]`,
		);

		// Each scheduled poll (every minute) refuses the damage again, and n8n records that as an
		// execution with status error in the execution list, holding the node's message.
		const t1 = Date.now();
		const known = new Set(executionsBeforeDamage.map((e) => e.id));
		const failed = await waitFor(
			'an execution with status error',
			async () => {
				const executions = await stack.client.listExecutions(stack.workflowId);
				const fresh = executions.filter((e) => !known.has(e.id));
				return fresh.length > 0 && fresh.every((e) => e.status === 'error') ? fresh : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 2000 },
		);
		timings.firstErrorExecution = Math.round((Date.now() - t1) / 1000);
		const [latest] = failed;
		expect(latest.mode).toBe('trigger');
		const execution = await stack.client.getExecution(latest.id);
		expect(execution.status).toBe('error');
		const { resultData } = parseFlatted(execution.data) as {
			resultData: { error?: { message?: string }; lastNodeExecuted?: string };
		};
		process.stdout.write(`[e2e] error execution ${latest.id}: ${resultData.error?.message}\n`);
		expect(resultData.lastNodeExecuted).toBe(triggerName);
		// The damaged part, and how to recover, in the message the execution list shows.
		expect(resultData.error?.message).toBe(DAMAGED_MESSAGE);

		// Nothing else: no Zoho call at all (the damage is refused before any), no Recruit write,
		// and the damaged static data is left as it is.
		expect(await admin().calls()).toEqual([]);
		const recruitAfter = await recruitSnapshot(stack.sandbox.url);
		expect(changedRecords(recruitBefore.Candidates, recruitAfter.Candidates)).toEqual([]);
		expect(changedRecords(recruitBefore.Contacts, recruitAfter.Contacts)).toEqual([]);
		expect((await storedStaticData()).text).toBe(damagedStaticData);
	});

	test('Reset Memory + publish: the trigger runs again, re-emits nobody, and pushes later activity once', async () => {
		const before = await recruitSnapshot(stack.sandbox.url);
		await admin().clearCalls();

		// What the operator does in the editor: set the option, save, publish.
		await saveNodeOptions(stack.client, stack.workflowId, triggerName, { resetMemory: RESET_VALUE });
		const t0 = Date.now();
		// Publishes the saved version; throws naming the trigger if it still fails to activate.
		await stack.client.activate(stack.workflowId);
		const { publication } = await waitForTriggerStatus('activated', 60_000);
		timings.resetPublish = Math.round((Date.now() - t0) / 1000);
		expect(publication.status).toBe('published');
		// The list holds the error executions of the damaged period; from now on only executions
		// not in it count (the activation poll has run: publishing waits for it).
		const executionsAtReset = await stack.client.listExecutions(stack.workflowId);
		expect(executionsAtReset.filter((e) => e.status === 'error').length).toBeGreaterThan(0);
		const atReset = new Set(executionsAtReset.map((e) => e.id));
		const sinceReset = async () =>
			(await stack.client.listExecutions(stack.workflowId)).filter((e) => !atReset.has(e.id));

		// The activation poll reset the memory (n8n's log has the trigger's note) and read Campaigns,
		// recording the current openers and clickers without emitting them: no execution, no Recruit
		// write, so nobody already pushed is pushed again, and Sam's open from the damaged period is
		// not pushed either (README: "activity since the last good poll is not emitted").
		expect(n8nLog()).toContain(
			`Memory reset ("Reset Memory" = "${RESET_VALUE}"): current openers and clickers are recorded without being emitted`,
		);
		const calls = await admin().calls();
		expect(
			calls.filter((c) => c.product === 'campaigns' && c.apiMethod === 'recentcampaigns').length,
		).toBeGreaterThan(0);
		expect(calls.filter((c) => c.product === 'recruit' && c.method !== 'GET')).toEqual([]);
		expect(summary(await sinceReset())).toEqual([]);
		// The new memory is saved: the reset value, and a valid November set instead of the edited one.
		const { data } = await storedStaticData();
		expect(data[STATIC_KEY]).toMatchObject({ v: 2, reset: RESET_VALUE });
		const rebuilt = seenSet(data, NOVEMBER_NEWSLETTER, 'Candidates');
		expect(rebuilt).toMatch(/^\d+\.[1-9]\d*\.[\w-]{4}\.[\w-]+$/);
		expect(rebuilt).not.toBe(
			seenSet(JSON.parse(damagedStaticData) as StaticData, NOVEMBER_NEWSLETTER, 'Candidates'),
		);

		// Later activity: Ana (pushed as an opener) clicks, Sam clicks, Ben (pushed as a clicker)
		// clicks again. The next scheduled poll emits Ana's and Sam's clicks only.
		await admin().activity([
			{ campaignKey: NOVEMBER_NEWSLETTER, email: 'ana.opener@example.com', action: 'clicked' },
			{ campaignKey: NOVEMBER_NEWSLETTER, email: 'sam.silent@example.com', action: 'clicked' },
			{ campaignKey: NOVEMBER_NEWSLETTER, email: 'ben.clicker@example.com', action: 'clicked' },
		]);
		const t1 = Date.now();
		const executions = await waitFor(
			'an execution after the reset',
			async () => {
				const fresh = await sinceReset();
				const done = fresh.filter((e) => !['running', 'new', 'waiting'].includes(e.status));
				return done.length > 0 && done.length === fresh.length ? fresh : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 1000 },
		);
		timings.pollAfterReset = Math.round((Date.now() - t1) / 1000);
		// One execution since the reset, a successful one: no poll failed on the memory any more.
		expect(executions.map((e) => `${e.mode} ${e.status}`)).toEqual(['trigger success']);
		const latest = executions[0];
		const execution = await stack.client.getExecution(latest.id);
		const emitted = nodeOutputs(parseFlatted(execution.data), triggerName).flat();
		expect(emitted.map((i) => `${String(i.email).toLowerCase()} ${i.activity}`).sort()).toEqual([
			'ana.opener@example.com clicked',
			'sam.silent@example.com clicked',
		]);

		// Ana's record is updated in place, Sam's is new; everyone is in Recruit exactly once.
		const after = await recruitSnapshot(stack.sandbox.url);
		const changed = changedRecords(before.Candidates, after.Candidates);
		expect(changed.map((r) => `${emailOf(r)} ${r.Campaign_Activity}`).sort()).toEqual([
			'ana.opener@example.com Clicked',
			'sam.silent@example.com Clicked',
		]);
		const ana = (records: typeof before.Candidates) =>
			records.find((r) => emailOf(r) === 'ana.opener@example.com')?.id;
		expect(ana(after.Candidates)).toBe(ana(before.Candidates));
		expect(after.Candidates.length).toBe(before.Candidates.length + 1);
		for (const [module, records] of Object.entries(after)) {
			const twice = [...byEmail(records)]
				.filter(([email, list]) => email && list.length > 1)
				.map(([email]) => email);
			expect({ module, twice }).toEqual({ module, twice: [] });
		}
		expect(changedRecords(before.Contacts, after.Contacts)).toEqual([]);
	});
});
