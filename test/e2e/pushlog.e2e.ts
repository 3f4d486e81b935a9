/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
// The push log in a real n8n: the main template upserts one row per (email, module, campaign)
// into the Data Table "Zoho Recruit push log" (created by the workflow on first use), sets
// execution custom data, and the "Why was this recipient not pushed?" form answers from the log.
// Run: npx jest -c test/e2e/jest.config.js test/e2e/pushlog.e2e.ts
import { mkdirSync, rmSync } from 'fs';
import { join } from 'path';
import { chromium } from 'playwright-core';

import { freePort, OWNER, randomKey, REPO_ROOT } from '../../scripts/n8n-runtime/n8n';
import {
	loadTemplate,
	MAIN_TEMPLATE,
	startStack,
	wireTemplate,
	type Stack,
} from '../../scripts/n8n-runtime/stack';
import { CHROMIUM } from './browser';
import {
	dataTableRows,
	dataTableSizes,
	executionCustomData,
	findDataTable,
	recruitSnapshot,
	sandboxPost,
	type DataTableRow,
} from './helpers';

const ARTIFACTS = join(REPO_ROOT, '.test-artifacts', 'e2e-pushlog');
const FORM_TEMPLATE = join(REPO_ROOT, 'workflows-templates', 'why-not-pushed.json');
const TABLE = 'Zoho Recruit push log';
const NOVEMBER_NEWSLETTER = 'f70c4878c4a47169407e63917ad24497';

// What the default scenario's first poll leads to, per (email, module, campaign): the outcome and
// the reason codes (test/sandbox/README.md describes the cast; `npm run demo` prints the same).
const FIRST_POLL: Array<[string, string, string, string, string, string]> = [
	['hal.alpha@example.com', 'Candidates', 'Open Day Invitation', 'clicked', 'inserted', ''],
	['eve.twice@example.com', 'Candidates', 'Open Day Invitation', 'opened', 'inserted', ''],
	['max.case@example.com', 'Candidates', 'Open Day Invitation', 'opened', 'inserted', ''],
	['eve.twice@example.com', 'Candidates', 'Job Alert A/B', 'opened', 'notPushed', 'duplicate'],
	['gia.alpha@example.com', 'Candidates', 'Job Alert A/B', 'opened', 'inserted', ''],
	['jon.beta@example.com', 'Candidates', 'Job Alert A/B', 'clicked', 'inserted', ''],
	['ben.clicker@example.com', 'Candidates', 'November Newsletter', 'clicked', 'inserted', ''],
	[
		'rita.recruit@example.com',
		'Candidates',
		'November Newsletter',
		'clicked',
		'notPushed',
		'imported_from_recruit',
	],
	['ana.opener@example.com', 'Candidates', 'November Newsletter', 'opened', 'inserted', ''],
	[
		'lee.nolast@example.com',
		'Candidates',
		'November Newsletter',
		'opened',
		'notPushed',
		'missing_mandatory_field',
	],
	['nina.null@example.com', 'Candidates', 'November Newsletter', 'opened', 'inserted', ''],
	[
		'uma.unsub@example.com',
		'Candidates',
		'November Newsletter',
		'opened',
		'notPushed',
		'unsubscribed',
	],
	['bob.bounce@example.com', 'Candidates', 'November Newsletter', 'opened', 'notPushed', 'bounced'],
	['not-an-email', 'Candidates', 'November Newsletter', 'opened', 'notPushed', 'invalid_email'],
	[
		'eve.twice@example.com',
		'Candidates',
		'November Newsletter',
		'opened',
		'notPushed',
		'duplicate',
	],
	['max.case@example.com', 'Candidates', 'November Newsletter', 'opened', 'notPushed', 'duplicate'],
	['olga.existing@example.com', 'Candidates', 'November Newsletter', 'opened', 'updated', ''],
	['clara.client@example.com', 'Contacts', 'Client Update Q4', 'clicked', 'inserted', ''],
	[
		'dan.nocompany@example.com',
		'Contacts',
		'Client Update Q4',
		'opened',
		'notPushed',
		'missing_mandatory_field',
	],
	['kim.contact@example.com', 'Contacts', 'Client Update Q4', 'opened', 'inserted', ''],
];

const COLUMNS = [
	'email',
	'module',
	'campaignKey',
	'campaignName',
	'activity',
	'outcome',
	'reasons',
	'recruitId',
];
const view = (r: DataTableRow) =>
	[r.email, r.module, r.campaignName, r.activity, r.outcome, r.reasons ?? ''].join(' | ');
const key = (r: DataTableRow) => `${r.email} ${r.module} ${r.campaignKey}`;

let stack: Stack;
let formWorkflowId: string;
let afterFirstPoll: DataTableRow[];

async function logRows(): Promise<DataTableRow[]> {
	const table = await findDataTable(stack.client, TABLE);
	if (!table) throw new Error(`no data table "${TABLE}"`);
	return await dataTableRows(stack.client, table);
}

beforeAll(async () => {
	rmSync(ARTIFACTS, { recursive: true, force: true });
	mkdirSync(ARTIFACTS, { recursive: true });
	stack = await startStack({
		userFolder: join(REPO_ROOT, '.cache', 'e2e', `pushlog-${process.pid}`),
		fresh: true,
		workDir: ARTIFACTS,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		encryptionKey: randomKey(),
		template: loadTemplate(MAIN_TEMPLATE),
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		skipBuild: process.env.E2E_SKIP_BUILD === '1',
		log: (m) => process.stdout.write(`[e2e] ${m}\n`),
	});
	const form = await stack.client.createWorkflow(
		wireTemplate(loadTemplate(FORM_TEMPLATE)) as never,
	);
	formWorkflowId = form.id;
	await stack.client.activate(form.id);
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	rmSync(join(REPO_ROOT, '.cache', 'e2e', `pushlog-${process.pid}`), {
		recursive: true,
		force: true,
	});
}, 120_000);

test('no push log exists before the first poll ends; after it, exactly one row per recipient and campaign', async () => {
	const executions = await stack.client.waitForExecutions(stack.workflowId, 0, {
		timeoutMs: 180_000,
	});
	expect(executions.map((e) => e.status)).toEqual(['success']);

	afterFirstPoll = await logRows();
	expect(afterFirstPoll.map(view).sort()).toEqual(FIRST_POLL.map((row) => row.join(' | ')).sort());
	expect(new Set(afterFirstPoll.map(key)).size).toBe(afterFirstPoll.length);
	for (const row of afterFirstPoll) {
		expect(
			Object.keys(row)
				.filter((k) => !['id', 'createdAt', 'updatedAt'].includes(k))
				.sort(),
		).toEqual([...COLUMNS].sort());
		expect(Number.isNaN(Date.parse(row.updatedAt))).toBe(false);
	}
	// recruitId is the id of the record the push wrote, as the sandbox's Recruit holds it.
	const recruit = await recruitSnapshot(stack.sandbox.url);
	for (const row of afterFirstPoll.filter((r) =>
		['inserted', 'updated'].includes(String(r.outcome)),
	)) {
		const records = recruit[row.module as 'Candidates' | 'Contacts'].filter(
			(r) => String(r.Email).toLowerCase() === row.email,
		);
		expect({ email: row.email, ids: records.map((r) => r.id) }).toEqual({
			email: row.email,
			ids: [row.recruitId],
		});
	}
	for (const row of afterFirstPoll.filter((r) => r.outcome === 'notPushed'))
		expect(row.recruitId).toBeNull();

	// Execution custom data: counts for the execution list.
	const customData = await executionCustomData(stack.client, executions[0].id);
	process.stdout.write(`[e2e] first poll custom data: ${JSON.stringify(customData)}\n`);
	expect(customData).toMatchObject({
		emitted: '20',
		eligible: '11',
		notEligible: '9',
		pushed: '11',
		pushedBy: 'inserted 10, updated 1',
		notPushed: '0',
	});
	expect(customData.notEligibleBy).toBe(
		'duplicate 3, missing_mandatory_field 2, bounced 1, imported_from_recruit 1, invalid_email 1, unsubscribed 1',
	);
});

test('the next poll updates rows instead of adding duplicates', async () => {
	const before = await stack.client.listExecutions(stack.workflowId);
	await sandboxPost(stack.sandbox.url, '/__sandbox/activity', [
		{ campaignKey: NOVEMBER_NEWSLETTER, email: 'sam.silent@example.com', action: 'opened' },
		{ campaignKey: NOVEMBER_NEWSLETTER, email: 'ana.opener@example.com', action: 'clicked' },
	]);
	const executions = await stack.client.waitForExecutions(stack.workflowId, before.length, {
		timeoutMs: 150_000,
	});
	expect(executions[0].status).toBe('success');

	const rows = await logRows();
	expect(rows).toHaveLength(afterFirstPoll.length + 1);
	expect(new Set(rows.map(key)).size).toBe(rows.length);
	const byKey = new Map(rows.map((r) => [key(r), r]));
	const ana = afterFirstPoll.find((r) => r.email === 'ana.opener@example.com')!;
	expect(byKey.get(key(ana))).toMatchObject({
		id: ana.id,
		activity: 'clicked',
		outcome: 'updated',
		recruitId: ana.recruitId,
	});
	expect(Date.parse(byKey.get(key(ana))!.updatedAt)).toBeGreaterThan(Date.parse(ana.updatedAt));
	expect(rows.find((r) => r.email === 'sam.silent@example.com')).toMatchObject({
		outcome: 'inserted',
		activity: 'opened',
	});
	// Nobody else was emitted, so their rows are untouched.
	for (const row of afterFirstPoll.filter((r) => r.email !== ana.email))
		expect(byKey.get(key(row))).toEqual(row);

	const sizes = await dataTableSizes(stack.client);
	process.stdout.write(`[e2e] data tables: ${JSON.stringify(sizes)} for ${rows.length} rows\n`);
});

test('in a browser: the Data Table view and the form answer for a skipped recipient', async () => {
	const table = (await findDataTable(stack.client, TABLE))!;
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu'],
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	try {
		// The form needs no login (it is a production form URL of an active workflow).
		await page.goto(`${stack.n8n.url}/form/why-not-pushed`);
		await page.locator('input[type="email"]').first().fill('Uma.Unsub@example.com');
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await page.getByText('has unsubscribed').first().waitFor({ timeout: 30_000 });
		const answer = await page.locator('body').innerText();
		await page.screenshot({ path: join(ARTIFACTS, '11-form-answer.png'), fullPage: true });
		expect(answer).toMatch(/uma\.unsub@example\.com/);
		expect(answer).toMatch(
			/November Newsletter \(opened, Candidates\): was not pushed because the recipient has unsubscribed/,
		);

		await page.goto(`${stack.n8n.url}/form/why-not-pushed`);
		await page.locator('input[type="email"]').first().fill('eve.twice@example.com');
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await page.getByText('Open Day Invitation').first().waitFor({ timeout: 30_000 });
		const eve = await page.locator('body').innerText();
		await page.screenshot({
			path: join(ARTIFACTS, '12-form-answer-three-campaigns.png'),
			fullPage: true,
		});
		expect(eve).toMatch(
			/Open Day Invitation \(opened, Candidates\): was pushed: a new Candidate was created/,
		);
		expect(eve).toMatch(
			/Job Alert A\/B \(opened, Candidates\): was not pushed because the same recipient came twice/,
		);

		// The Data Table view in the editor.
		await page.goto(`${stack.n8n.url}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
		await page.locator('#password').fill(OWNER.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
		// Wide enough to show every column of the grid (it renders only the visible ones).
		await page.setViewportSize({ width: 2600, height: 900 });
		await page.goto(`${stack.n8n.url}/projects/${table.projectId}/datatables/${table.id}`);
		await page.getByText('uma.unsub@example.com').first().waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(ARTIFACTS, '13-data-table-view.png') });
		// The rows' contents are asserted through the API above; here: the view shows the log.
		const view = await page.locator('body').innerText();
		expect(view).toMatch(/Zoho Recruit push log/);
		expect(view).toMatch(/uma\.unsub@example\.com/);
	} catch (error) {
		await page.screenshot({ path: join(ARTIFACTS, 'zz-failure.png') }).catch(() => undefined);
		throw error;
	} finally {
		await browser.close();
	}
	expect(formWorkflowId).toBeTruthy();
});

test("n8n's own size measure: bytes per push log row, and 100,000 recipients against the limit", async () => {
	const table = (await findDataTable(stack.client, TABLE))!;
	const before = await dataTableSizes(stack.client);
	const rowsBefore = (await dataTableRows(stack.client, table)).length;
	// Synthetic rows shaped like real ones (typical lengths: a 32-hex campaign key, an 18-digit id).
	const SYNTHETIC = 5000;
	for (let start = 0; start < SYNTHETIC; start += 1000) {
		const data = Array.from({ length: 1000 }, (_, i) => ({
			email: `firstname.lastname${start + i}@example-company.com`,
			module: 'Candidates',
			campaignKey: `${String(start + i).padStart(8, '0')}c4a47169407e63917ad24497`,
			campaignName: 'November Newsletter 2026',
			activity: 'opened',
			outcome: 'notPushed',
			reasons: 'missing_mandatory_field,unsubscribed',
			recruitId: '486812000001000014',
		}));
		await stack.client.request(
			'POST',
			`/rest/projects/${table.projectId}/data-tables/${table.id}/insert`,
			{ data, returnType: 'count' },
		);
	}
	expect((await dataTableRows(stack.client, table)).length).toBe(rowsBefore + SYNTHETIC);
	// n8n caches its size check for 5 s.
	await new Promise((r) => setTimeout(r, 6000));
	const after = await dataTableSizes(stack.client);
	const perRow = (after.totalBytes - before.totalBytes) / SYNTHETIC;
	const forHundredThousand = Math.round((perRow * 100_000) / 1024 / 1024);
	process.stdout.write(
		`[e2e] push log size: ${before.totalBytes} B for ${rowsBefore} rows, ${after.totalBytes} B for ${rowsBefore + SYNTHETIC}; ` +
			`${Math.round(perRow)} B/row → ~${forHundredThousand} MB for 100,000 rows (limit 200 MB), status ${after.quotaStatus}\n`,
	);
	expect(perRow).toBeGreaterThan(0);
	expect(forHundredThousand).toBeLessThan(200);
});
