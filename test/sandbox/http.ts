/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the sandbox is an HTTP server */
// Request/response plumbing shared by every emulated host.
import type { IncomingMessage } from 'node:http';

export type Product = 'accounts' | 'campaigns' | 'recruit' | 'admin';

export interface SandboxRequest {
	method: string;
	pathname: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: string;
	/** Query string merged with an application/x-www-form-urlencoded body (query wins). */
	params: URLSearchParams;
	/** Parsed JSON body, or undefined when the body is empty or not JSON. */
	json: unknown;
	jsonError: boolean;
	/** Origin the client used, e.g. http://127.0.0.1:8787 */
	origin: string;
}

export interface SandboxResponse {
	status: number;
	headers?: Record<string, string>;
	/** string → sent as is; object → JSON; null/undefined → empty body. */
	body?: unknown;
}

export function jsonResponse(
	status: number,
	body: unknown,
	headers?: Record<string, string>,
): SandboxResponse {
	return {
		status,
		body,
		headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
	};
}

export function emptyResponse(status: number): SandboxResponse {
	return { status, body: null };
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export function buildRequest(req: IncomingMessage, rawBody: string): SandboxRequest {
	const host = req.headers.host ?? '127.0.0.1';
	const url = new URL(req.url ?? '/', `http://${host}`);
	const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
	const params = new URLSearchParams();
	if (contentType.includes('application/x-www-form-urlencoded') && rawBody) {
		for (const [key, value] of new URLSearchParams(rawBody)) params.set(key, value);
	}
	for (const [key, value] of url.searchParams) params.set(key, value);
	let json: unknown;
	let jsonError = false;
	if (rawBody && !contentType.includes('application/x-www-form-urlencoded')) {
		try {
			json = JSON.parse(rawBody);
		} catch {
			jsonError = true;
		}
	}
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		pathname: url.pathname,
		query: url.searchParams,
		headers: req.headers,
		rawBody,
		params,
		json,
		jsonError,
		origin: `http://${host}`,
	};
}

/** The access token from `Authorization: Zoho-oauthtoken <t>` or `Authorization: Bearer <t>`.
 *  Zoho documents Zoho-oauthtoken (ref §1.2); n8n's OAuth2 helper can only send Bearer, which Zoho
 *  also accepts (n8n's own Zoho CRM node sends Bearer) — see README "Authorization header". */
export function accessTokenFrom(req: SandboxRequest): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	const match = /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)\s*$/i.exec(header);
	return match ? match[1] : '';
}

const SECRET_PARAMS = new Set([
	'client_secret',
	'refresh_token',
	'code',
	'access_token',
	'authtoken',
]);

/** Query/form params for the call log, with secrets masked. */
export function maskedParams(params: URLSearchParams): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of params)
		out[key] = SECRET_PARAMS.has(key.toLowerCase()) ? '***' : value;
	return out;
}
