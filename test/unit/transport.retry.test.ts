import {
	DEFAULT_RETRY_POLICY,
	RECRUIT_RETRY_POLICY,
	retryRuntime,
	useRetryRuntime,
	isRetryableNetworkError,
	isRetryableStatus,
	retryDelayMs,
	serverWaitMs,
	withRetry,
} from '../../nodes/shared/transport/retry';

describe('retry policy', () => {
	it('retries 429 always, 5xx only when idempotent, never other statuses', () => {
		expect(isRetryableStatus(429, false)).toBe(true);
		expect(isRetryableStatus(429, true)).toBe(true);
		for (const s of [500, 502, 503, 504]) {
			expect(isRetryableStatus(s, true)).toBe(true);
			expect(isRetryableStatus(s, false)).toBe(false);
		}
		for (const s of [200, 202, 204, 400, 401, 403, 404])
			expect(isRetryableStatus(s, true)).toBe(false);
		expect(isRetryableNetworkError('ECONNRESET', true)).toBe(true);
		expect(isRetryableNetworkError('ECONNRESET', false)).toBe(false);
		expect(isRetryableNetworkError(undefined, true)).toBe(false);
	});

	it('grows the ceiling exponentially, caps it, jitters below it and stops after maxRetries', () => {
		const max = () => 0.999999;
		const ceilings = [0, 1, 2, 3].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY, null, max));
		expect(ceilings).toEqual([199, 399, 799, 1599]);
		const capped = retryDelayMs(10, { ...DEFAULT_RETRY_POLICY, maxRetries: 20 }, null, max);
		expect(capped).toBe(DEFAULT_RETRY_POLICY.maxDelayMs - 1);
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, null, () => 0)).toBe(0);
		expect(retryDelayMs(4, DEFAULT_RETRY_POLICY, null, max)).toBeNull();
	});

	it('honours a server wait as a floor, and gives up when it is unreasonably long', () => {
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, 2_000, () => 0)).toBe(2_000);
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, 2_000, () => 0.5)).toBe(2_100);
		expect(retryDelayMs(0, DEFAULT_RETRY_POLICY, 3_600_000, () => 0)).toBeNull();
	});

	it('reads Retry-After (seconds or date) and x-ratelimit-reset (epoch ms/s or seconds)', () => {
		const now = Date.parse('2026-11-20T12:00:00Z');
		expect(serverWaitMs({ 'retry-after': '3' }, now)).toBe(3_000);
		expect(serverWaitMs({ 'Retry-After': 'Fri, 20 Nov 2026 12:00:05 GMT' }, now)).toBe(5_000);
		expect(serverWaitMs({ 'x-ratelimit-reset': String(now + 1_500) }, now)).toBe(1_500);
		expect(serverWaitMs({ 'x-ratelimit-reset': String(now / 1000 + 2) }, now)).toBe(2_000);
		expect(serverWaitMs({ 'x-ratelimit-reset': '4' }, now)).toBe(4_000);
		expect(serverWaitMs({ 'x-ratelimit-reset': String(now - 10_000) }, now)).toBe(0);
		expect(serverWaitMs({}, now)).toBeNull();
		expect(serverWaitMs({ 'retry-after': 'soon' }, now)).toBeNull();
	});
});

describe('withRetry', () => {
	it('retries until the judge accepts, sleeping the policy delays', async () => {
		const waits: number[] = [];
		const statuses = [429, 500, 200];
		let calls = 0;
		const result = await withRetry(
			async () => statuses[calls++],
			({ value }) => ({ retryable: isRetryableStatus(value as number, true), serverWaitMs: null }),
			DEFAULT_RETRY_POLICY,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(result).toBe(200);
		expect(calls).toBe(3);
		expect(waits).toHaveLength(2);
		expect(waits[0]).toBeLessThan(200);
		expect(waits[1]).toBeLessThan(400);
	});

	it('returns the last retryable outcome after maxRetries and rethrows errors unchanged', async () => {
		let calls = 0;
		const last = await withRetry(
			async () => {
				calls++;
				return 503;
			},
			() => ({ retryable: true, serverWaitMs: null }),
			{ ...DEFAULT_RETRY_POLICY, maxRetries: 2 },
			async () => {},
		);
		expect(last).toBe(503);
		expect(calls).toBe(3);

		const boom = new Error('boom');
		await expect(
			withRetry(
				async () => {
					throw boom;
				},
				() => ({ retryable: false, serverWaitMs: null }),
				DEFAULT_RETRY_POLICY,
				async () => {},
			),
		).rejects.toBe(boom);
	});

	it('uses n8n-workflow sleep by default (really waits)', async () => {
		const started = Date.now();
		let calls = 0;
		await withRetry(
			async () => ++calls,
			({ value }) => ({ retryable: value === 1, serverWaitMs: 50 }),
		);
		expect(calls).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(45);
	});
});

describe('wait budgets and the injectable runtime', () => {
	it('stops when the next delay does not fit the policy total or the shared budget', async () => {
		const waits: number[] = [];
		let calls = 0;
		const policy = { ...RECRUIT_RETRY_POLICY, maxTotalWaitMs: 10_000 };
		await withRetry(
			async () => ++calls,
			() => ({ retryable: true, serverWaitMs: 4_000 }),
			policy,
			async (ms) => {
				waits.push(ms);
			},
		);
		// 4 s + jitter twice fits in 10 s, a third wait would not.
		expect(waits).toHaveLength(2);
		expect(calls).toBe(3);

		const budget = { remainingMs: 5_000 };
		calls = 0;
		await withRetry(
			async () => ++calls,
			() => ({ retryable: true, serverWaitMs: 4_000 }),
			policy,
			async () => {},
			budget,
		);
		expect(calls).toBe(2);
		expect(budget.remainingMs).toBeLessThan(1_000);
	});

	it('a server wait longer than the policy allows ends the retries at once', async () => {
		let calls = 0;
		await withRetry(
			async () => ++calls,
			() => ({ retryable: true, serverWaitMs: 3_600_000 }),
			RECRUIT_RETRY_POLICY,
			async () => {
				throw new Error('must not wait');
			},
		);
		expect(calls).toBe(1);
	});

	it('tests replace the clock: no real waiting, and the previous runtime comes back', async () => {
		const waits: number[] = [];
		const restore = useRetryRuntime({ wait: async (ms) => void waits.push(ms), random: () => 0 });
		try {
			let calls = 0;
			const started = Date.now();
			await withRetry(
				async () => ++calls,
				({ value }) => ({ retryable: (value as number) < 3, serverWaitMs: 30_000 }),
				RECRUIT_RETRY_POLICY,
			);
			expect(waits).toEqual([30_000, 30_000]);
			expect(Date.now() - started).toBeLessThan(1_000);
			expect(retryRuntime().random()).toBe(0);
		} finally {
			restore();
		}
		expect(retryRuntime().random).not.toBeUndefined();
		expect(retryRuntime().random()).not.toBe(0);
	});
});
