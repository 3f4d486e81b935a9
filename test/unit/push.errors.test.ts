// The push's one error model: classification from what the transport stored on the error, with
// message matching only as a fallback.
import { NodeApiError, type INode } from 'n8n-workflow';

import {
	classifyFailure,
	isRetryableRecordCode,
	mayHaveBeenApplied,
} from '../../nodes/RecruitPush/errors';
import { zohoApiError, type AnyContext } from '../../nodes/shared/transport/http';
import { zohoRetryAt } from '../../nodes/shared/transport/recruit';

const node: INode = {
	id: 'n',
	name: 'Recruit Push',
	type: 'recruitPush',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node } as unknown as AnyContext;

/** An error as the Recruit transport throws it. */
function transportError(
	httpCode: number | null,
	zohoCode?: string,
	extra: { networkCode?: string; retryAt?: string } = {},
): NodeApiError {
	const error = zohoApiError(ctx, {
		message: `Zoho Recruit POST /Candidates failed: ${zohoCode ?? 'x'}`,
		httpCode,
		zohoCode,
	});
	if (extra.networkCode) error.context.networkCode = extra.networkCode;
	if (extra.retryAt) error.context.retryAt = extra.retryAt;
	return error;
}

describe('classifyFailure', () => {
	it('429 (any cause) is retryable and keeps the time Zoho gave', () => {
		const cause = classifyFailure(
			transportError(429, 'TOO_MANY_REQUESTS', { retryAt: '2026-11-21T00:00:00.000Z' }),
		);
		expect(cause).toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			status: 429,
			fatal: false,
			retryable: true,
			retryAt: '2026-11-21T00:00:00.000Z',
		});
		expect(mayHaveBeenApplied(cause)).toBe(false);
	});

	it('5xx, timeouts and connection errors are retryable; a 5xx may have been applied', () => {
		for (const status of [500, 502, 503, 504]) {
			const cause = classifyFailure(
				transportError(status, status === 500 ? 'INTERNAL_ERROR' : undefined),
			);
			expect(cause).toMatchObject({ status, retryable: true, fatal: false, retryAt: null });
			expect(mayHaveBeenApplied(cause)).toBe(true);
		}
		const timeout = classifyFailure(
			transportError(null, undefined, { networkCode: 'ECONNABORTED' }),
		);
		expect(timeout).toMatchObject({ code: 'ECONNABORTED', status: null, retryable: true });
		expect(mayHaveBeenApplied(timeout)).toBe(true);
		expect(
			classifyFailure(transportError(null, undefined, { networkCode: 'ECONNREFUSED' })).retryable,
		).toBe(true);
	});

	it('authentication and configuration fail the node and are not retryable', () => {
		for (const [status, code] of [
			[401, 'INVALID_TOKEN'],
			[401, 'OAUTH_SCOPE_MISMATCH'],
			[403, 'NO_PERMISSION'],
			[400, 'INVALID_MODULE'],
		] as const) {
			expect(classifyFailure(transportError(status, code))).toMatchObject({
				code,
				fatal: true,
				retryable: false,
			});
		}
	});

	it('request-level data errors are neither fatal nor retryable', () => {
		for (const code of ['INVALID_QUERY', 'INVALID_DATA', 'LIMIT_EXCEEDED']) {
			expect(classifyFailure(transportError(400, code))).toMatchObject({
				code,
				fatal: false,
				retryable: false,
				retryAt: null,
			});
		}
	});

	it('the stored code wins over the text; a retryAt is dropped when the failure is not retryable', () => {
		const error = transportError(400, 'INVALID_QUERY', { retryAt: '2026-11-21T00:00:00.000Z' });
		error.message = 'something mentioning INTERNAL_ERROR';
		expect(classifyFailure(error)).toMatchObject({
			code: 'INVALID_QUERY',
			retryable: false,
			retryAt: null,
		});
	});

	it('falls back to the message for errors that did not come through the transport', () => {
		expect(
			classifyFailure(new Error('Zoho Recruit INVALID_MODULE: the module name seems invalid')),
		).toMatchObject({ code: 'INVALID_MODULE', fatal: true, retryable: false });
		expect(classifyFailure(new Error('timeout of 30000ms exceeded'))).toMatchObject({
			code: 'ETIMEDOUT',
			retryable: true,
		});
		expect(classifyFailure(new Error('read ECONNRESET'))).toMatchObject({
			code: 'ECONNRESET',
			retryable: true,
		});
		expect(
			classifyFailure(Object.assign(new Error('Internal error'), { httpCode: '500' })),
		).toMatchObject({
			code: 'HTTP_500',
			retryable: true,
		});
		expect(classifyFailure(new TypeError('x is undefined'))).toMatchObject({
			code: 'REQUEST_FAILED',
			retryable: false,
		});
	});

	it('per-record codes: only Zoho-side failures are worth a retry', () => {
		for (const code of ['INTERNAL_ERROR', 'NO_RESULT', 'TOO_MANY_REQUESTS'])
			expect(isRetryableRecordCode(code)).toBe(true);
		for (const code of [
			'MANDATORY_NOT_FOUND',
			'INVALID_DATA',
			'DUPLICATE_DATA',
			'EXISTS',
			'NOT_FOUND',
		])
			expect(isRetryableRecordCode(code)).toBe(false);
	});
});

describe('zohoRetryAt', () => {
	const now = Date.parse('2026-11-20T12:00:00Z');

	it('reads Retry-After in seconds or as an HTTP date, and x-ratelimit-reset', () => {
		expect(zohoRetryAt({ 'Retry-After': '120' }, null, now)).toBe(now + 120_000);
		expect(zohoRetryAt({ 'retry-after': 'Fri, 20 Nov 2026 13:00:00 GMT' }, null, now)).toBe(
			now + 3_600_000,
		);
		expect(zohoRetryAt({ 'x-ratelimit-reset': String(now + 5_000) }, null, now)).toBe(now + 5_000);
	});

	it('reads a reset time from the 429 body (ISO, epoch ms, epoch s, seconds to wait)', () => {
		const body = (details: object) => ({ code: 'TOO_MANY_REQUESTS', details });
		expect(zohoRetryAt({}, body({ next_release: '2026-11-21T00:00:00Z' }), now)).toBe(
			Date.parse('2026-11-21T00:00:00Z'),
		);
		expect(zohoRetryAt({}, body({ reset_time: now + 60_000 }), now)).toBe(now + 60_000);
		expect(zohoRetryAt({}, body({ reset_time: now / 1000 + 60 }), now)).toBe(now + 60_000);
		expect(zohoRetryAt({}, body({ retry_after: 30 }), now)).toBe(now + 30_000);
		// Zoho's time is kept as given, even when our clock is already past it.
		expect(zohoRetryAt({}, body({ next_release: '2026-11-20T11:00:00Z' }), now)).toBe(
			Date.parse('2026-11-20T11:00:00Z'),
		);
	});

	it('is null when Zoho is silent', () => {
		expect(zohoRetryAt({}, { code: 'TOO_MANY_REQUESTS', details: {} }, now)).toBeNull();
		expect(zohoRetryAt(undefined, 'Service Unavailable', now)).toBeNull();
		expect(zohoRetryAt({ 'retry-after': 'soon' }, null, now)).toBeNull();
	});
});
