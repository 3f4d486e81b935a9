/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The main template's push log and retry path, and the "Why was this recipient not pushed?"
// form: wiring, the Data Table's name and columns, and the Code nodes' logic run on real item
// shapes. That n8n really persists the Wait, upserts the table and serves the form is proven by
// test/e2e/pushlog.e2e.ts and test/e2e/retry.e2e.ts.
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	MAIN_TEMPLATE_FILE,
	TEMPLATES_DIR,
	loadTemplate,
	templateRoles,
} from '../../scripts/demo/setup';
import { byType, runCodeNode, type Template, type TemplateNode } from './templateChecks';

const TABLE = 'Zoho Recruit push log';
// The push log's columns (README "Push log"): email, module, campaignKey, campaignName, activity, outcome, reasons, recruitId, updatedAt;
// updatedAt is the Data Table's own system column (n8n sets it on every upsert).
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

const main = loadTemplate(MAIN_TEMPLATE_FILE) as unknown as Template;
const roles = templateRoles(loadTemplate(MAIN_TEMPLATE_FILE));
const form = JSON.parse(
	readFileSync(join(TEMPLATES_DIR, 'why-not-pushed.json'), 'utf8'),
) as Template;
const node = (wf: Template, name: string) => wf.nodes.find((n) => n.name === name)!;
const targets = (wf: Template, name: string, output = 0) =>
	(wf.connections[name]?.main[output] ?? []).map((t) => t.node);
const code = (wf: Template) => byType(wf, 'n8n-nodes-base.code');
const planNode = code(main).find((n) => /RETRY_DELAYS_MINUTES/.test(String(n.parameters.jsCode)))!;
const rowNode = code(main).find((n) => n !== planNode)!;

function tableNodes(wf: Template) {
	const tables = byType(wf, 'n8n-nodes-base.dataTable');
	return {
		ensure: tables.find((n) => n.parameters.operation === 'create')!,
		rowNodes: tables.filter((n) => n.parameters.resource === 'row'),
	};
}

describe.each([
	['push-engagement-to-recruit.json', main],
	['why-not-pushed.json', form],
])('%s and the push log table', (_file, wf) => {
	const { ensure, rowNodes } = tableNodes(wf);

	it('creates the table when it is missing, once per execution, with the log columns', () => {
		expect(ensure.parameters).toMatchObject({
			resource: 'table',
			tableName: TABLE,
			options: { createIfNotExists: true },
		});
		expect((ensure as TemplateNode & { executeOnce?: boolean }).executeOnce).toBe(true);
		const columns = (ensure.parameters.columns as { column: Array<{ name: string; type: string }> })
			.column;
		expect(columns).toEqual(COLUMNS.map((name) => ({ name, type: 'string' })));
	});

	it('reads and writes the table by name', () => {
		expect(rowNodes.length).toBeGreaterThan(0);
		for (const n of rowNodes)
			expect(n.parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: TABLE });
	});
});

describe('push-engagement-to-recruit.json: push log', () => {
	const upsert = tableNodes(main).rowNodes[0];

	it('upserts one row per (email, module, campaignKey)', () => {
		expect(upsert.parameters).toMatchObject({ operation: 'upsert', matchType: 'allConditions' });
		const conditions = (upsert.parameters.filters as { conditions: Array<Record<string, string>> })
			.conditions;
		expect(conditions).toEqual(
			['email', 'module', 'campaignKey'].map((c) => ({
				keyName: c,
				condition: 'eq',
				keyValue: `={{ $json.${c} }}`,
			})),
		);
		expect(targets(main, rowNode.name)).toEqual([upsert.name]);
	});

	it('logs every outcome: ineligible, pushed, and the retry decision', () => {
		for (const m of ['Candidates', 'Contacts'] as const) {
			expect(targets(main, roles.filters[m].name, 1)).toEqual([rowNode.name]);
			expect(targets(main, roles.pushes[m].name, 0)).toEqual([rowNode.name]);
			expect(targets(main, roles.pushes[m].name, 1)).toEqual([planNode.name]);
		}
		expect(targets(main, planNode.name)).toContain(rowNode.name);
		// n8n runs the upper branch first (execution order v1): the row is logged before the Wait.
		const [logBranch, retryBranch] = targets(main, planNode.name).map((name) => node(main, name));
		expect(logBranch.name).toBe(rowNode.name);
		expect(logBranch.position[1]).toBeLessThan(retryBranch.position[1]);
	});

	const base = {
		email: 'Ana.Opener@Example.com',
		module: 'Candidates',
		activity: 'opened',
		campaign: { key: 'k1', name: 'November Newsletter' },
	};

	it('turns each kind of item into a row with the log columns', () => {
		const rows = runCodeNode(rowNode, [
			{ ...base, recruit: { id: '42', module: 'Candidates', action: 'inserted' } },
			{
				...base,
				ineligibleReasons: [
					{ code: 'missing_mandatory_field' },
					{ code: 'missing_mandatory_field' },
					{ code: 'unsubscribed' },
				],
			},
			{
				...base,
				retry: { outcome: 'retrying', attempt: 1, lastError: { code: 'SERVICE_UNAVAILABLE' } },
			},
			{ ...base, pushError: { code: 'INVALID_DATA' }, retry: { outcome: 'notPushed', attempt: 1 } },
			{
				...base,
				pushError: { code: 'TOO_MANY_REQUESTS' },
				retry: { outcome: 'gaveUp', attempt: 9 },
			},
		]);
		expect(rows.map((r) => r.json)).toEqual([
			{
				email: 'ana.opener@example.com',
				module: 'Candidates',
				campaignKey: 'k1',
				campaignName: 'November Newsletter',
				activity: 'opened',
				outcome: 'inserted',
				reasons: '',
				recruitId: '42',
			},
			expect.objectContaining({
				outcome: 'notPushed',
				reasons: 'missing_mandatory_field,unsubscribed',
				recruitId: null,
			}),
			expect.objectContaining({ outcome: 'retrying', reasons: 'SERVICE_UNAVAILABLE' }),
			expect.objectContaining({ outcome: 'notPushed', reasons: 'INVALID_DATA' }),
			expect.objectContaining({ outcome: 'gaveUp', reasons: 'TOO_MANY_REQUESTS' }),
		]);
		for (const row of rows) expect(Object.keys(row.json).sort()).toEqual([...COLUMNS].sort());
		expect(rows.map((r) => r.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});
});

describe('push-engagement-to-recruit.json: retry path', () => {
	it("goes Not Pushed → plan → retrying? → Wait → the same push of the item's module", () => {
		const retryIf = node(main, targets(main, planNode.name).find((n) => n !== rowNode.name)!);
		expect(retryIf.type).toBe('n8n-nodes-base.if');
		expect(JSON.stringify(retryIf.parameters.conditions)).toMatch(/retry\.outcome.*retrying/);
		const [wait] = targets(main, retryIf.name, 0).map((n) => node(main, n));
		expect(targets(main, retryIf.name, 1)).toEqual([]);
		expect(wait.type).toBe('n8n-nodes-base.wait');
		expect(wait.parameters).toEqual({
			resume: 'specificTime',
			dateTime: '={{ $json.retry.nextAttemptAt }}',
		});
		const [route] = targets(main, wait.name).map((n) => node(main, n));
		expect(JSON.stringify(route.parameters.conditions)).toMatch(/\$json\.module.*Candidates/);
		expect(targets(main, route.name, 0)).toEqual([roles.pushes.Candidates.name]);
		expect(targets(main, route.name, 1)).toEqual([roles.pushes.Contacts.name]);
	});

	const failed = (pushError: Record<string, unknown>, retry?: Record<string, unknown>) => ({
		email: 'a@example.com',
		module: 'Contacts',
		pushError,
		...(retry ? { retry } : {}),
	});
	const minutes = (iso: unknown, from: number) =>
		Math.round((Date.parse(String(iso)) - from) / 60_000);

	it('waits 15 min, 1 h, 4 h, then every 4 h, and gives up after 3 days (the defaults)', () => {
		const now = Date.now();
		const retryable = { code: 'SERVICE_UNAVAILABLE', retryable: true };
		const firstFailedAt = new Date(now - 3_600_000).toISOString();
		const out = runCodeNode(planNode, [
			failed(retryable),
			failed(retryable, { attempt: 1, firstFailedAt }),
			failed(retryable, { attempt: 2, firstFailedAt }),
			failed(retryable, { attempt: 5, firstFailedAt }),
		]).map((item) => item.json.retry as Record<string, unknown>);
		expect(out.map((r) => r.attempt)).toEqual([1, 2, 3, 6]);
		expect(out[0].firstFailedAt).not.toBe(firstFailedAt);
		expect(out.slice(1).map((r) => r.firstFailedAt)).toEqual([
			firstFailedAt,
			firstFailedAt,
			firstFailedAt,
		]);
		// One Wait serves the batch: every item resumes with the latest (here 4 h).
		expect(new Set(out.map((r) => r.nextAttemptAt)).size).toBe(1);
		expect(minutes(out[0].nextAttemptAt, now)).toBe(240);
		for (const [attempt, expected] of [
			[0, 15],
			[1, 60],
			[2, 240],
			[3, 240],
			[9, 240],
		]) {
			const single = runCodeNode(planNode, [
				failed(retryable, attempt ? { attempt, firstFailedAt } : undefined),
			]);
			expect(minutes((single[0].json.retry as Record<string, unknown>).nextAttemptAt, now)).toBe(
				expected,
			);
		}
		const old = new Date(now - 71 * 3_600_000).toISOString();
		const late = runCodeNode(planNode, [failed(retryable, { attempt: 7, firstFailedAt: old })])[0]
			.json;
		expect(late.retry).toMatchObject({ outcome: 'gaveUp', attempt: 8, firstFailedAt: old });
		expect(late.pushError).toEqual(retryable);
	});

	it('honours retryAt when it is later, and never retries what is not retryable', () => {
		const now = Date.now();
		const retryAt = new Date(now + 10 * 3_600_000).toISOString();
		const [credits, invalid, unknown] = runCodeNode(planNode, [
			failed({ code: 'TOO_MANY_REQUESTS', retryable: true, retryAt }),
			failed({ code: 'INVALID_DATA', retryable: false }),
			failed({ code: 'NOT_PROCESSED' }),
		]).map((item) => item.json);
		expect(credits.retry).toMatchObject({
			outcome: 'retrying',
			attempt: 1,
			nextAttemptAt: retryAt,
		});
		// A retried item keeps its error under retry.lastError, so a later success carries none.
		expect(credits.pushError).toBeUndefined();
		expect((credits.retry as Record<string, unknown>).lastError).toMatchObject({
			code: 'TOO_MANY_REQUESTS',
		});
		expect(invalid.retry).toMatchObject({ outcome: 'notPushed' });
		expect(invalid.pushError).toMatchObject({ code: 'INVALID_DATA' });
		expect(unknown.retry).toMatchObject({ outcome: 'notPushed' });
	});

	it('keeps its settings at the top of the code, where a user changes them', () => {
		expect(String(planNode.parameters.jsCode)).toMatch(
			/^\/\/ -+ Retry settings[^\n]*\n(?:\/\/[^\n]*\n)*const RETRY_DELAYS_MINUTES = \[15, 60, 240\];\n(?:\/\/[^\n]*\n)*const DEADLINE_HOURS = 72;/,
		);
	});
});

describe('why-not-pushed.json', () => {
	const formTrigger = byType(form, 'n8n-nodes-base.formTrigger')[0];
	const answer = code(form)[0];
	const find = tableNodes(form).rowNodes[0];

	it('asks for an e-mail, finds its rows (also when there are none) and answers on the form', () => {
		const fields = (formTrigger.parameters.formFields as { values: Array<Record<string, unknown>> })
			.values;
		expect(fields).toEqual([
			expect.objectContaining({ fieldLabel: 'E-mail', fieldType: 'email', requiredField: true }),
		]);
		expect(find.parameters).toMatchObject({ operation: 'get', returnAll: true });
		expect((find as TemplateNode & { alwaysOutputData?: boolean }).alwaysOutputData).toBe(true);
		const [ending] = targets(form, answer.name).map((n) => node(form, n));
		expect(ending.type).toBe('n8n-nodes-base.form');
		expect(ending.parameters).toMatchObject({
			operation: 'completion',
			completionMessage: '={{ $json.message }}',
		});
	});

	it('answers in plain words, for every logged campaign of that address', () => {
		const rows = [
			{
				email: 'uma@example.com',
				module: 'Candidates',
				campaignName: 'Nov',
				activity: 'opened',
				outcome: 'notPushed',
				reasons: 'unsubscribed',
				recruitId: null,
				updatedAt: '2026-11-20T12:00:00.000Z',
			},
			{
				email: 'uma@example.com',
				module: 'Contacts',
				campaignName: 'Q4',
				activity: 'clicked',
				outcome: 'inserted',
				reasons: '',
				recruitId: '7',
				updatedAt: '2026-11-20T12:00:00.000Z',
			},
			{
				email: 'uma@example.com',
				module: 'Candidates',
				campaignName: 'Dec',
				activity: 'opened',
				outcome: 'gaveUp',
				reasons: 'SERVICE_UNAVAILABLE',
				recruitId: null,
				updatedAt: '2026-11-20T12:00:00.000Z',
			},
		];
		const [{ json }] = runCodeNode(answer, rows, {
			[formTrigger.name]: [{ 'E-mail': ' Uma@Example.com ' }],
		});
		expect(json.found).toBe(3);
		expect(json.message).toMatch(
			/Nov \(opened, Candidates\): was not pushed because the recipient has unsubscribed\./,
		);
		expect(json.message).toMatch(
			/Q4 \(clicked, Contacts\): was pushed: a new Contact was created in Zoho Recruit \(record 7\)/,
		);
		expect(json.message).toMatch(
			/Dec \(opened, Candidates\): was not pushed: Zoho Recruit kept failing \(Zoho Recruit answered SERVICE_UNAVAILABLE\)/,
		);
		const [{ json: none }] = runCodeNode(answer, [{}], {
			[formTrigger.name]: [{ 'E-mail': 'x@example.com' }],
		});
		expect(none).toMatchObject({
			found: 0,
			message: expect.stringMatching(/^Nothing is logged for x@example\.com/),
		});
	});
});
