import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isObject } from '../collections';
import { apiOrigin, type ZohoProduct } from '../dataCenters';

/**
 * Plumbing shared by both transports: base URL from the credential, one authenticated request
 * that keeps n8n's OAuth2 refresh-on-401 working, and reading what a failed request left behind.
 */

export type AnyContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const REQUEST_TIMEOUT_MS = 30_000;

export interface RawResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

// One lookup per execution context: every page of a paged read reuses it.
const originCache = new WeakMap<object, Map<string, string>>();

export async function resolveApiOrigin(
	ctx: AnyContext,
	credentialName: string,
	product: ZohoProduct,
): Promise<string> {
	let perContext = originCache.get(ctx);
	const cached = perContext?.get(credentialName);
	if (cached) return cached;
	const credentials = (await ctx.getCredentials(credentialName)) as IDataObject;
	let origin: string;
	try {
		origin = apiOrigin(product, {
			dataCenter: credentials.dataCenter as string | undefined,
			customApiUrl: credentials.customApiUrl as string | undefined,
		});
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description:
				credentials.dataCenter === 'custom'
					? 'Fix the base URL in the credential (Custom data centre), or choose a Zoho data centre'
					: 'Choose your Zoho data centre in the credential',
		});
	}
	if (!perContext) {
		perContext = new Map();
		originCache.set(ctx, perContext);
	}
	perContext.set(credentialName, origin);
	return origin;
}

/**
 * One request through httpRequestWithAuthentication. Every status except 401 is returned (with
 * its code, body and headers) instead of thrown, because Recruit's 202/400 carry per-record
 * results and 429/5xx carry retry hints. 401 must stay an error: n8n-core only refreshes the
 * OAuth2 token and retries once when the request *throws* with the token-expired status, so
 * `ignoreHttpStatusErrors: true` would silently disable refresh. A 401 that survives the
 * refresh, a timeout or a network failure is thrown as n8n's NodeApiError.
 */
export async function sendAuthenticated(
	ctx: AnyContext,
	credentialName: string,
	options: IHttpRequestOptions,
): Promise<RawResponse> {
	// n8n refreshes the token once per request. A token can die twice in a row (Zoho keeps at most
	// 10 live access tokens per refresh token and invalidates the oldest, so parallel executions
	// can kill each other's fresh tokens: docs/zoho-api.md, "Token limits"), so a request whose
	// token was refused after the refresh gets one more refresh-and-send cycle.
	for (let cycle = 1; ; cycle++) {
		try {
			return await sendOnce(ctx, credentialName, options);
		} catch (error) {
			const again =
				cycle < AUTH_CYCLES &&
				thrownStatus(error) === 401 &&
				isExpiredTokenAnswer(thrownBody(error));
			if (!again) throw await withRefreshCause(ctx, credentialName, error);
		}
	}
}

/** Refresh-and-send cycles per request (n8n refreshes once in each). */
export const AUTH_CYCLES = 2;

/** A 401 that a new token may cure: Recruit's INVALID_TOKEN / INVALID_OAUTHTOKEN, Campaigns' 1007. */
function isExpiredTokenAnswer(body: unknown): boolean {
	if (!isObject(body)) return true;
	const code = String(body.code ?? body.Code ?? '');
	return ['INVALID_TOKEN', 'INVALID_OAUTHTOKEN', '1007', ''].includes(code);
}

/** Zoho's token-endpoint errors (HTTP 200 with `error`), what they mean, what to do. */
const REFRESH_ERRORS: Record<string, string> = {
	invalid_client:
		"Zoho does not know the credential's Client ID in this data centre: check the Client ID and the Data Center (a client belongs to the data centre of the API console it was created in).",
	invalid_client_secret:
		"The credential's Client Secret does not belong to its Client ID: copy it again from Zoho's API console and reconnect.",
	invalid_code:
		'The refresh token is no longer valid (revoked, or replaced by newer ones): reconnect the credential.',
	'Access Denied':
		'Too many token requests for this refresh token (Zoho allows 10 access tokens per 10 minutes, then blocks the rest of the 10 minutes): wait, then run again.',
};

/**
 * A 401 that survived n8n's refresh often has its cause in the refresh itself: Zoho's accounts
 * server answers HTTP 200 with {"error":"invalid_client_secret"} and the like, n8n stores that
 * answer with the old token and retries with it, and the API says only "unauthorized". When the
 * stored token data carries such an `error`, the thrown error says so (Zoho's error code and a
 * fixed hint; never a secret). Anything else is returned unchanged.
 */
export async function withRefreshCause(
	ctx: AnyContext,
	credentialName: string,
	error: unknown,
): Promise<unknown> {
	if (thrownStatus(error) !== 401) return error;
	let refreshError: unknown;
	try {
		const credentials = (await ctx.getCredentials(credentialName)) as IDataObject;
		refreshError = (credentials.oauthTokenData as IDataObject | undefined)?.error;
	} catch {
		return error;
	}
	if (typeof refreshError !== 'string' || refreshError === '') return error;
	const code = /^[\w .-]{1,60}$/.test(refreshError) ? refreshError : 'an unrecognised error';
	const hint =
		REFRESH_ERRORS[code] ??
		'Reconnect the credential; if that fails, check its Client ID, Client Secret and Data Center.';
	const refused = zohoApiError(ctx, {
		message: `Zoho's accounts server refused to renew the access token: ${code}. ${hint}`,
		description: 'The API then rejected the old token (HTTP 401).',
		httpCode: 401,
	});
	refused.context.zohoRefreshError = code;
	return refused;
}

/** Zoho's token-endpoint error behind an error from these transports, or null. */
export function zohoRefreshError(error: unknown): string | null {
	const code = (error as { context?: { zohoRefreshError?: unknown } })?.context?.zohoRefreshError;
	return typeof code === 'string' ? code : null;
}

async function sendOnce(
	ctx: AnyContext,
	credentialName: string,
	options: IHttpRequestOptions,
): Promise<RawResponse> {
	const request: IHttpRequestOptions = {
		timeout: REQUEST_TIMEOUT_MS,
		...options,
		// The raw text, parsed here by parseBody: JSON.parse would round 18-digit ids that Zoho
		// sends as bare numbers (docs/zoho-api.md, "Record ids").
		encoding: 'text',
		returnFullResponse: true,
	};
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialName, {
		...request,
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
	})) as FullResponse;
	if (response.statusCode !== 401) return toRawResponse(response);
	// n8n versions without the `except` form treat any truthy value as "ignore everything" and
	// hand the 401 back unrefreshed. Send again in throwing mode so their refresh-on-401 runs;
	// a non-401 failure after that is read back from the thrown error.
	try {
		return toRawResponse(
			(await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialName, {
				...request,
			})) as FullResponse,
		);
	} catch (error) {
		const status = thrownStatus(error);
		// Already a NodeApiError from n8n; NodeApiError returns such an instance unchanged.
		if (status === null || status === 401)
			throw new NodeApiError(ctx.getNode(), error as JsonObject);
		return { statusCode: status, body: thrownBody(error), headers: thrownHeaders(error) };
	}
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

function toRawResponse(response: FullResponse): RawResponse {
	return {
		statusCode: response.statusCode,
		body: parseBody(response.body),
		headers: response.headers ?? {},
	};
}

/**
 * A body as text (the transports ask for text) is parsed with parseJsonKeepingBigIntegers; a body
 * that arrives already parsed is kept; text that is not JSON (an HTML error page) stays text.
 */
export function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body ?? null;
	const text = body.trim();
	if (text === '') return null;
	try {
		return parseJsonKeepingBigIntegers(text);
	} catch {
		return text;
	}
}

/**
 * JSON.parse, except that an integer literal too large for a double (Zoho's 18-digit record ids,
 * sent unquoted in some answers, e.g. add_tags' details.id) becomes a string of its exact digits
 * instead of a rounded number: 486812000001660091 stays "486812000001660091", where JSON.parse
 * gives 486812000001660100 (docs/zoho-api.md, "Record ids").
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
	let out = '';
	let copiedTo = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			if (char === '\\') i++;
			else if (char === '"') inString = false;
			continue;
		}
		if (char === '"') {
			inString = true;
			continue;
		}
		if (char !== '-' && (char < '0' || char > '9')) continue;
		let end = i + 1;
		while (end < text.length && /[0-9.eE+-]/.test(text[end])) end++;
		const literal = text.slice(i, end);
		if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
			out += `${text.slice(copiedTo, i)}"${literal}"`;
			copiedTo = end;
		}
		i = end - 1;
	}
	return JSON.parse(copiedTo === 0 ? text : out + text.slice(copiedTo)) as unknown;
}

interface ThrownShape {
	httpCode?: unknown;
	code?: unknown;
	context?: { data?: unknown };
	cause?: { code?: unknown; response?: { status?: unknown; data?: unknown; headers?: unknown } };
}

/** HTTP status of a thrown request error, if it got a response. */
export function thrownStatus(error: unknown): number | null {
	const e = (error ?? {}) as ThrownShape;
	const status = Number(e.cause?.response?.status ?? e.httpCode);
	return Number.isInteger(status) && status > 0 ? status : null;
}

/** Response body of a thrown request error, if any. */
export function thrownBody(error: unknown): unknown {
	const e = (error ?? {}) as ThrownShape;
	return parseBody(e.cause?.response?.data ?? e.context?.data ?? null);
}

/** Response headers of a thrown request error, if any. */
export function thrownHeaders(error: unknown): Record<string, unknown> {
	const headers = ((error ?? {}) as ThrownShape).cause?.response?.headers;
	return isObject(headers) ? (headers as Record<string, unknown>) : {};
}

/** Node/axios error code (ECONNRESET, ETIMEDOUT, ECONNABORTED, …) of a thrown request error. */
export function thrownNetworkCode(error: unknown): string | undefined {
	const e = (error ?? {}) as ThrownShape;
	const code = e.cause?.code ?? e.code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * A NodeApiError built only from what Zoho said (never from the request, so no token or secret
 * can leak into the message, description or attached response).
 */
export function zohoApiError(
	ctx: AnyContext,
	details: {
		message: string;
		description?: string;
		httpCode: number | null;
		zohoCode?: string;
		body?: unknown;
	},
): NodeApiError {
	const response: JsonObject = {
		message: details.message,
		...(details.zohoCode ? { code: details.zohoCode } : {}),
		...(details.httpCode ? { httpCode: String(details.httpCode) } : {}),
		...(isObject(details.body) ? { body: details.body as JsonObject } : {}),
	};
	const error = new NodeApiError(ctx.getNode(), response, {
		message: details.message,
		description: details.description,
		httpCode: details.httpCode ? String(details.httpCode) : undefined,
	});
	if (details.zohoCode) error.context.zohoCode = details.zohoCode;
	return error;
}

/** Zoho's own error code carried by an error from these transports, or null. */
export function zohoErrorCode(error: unknown): string | null {
	const code = (error as { context?: { zohoCode?: unknown } })?.context?.zohoCode;
	return typeof code === 'string' ? code : null;
}
