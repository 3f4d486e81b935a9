// The benchmark's view of the sandbox: its admin endpoints over HTTP (the same ones tests use)
// and the call log grouped per product and endpoint.
import type { Sandbox } from '../../test/sandbox/server';

export interface LoggedCall {
	product: 'accounts' | 'campaigns' | 'recruit';
	method: string;
	path: string;
	apiMethod: string;
	query: Record<string, string>;
	status: number;
}

export class SandboxAdmin {
	constructor(readonly sandbox: Sandbox) {}

	async request<T = Record<string, unknown>>(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> {
		const response = await fetch(`${this.sandbox.url}/__sandbox/${path}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	async calls(): Promise<LoggedCall[]> {
		return (await this.request<{ calls: LoggedCall[] }>('GET', 'calls')).calls;
	}

	async clearCalls(): Promise<void> {
		await this.request('DELETE', 'calls');
	}

	/** Sends the same requests again with plain fetch + JSON.parse, one after the other: what
	 *  the sandbox and loopback HTTP alone cost for a case, without the node or n8n-core. */
	async replay(calls: LoggedCall[], accessToken: string): Promise<number> {
		let replayed = 0;
		for (const call of calls) {
			if (call.product === 'accounts') continue;
			const url = new URL(call.path, this.sandbox.url);
			for (const [name, value] of Object.entries(call.query)) url.searchParams.set(name, value);
			const response = await fetch(url, {
				method: call.method,
				headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
			});
			const text = await response.text();
			if (text) JSON.parse(text);
			replayed++;
		}
		return replayed;
	}

	async records(module: string): Promise<Array<Record<string, unknown>>> {
		return (
			await this.request<{ records: Array<Record<string, unknown>> }>('GET', `recruit/${module}`)
		).records;
	}
}

/** "GET getcampaignrecipientsdata", "POST Candidates/upsert": the method and the path below the
 *  product's API root, which is what the minimum-call derivations are written against. */
export function endpointOf(call: Pick<LoggedCall, 'method' | 'path'>): string {
	const path = call.path.replace(/^\/api\/v1\.1\//, '').replace(/^\/recruit\/v2\//, '');
	return `${call.method} ${path}`;
}

export type CallCounts = Map<string, number>;

/** Key "<product> <METHOD> <endpoint>" → calls. Failed calls (4xx/5xx) count too: they cost. */
export function countCalls(calls: LoggedCall[]): CallCounts {
	const counts: CallCounts = new Map();
	for (const call of calls) {
		const key = `${call.product} ${endpointOf(call)}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}
