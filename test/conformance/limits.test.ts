// Rate limits and credits on the sandbox clock: Campaigns ref §3.2, Recruit ref §7.
import { Client, KEYS } from './helpers';

describe('Campaigns per-endpoint rate limit (ref §3.2)', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({ scenario: 'default' });
	});
	afterEach(() => c.close());

	it('locks an endpoint after 500 calls in 5 minutes, leaves others working, clears after 30 minutes', async () => {
		const call = () => c.campaigns('listsubscriberscount', { listkey: KEYS.clients });
		// 500 calls spread over just under 5 minutes of sandbox clock: all succeed.
		for (let i = 0; i < 500; i++) {
			const res = await call();
			expect(res.body.status).toBe('success');
			if (i % 100 === 99) await c.admin('POST', 'clock', { advance: '50s' });
		}
		const locked = await call();
		expect(locked.status).toBe(200);
		expect(locked.body).toMatchObject({ status: 'error', code: '429' });
		expect(locked.body.message).toContain('listsubscriberscount');
		// Another endpoint is unaffected.
		expect((await c.campaigns('getmailinglists')).body.status).toBe('success');
		// Still locked 29 minutes later (token refreshed as it expires meanwhile).
		await c.admin('POST', 'clock', { advance: '29m' });
		expect((await call()).body.code).toBe('429');
		await c.admin('POST', 'clock', { advance: '61s' });
		c.token = await c.refreshAccessToken();
		expect((await call()).body.status).toBe('success');
		const state = await c.admin('GET', 'state');
		expect(state.body.campaigns.rateLimits.locked).toEqual({});
	});

	it('uses a sliding 5-minute window: old calls stop counting', async () => {
		await c.admin('POST', 'scenario', {
			name: 'small-limit',
			limits: { campaignsCallsPer5Min: 3 },
			lists: [{ key: 'l'.repeat(32), name: 'L', members: [] }],
		});
		const call = () => c.campaigns('getmailinglists');
		for (let i = 0; i < 3; i++) expect((await call()).body.status).toBe('success');
		await c.admin('POST', 'clock', { advance: '5m' });
		for (let i = 0; i < 3; i++) expect((await call()).body.status).toBe('success');
		expect((await call()).body.code).toBe('429');
	});

	it('limits contact/allfields to 100 per 5 minutes', async () => {
		for (let i = 0; i < 100; i++) {
			expect(
				(await c.campaigns('contact/allfields', { type: 'json' }, { resfmt: null })).body.response
					.code,
			).toBe('0');
		}
		const locked = await c.campaigns('contact/allfields', { type: 'json' }, { resfmt: null });
		expect(locked.body.response).toMatchObject({ status: 'error', code: '429' });
	});
});

describe('Recruit API credits (ref §7)', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({ scenario: { name: 'credits', recruit: { credits: 10 } } });
	});
	afterEach(() => c.close());

	it('charges 3 for Get Records and 1 otherwise, answers 429 when spent, frees credits after 24 h', async () => {
		for (let i = 0; i < 3; i++) expect((await c.recruit('GET', '/Candidates')).status).toBe(204); // 9 credits
		expect((await c.recruit('GET', '/Candidates')).status).toBe(429); // would need 3
		expect((await c.recruit('GET', '/settings/fields?module=Candidates')).status).toBe(200); // 10th credit
		const spent = await c.recruit('GET', '/users?type=CurrentUser');
		expect(spent.status).toBe(429);
		expect(spent.body).toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			status: 'error',
			details: { limit: 10, used: 10 },
		});
		await c.admin('POST', 'clock', { advance: '23h59m' });
		c.token = await c.refreshAccessToken();
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(429);
		await c.admin('POST', 'clock', { advance: '2m' });
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(200);
	});
});

describe('Recruit API credits with a daily reset (sandbox choice, README "API credits")', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({
			scenario: { name: 'daily credits', recruit: { credits: 10 } },
			clockStart: '2026-11-20T14:00:00Z',
		});
	});
	afterEach(() => c.close());

	it('POST /__sandbox/credits exhausts the budget until the reset time of day, named in next_release', async () => {
		const set = await c.admin('POST', 'credits', { reset: 'daily', resetTime: '14:05', exhaust: true });
		expect(set.body).toMatchObject({ limit: 10, used: 10, reset: 'daily', nextRelease: '2026-11-20T14:05:00.000Z' });
		const spent = await c.recruit('GET', '/users?type=CurrentUser');
		expect(spent.status).toBe(429);
		expect(spent.body).toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			details: { limit: 10, used: 10, next_release: '2026-11-20T14:05:00.000Z' },
		});
		await c.admin('POST', 'clock', { advance: '4m59s' });
		c.token = await c.refreshAccessToken();
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(429);
		await c.admin('POST', 'clock', { advance: '1s' });
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(200);
		expect((await c.admin('GET', 'credits')).body).toMatchObject({ used: 1, nextRelease: '2026-11-21T14:05:00.000Z' });
	});

	it('refuses credits settings a real account cannot have', async () => {
		expect((await c.admin('POST', 'credits', { resetTime: '25:00' })).status).toBe(400);
		expect((await c.admin('POST', 'credits', { reset: 'weekly' })).status).toBe(400);
		expect((await c.admin('POST', 'credits', { limit: -1 })).status).toBe(400);
	});
});
