// The sandbox where Zoho's own pages correct earlier assumptions (docs/zoho-api.md):
// one describe per point of issue 11, raw HTTP against an in-process sandbox.
import { Client, KEYS } from './helpers';

let c: Client;
beforeAll(async () => {
	c = await Client.start();
});
afterAll(async () => {
	await c?.close();
});

describe('1. add_tags sends details.id as a bare 18-digit number, as Zoho samples it', () => {
	it('writes the exact digits unquoted, which JSON.parse rounds', async () => {
		const search = await c.recruit('GET', '/Candidates/search?email=olga.existing@example.com');
		const id: string = search.body.data[0].id;
		expect(id).toMatch(/^\d{18}$/);
		const res = await c.recruit('POST', `/Candidates/actions/add_tags?tag_names=Opened&ids=${id}`);
		expect(res.status).toBe(200);
		expect(res.text).toContain(`"id":${id}`);
		expect(typeof res.body.data[0].details.id).toBe('number');
		// Records themselves keep string ids (Zoho's record samples quote them).
		expect(search.text).toContain(`"id":"${id}"`);
	});
});

describe('2. getcampaignrecipientsdata: POST as documented, GET as used live', () => {
	it('answers the same page to POST with query parameters, POST with a form body, and GET', async () => {
		const params = {
			campaignkey: KEYS.novNewsletter,
			action: 'openedcontacts',
			fromindex: '2',
			range: '2',
		};
		const post = await c.campaigns('getcampaignrecipientsdata', params, { http: 'POST' });
		const get = await c.campaigns('getcampaignrecipientsdata', params, { http: 'GET' });
		const form = await fetch(`${c.sb.url}/api/v1.1/getcampaignrecipientsdata?resfmt=JSON`, {
			method: 'POST',
			headers: {
				authorization: `Zoho-oauthtoken ${c.token}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams(params).toString(),
		}).then(async (r) => (await r.json()) as { list_of_details: unknown[] });
		expect(post.body.status).toBe('success');
		expect(post.body.list_of_details).toHaveLength(2);
		expect(get.body.list_of_details).toEqual(post.body.list_of_details);
		expect(form.list_of_details).toEqual(post.body.list_of_details);
	});
});

describe('8. optional fields and parameters', () => {
	it('details a campaign without campaigntype (only campaignkey is mandatory)', async () => {
		const normal = await c.campaigns('getcampaigndetails', { campaignkey: KEYS.novNewsletter });
		expect(normal.body.status).toBe('success');
		expect(normal.body['campaign-reports']).toHaveLength(1);
		expect(normal.body.associated_mailing_lists[0].listkey).toBe(KEYS.newsletter);
		// An A/B campaign asked without a type answers as its own type: reports and split details.
		const ab = await c.campaigns('getcampaigndetails', { campaignkey: KEYS.abCampaign });
		expect(ab.body['campaign-reports']).toHaveLength(1);
		expect(ab.body['AB-split-details'][0].a_child_campaignkey).toBe(KEYS.abChildA);
	});

	it('answers recentcampaigns without total_record_count and with requestdetails as a string', async () => {
		const page = await c.campaigns('recentcampaigns', { fromindex: '2', range: '2' });
		expect(page.body.status).toBe('success');
		expect(page.body).not.toHaveProperty('total_record_count');
		expect(page.body.recent_campaigns).toHaveLength(2);
		expect(typeof page.body.requestdetails).toBe('string');
		expect(page.body.requestdetails).toContain('range=2');
	});
});
