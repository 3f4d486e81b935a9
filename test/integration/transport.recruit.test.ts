/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { executeContext, loadOptionsContext, SandboxCredentials } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import { startSandbox, type Sandbox, type Scenario } from '../sandbox/server';
import {
	addTags,
	createNotes,
	getCurrentUser,
	getRecruitFields,
	recruitApiRequest,
	searchRecords,
	writeRecordsBatch,
	type Criterion,
} from '../../nodes/shared/transport/recruit';
import { RECRUIT_RETRY_POLICY, useRetryRuntime } from '../../nodes/shared/transport/retry';

const recruitCalls = async () => await admin.calls('recruit');
const records = async (module: string) => await admin.records(module);

const existing = Array.from({ length: 25 }, (_, i) => ({
	First_Name: `Existing${i}`,
	Last_Name: `Person${i}`,
	Email: `existing${i}@example.com`,
}));

const scenario: Scenario = {
	name: 'transport-recruit',
	clock: { start: '2026-11-20T12:00:00Z' },
	limits: { tokenRequestsPerMinute: 1_000 },
	recruit: {
		user: { full_name: 'Patricia Boyle', email: 'patricia@example.com' },
		modules: {
			Candidates: {
				records: [
					...existing,
					{ First_Name: 'Comma', Last_Name: 'Burns,B (Jr)', Email: 'burns@example.com' },
				],
			},
		},
	},
};

let sandbox: Sandbox;
let admin: SandboxAdmin;
let credentials: SandboxCredentials;
const ctx = () => executeContext({ credentials });
// Retries wait through an injected clock: no test sleeps for the backoff.
let restoreRetryRuntime: () => void;

beforeAll(async () => {
	restoreRetryRuntime = useRetryRuntime({ wait: async () => {}, random: () => 0.5 });
	sandbox = await startSandbox({ port: 0, scenario });
	admin = new SandboxAdmin(sandbox.url);
	credentials = new SandboxCredentials(sandbox.url);
});
afterAll(async () => {
	restoreRetryRuntime();
	await sandbox?.close();
});
beforeEach(async () => {
	await admin.clearFaults();
	await admin.clearCalls();
});

describe('metadata', () => {
	it('maps field metadata for the resource mapper', async () => {
		const fields = await getRecruitFields.call(loadOptionsContext({ credentials }), 'Candidates');
		const byName = Object.fromEntries(fields.map((f) => [f.apiName, f]));
		expect(byName.Last_Name).toMatchObject({ mandatory: true, readOnly: false, dataType: 'text' });
		expect(byName.Email).toMatchObject({ unique: true, dataType: 'email', label: 'Email' });
		expect(byName.Created_By.readOnly).toBe(true);
		const contacts = await getRecruitFields.call(ctx(), 'Contacts');
		expect(contacts.find((f) => f.apiName === 'Client_Name')?.lookupModule).toBe('Clients');
	});

	it('reads the current user', async () => {
		expect(await getCurrentUser.call(ctx())).toMatchObject({
			full_name: 'Patricia Boyle',
			email: 'patricia@example.com',
		});
		const [call] = await recruitCalls();
		expect(call.query.type).toBe('CurrentUser');
	});

	it('surfaces INVALID_MODULE as a NodeApiError with Zoho code, message and httpCode', async () => {
		const error = (await getRecruitFields
			.call(ctx(), 'Nope')
			.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.message).toMatch(/INVALID_MODULE/);
		expect(error.message).toMatch(/invalid/i);
		expect(error.context.zohoCode).toBe('INVALID_MODULE');
	});
});

describe('search', () => {
	it('finds records by escaped criteria and URL-encodes them as documented', async () => {
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Last_Name', operator: 'equals', value: 'Burns,B (Jr)' },
		]);
		expect(found.map((r) => r.Email)).toEqual(['burns@example.com']);
		expect(typeof found[0].id).toBe('string');
		const [call] = await recruitCalls();
		expect(call.query.criteria).toBe('(Last_Name:equals:Burns\\,B \\(Jr\\))');
	});

	it('chunks more than 10 criteria into OR-joined searches and de-duplicates', async () => {
		const criteria: Criterion[] = [
			...existing.map((r) => ({
				field: 'Email',
				operator: 'equals' as const,
				value: r.Email.toUpperCase(),
			})),
			{ field: 'Email', operator: 'starts_with', value: 'existing1' }, // overlaps earlier chunks
			{ field: 'Email', operator: 'equals', value: 'nobody@example.com' },
		];
		const found = await searchRecords.call(ctx(), 'Candidates', criteria);
		expect(found.map((r) => r.Email).sort()).toEqual(existing.map((r) => r.Email).sort());
		const log = await recruitCalls();
		expect(log.map((c) => c.apiMethod)).toEqual(['search', 'search', 'search']);
		expect(log.every((c) => (c.query.criteria.match(/\(Email:/g) ?? []).length <= 10)).toBe(true);
		expect(log[0].query.criteria).toMatch(/^\(\(Email:equals:EXISTING0@EXAMPLE\.COM\)or\(/);
	});

	it('answers 204 with []', async () => {
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'equals', value: 'nobody@example.com' },
		]);
		expect(found).toEqual([]);
		expect((await recruitCalls()).map((c) => c.status)).toEqual([204]);
		const raw = await recruitApiRequest.call(ctx(), 'GET', 'Candidates/search', {
			qs: { email: 'nobody@example.com' },
		});
		expect(raw).toEqual({ statusCode: 204, body: null });
	});

	it('pages through more than 200 matches', async () => {
		const batch = Array.from({ length: 100 }, (_, i) => ({
			Last_Name: `Paged${i}`,
			Email: `paged${String(i).padStart(3, '0')}@paging.example`,
		}));
		const more = Array.from({ length: 100 }, (_, i) => ({
			Last_Name: `Paged${i + 100}`,
			Email: `paged${String(i + 100).padStart(3, '0')}@paging.example`,
		}));
		const third = Array.from({ length: 10 }, (_, i) => ({
			Last_Name: 'X',
			Email: `paged9${i}x@paging.example`,
		}));
		for (const b of [batch, more, third]) {
			expect(
				(await writeRecordsBatch.call(ctx(), 'Candidates', 'insert', b)).every((r) => r.ok),
			).toBe(true);
		}
		await admin.clearCalls();
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'starts_with', value: 'paged' },
		]);
		expect(found).toHaveLength(210);
		expect((await recruitCalls()).map((c) => c.query.page)).toEqual(['1', '2']);
	});
});

describe('writes', () => {
	it('inserts a batch and returns one result per record with ids', async () => {
		const input = [
			{ First_Name: 'Ann', Last_Name: 'Lee', Email: 'ann@example.com' },
			{ First_Name: 'Bob', Last_Name: 'Ray', Email: 'bob@example.com' },
		];
		const results = await writeRecordsBatch.call(ctx(), 'Candidates', 'insert', input, {
			trigger: [],
		});
		expect(results.map((r) => [r.ok, r.code, r.action])).toEqual([
			[true, 'SUCCESS', 'insert'],
			[true, 'SUCCESS', 'insert'],
		]);
		const stored = await records('Candidates');
		for (const [i, r] of results.entries()) {
			expect(stored.find((s) => s.id === r.id)?.Email).toBe(input[i].Email);
		}
		const [call] = await recruitCalls();
		expect([call.method, call.path, call.status]).toEqual(['POST', '/recruit/v2/Candidates', 201]);
	});

	it('maps a mixed 202 upsert batch in input order (a 2xx is not success for every record)', async () => {
		const results = await writeRecordsBatch.call(
			ctx(),
			'Candidates',
			'upsert',
			[
				{ First_Name: 'Existing', Last_Name: 'Renamed', Email: 'existing3@example.com' },
				{ First_Name: 'NoLast', Email: 'nolast@example.com' },
				{ First_Name: 'New', Last_Name: 'Person', Email: 'new.person@example.com' },
			],
			{ duplicateCheckFields: ['Email'] },
		);
		expect((await recruitCalls())[0].status).toBe(202);
		expect(results.map((r) => [r.ok, r.code, r.action, r.field])).toEqual([
			[true, 'SUCCESS', 'update', null],
			[false, 'MANDATORY_NOT_FOUND', null, 'Last_Name'],
			[true, 'SUCCESS', 'insert', null],
		]);
		const stored = await records('Candidates');
		expect(stored.find((s) => s.Email === 'existing3@example.com')?.Last_Name).toBe('Renamed');
		expect(stored.some((s) => s.Email === 'nolast@example.com')).toBe(false);
	});

	it('returns an all-failed 400 batch as per-record results instead of throwing', async () => {
		const results = await writeRecordsBatch.call(ctx(), 'Candidates', 'insert', [
			{ First_Name: 'Only' },
		]);
		expect((await recruitCalls())[0].status).toBe(400);
		expect(results).toEqual([
			expect.objectContaining({ ok: false, code: 'MANDATORY_NOT_FOUND', field: 'Last_Name' }),
		]);
	});

	it('refuses more than 100 records without sending a request', async () => {
		const many = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
		const error = await writeRecordsBatch
			.call(ctx(), 'Candidates', 'insert', many)
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/100/);
		expect(await recruitCalls()).toEqual([]);
	});

	it('updates by id with PUT', async () => {
		const [target] = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'equals', value: 'existing5@example.com' },
		]);
		const results = await writeRecordsBatch.call(ctx(), 'Candidates', 'update', [
			{ id: target.id, City: 'Lisbon' },
		]);
		expect(results[0]).toMatchObject({ ok: true, id: target.id, action: 'update' });
		expect((await records('Candidates')).find((s) => s.id === target.id)?.City).toBe('Lisbon');
		expect((await recruitCalls()).at(-1)?.method).toBe('PUT');
	});

	it('adds tags in bulk and creates notes', async () => {
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'starts_with', value: 'existing2' },
		]);
		const ids = found.map((r) => r.id);
		const tagResults = await addTags.call(ctx(), 'Candidates', ids, ['Opened', 'Clicked']);
		expect(tagResults.map((r) => [r.ok, r.id])).toEqual(ids.map((id) => [true, id]));
		const stored = await records('Candidates');
		for (const id of ids) {
			const tags = (stored.find((s) => s.id === id)?.Tag as Array<{ name: string }>).map(
				(t) => t.name,
			);
			expect(tags).toEqual(expect.arrayContaining(['Opened', 'Clicked']));
		}
		const notes = await createNotes.call(ctx(), [
			{
				module: 'Candidates',
				parentId: ids[0],
				title: 'Opened campaign X',
				content: 'on 2026-11-20',
			},
		]);
		expect(notes).toEqual([
			expect.objectContaining({ ok: true, code: 'SUCCESS', action: 'insert' }),
		]);
		expect(notes[0].id).toMatch(/^\d+$/);
	});
});

describe('retries and errors', () => {
	it('retries a 429, then succeeds', async () => {
		await admin.fault({
			product: 'recruit',
			path: '/Candidates/search',
			status: 429,
			count: 1,
		});
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'equals', value: 'existing7@example.com' },
		]);
		expect(found).toHaveLength(1);
		expect((await recruitCalls()).map((c) => c.status)).toEqual([429, 200]);
	});

	it('retries 500 twice for an idempotent upsert, then succeeds', async () => {
		await admin.fault({
			product: 'recruit',
			path: '/Candidates/upsert',
			status: 500,
			count: 2,
		});
		const results = await writeRecordsBatch.call(ctx(), 'Candidates', 'upsert', [
			{ Last_Name: 'Retry', Email: 'retry@example.com' },
		]);
		expect(results[0]).toMatchObject({ ok: true, action: 'insert' });
		expect((await recruitCalls()).map((c) => c.status)).toEqual([500, 500, 201]);
		expect(
			(await records('Candidates')).filter((s) => s.Email === 'retry@example.com'),
		).toHaveLength(1);
	});

	it('does not retry a 5xx on a non-idempotent insert, but does retry its 429', async () => {
		await admin.fault({
			product: 'recruit',
			path: '/Candidates',
			method: 'POST',
			status: 500,
			count: 1,
			afterApply: true,
		});
		const error = (await writeRecordsBatch
			.call(ctx(), 'Candidates', 'insert', [{ Last_Name: 'Once', Email: 'once@example.com' }])
			.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('500');
		expect((await recruitCalls()).map((c) => c.status)).toEqual([500]);
		expect(
			(await records('Candidates')).filter((s) => s.Email === 'once@example.com'),
		).toHaveLength(1);

		await admin.clearCalls();
		await admin.fault({
			product: 'recruit',
			path: '/Candidates',
			method: 'POST',
			status: 429,
			count: 1,
		});
		const results = await writeRecordsBatch.call(ctx(), 'Candidates', 'insert', [
			{ Last_Name: 'Twice', Email: 'twice@example.com' },
		]);
		expect(results[0].ok).toBe(true);
		expect((await recruitCalls()).map((c) => c.status)).toEqual([429, 201]);
	});

	it('times out a slow idempotent request and retries it; a slow insert is not retried', async () => {
		await admin.fault({ product: 'recruit', path: '/users', latencyMs: 600, count: 1 });
		const response = await recruitApiRequest.call(ctx(), 'GET', 'users', {
			qs: { type: 'CurrentUser' },
			timeoutMs: 150,
		});
		expect(response.statusCode).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 700)); // the slow call is logged when it ends
		expect((await recruitCalls()).map((c) => c.status)).toEqual([200, 200]);

		await admin.clearCalls();
		await admin.fault({
			product: 'recruit',
			path: '/Candidates',
			method: 'POST',
			latencyMs: 600,
			count: 1,
		});
		const error = (await recruitApiRequest
			.call(ctx(), 'POST', 'Candidates', {
				body: { data: [{ Last_Name: 'Slow', Email: 'slow@example.com' }] },
				idempotent: false,
				timeoutMs: 150,
			})
			.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/Zoho Recruit POST \/Candidates failed/);
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(await recruitCalls()).toHaveLength(1);
	});

	it('gives up on a persistent 429 with a clear error after the last retry', async () => {
		await admin.fault({ product: 'recruit', path: '/users', status: 429, count: 20 });
		const error = (await getCurrentUser.call(ctx()).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(error.message).toMatch(/TOO_MANY_REQUESTS/);
		expect(await recruitCalls()).toHaveLength(RECRUIT_RETRY_POLICY.maxRetries + 1);
	});

	it('refreshes an expired token through n8n and retries once', async () => {
		await getCurrentUser.call(ctx()); // the token is valid now
		const before = credentials.refreshes;
		await admin.expireTokens();
		await admin.clearCalls();
		expect(await getCurrentUser.call(ctx())).not.toBeNull();
		expect(credentials.refreshes).toBe(before + 1);
		const log = await admin.calls();
		expect(log.map((c) => `${c.apiMethod}:${c.status}`)).toEqual([
			'getUsers:401',
			'token:200',
			'getUsers:200',
		]);
	});

	it.each([
		['INVALID_TOKEN', 'invalid oauth token', /Reconnect/],
		['OAUTH_SCOPE_MISMATCH', 'Unauthorized', /scope/],
	])(
		'surfaces %s (401 after the refresh) with code, message and httpCode, without the token',
		async (code, message, hint) => {
			await admin.fault({
				product: 'recruit',
				path: '/settings/fields',
				status: 401,
				count: 2,
				body: { code, details: {}, message, status: 'error' },
			});
			const error = (await getRecruitFields
				.call(ctx(), 'Candidates')
				.catch((e: unknown) => e)) as NodeApiError;
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.httpCode).toBe('401');
			expect(error.message).toContain(code);
			expect(error.message).toContain(message);
			expect(error.description).toMatch(hint);
			const token = credentials.accessToken('zohoRecruitOAuth2Api');
			const serialised = JSON.stringify({
				m: error.message,
				d: error.description,
				c: error.context,
				e: error.errorResponse,
			});
			expect(serialised).not.toContain(token);
			expect(serialised).not.toContain('sandbox-client-secret');
			expect((await recruitCalls()).map((c) => c.status)).toEqual([401, 401]);
		},
	);
});
