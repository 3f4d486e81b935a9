// The benchmark's view of the sandbox: the shared admin client (test/sandbox/client.ts) plus what
// only the bench needs: replaying a case's requests raw, and the call log grouped per endpoint.
import { SandboxAdmin, type SandboxCall } from '../../test/sandbox/client';

export class BenchSandbox extends SandboxAdmin {
	/** Sends the same requests again with plain fetch + JSON.parse, one after the other: what
	 *  the sandbox and loopback HTTP alone cost for a case, without the node or n8n-core. */
	async replay(calls: SandboxCall[], accessToken: string): Promise<number> {
		let replayed = 0;
		for (const call of calls) {
			if (call.product === 'accounts') continue;
			const url = new URL(call.path, this.baseUrl);
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
}

/** "GET getcampaignrecipientsdata", "POST Candidates/upsert": the method and the path below the
 *  product's API root, which is what the minimum-call derivations are written against. */
export function endpointOf(call: Pick<SandboxCall, 'method' | 'path'>): string {
	const path = call.path.replace(/^\/api\/v1\.1\//, '').replace(/^\/recruit\/v2\//, '');
	return `${call.method} ${path}`;
}

export type CallCounts = Map<string, number>;

/** Key "<product> <METHOD> <endpoint>" → calls. Failed calls (4xx/5xx) count too: they cost. */
export function countCalls(calls: SandboxCall[]): CallCounts {
	const counts: CallCounts = new Map();
	for (const call of calls) {
		const key = `${call.product} ${endpointOf(call)}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}
