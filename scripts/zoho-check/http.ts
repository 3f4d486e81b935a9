// The check's own HTTP: plain fetch, no n8n. Read-only: GETs, the token refresh, and the
// recipients read that Zoho documents as POST.
import { parseJsonKeepingBigIntegers } from '../../nodes/shared/transport/http';

export interface Answer {
	status: number;
	text: string;
	/** Parsed keeping big integers exact (as the nodes do); null when not JSON or empty. */
	json: unknown;
	/** Parsed with plain JSON.parse, to see what a naive client would get. */
	naive: unknown;
}

export type Fetch = typeof fetch;

export async function call(
	fetchImpl: Fetch,
	url: string,
	init: { method?: 'GET' | 'POST'; token?: string; scheme?: string; form?: Record<string, string> },
): Promise<Answer> {
	const headers: Record<string, string> = {};
	if (init.token) headers.authorization = `${init.scheme ?? 'Zoho-oauthtoken'} ${init.token}`;
	let body: string | undefined;
	if (init.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(init.form).toString();
	}
	const res = await fetchImpl(url, {
		method: init.method ?? 'GET',
		headers,
		body,
		redirect: 'manual',
	});
	const text = await res.text();
	const parse = (fn: (t: string) => unknown) => {
		try {
			return text.trim() === '' ? null : fn(text);
		} catch {
			return null;
		}
	};
	return {
		status: res.status,
		text,
		json: parse(parseJsonKeepingBigIntegers),
		naive: parse((t) => JSON.parse(t) as unknown),
	};
}

export function query(params: Record<string, string | number | undefined>): string {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
	return q.toString();
}

/** Keys (dotted paths) whose value is a bare integer too large for a double, in raw JSON text. */
export function bareBigIntegers(answer: Answer): string[] {
	const found: string[] = [];
	const walk = (exact: unknown, naive: unknown, path: string) => {
		if (typeof exact === 'string' && typeof naive === 'number') found.push(path || '(root)');
		else if (exact && typeof exact === 'object' && naive && typeof naive === 'object') {
			for (const [k, v] of Object.entries(exact)) {
				walk(
					v,
					(naive as Record<string, unknown>)[k],
					Array.isArray(exact) ? `${path}[]` : `${path}.${k}`,
				);
			}
		}
	};
	walk(answer.json, answer.naive, '');
	return [...new Set(found.map((p) => p.replace(/^\./, '')))];
}
