// Execution custom data: counts add up across the nodes and runs of one execution, and stay
// within n8n's limits (10 keys, key characters, value length).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	SUMMARY_KEYS,
	formatBreakdown,
	mergeSummary,
	parseBreakdown,
	recordEligibility,
	recordPush,
} from '../../nodes/shared/executionSummary';

function fakeContext() {
	const data: Record<string, string> = {};
	const customData = {
		set: (key: string, value: string) => void (data[key] = value),
		setAll: (values: Record<string, string>) => void Object.assign(data, values),
		get: (key: string) => data[key],
		getAll: () => ({ ...data }),
	};
	return { ctx: { customData } as unknown as IExecuteFunctions, data };
}

const items = (...jsons: object[]): INodeExecutionData[] =>
	jsons.map((json) => ({ json: json as never }));

it('keeps every key within what n8n accepts', () => {
	const keys = Object.values(SUMMARY_KEYS);
	expect(keys.length).toBeLessThanOrEqual(10);
	for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_]{1,50}$/);
});

it('adds the counts of both filters and of every push run of one execution', () => {
	const { ctx, data } = fakeContext();
	recordEligibility(
		ctx,
		items({ email: 'a' }, { email: 'b' }),
		items({ ineligibleReasons: [{ code: 'unsubscribed' }, { code: 'invalid_email' }] }),
	);
	recordEligibility(ctx, items({}), items({ ineligibleReasons: [{ code: 'unsubscribed' }] }));
	recordPush(ctx, [
		items({ recruit: { action: 'inserted' } }),
		items({ pushError: { code: 'SERVICE_UNAVAILABLE' } }),
	]);
	const outputs: INodeExecutionData[][] = [
		items({ recruit: { action: 'inserted' } }, { recruit: { action: 'updated' } }),
		[],
	];
	expect(recordPush(ctx, outputs)).toBe(outputs);
	expect(data).toEqual({
		emitted: '5',
		eligible: '3',
		notEligible: '2',
		notEligibleBy: 'unsubscribed 2, invalid_email 1',
		pushed: '3',
		pushedBy: 'inserted 2, updated 1',
		notPushed: '1',
		notPushedBy: 'SERVICE_UNAVAILABLE 1',
	});
});

it('parses and formats a breakdown, largest first, cut to 255 characters', () => {
	expect([...parseBreakdown('a 2, b 10,  junk , c 1').entries()]).toEqual([
		['a', 2],
		['b', 10],
		['c', 1],
	]);
	expect(
		formatBreakdown(
			new Map([
				['a', 2],
				['b', 10],
			]),
		),
	).toBe('b 10, a 2');
	const many = new Map(
		Array.from({ length: 40 }, (_, i) => [`reason_code_${i}`, 1] as [string, number]),
	);
	expect(formatBreakdown(many).length).toBe(255);
	expect(mergeSummary({ n: '4' }, { key: 'n', count: 3 })).toEqual({ n: '7' });
});

it('is a no-op in a context without custom data', () => {
	const ctx = {
		get customData(): never {
			throw new Error('Cannot access customData');
		},
	} as unknown as IExecuteFunctions;
	expect(() => recordPush(ctx, [[], []])).not.toThrow();
});
