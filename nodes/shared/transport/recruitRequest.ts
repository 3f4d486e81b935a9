import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { isObject } from '../collections';
import { requestErrorSchema } from '../schemas/recruit';
import {
	REQUEST_TIMEOUT_MS,
	resolveApiOrigin,
	sendAuthenticated,
	thrownBody,
	thrownHeaders,
	thrownNetworkCode,
	thrownStatus,
	zohoApiError,
	type RawResponse,
} from './http';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	RECRUIT_EXECUTION_WAIT_BUDGET_MS,
	RECRUIT_RETRY_POLICY,
	retryRuntime,
	serverWaitMs,
	withRetry,
	type WaitBudget,
} from './retry';

/**
 * The one Zoho Recruit API v2 call every endpoint in recruit.ts goes through: URL, auth,
 * timeout, retries, the envelope and the error a failed request throws. It returns the status
 * code because Recruit signals meaning with it: 204 = nothing found, 202/400 = per-record results
 * in data[].
 */

export type RecruitContext = IExecuteFunctions | ILoadOptionsFunctions;

export const RECRUIT_CREDENTIAL = 'zohoRecruitOAuth2Api';

export interface RecruitResponse {
	statusCode: number;
	/** null on 204. */
	body: IDataObject | null;
}

/**
 * Hints for request-level errors a user can act on (docs/zoho-api.md, Recruit: Other facts the
 * nodes use).
 */
const ERROR_HINTS: Record<string, string> = {
	INVALID_TOKEN:
		'Zoho rejected the access token even after n8n refreshed it. Reconnect the Zoho Recruit credential and check its data centre.',
	AUTHENTICATION_FAILURE:
		'Zoho did not accept the authentication. Reconnect the Zoho Recruit credential and check its data centre.',
	OAUTH_SCOPE_MISMATCH:
		'The connected token lacks a scope this operation needs. Reconnect the credential so Zoho grants all of its scopes.',
	NO_PERMISSION: 'The connected Zoho user has no permission for this operation.',
	INVALID_MODULE: 'The module does not exist or is not available in this Zoho Recruit account.',
	INVALID_URL_PATTERN: 'Zoho does not know this API path.',
	LIMIT_EXCEEDED: 'Too many records or criteria in one request.',
	INVALID_QUERY: 'Zoho could not parse the search criteria.',
};

function queryString(qs: IDataObject | undefined): string {
	if (!qs) return '';
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		const text = Array.isArray(value) ? value.join(',') : String(value);
		// encodeURIComponent (unlike axios' default serializer) also encodes "," and "\", which is
		// what Zoho documents for criteria values: "Burns\,B" → "Burns%5C%2CB"
		// (https://www.zoho.com/recruit/developer-guide/apiv2/search-records.html).
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
	}
	return parts.length ? `?${parts.join('&')}` : '';
}

function requestLevelError(body: unknown): { code: string; message: string } | null {
	if (!isObject(body) || Array.isArray(body.data)) return null;
	const parsed = requestErrorSchema.safeParse(body);
	return parsed.success ? { code: parsed.data.code, message: parsed.data.message } : null;
}

/**
 * When Zoho says the call may be tried again, in epoch ms: Retry-After (seconds or an HTTP date)
 * or x-ratelimit-reset headers, else a time in the error's details (Recruit's 429 body is not
 * documented; `next_release` / `reset_time` / `retry_after` are accepted as ISO, epoch or
 * seconds). null when Zoho is silent.
 */
export function zohoRetryAt(
	headers: Record<string, unknown> | undefined,
	body: unknown,
	nowMs: number,
): number | null {
	const wait = serverWaitMs(headers, nowMs);
	if (wait !== null) return nowMs + wait;
	const details = isObject(body) && isObject(body.details) ? body.details : null;
	if (!details) return null;
	for (const key of ['next_release', 'reset_time', 'resets_at']) {
		const value = details[key];
		const at =
			typeof value === 'number'
				? value > 1e12
					? value
					: value * 1000
				: typeof value === 'string'
					? Date.parse(value)
					: NaN;
		// Zoho's time as given, even when it is already past by our clock (skew): "now".
		if (Number.isFinite(at)) return at;
	}
	const seconds = Number(details.retry_after);
	return Number.isFinite(seconds) && seconds >= 0 ? nowMs + seconds * 1000 : null;
}

/**
 * The error a failed request throws. Besides Zoho's code (context.zohoCode, set by
 * zohoApiError) it carries what the push needs to classify it without reading the message:
 * context.networkCode (ECONNRESET, ETIMEDOUT, …), context.retryAt (ISO, when Zoho said) and
 * context.zohoField (the field a request-level data error names).
 */
function requestFailure(
	ctx: RecruitContext,
	request: { method: string; path: string },
	failure: {
		status: number | null;
		body: unknown;
		headers?: Record<string, unknown>;
		networkCode?: string;
		fallback: string;
	},
) {
	const { status, body } = failure;
	const zoho = requestLevelError(body);
	const what = zoho ? `${zoho.code}${zoho.message ? ` – ${zoho.message}` : ''}` : failure.fallback;
	let hint = zoho ? ERROR_HINTS[zoho.code] : undefined;
	if (!hint && status === 429) {
		hint =
			'Zoho Recruit is rate limiting this account (API credits or concurrency); retried with backoff and gave up.';
	} else if (!hint && status !== null && status >= 500) {
		hint = 'Zoho Recruit failed to process the request.';
	}
	const error = zohoApiError(ctx, {
		message: `Zoho Recruit ${request.method} /${request.path} failed: ${what}${status ? ` (HTTP ${status})` : ''}`,
		description: hint,
		httpCode: status,
		zohoCode: zoho?.code,
		body,
	});
	if (failure.networkCode) error.context.networkCode = failure.networkCode;
	// A request-level data error may name the field (details.api_name), as per-record errors do.
	const details = isObject(body) && isObject(body.details) ? body.details : null;
	if (typeof details?.api_name === 'string') error.context.zohoField = details.api_name;
	const retryAt = zohoRetryAt(failure.headers, body, retryRuntime().now());
	if (retryAt !== null) error.context.retryAt = new Date(retryAt).toISOString();
	return error;
}

/** How long Zoho asked to wait before the next attempt (headers or the 429 body), or null. */
function serverWait(response: RawResponse): number | null {
	const now = retryRuntime().now();
	const at = zohoRetryAt(response.headers, response.body, now);
	return at === null ? null : Math.max(0, at - now);
}

// One wait budget per execution: a long outage must not hold one run for minutes per batch.
const waitBudgets = new WeakMap<object, WaitBudget>();

function waitBudget(ctx: RecruitContext): WaitBudget {
	let budget = waitBudgets.get(ctx);
	if (!budget) {
		budget = { remainingMs: RECRUIT_EXECUTION_WAIT_BUDGET_MS };
		waitBudgets.set(ctx, budget);
	}
	return budget;
}

/**
 * One call. Retries 429 and 5xx with capped, jittered backoff (sleep from n8n-workflow) when
 * `idempotent` (default true); when false only 429 is retried (a 5xx may have been applied).
 * Per-record error arrays (HTTP 202/400 with data[]) are returned, not thrown. Throws
 * NodeApiError with httpCode for auth errors (INVALID_TOKEN after n8n's refresh,
 * AUTHENTICATION_FAILURE, OAUTH_SCOPE_MISMATCH), request-level errors (INVALID_MODULE,
 * INVALID_QUERY, LIMIT_EXCEEDED, ...), and 429/5xx after the last retry. Every request has a
 * timeout.
 */
export async function recruitApiRequest(
	this: RecruitContext,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	options: { qs?: IDataObject; body?: IDataObject; idempotent?: boolean; timeoutMs?: number } = {},
): Promise<RecruitResponse> {
	const origin = await resolveApiOrigin(this, RECRUIT_CREDENTIAL, 'recruit');
	const cleanPath = path.replace(/^\/+/, '');
	const idempotent = options.idempotent ?? true;
	const url = `${origin}/recruit/v2/${cleanPath}${queryString(options.qs)}`;

	let response: RawResponse;
	const request = { method, path: cleanPath };
	try {
		response = await withRetry(
			async () =>
				await sendAuthenticated(this, RECRUIT_CREDENTIAL, {
					method,
					url,
					body: options.body,
					json: true,
					timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
				}),
			({ value, error }) =>
				value
					? {
							retryable: isRetryableStatus(value.statusCode, idempotent),
							serverWaitMs: serverWait(value),
						}
					: {
							retryable: isRetryableNetworkError(thrownNetworkCode(error), idempotent),
							serverWaitMs: null,
						},
			RECRUIT_RETRY_POLICY,
			undefined,
			waitBudget(this),
		);
	} catch (error) {
		// A 401 that survived n8n's refresh-and-retry, a timeout, a refused connection.
		throw requestFailure(this, request, {
			status: thrownStatus(error),
			body: thrownBody(error),
			headers: thrownHeaders(error),
			networkCode: thrownNetworkCode(error),
			fallback: (error as Error).message || 'request failed',
		});
	}

	const { statusCode, body } = response;
	if (statusCode === 204) return { statusCode, body: null };
	if (statusCode >= 200 && statusCode < 300) {
		return { statusCode, body: isObject(body) ? body : null };
	}
	// 400 (or any 4xx) with data[] = per-record validation results, e.g. an all-failed batch.
	if (
		statusCode >= 400 &&
		statusCode < 500 &&
		statusCode !== 429 &&
		isObject(body) &&
		Array.isArray(body.data)
	) {
		return { statusCode, body };
	}
	throw requestFailure(this, request, {
		status: statusCode,
		body,
		headers: response.headers,
		fallback: `HTTP ${statusCode}`,
	});
}
