import type { IDataObject } from 'n8n-workflow';

/**
 * Request-level causes that no retry or other batch can fix: the credential or the node is
 * misconfigured (ref §7). They always fail the node, even with "continue on fail".
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

export interface FailureCause {
	/** Zoho's request-level code when known, else `HTTP_<status>`, else `REQUEST_FAILED`. */
	code: string;
	status: number | null;
	message: string;
	fatal: boolean;
}

function asObject(value: unknown): IDataObject | null {
	return value !== null && typeof value === 'object' ? (value as IDataObject) : null;
}

/** Depth-limited walk for the first `code`-like string that is a known Zoho code. */
function findZohoCode(value: unknown, depth = 0): string | null {
	const object = asObject(value);
	if (!object || depth > 4) return null;
	for (const key of ['code', 'zohoCode']) {
		const candidate = object[key];
		if (typeof candidate === 'string' && KNOWN_CODES.includes(candidate)) return candidate;
	}
	for (const key of ['context', 'cause', 'errorResponse', 'response', 'body', 'data', 'error']) {
		const found = findZohoCode(object[key], depth + 1);
		if (found) return found;
	}
	return null;
}

function findStatus(error: IDataObject): number | null {
	const candidates = [
		error.httpCode,
		error.statusCode,
		asObject(error.response)?.status,
		asObject(error.context)?.statusCode,
		asObject(error.cause)?.statusCode,
		asObject(asObject(error.cause)?.response)?.status,
	];
	for (const candidate of candidates) {
		const status = Number(candidate);
		if (Number.isInteger(status) && status >= 100 && status < 600) return status;
	}
	return null;
}

/** What a thrown transport error means for the batch that caused it. */
export function describeFailure(thrown: unknown): FailureCause {
	const error = asObject(thrown) ?? {};
	const message = String(
		(thrown instanceof Error ? thrown.message : error.message) ?? 'Unknown error',
	);
	const text = `${message} ${typeof error.description === 'string' ? error.description : ''}`;
	// The shared transport puts Zoho's request-level code in context.zohoCode.
	const contextCode = asObject(error.context)?.zohoCode;
	const code =
		(typeof contextCode === 'string' ? contextCode : null) ??
		findZohoCode(error) ??
		KNOWN_CODES.find((known) => new RegExp(`\\b${known}\\b`).test(text)) ??
		null;
	const status = findStatus(error);
	const fatal = (code !== null && FATAL_CODES.includes(code)) || status === 401 || status === 403;
	return {
		code: code ?? (status !== null ? `HTTP_${status}` : 'REQUEST_FAILED'),
		status,
		message,
		fatal,
	};
}

/**
 * After a failed insert we cannot know whether Zoho applied it (5xx, timeout, dropped
 * connection); a 4xx other than 429 means it was rejected as a whole.
 */
export function mayHaveBeenApplied(cause: FailureCause): boolean {
	return cause.status === null || cause.status >= 500 || cause.status === 429;
}
