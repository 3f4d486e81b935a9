import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';
import type { z } from 'zod';

import { isObject } from '../collections';
import { campaignsEnvelopeSchema } from '../schemas/campaigns';
import {
	resolveApiOrigin,
	sendAuthenticated,
	thrownBody,
	thrownNetworkCode,
	thrownStatus,
	zohoApiError,
	zohoRefreshError,
} from './http';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	serverWaitMs,
	withRetry,
	type RetryPolicy,
} from './retry';

/**
 * One Zoho Campaigns API v1.1 request: URL, format parameter, retries, request observers and the
 * envelope (success, "nothing there", error). Params always travel in the query string: a JSON
 * body is silently ignored by Zoho (docs/zoho-api.md, "Parameters").
 */

export type CampaignsContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const CAMPAIGNS_CREDENTIAL = 'zohoCampaignsOAuth2Api';

/**
 * Error codes that mean "nothing there" rather than failure, per endpoint: a code means "empty"
 * only on the endpoint whose page says so. Elsewhere Zoho's catalogue gives the same numbers
 * other meanings (2401 "List ID is empty or invalid listId", 6303 "User agent unknown"),
 * https://www.zoho.com/campaigns/help/developers/error-codes.html (docs/zoho-api.md, "Nothing
 * there").
 */
export const EMPTY_RESULT_CODES_BY_METHOD: Readonly<Record<string, readonly string[]>> = {
	// "No mailing list has been created" (get-mailing-lists.html).
	getmailinglists: ['2401'],
	// "No campaign was sent": nothing matches the status filter, or a page past the end.
	recentcampaigns: ['6101'],
	// 6303 "no contacts in the selected mailing list" (campaign-recipient-data.html). Which code
	// ends the pages is not established: 6302 "No contacts found" and 6501 "No contacts present
	// for this criteria" are both plausible, so both are accepted.
	getcampaignrecipientsdata: ['6303', '6302', '6501'],
};

/** Every code that means "nothing there" on some endpoint (see EMPTY_RESULT_CODES_BY_METHOD). */
export const EMPTY_RESULT_CODES: readonly string[] = [
	...new Set(Object.values(EMPTY_RESULT_CODES_BY_METHOD).flat()),
];

export function isEmptyResultCode(apiMethod: string, code: string): boolean {
	return EMPTY_RESULT_CODES_BY_METHOD[apiMethod]?.includes(code) ?? false;
}

/** Campaigns reads are all idempotent; 429/5xx/network hiccups are retried with backoff. */
const retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY;

/**
 * Request observers, per execution context. Zoho's rate limit counts HTTP requests per API
 * method, and one logical call here may send several: retries of 429/5xx/network failures, and
 * the same page again with a halved range after 6502. A caller that keeps its own budget (the
 * trigger) registers a listener to count exactly what is sent.
 */
const requestObservers = new WeakMap<object, Set<(apiMethod: string) => void>>();

/**
 * Calls `listener` with the API method once per HTTP attempt that this transport starts with
 * `ctx` (before sending, so a request that fails or times out counts too). Not seen, because they
 * happen inside n8n's httpRequestWithAuthentication: the repeat after n8n refreshes an expired
 * token on 401 (the rejected request was not authenticated) and the token refresh itself (an
 * accounts call, not a Campaigns endpoint). Returns the function that unregisters the listener.
 */
export function observeCampaignsRequests(
	ctx: CampaignsContext,
	listener: (apiMethod: string) => void,
): () => void {
	let listeners = requestObservers.get(ctx);
	if (!listeners) {
		listeners = new Set();
		requestObservers.set(ctx, listeners);
	}
	listeners.add(listener);
	return () => {
		listeners.delete(listener);
		if (listeners.size === 0 && requestObservers.get(ctx) === listeners) {
			requestObservers.delete(ctx);
		}
	};
}

function notifyRequest(ctx: CampaignsContext, apiMethod: string): void {
	requestObservers.get(ctx)?.forEach((listener) => listener(apiMethod));
}

export type CallOutcome =
	| { kind: 'ok'; body: IDataObject }
	| { kind: 'empty'; code: string }
	| { kind: 'error'; code: string; message: string };

/** Zoho's error code and message when `body` is an error envelope, else null. */
export function envelopeFailure(body: IDataObject): { code: string; message: string } | null {
	const parsed = campaignsEnvelopeSchema.safeParse(body);
	if (!parsed.success) return null;
	const env = parsed.data;
	// contact/allfields and a few others nest the envelope under `response`.
	const inner = isObject(env.response) ? campaignsEnvelopeSchema.safeParse(env.response) : null;
	const source = env.status === undefined && inner?.success ? inner.data : env;
	const status = typeof source.status === 'string' ? source.status.toLowerCase() : undefined;
	const code = source.code ?? source.Code;
	const isError =
		status === 'error' ||
		status === 'failure' ||
		(status === undefined &&
			code !== undefined &&
			code !== '0' &&
			code !== '200' &&
			source.message !== 'success');
	if (!isError) return null;
	const message =
		typeof source.message === 'string' && source.message !== '' ? source.message : 'Unknown error';
	return { code: code ?? 'unknown', message };
}

/** Why a request failed, in one phrase: Zoho's own message and code when it sent an envelope. */
function failureReason(body: unknown, status: number | null, fallback: string) {
	const failure = isObject(body) ? envelopeFailure(body) : null;
	const reason = failure
		? `${failure.message} (Zoho code ${failure.code})`
		: status !== null && status >= 400
			? `HTTP ${status}`
			: fallback;
	return { failure, reason };
}

export async function callCampaigns(
	ctx: CampaignsContext,
	method: 'GET' | 'POST',
	apiMethod: string,
	qs: IDataObject = {},
): Promise<CallOutcome> {
	const origin = await resolveApiOrigin(ctx, CAMPAIGNS_CREDENTIAL, 'campaigns');
	// contact/allfields takes `type=json` instead of resfmt; everything else defaults to XML
	// unless resfmt=JSON is sent.
	const format = apiMethod === 'contact/allfields' ? { type: 'json' } : { resfmt: 'JSON' };
	const send = async () => {
		notifyRequest(ctx, apiMethod);
		return await sendAuthenticated(ctx, CAMPAIGNS_CREDENTIAL, {
			method,
			url: `${origin}/api/v1.1/${apiMethod}`,
			qs: { ...format, ...qs },
			json: true,
		});
	};

	let response;
	try {
		response = await withRetry(
			send,
			({ value, error }) =>
				value
					? {
							retryable: isRetryableStatus(value.statusCode, true),
							serverWaitMs: serverWaitMs(value.headers, Date.now()),
						}
					: {
							retryable: isRetryableNetworkError(thrownNetworkCode(error), true),
							serverWaitMs: null,
						},
			retryPolicy,
		);
	} catch (error) {
		// The refresh itself failed (invalid_client_secret, …): that error already says why.
		// NodeApiError hands an existing NodeApiError back unchanged.
		if (zohoRefreshError(error)) throw new NodeApiError(ctx.getNode(), error as JsonObject);
		// 401 after n8n's refresh-and-retry (Code 1007), timeouts, refused connections.
		const status = thrownStatus(error);
		const body = thrownBody(error);
		const { failure, reason } = failureReason(
			body,
			status,
			(error as Error).message ?? 'request failed',
		);
		throw zohoApiError(ctx, {
			message: `Zoho Campaigns ${apiMethod} failed: ${reason}`,
			description:
				status === 401
					? 'Zoho rejected the access token even after refreshing it. Reconnect the Zoho Campaigns credential and check its data centre.'
					: undefined,
			httpCode: status,
			zohoCode: failure?.code,
			body,
		});
	}

	const { statusCode, body } = response;
	if (statusCode >= 400 || !isObject(body)) {
		const { failure, reason } = failureReason(
			body,
			statusCode,
			'the response was not JSON (was resfmt=JSON ignored?)',
		);
		throw zohoApiError(ctx, {
			message: `Zoho Campaigns ${apiMethod} failed: ${reason}`,
			httpCode: statusCode,
			zohoCode: failure?.code,
			body,
		});
	}
	const failure = envelopeFailure(body);
	if (!failure) return { kind: 'ok', body };
	if (isEmptyResultCode(apiMethod, failure.code)) return { kind: 'empty', code: failure.code };
	return { kind: 'error', ...failure };
}

export function apiFailure(
	ctx: CampaignsContext,
	apiMethod: string,
	outcome: { code: string; message: string },
) {
	return zohoApiError(ctx, {
		message: `Zoho Campaigns ${apiMethod} failed: ${outcome.message} (Zoho code ${outcome.code})`,
		httpCode: 200,
		zohoCode: outcome.code,
	});
}

/** The parsed answer, or a NodeApiError naming the method and the first mismatch. */
export function parseOrThrow<S extends z.ZodTypeAny>(
	ctx: CampaignsContext,
	schema: S,
	body: unknown,
	apiMethod: string,
): z.infer<S> {
	const parsed = schema.safeParse(body);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw zohoApiError(ctx, {
		message: `Zoho Campaigns ${apiMethod} returned an unexpected response`,
		description: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
		httpCode: 200,
	});
}
