/* eslint-disable @typescript-eslint/no-explicit-any -- loosely typed JSON bodies in tests */
// Shared helpers for the conformance tests: real HTTP against an in-process sandbox.
import { SandboxAdmin, type AdminMethod, type AdminReply } from '../sandbox/client';
import {
	SANDBOX_OAUTH,
	startSandbox,
	type Sandbox,
	type Scenario,
	type StartOptions,
} from '../sandbox/server';

export const KEYS = {
	newsletter: '3c20ad524dfa4af86216a5be13e238ed',
	events: '8f14e45fceea467a9f2a3b5c7d9e1f20',
	clients: 'c9f0f895fb98ab9159f51fd0297e236d',
	partners: '45c48cce2e2d7fbdea1afc51c7c6ad26',
	recruitSync: 'd3d9446802a44259755d38e6d163e820',
	novNewsletter: 'f70c4878c4a47169407e63917ad24497',
	octDigest: 'a87ff679a2f3e71d9181a67b7542122c',
	openDay: 'e4da3b7fbbce2345d7772b0674a318d5',
	clientUpdate: '1679091c5a880faf6fb5e6087eb1b2dc',
	abCampaign: '8e296a067a37563370ded05f5a3bf3ec',
	abChildA: 'c4ca4238a0b923820dcc509a6f75849b',
	abChildB: 'c81e728d9d4c2f636f067f89cc14862c',
	draft: 'eccbc87e4b5ce2fe28308fd9f2a7baf3',
};

export interface HttpResult<T = any> {
	status: number;
	text: string;
	body: T;
	headers: Headers;
}

export async function http<T = any>(
	url: string,
	init: RequestInit & { json?: unknown } = {},
): Promise<HttpResult<T>> {
	const { json, ...rest } = init;
	const headers = new Headers(rest.headers);
	if (json !== undefined) headers.set('content-type', 'application/json');
	const res = await fetch(url, {
		...rest,
		headers,
		body: json !== undefined ? JSON.stringify(json) : rest.body,
		redirect: 'manual',
	});
	const text = await res.text();
	let body: any = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	return { status: res.status, text, body, headers: res.headers };
}

export class Client {
	/** The shared admin client; `admin()` below is its raw form (no throw on 4xx), because these
	 *  tests also check the admin API's own error answers. */
	readonly sandboxAdmin: SandboxAdmin;

	constructor(
		public sb: Sandbox,
		public token: string,
	) {
		this.sandboxAdmin = new SandboxAdmin(sb.url);
	}

	static async start(opts: StartOptions = {}): Promise<Client> {
		const sb = await startSandbox({ port: 0, ...opts });
		const client = new Client(sb, '');
		client.token = await client.refreshAccessToken();
		return client;
	}

	async refreshAccessToken(): Promise<string> {
		const res = await http(`${this.sb.url}/oauth/v2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				client_id: SANDBOX_OAUTH.clientId,
				client_secret: SANDBOX_OAUTH.clientSecret,
				refresh_token: SANDBOX_OAUTH.refreshToken,
			}).toString(),
		});
		if (!res.body?.access_token) throw new Error(`token refresh failed: ${res.text}`);
		return res.body.access_token as string;
	}

	campaigns<T = any>(
		method: string,
		params: Record<string, string> = {},
		opts: { resfmt?: string | null; http?: 'GET' | 'POST'; token?: string | null } = {},
	) {
		const query = new URLSearchParams(params);
		if (opts.resfmt !== null) query.set('resfmt', opts.resfmt ?? 'JSON');
		const headers: Record<string, string> = {};
		const token = opts.token === undefined ? this.token : opts.token;
		if (token !== null) headers.authorization = `Zoho-oauthtoken ${token}`;
		return http<T>(`${this.sb.url}/api/v1.1/${method}?${query}`, {
			method: opts.http ?? 'GET',
			headers,
		});
	}

	recruit<T = any>(
		method: string,
		path: string,
		opts: { json?: unknown; token?: string | null; scheme?: string } = {},
	) {
		const headers: Record<string, string> = {};
		const token = opts.token === undefined ? this.token : opts.token;
		if (token !== null) headers.authorization = `${opts.scheme ?? 'Bearer'} ${token}`;
		return http<T>(`${this.sb.url}/recruit/v2${path}`, { method, headers, json: opts.json });
	}

	admin<T = any>(method: AdminMethod, path: string, json?: unknown): Promise<AdminReply<T>> {
		return this.sandboxAdmin.send<T>(method, path, json);
	}

	close(): Promise<void> {
		return this.sb.close();
	}
}

/** A campaign ('b'×32) sent to `n` people of one list ('a'×32), built in code. */
export function bigScenario(n: number, openers = 0): Scenario {
	const emails = Array.from({ length: n }, (_, i) => `person${i}@example.com`);
	return {
		name: `big-${n}`,
		lists: [{ key: 'a'.repeat(32), name: 'Big list', members: emails }],
		campaigns: [
			{
				key: 'b'.repeat(32),
				name: 'Big send',
				sentAt: '-1d',
				lists: ['a'.repeat(32)],
				opens: emails.slice(0, openers).map((email, i) => ({ email, at: `-${1000 - (i % 900)}m` })),
			},
		],
	};
}
