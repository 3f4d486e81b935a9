// Campaigns API v1.1 conformance against the default scenario (ref §2, §3).
import { bigScenario, Client, KEYS } from './helpers';

const NOV_SENT_MS = Date.parse('2026-11-16T12:00:00Z');

describe('Campaigns API v1.1', () => {
	let c: Client;
	beforeAll(async () => {
		c = await Client.start({ scenario: 'default' });
	});
	afterAll(() => c.close());

	describe('auth (ref §3.1)', () => {
		it.each([
			['missing', null],
			['garbage', 'garbage'],
		])('answers 401 Code 1007 for a %s token', async (_label, token) => {
			const res = await c.campaigns('getmailinglists', {}, { token });
			expect(res.status).toBe(401);
			expect(res.body).toEqual({
				message: 'Unauthorized request.',
				version: '1.1',
				URI: '/api/v1.1/getmailinglists',
				Code: '1007',
				status: 'error',
			});
		});

		it('accepts Bearer as well as Zoho-oauthtoken', async () => {
			const res = await fetch(`${c.sb.url}/api/v1.1/getmailinglists?resfmt=JSON`, {
				headers: { authorization: `Bearer ${c.token}` },
			});
			expect(res.status).toBe(200);
			expect(((await res.json()) as { status: string }).status).toBe('success');
		});
	});

	it('answers XML when resfmt is missing (ref §2.0)', async () => {
		const res = await c.campaigns('getmailinglists', {}, { resfmt: null });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('xml');
		expect(res.text).toMatch(
			/^<\?xml version="1.0" encoding="UTF-8"\?><response uri="\/api\/v1.1\/getmailinglists" version="1.1"><status>success<\/status><code>0<\/code>/,
		);
		expect(res.text).toContain('<fl val="listname">Candidates - Newsletter</fl>');
	});

	it('reads params from a form body on POST (ref §2.0)', async () => {
		const res = await fetch(`${c.sb.url}/api/v1.1/getcampaignrecipientsdata`, {
			method: 'POST',
			headers: {
				authorization: `Zoho-oauthtoken ${c.token}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams({
				resfmt: 'JSON',
				campaignkey: KEYS.novNewsletter,
				action: 'clickedcontacts',
			}).toString(),
		});
		const body = (await res.json()) as { list_of_details: Array<{ contactemailaddress: string }> };
		expect(body.list_of_details.map((r) => r.contactemailaddress)).toEqual([
			'ben.clicker@example.com',
			'rita.recruit@example.com',
		]);
	});

	it('lists mailing lists with string-typed fields (ref §2.1)', async () => {
		const res = await c.campaigns('getmailinglists', { range: '50' });
		expect(res.body).toMatchObject({
			status: 'success',
			code: '0',
			uri: '/api/v1.1/getmailinglists',
			version: '1.1',
			fromindex: '1',
			range: '50',
		});
		const lists = res.body.list_of_details as Array<Record<string, unknown>>;
		expect(lists.map((l) => l.listname).sort()).toEqual([
			'Candidates - Events',
			'Candidates - Newsletter',
			'Contacts - Clients',
			'Partners',
			'Recruit Sync',
		]);
		const newsletter = lists.find((l) => l.listkey === KEYS.newsletter)!;
		expect(newsletter).toMatchObject({ noofcontacts: '13', noofunsubcnt: '1', noofbouncecnt: '1' });
		for (const list of lists)
			for (const value of Object.values(list)) expect(['string', 'object']).toContain(typeof value);
		expect((await c.campaigns('getmailinglists', { fromindex: '6' })).body).toEqual({
			status: 'error',
			code: '2401',
			message: 'No mailing list has been created. Please create a list.',
		});
	});

	it('lists recent campaigns with a status filter, without total_record_count (ref §2.2)', async () => {
		const all = await c.campaigns('recentcampaigns');
		expect(all.body.total_record_count).toBeUndefined();
		expect(all.body.recent_campaigns).toHaveLength(6);
		const sent = await c.campaigns('recentcampaigns', { status: 'sent' });
		expect(sent.body.recent_campaigns).toHaveLength(5);
		expect(sent.body.campaign_count).toBe('5');
		const items = sent.body.recent_campaigns as Array<Record<string, string>>;
		expect(items[0]).toMatchObject({
			campaign_key: KEYS.openDay,
			campaign_status: 'Sent',
			campaigntype: 'normal',
		});
		expect(items.find((i) => i.campaign_key === KEYS.abCampaign)!.campaigntype).toBe('abtesting');
		expect(items.find((i) => i.campaign_key === KEYS.novNewsletter)!.sent_time).toBe(
			String(NOV_SENT_MS),
		);
		const drafts = await c.campaigns('recentcampaigns', { status: 'drafts' });
		expect(
			drafts.body.recent_campaigns.map((i: { campaign_key: string }) => i.campaign_key),
		).toEqual([KEYS.draft]);
		expect((await c.campaigns('recentcampaigns', { status: 'paused' })).body).toEqual({
			status: 'error',
			code: '6101',
			message: 'No campaign was sent',
		});
	});

	it('details a campaign with its lists and reports (ref §2.3)', async () => {
		const res = await c.campaigns('getcampaigndetails', {
			campaignkey: KEYS.openDay,
			campaigntype: 'normal',
		});
		expect(res.body.associated_mailing_lists.map((l: { listkey: string }) => l.listkey)).toEqual([
			KEYS.events,
			KEYS.partners,
		]);
		expect(res.body['campaign-reports'][0]).toMatchObject({
			opens_count: '4',
			unique_clicks_count: '1',
			emails_sent_count: '7',
		});
		expect(res.body['AB-split-details']).toBeUndefined();
		expect(
			(await c.campaigns('getcampaigndetails', { campaignkey: 'ffff', campaigntype: 'normal' }))
				.body.code,
		).toBe('6301');
	});

	it('details an A/B campaign only with campaigntype=abtesting (ref §2.3)', async () => {
		const ab = await c.campaigns('getcampaigndetails', {
			campaignkey: KEYS.abCampaign,
			campaigntype: 'abtesting',
		});
		expect(ab.body['AB-split-details']).toEqual([
			{
				a_child_campaignkey: KEYS.abChildA,
				b_child_campaignkey: KEYS.abChildB,
				a_open_count: '1',
				b_open_count: '1',
				a_click_count: '0',
				b_click_count: '1',
			},
		]);
		expect(ab.body['campaign-reports'][0].opens_count).toBe('1');
		const wrongType = await c.campaigns('getcampaigndetails', {
			campaignkey: KEYS.abCampaign,
			campaigntype: 'normal',
		});
		expect(wrongType.body['campaign-reports']).toEqual([]);
		expect(wrongType.body['AB-split-details']).toBeUndefined();
		const child = await c.campaigns('getcampaignrecipientsdata', {
			campaignkey: KEYS.abChildB,
			action: 'clickedcontacts',
		});
		expect(
			child.body.list_of_details.map((r: { contactemailaddress: string }) => r.contactemailaddress),
		).toEqual(['jon.beta@example.com']);
	});

	it('reports a campaign (ref §2.4)', async () => {
		const res = await c.campaigns('campaignreports', { campaignkey: KEYS.novNewsletter });
		expect(res.body['campaign-reports'][0]).toMatchObject({
			opens_count: '11',
			unique_clicks_count: '2',
			emails_sent_count: '12',
		});
		expect((await c.campaigns('campaignreports', { campaignkey: KEYS.draft })).body.code).toBe(
			'6001',
		);
	});

	describe('getcampaignrecipientsdata (ref §2.5)', () => {
		const recipients = (params: Record<string, string>) =>
			c.campaigns('getcampaignrecipientsdata', { campaignkey: KEYS.novNewsletter, ...params });

		it('returns string-typed rows with both name key pairs and literal "null"', async () => {
			const res = await recipients({ action: 'openedcontacts', range: '100' });
			expect(res.body).toMatchObject({
				status: 'success',
				code: '0',
				requestdetails: { range: 100, action: 'openedcontacts', fromindex: 1 },
			});
			const rows = res.body.list_of_details as Array<Record<string, string>>;
			const nina = rows.find((r) => r.contactemailaddress === 'nina.null@example.com')!;
			expect(nina).toMatchObject({
				contactfn: 'Nina',
				firstname: 'Nina',
				contactln: 'Novak',
				lastname: 'Novak',
				companyname: 'null',
				phone: 'null',
				city: 'null',
				sent_time: String(NOV_SENT_MS),
				sentdate: '16 Nov 2026, 01:00 PM',
				contactstatus: 'active',
			});
			const lee = rows.find((r) => r.contactemailaddress === 'lee.nolast@example.com')!;
			expect(lee.contactln).toBe('null');
			for (const row of rows)
				for (const value of Object.values(row)) expect(typeof value).toBe('string');
			expect(
				rows.find((r) => r.contactemailaddress === 'uma.unsub@example.com')!.contactstatus,
			).toBe('unsubscribed');
			expect(
				rows.find((r) => r.contactemailaddress === 'bob.bounce@example.com')!.contactstatus,
			).toBe('bounced');
		});

		it('counts a click as an open: openers include clickers who never opened', async () => {
			const opened = (
				await recipients({ action: 'openedcontacts', range: '100' })
			).body.list_of_details.map((r: { contactemailaddress: string }) => r.contactemailaddress);
			expect(opened).toContain('rita.recruit@example.com');
			expect(opened).toContain('ben.clicker@example.com');
			expect(opened).not.toContain('sam.silent@example.com');
			expect(opened).toHaveLength(11);
			const unopened = (await recipients({ action: 'unopenedcontacts' })).body.list_of_details.map(
				(r: { contactemailaddress: string }) => r.contactemailaddress,
			);
			expect(unopened).toEqual(['sam.silent@example.com']);
		});

		it('defaults to a 20-row page, pages 1-based and answers 6302 past the end', async () => {
			await c.admin('POST', 'scenario', bigScenario(45));
			const page = (params: Record<string, string>) =>
				c.campaigns('getcampaignrecipientsdata', {
					campaignkey: 'b'.repeat(32),
					action: 'sentcontacts',
					...params,
				});
			const first = await page({});
			expect(first.body.list_of_details).toHaveLength(20);
			expect(first.body.list_of_details[0].contactemailaddress).toBe('person0@example.com');
			const third = await page({ fromindex: '41' });
			expect(
				third.body.list_of_details.map(
					(r: { contactemailaddress: string }) => r.contactemailaddress,
				),
			).toEqual([
				'person40@example.com',
				'person41@example.com',
				'person42@example.com',
				'person43@example.com',
				'person44@example.com',
			]);
			expect((await page({ fromindex: '46' })).body).toEqual({
				status: 'error',
				code: '6302',
				message: 'No contacts found.',
			});
			expect((await page({ range: '500' })).body.list_of_details).toHaveLength(45);
			expect((await page({ range: '501' })).body).toEqual({
				status: 'error',
				code: '6502',
				message: 'Limit given is more than the maximum',
			});
			await c.admin('POST', 'reset', { scenario: 'default' });
			c.token = await c.refreshAccessToken();
		});

		it('answers 6002 for an unknown or unsent campaign', async () => {
			expect(
				(
					await c.campaigns('getcampaignrecipientsdata', {
						campaignkey: KEYS.draft,
						action: 'openedcontacts',
					})
				).body,
			).toEqual({
				status: 'error',
				code: '6002',
				message: 'Invalid campaign key (or) campaign is not yet sent',
			});
			expect(
				(
					await c.campaigns('getcampaignrecipientsdata', {
						campaignkey: 'nope',
						action: 'openedcontacts',
					})
				).body.code,
			).toBe('6002');
		});

		it('supports all nine actions', async () => {
			for (const action of [
				'sentcontacts',
				'openedcontacts',
				'clickedcontacts',
				'unopenedcontacts',
				'optoutcontacts',
				'spamcontacts',
				'senthardbounce',
				'sentsoftbounce',
				'unsentcontacts',
			]) {
				const res = await recipients({ action });
				expect(['0', '6302']).toContain(res.body.code);
			}
		});
	});

	describe('list subscribers (ref §2.6)', () => {
		it('returns all members without status, formatted added_time in the account time zone', async () => {
			const res = await c.campaigns('getlistsubscribers', {
				listkey: KEYS.newsletter,
				range: '100',
			});
			const rows = res.body.list_of_details as Array<Record<string, string>>;
			expect(rows).toHaveLength(13);
			expect(rows.find((r) => r.contact_email === 'olga.existing@example.com')).toMatchObject({
				firstname: 'Olga',
				lastname: 'Berg',
				companyname: '',
				phone: '+49 40 5550101',
				added_time: '10 Nov 2026, 01:00 PM',
			});
			const active = await c.campaigns('getlistsubscribers', {
				listkey: KEYS.newsletter,
				status: 'active',
				range: '100',
			});
			expect(active.body.list_of_details).toHaveLength(11);
			const unsub = await c.campaigns('getlistsubscribers', {
				listkey: KEYS.newsletter,
				status: 'unsub',
			});
			expect(
				unsub.body.list_of_details.map((r: { contact_email: string }) => r.contact_email),
			).toEqual(['uma.unsub@example.com']);
			expect((await c.campaigns('getlistsubscribers', { listkey: 'nope' })).body).toEqual({
				status: 'error',
				code: '2501',
				message: 'Listkey is empty or invalid',
			});
		});

		it('counts subscribers as a number', async () => {
			const res = await c.campaigns('listsubscriberscount', { listkey: KEYS.clients });
			expect(res.body).toEqual({
				status: 'success',
				code: '0',
				no_of_contacts: 4,
				uri: '/api/v1.1/listsubscriberscount',
				version: '1.1',
			});
		});
	});

	it('lists contact fields under `response` with type=json (ref §2.7)', async () => {
		const res = await c.campaigns('contact/allfields', { type: 'json' }, { resfmt: null });
		expect(res.body.response).toMatchObject({ message: 'success', code: '0' });
		expect(res.body.response.fieldname[0]).toEqual({
			DISPLAY_NAME: 'Contact Email',
			FIELD_NAME: 'contact_email',
			no: '1',
			FIELD_ID: '4000000000015',
		});
	});
});
