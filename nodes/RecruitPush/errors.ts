import type { IDataObject } from 'n8n-workflow';

/**
 * One error model for the push: what a failed request or a per-record result means for the items
 * it concerns. Request failures are classified from what the transport stored on the error
 * (httpCode, context.zohoCode, context.networkCode, context.retryAt, context.zohoField: see
 * nodes/shared/transport/recruitRequest.ts); matching the message is only a fallback for errors that did
 * not come through it.
 */

/**
 * Request-level causes that no retry or other batch can fix: the credential or the node is
 * misconfigured. They always fail the node, even with "continue on fail".
 */
export const FATAL_CODES = [
	'INVALID_TOKEN',
	'AUTHENTICATION_FAILURE',
	'OAUTH_SCOPE_MISMATCH',
	'INVALID_MODULE',
	'NO_PERMISSION',
	'AUTHORIZATION_FAILED',
	'INVALID_URL_PATTERN',
];

const KNOWN_CODES = [
	...FATAL_CODES,
	'INVALID_QUERY',
	'INVALID_REQUEST_METHOD',
	'INVALID_DATA',
	'LIMIT_EXCEEDED',
	'TOO_MANY_REQUESTS',
	'INTERNAL_ERROR',
];

/** Request-level codes that mean "Zoho could not do it now", whatever the HTTP status. */
const RETRYABLE_CODES = new Set(['TOO_MANY_REQUESTS', 'INTERNAL_ERROR']);

/**
 * Per-record codes that a later, identical write can turn into a success: Zoho failed on its
 * side, or left the record without a result. Data errors (MANDATORY_NOT_FOUND, INVALID_DATA,
 * DUPLICATE_DATA, …) and the package's EXISTS / NOT_FOUND need a change of data first.
 */
const RETRYABLE_RECORD_CODES = new Set(['INTERNAL_ERROR', 'TOO_MANY_REQUESTS', 'NO_RESULT']);

/** Network failures: the request may never have reached Zoho, or its answer was lost. */
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export interface FailureCause {
	/** Zoho's request-level code when known, else `HTTP_<status>`, else the network code, else `REQUEST_FAILED`. */
	code: string;
	status: number | null;
	message: string;
	/** Configuration or authentication: fail the node. */
	fatal: boolean;
	/** The same request could succeed later without changing the data. */
	retryable: boolean;
	/** When Zoho said to try again (ISO UTC), or null. */
	retryAt: string | null;
	/** The field Zoho named for a request-level data error, or null. */
	field: string | null;
}

function asObject(value: unknown): IDataObject | null {
	return value !== null && typeof value === 'object' ? (value as IDataObject) : null;
}

function statusOf(error: IDataObject): number | null {
	for (const candidate of [error.httpCode, error.statusCode]) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 100 && status < 600) return status;
	}
	return null;
}

/** Fallback for errors the transport did not build: a known code or network code in the text. */
function codeFromText(text: string): string | null {
	return KNOWN_CODES.find((known) => new RegExp(`\\b${known}\\b`).test(text)) ?? null;
}

function networkCodeFromText(text: string): string | null {
	const named = [...NETWORK_CODES].find((code) => text.includes(code));
	if (named) return named;
	return /\btimeout\b|timed out|socket hang up/i.test(text) ? 'ETIMEDOUT' : null;
}

/** What a thrown transport error means for the items of the request that caused it. */
export function classifyFailure(thrown: unknown): FailureCause {
	const error = asObject(thrown) ?? {};
	const context = asObject(error.context) ?? {};
	const message = String(
		(thrown instanceof Error ? thrown.message : error.message) ?? 'Unknown error',
	);
	const text = `${message} ${typeof error.description === 'string' ? error.description : ''}`;
	const status = statusOf(error);
	const code =
		(typeof context.zohoCode === 'string' ? context.zohoCode : null) ?? codeFromText(text);
	const networkCode =
		typeof context.networkCode === 'string'
			? context.networkCode
			: status === null
				? networkCodeFromText(text)
				: null;
	const fatal = (code !== null && FATAL_CODES.includes(code)) || status === 401 || status === 403;
	const retryable =
		!fatal &&
		(status === 429 ||
			status === 408 ||
			(status !== null && status >= 500) ||
			(code !== null && RETRYABLE_CODES.has(code)) ||
			(networkCode !== null && NETWORK_CODES.has(networkCode)));
	const retryAt = typeof context.retryAt === 'string' ? context.retryAt : null;
	return {
		code: code ?? (status !== null ? `HTTP_${status}` : (networkCode ?? 'REQUEST_FAILED')),
		status,
		message,
		fatal,
		retryable,
		retryAt: retryable ? retryAt : null,
		field: typeof context.zohoField === 'string' ? context.zohoField : null,
	};
}

/** Whether a per-record result code is worth the same write later. */
export function isRetryableRecordCode(code: string): boolean {
	return RETRYABLE_RECORD_CODES.has(code);
}

/**
 * After a failed insert we cannot know whether Zoho applied it (5xx, timeout, dropped
 * connection); a 4xx, 429 included, means it was rejected before anything was written.
 */
export function mayHaveBeenApplied(cause: FailureCause): boolean {
	return cause.status === null || cause.status >= 500;
}

/** A request-level failure split into halves to find the item that causes it. */
export function isRequestLevelDataError(cause: FailureCause): boolean {
	return (
		!cause.fatal &&
		!cause.retryable &&
		(cause.code === 'INVALID_QUERY' || cause.code === 'INVALID_DATA' || cause.status === 400)
	);
}
