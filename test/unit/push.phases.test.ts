// The push phases with a mocked Recruit transport: no HTTP, no waiting (milliseconds).
import { NodeApiError } from 'n8n-workflow';

import { splitOnDataError } from '../../nodes/RecruitPush/failures';
import { planWrites } from '../../nodes/RecruitPush/lookup';
import { addNotes } from '../../nodes/RecruitPush/notes';
import type { Candidate } from '../../nodes/RecruitPush/prepare';
import { insertWithoutDuplicates, MAX_INSERT_RESENDS } from '../../nodes/RecruitPush/recovery';
import type { PushSettings } from '../../nodes/RecruitPush/settings';
import { writeAll } from '../../nodes/RecruitPush/write';
import * as recruit from '../../nodes/shared/transport/recruit';
import { useRetryRuntime } from '../../nodes/shared/transport/retry';
import { ctx, transportError } from './pushFixtures';

jest.mock('../../nodes/shared/transport/recruit', () => ({
	...jest.requireActual('../../nodes/shared/transport/recruit'),
	searchRecords: jest.fn(),
	writeRecordsBatch: jest.fn(),
	createNotes: jest.fn(),
	getRecordNotes: jest.fn(),
}));

const transport = recruit as jest.Mocked<typeof recruit>;

function settings(overrides: Partial<PushSettings> = {}): PushSettings {
	return {
		module: 'Candidates',
		operation: 'create',
		matchingColumns: ['Email'],
		dryRun: false,
		fillEmpty: false,
		trigger: [],
		addNote: true,
		...overrides,
	};
}

const zohoError = (status: number, code?: string) => transportError(status, code);

const record = (n: number) => ({ Last_Name: `L${n}`, Email: `p${n}@x.com` });
const candidates = (count: number): Candidate[] =>
	Array.from({ length: count }, (_, index) => ({ index, record: record(index), tags: [] }));
const ok = (id: string, action: 'insert' | 'update' = 'insert'): recruit.RecordResult => ({
	ok: true,
	code: 'SUCCESS',
	message: 'record added',
	id,
	action,
	field: null,
	details: { id },
});

let restore: () => void;
beforeAll(() => {
	restore = useRetryRuntime({ wait: async () => {}, random: () => 0.5 });
});
afterAll(() => restore());
beforeEach(() => jest.resetAllMocks());

describe('splitOnDataError', () => {
	it('halves a group rejected for a data error until only the culprit fails', async () => {
		const calls: number[][] = [];
		const results = await splitOnDataError(
			[1, 2, 3, 4, 5, 6, 7],
			async (part) => {
				calls.push(part);
				if (part.includes(5)) throw zohoError(400, 'INVALID_QUERY');
				return part.map((n) => `ok ${n}`);
			},
			(part) => part.map((n) => `failed ${n}`),
		);
		expect(results).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'failed 5', 'ok 6', 'ok 7']);
		expect(calls.length).toBeLessThanOrEqual(8);
	});

	it('does not split on a retryable failure: the whole group gets it', async () => {
		const run = jest.fn(async () => {
			throw zohoError(503);
		});
		const results = await splitOnDataError([1, 2, 3], run, (part) => part.map(() => 'later'));
		expect(results).toEqual(['later', 'later', 'later']);
		expect(run).toHaveBeenCalledTimes(1);
	});

	it('a fatal cause fails the node at once', async () => {
		transport.searchRecords.mockRejectedValue(zohoError(401, 'INVALID_TOKEN'));
		await expect(planWrites.call(ctx, settings(), candidates(3))).rejects.toThrow(
			/Looking up existing records for items 1–3 failed/,
		);
		expect(transport.searchRecords).toHaveBeenCalledTimes(1);
	});
});

describe('plan phase', () => {
	it('create: existing → EXISTS; a value Zoho cannot search → only that item, naming the field', async () => {
		transport.searchRecords.mockImplementation(async (_module, criteria) => {
			if (criteria.some((c) => c.value === 'p2@x.com')) throw zohoError(400, 'INVALID_QUERY');
			return criteria.some((c) => c.value === 'p0@x.com') ? [{ id: '9', Email: 'p0@x.com' }] : [];
		});
		const { writes, outcomes } = await planWrites.call(ctx, settings(), candidates(4));
		expect(writes.map((write) => write.candidate.index)).toEqual([1, 3]);
		expect(outcomes.get(0)).toMatchObject({ error: { code: 'EXISTS', id: '9' } });
		expect(outcomes.get(2)).toMatchObject({
			error: { code: 'INVALID_QUERY', field: 'Email', retryable: false, httpStatus: 400 },
		});
	});
});

describe('insert recovery', () => {
	const payloads = [record(0), record(1)];

	it('503 (not applied), nothing found, resend applied but 500 → searched again, both inserted', async () => {
		transport.writeRecordsBatch
			.mockRejectedValueOnce(zohoError(503))
			.mockRejectedValueOnce(zohoError(500, 'INTERNAL_ERROR'));
		transport.searchRecords.mockResolvedValueOnce([]).mockResolvedValueOnce([
			{ id: '10', ...record(0) },
			{ id: '11', ...record(1) },
		]);
		const results = await insertWithoutDuplicates.call(ctx, settings(), payloads);
		expect(results).toMatchObject([
			{ ok: true, id: '10', action: 'insert' },
			{ ok: true, id: '11', action: 'insert' },
		]);
		expect(transport.writeRecordsBatch).toHaveBeenCalledTimes(2);
		expect(transport.searchRecords).toHaveBeenCalledTimes(2);
	});

	it('never resends without a search first, and gives up retryable after the last resend', async () => {
		transport.writeRecordsBatch.mockRejectedValue(zohoError(502));
		transport.searchRecords.mockResolvedValue([{ id: '10', ...record(0) }]);
		const results = await insertWithoutDuplicates.call(ctx, settings(), payloads);
		expect(results[0]).toMatchObject({ ok: true, id: '10' });
		expect(results[1]).toMatchObject({ ok: false, code: 'HTTP_502', retryable: true });
		const order = [
			...transport.writeRecordsBatch.mock.invocationCallOrder.map((at) => ({ at, call: 'insert' })),
			...transport.searchRecords.mock.invocationCallOrder.map((at) => ({ at, call: 'search' })),
		]
			.sort((a, b) => a.at - b.at)
			.map((entry) => entry.call);
		const resends = MAX_INSERT_RESENDS;
		expect(order).toEqual([
			'insert',
			...Array<string[]>(resends).fill(['search', 'insert']).flat(),
			'search',
		]);
		// The resends only carry the record no search found.
		expect(transport.writeRecordsBatch.mock.calls[1][2]).toEqual([record(1)]);
	});

	it('a 429 or a data error on the first call is rejected before writing: no search, the caller decides', async () => {
		transport.writeRecordsBatch.mockRejectedValue(zohoError(429, 'TOO_MANY_REQUESTS'));
		await expect(insertWithoutDuplicates.call(ctx, settings(), payloads)).rejects.toBeInstanceOf(
			NodeApiError,
		);
		expect(transport.searchRecords).not.toHaveBeenCalled();
	});

	it('write phase: a 429 that outlasted the retries puts the batch on Not Pushed, retryable', async () => {
		transport.writeRecordsBatch.mockRejectedValue(zohoError(429, 'TOO_MANY_REQUESTS'));
		const writes = candidates(2).map((candidate) => ({
			candidate,
			payload: candidate.record,
			existingId: null,
		}));
		const outcomes = await writeAll.call(ctx, settings({ operation: 'upsert' }), writes);
		expect(outcomes.get(1)).toMatchObject({
			error: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, retryable: true },
		});
	});
});

describe('note phase', () => {
	const items = [0, 1].map((n) => ({
		json: { activity: 'opened', campaign: { key: 'k1', name: 'Spring' }, email: `p${n}@x.com` },
	}));
	const title = 'Opened campaign "Spring" (k1)';

	it('reads only records this run did not insert; a note with the same title is not added again', async () => {
		transport.getRecordNotes.mockResolvedValue([{ id: 'n-old', title }]);
		transport.createNotes.mockResolvedValue([ok('n-new')]);
		const annotations = await addNotes.call(
			ctx,
			settings(),
			items,
			[
				{ index: 0, entry: { id: 'r0', action: 'updated' } },
				{ index: 1, entry: { id: 'r1', action: 'inserted' } },
			],
			'2026-11-20T12:00:00Z',
		);
		expect(transport.getRecordNotes).toHaveBeenCalledTimes(1);
		expect(transport.getRecordNotes.mock.calls[0][1]).toBe('r0');
		expect(annotations.get(0)).toEqual({ noteId: 'n-old', noteExisted: true });
		expect(annotations.get(1)).toEqual({ noteId: 'n-new' });
		expect(transport.createNotes.mock.calls[0][0]).toEqual([
			expect.objectContaining({ parentId: 'r1', title }),
		]);
	});

	it('a notes call that failed but may have been applied: checked, only the missing note resent', async () => {
		transport.createNotes
			.mockRejectedValueOnce(zohoError(500, 'INTERNAL_ERROR'))
			.mockResolvedValueOnce([ok('n-2')]);
		transport.getRecordNotes.mockImplementation(async (_module, id) =>
			id === 'r0' ? [{ id: 'n-1', title }] : [],
		);
		const annotations = await addNotes.call(
			ctx,
			settings(),
			items,
			[
				{ index: 0, entry: { id: 'r0', action: 'inserted' } },
				{ index: 1, entry: { id: 'r1', action: 'inserted' } },
			],
			'2026-11-20T12:00:00Z',
		);
		expect(annotations.get(0)).toEqual({ noteId: 'n-1', noteExisted: true });
		expect(annotations.get(1)).toEqual({ noteId: 'n-2' });
		expect(transport.createNotes.mock.calls[1][0]).toEqual([
			expect.objectContaining({ parentId: 'r1' }),
		]);
	});
});
