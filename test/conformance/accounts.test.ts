// Accounts server conformance (ref §4.2–4.3).
import { SANDBOX_OAUTH } from '../sandbox/server';
import { Client, http } from './helpers';

const form = (params: Record<string, string>) => ({
	method: 'POST',
	headers: { 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams(params).toString(),
});

const refreshParams = {
	grant_type: 'refresh_token',
	client_id: SANDBOX_OAUTH.clientId,
	client_secret: SANDBOX_OAUTH.clientSecret,
	refresh_token: SANDBOX_OAUTH.refreshToken,
};

describe('accounts: /oauth/v2/token and /oauth/v2/auth', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({ scenario: 'default' });
	});
	afterEach(() => c.close());

	it('refreshes with form params and with query params (ref §4.3 shape)', async () => {
		const viaForm = await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams));
		expect(viaForm.status).toBe(200);
		expect(viaForm.body).toEqual({
			access_token: expect.stringMatching(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/),
			scope: expect.any(String),
			api_domain: c.sb.url,
			token_type: 'Bearer',
			expires_in: 3600,
		});
		expect(viaForm.body.refresh_token).toBeUndefined();
		const viaQuery = await http(
			`${c.sb.url}/oauth/v2/token?${new URLSearchParams(refreshParams)}`,
			{ method: 'POST' },
		);
		expect(viaQuery.body.access_token).toMatch(/^1000\./);
		expect(viaQuery.body.access_token).not.toBe(viaForm.body.access_token);
	});

	it('accepts HTTP Basic client credentials (n8n "header" authentication)', async () => {
		const basic = Buffer.from(`${SANDBOX_OAUTH.clientId}:${SANDBOX_OAUTH.clientSecret}`).toString(
			'base64',
		);
		const res = await http(`${c.sb.url}/oauth/v2/token`, {
			...form({ grant_type: 'refresh_token', refresh_token: SANDBOX_OAUTH.refreshToken }),
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${basic}`,
			},
		});
		expect(res.body.access_token).toMatch(/^1000\./);
	});

	it('answers HTTP 200 error bodies for a bad refresh token and a bad client', async () => {
		const badToken = await http(
			`${c.sb.url}/oauth/v2/token`,
			form({ ...refreshParams, refresh_token: 'nope' }),
		);
		expect(badToken.status).toBe(200);
		expect(badToken.body).toEqual({ error: 'invalid_code' });
		const badClient = await http(
			`${c.sb.url}/oauth/v2/token`,
			form({ ...refreshParams, client_id: 'other' }),
		);
		expect(badClient).toMatchObject({ status: 200, body: { error: 'invalid_client' } });
		const badSecret = await http(
			`${c.sb.url}/oauth/v2/token`,
			form({ ...refreshParams, client_secret: 'x' }),
		);
		expect(badSecret).toMatchObject({ status: 200, body: { error: 'invalid_client_secret' } });
	});

	it('gives 10 access tokens per refresh token in 10 minutes, then blocks the rest of them', async () => {
		// Client.start already got one token (at sandbox time t0).
		for (let i = 0; i < 9; i++) {
			await c.admin('POST', 'clock', { advance: '30s' });
			expect(
				(await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams))).body.access_token,
			).toBeDefined();
		}
		const throttled = await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams));
		expect(throttled.status).toBe(400);
		expect(throttled.body).toEqual({
			error_description:
				'You have made too many requests continuously. Please try again after some time.',
			error: 'Access Denied',
			status: 'failure',
		});
		// Still blocked after the oldest of the 10 would have left a sliding minute window...
		await c.admin('POST', 'clock', { advance: '5m' });
		expect((await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams))).status).toBe(400);
		// ...and free once the 10 minutes from the first token are over (t0 + 4.5 min + 5 min + 31 s).
		await c.admin('POST', 'clock', { advance: '31s' });
		expect(
			(await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams))).body.access_token,
		).toBeDefined();
	});

	it('keeps at most 10 live access tokens per refresh token: the 11th invalidates the oldest', async () => {
		await c.admin('POST', 'reset', {
			scenario: { name: 'many', limits: { tokenRequestsPer10Min: 100 } },
		});
		const tokens: string[] = [];
		for (let i = 0; i < 11; i++) {
			tokens.push((await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams))).body.access_token);
		}
		const recruitWith = (token: string) =>
			c.recruit('GET', '/users?type=CurrentUser', { token });
		const oldest = await recruitWith(tokens[0]);
		expect(oldest.status).toBe(401);
		expect(oldest.body.code).toBe('INVALID_OAUTHTOKEN');
		expect((await c.campaigns('getmailinglists', {}, { token: tokens[0] })).body.Code).toBe('1007');
		for (const token of tokens.slice(1)) expect((await recruitWith(token)).status).toBe(200);
	});

	it('lets a scenario raise the refresh limit', async () => {
		await c.admin('POST', 'reset', {
			scenario: { name: 'heavy', limits: { tokenRequestsPerMinute: 50 } },
		});
		for (let i = 0; i < 20; i++) {
			expect((await http(`${c.sb.url}/oauth/v2/token`, form(refreshParams))).status).toBe(200);
		}
	});

	it('expires access tokens after 3600 s of sandbox clock', async () => {
		const call = () => c.campaigns('getmailinglists');
		expect((await call()).body.status).toBe('success');
		await c.admin('POST', 'clock', { advance: '59m59s' });
		expect((await call()).status).toBe(200);
		await c.admin('POST', 'clock', { advance: '1s' });
		expect((await call()).status).toBe(401);
	});

	it('runs the authorization-code flow: consent redirect, exchange once, refresh with the new token', async () => {
		const auth = await http(
			`${c.sb.url}/oauth/v2/auth?${new URLSearchParams({
				client_id: SANDBOX_OAUTH.clientId,
				response_type: 'code',
				redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback',
				scope: 'ZohoRecruit.modules.ALL',
				access_type: 'offline',
				prompt: 'consent',
				state: 'abc',
			})}`,
		);
		expect(auth.status).toBe(302);
		const location = new URL(auth.headers.get('location')!);
		expect(location.origin + location.pathname).toBe(
			'http://localhost:5678/rest/oauth2-credential/callback',
		);
		expect(location.searchParams.get('location')).toBe('us');
		expect(location.searchParams.get('accounts-server')).toBe(c.sb.url);
		expect(location.searchParams.get('state')).toBe('abc');
		const code = location.searchParams.get('code')!;
		const exchange = (codeValue: string) =>
			http(
				`${c.sb.url}/oauth/v2/token`,
				form({
					grant_type: 'authorization_code',
					client_id: SANDBOX_OAUTH.clientId,
					client_secret: SANDBOX_OAUTH.clientSecret,
					redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback',
					code: codeValue,
				}),
			);
		const first = await exchange(code);
		expect(first.body).toMatchObject({
			token_type: 'Bearer',
			expires_in: 3600,
			scope: 'ZohoRecruit.modules.ALL',
		});
		expect(first.body.refresh_token).toMatch(/^1000\./);
		expect((await exchange(code)).body).toEqual({ error: 'invalid_code' });
		const refreshed = await http(
			`${c.sb.url}/oauth/v2/token`,
			form({ ...refreshParams, refresh_token: first.body.refresh_token }),
		);
		expect(refreshed.body.access_token).toMatch(/^1000\./);
		const users = await c.recruit('GET', '/users?type=CurrentUser', {
			token: refreshed.body.access_token,
		});
		expect(users.status).toBe(200);
	});

	it('gives no refresh token without access_type=offline (ref §4.2)', async () => {
		const auth = await http(
			`${c.sb.url}/oauth/v2/auth?client_id=${SANDBOX_OAUTH.clientId}&response_type=code&redirect_uri=http://x.test/cb&scope=a`,
		);
		const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
		const res = await http(
			`${c.sb.url}/oauth/v2/token`,
			form({
				grant_type: 'authorization_code',
				client_id: SANDBOX_OAUTH.clientId,
				client_secret: SANDBOX_OAUTH.clientSecret,
				code,
			}),
		);
		expect(res.body.access_token).toBeDefined();
		expect(res.body.refresh_token).toBeUndefined();
	});

	it('honours a scenario initialAccessToken from clock start', async () => {
		const res = await c.campaigns(
			'getmailinglists',
			{},
			{ token: c.sb.world.scenario.initialAccessToken },
		);
		expect(res.body.status).toBe('success');
	});
});
