// Admin API: faults, call log, clock, activity, campaigns, reset, state; big scenarios built in code.
import { bigScenario, Client, http, KEYS } from './helpers';

describe('sandbox admin API', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({ scenario: 'default' });
	});
	afterEach(() => c.close());

	it('logs every non-admin call with masked secrets', async () => {
		await c.admin('DELETE', 'calls');
		await c.refreshAccessToken();
		await c.campaigns('getcampaignrecipientsdata', {
			campaignkey: KEYS.novNewsletter,
			action: 'openedcontacts',
		});
		await c.recruit('GET', '/Candidates/search?email=x@example.com');
		const calls = (await c.admin('GET', 'calls')).body.calls;
		expect(calls).toHaveLength(3);
		expect(calls[0]).toMatchObject({
			product: 'accounts',
			method: 'POST',
			path: '/oauth/v2/token',
			apiMethod: 'token',
			status: 200,
			query: {
				grant_type: 'refresh_token',
				client_id: 'sandbox-client-id',
				client_secret: '***',
				refresh_token: '***',
			},
		});
		expect(calls[1]).toMatchObject({
			product: 'campaigns',
			method: 'GET',
			path: '/api/v1.1/getcampaignrecipientsdata',
			apiMethod: 'getcampaignrecipientsdata',
			status: 200,
			query: { action: 'openedcontacts', resfmt: 'JSON' },
		});
		expect(calls[2]).toMatchObject({
			product: 'recruit',
			apiMethod: 'search',
			status: 204,
			query: { email: 'x@example.com' },
		});
		expect(calls[1].at).toMatch(/^2026-11-20T12:00:/);
		expect(JSON.stringify(calls)).not.toContain('sandbox-client-secret');
		expect((await c.admin('GET', 'calls?product=recruit')).body.calls).toHaveLength(1);
	});

	it('injects a status for the next `count` matching calls, then behaves normally', async () => {
		await c.admin('POST', 'faults', {
			product: 'recruit',
			path: '/Candidates/upsert',
			status: 503,
			count: 2,
		});
		const body = { data: [{ Last_Name: 'F', Email: 'f@example.com' }] };
		expect((await c.recruit('POST', '/Candidates/upsert', { json: body })).status).toBe(503);
		expect((await c.recruit('GET', '/Candidates/search?email=f@example.com')).status).toBe(204); // other path unaffected
		const second = await c.recruit('POST', '/Candidates/upsert', { json: body });
		expect(second).toMatchObject({
			status: 503,
			body: { code: 'INTERNAL_ERROR', status: 'error' },
		});
		expect((await c.recruit('POST', '/Candidates/upsert', { json: body })).status).toBe(201);
		const calls = (await c.admin('GET', 'calls?product=recruit')).body.calls;
		expect(calls.map((x: { status: number }) => x.status)).toEqual([503, 204, 503, 201]);
		expect(calls[3].body).toEqual(body);
		expect(calls[0].fault).toBeDefined();
	});

	it('can apply a write and still fail the response (afterApply)', async () => {
		await c.admin('POST', 'faults', {
			path: '/Candidates',
			method: 'POST',
			status: 500,
			afterApply: true,
		});
		const res = await c.recruit('POST', '/Candidates', {
			json: { data: [{ Last_Name: 'Applied', Email: 'applied@example.com' }] },
		});
		expect(res.status).toBe(500);
		const stored = (await c.admin('GET', 'recruit/Candidates')).body.records;
		expect(stored.some((r: { Email: string }) => r.Email === 'applied@example.com')).toBe(true);
	});

	it('injects latency, custom bodies and a probabilistic rate', async () => {
		await c.admin('POST', 'faults', {
			product: 'campaigns',
			path: 'getmailinglists',
			latencyMs: 150,
		});
		const started = Date.now();
		expect((await c.campaigns('getmailinglists')).body.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		await c.admin('POST', 'faults', {
			product: 'campaigns',
			status: 200,
			body: { status: 'error', code: '2402', message: 'x' },
		});
		expect((await c.campaigns('getmailinglists')).body.code).toBe('2402');
		await c.admin('POST', 'faults', {
			product: 'campaigns',
			path: 'getmailinglists',
			status: 500,
			rate: 0.5,
			seed: 42,
		});
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await c.campaigns('getmailinglists')).status);
		const failures = statuses.filter((s) => s === 500).length;
		expect(failures).toBeGreaterThan(8);
		expect(failures).toBeLessThan(32);
		await c.admin('DELETE', 'faults');
		expect((await c.campaigns('getmailinglists')).status).toBe(200);
		expect((await c.admin('POST', 'faults', { status: 42 })).status).toBe(400);
	});

	it('expires the token of a matched call (expireToken) and of everyone (tokens/expire)', async () => {
		await c.admin('POST', 'faults', { product: 'recruit', expireToken: true });
		expect((await c.recruit('GET', '/users?type=CurrentUser')).body.code).toBe('INVALID_TOKEN');
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(401); // token stays expired
		c.token = await c.refreshAccessToken();
		expect((await c.recruit('GET', '/users?type=CurrentUser')).status).toBe(200);
		expect((await c.admin('POST', 'tokens/expire')).body.expired).toBeGreaterThanOrEqual(1);
		expect((await c.campaigns('getmailinglists')).status).toBe(401);
	});

	it('moves the clock: GET now, POST advance / advanceMs / set', async () => {
		const now = Date.parse((await c.admin('GET', 'clock')).body.now);
		expect(now).toBeGreaterThanOrEqual(Date.parse('2026-11-20T12:00:00Z'));
		const advanced = Date.parse((await c.admin('POST', 'clock', { advance: '2d' })).body.now);
		expect(advanced - now).toBeGreaterThanOrEqual(2 * 86_400_000);
		const ms = Date.parse((await c.admin('POST', 'clock', { advanceMs: 1000 })).body.now);
		expect(ms - advanced).toBeGreaterThanOrEqual(1000);
		const set = await c.admin('POST', 'clock', { set: '2027-01-01T00:00:00Z', mode: 'frozen' });
		expect(set.body).toEqual({ now: '2027-01-01T00:00:00.000Z', mode: 'frozen' });
		expect((await c.admin('GET', 'clock')).body.now).toBe('2027-01-01T00:00:00.000Z');
	});

	it('records new activity and new campaigns', async () => {
		const add = await c.admin('POST', 'activity', [
			{ campaignKey: KEYS.novNewsletter, email: 'sam.silent@example.com', action: 'clicked' },
			{ campaignKey: KEYS.abChildA, email: 'hal.alpha@example.com', action: 'opened', at: '-1h' },
		]);
		expect(add.body).toEqual({ added: 2 });
		const clicked = await c.campaigns('getcampaignrecipientsdata', {
			campaignkey: KEYS.novNewsletter,
			action: 'clickedcontacts',
		});
		expect(
			clicked.body.list_of_details.map(
				(r: { contactemailaddress: string }) => r.contactemailaddress,
			),
		).toEqual(['ben.clicker@example.com', 'rita.recruit@example.com', 'sam.silent@example.com']);
		const bad = await c.admin('POST', 'activity', {
			campaignKey: KEYS.novNewsletter,
			email: 'pat.partner@example.com',
			action: 'opened',
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error).toContain('not a recipient');
		const sent = await c.admin('POST', 'campaigns', {
			name: 'Flash',
			lists: [KEYS.clients],
			clicks: [{ email: 'carl.quiet@example.com' }],
		});
		expect(sent.body.campaign).toMatchObject({
			name: 'Flash',
			status: 'Sent',
			recipients: 4,
			lists: [KEYS.clients],
		});
		const recent = await c.campaigns('recentcampaigns', { status: 'sent', range: '1' });
		expect(recent.body.recent_campaigns[0].campaign_key).toBe(sent.body.campaign.key);
		const details = await c.campaigns('getcampaigndetails', {
			campaignkey: sent.body.campaign.key,
			campaigntype: 'normal',
		});
		expect(details.body['campaign-reports'][0].unique_clicks_count).toBe('1');
	});

	it('resets to a scenario and a clock start, and reports state', async () => {
		await c.recruit('POST', '/Candidates', { json: { data: [{ Last_Name: 'Temp' }] } });
		const reset = await c.admin('POST', 'reset', {
			scenario: 'default',
			clockStart: '2026-12-01T00:00:00Z',
		});
		expect(reset.body.now).toMatch(/^2026-12-01T00:00:0/);
		const state = (await c.admin('GET', 'state')).body;
		expect(state).toMatchObject({
			scenario: 'default',
			timeZone: 'Europe/Berlin',
			recruit: { modules: { Candidates: 4, Contacts: 1, Clients: 2 } },
			calls: 0,
		});
		expect(state.campaigns.lists).toHaveLength(5);
		expect(
			state.campaigns.campaigns.find((x: { key: string }) => x.key === KEYS.novNewsletter).sentAt,
		).toBe('2026-11-27T00:00:00.000Z');
		expect((await http(`${c.sb.url}/nothing-here`)).status).toBe(404);
		expect(
			(
				await c.admin('POST', 'scenario', {
					lists: [{ key: 'x', name: 'X', members: [] }],
					campaigns: [{ key: 'y', name: 'Y', lists: ['nope'] }],
				})
			).status,
		).toBe(400);
	});
});

describe('big scenarios built in code', () => {
	it('serves 10,000 recipients and 1,234 openers in 500-row pages quickly', async () => {
		const c = await Client.start({ scenario: bigScenario(10_000, 1234) });
		try {
			const key = 'b'.repeat(32);
			let sent = 0;
			for (let from = 1; ; from += 500) {
				const res = await c.campaigns('getcampaignrecipientsdata', {
					campaignkey: key,
					action: 'sentcontacts',
					fromindex: String(from),
					range: '500',
				});
				if (res.body.status === 'error') {
					expect(res.body.code).toBe('6302');
					break;
				}
				sent += res.body.list_of_details.length;
			}
			expect(sent).toBe(10_000);
			const opened = new Set<string>();
			for (let from = 1; ; from += 500) {
				const res = await c.campaigns('getcampaignrecipientsdata', {
					campaignkey: key,
					action: 'openedcontacts',
					fromindex: String(from),
					range: '500',
				});
				if (res.body.status === 'error') break;
				for (const row of res.body.list_of_details) opened.add(row.contactemailaddress);
			}
			expect(opened.size).toBe(1234);
			expect(
				(await c.campaigns('getcampaigndetails', { campaignkey: key, campaigntype: 'normal' }))
					.body['campaign-reports'][0].opens_count,
			).toBe('1234');
		} finally {
			await c.close();
		}
	});
});
