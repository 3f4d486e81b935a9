// The product against the sandbox where Zoho's own pages correct earlier assumptions
// (docs/zoho-api.md): one describe per point of issue 11, over real HTTP through n8n-core.
/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { executeContext, SandboxCredentials } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import { startSandbox, type Sandbox, type Scenario } from '../sandbox/server';
import {
	getCampaignDetails,
	getMailingLists,
	getCampaignRecipientsPage,
	getListSubscribers,
	getRecentCampaigns,
} from '../../nodes/shared/transport/campaigns';
import { addTags, getRecruitFields, searchRecords } from '../../nodes/shared/transport/recruit';

const NOV_NEWSLETTER = 'f70c4878c4a47169407e63917ad24497';

let sandbox: Sandbox;
let admin: SandboxAdmin;
let credentials: SandboxCredentials;
const ctx = () => executeContext({ credentials });

beforeAll(async () => {
	// The default scenario, with room for the many token refreshes these tests provoke.
	const scenario = JSON.parse(
		readFileSync(join(__dirname, '../sandbox/scenarios/default.json'), 'utf8'),
	) as Scenario;
	sandbox = await startSandbox({
		port: 0,
		scenario: { ...scenario, limits: { ...scenario.limits, tokenRequestsPer10Min: 1_000 } },
	});
	admin = new SandboxAdmin(sandbox.url);
	credentials = new SandboxCredentials(sandbox.url);
});
afterAll(async () => {
	await sandbox?.close();
});
beforeEach(async () => {
	await admin.clearFaults();
	await admin.clearCalls();
});

describe('1. 18-digit ids sent as bare JSON numbers', () => {
	it('tags every record Recruit tagged, each with its own exact id', async () => {
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'equals', value: 'olga.existing@example.com' },
			{ field: 'Email', operator: 'equals', value: 'rita.recruit@example.com' },
			{ field: 'Email', operator: 'starts_with', value: 'robin' },
		]);
		const ids = found.map((r) => r.id);
		expect(ids).toHaveLength(4);
		// The ids really do not survive JSON.parse as numbers (else this test proves nothing).
		expect(ids.some((id) => String(Number(id)) !== id)).toBe(true);

		const results = await addTags.call(ctx(), 'Candidates', ids, ['Opened']);

		expect(results.map((r) => [r.ok, r.code, r.id])).toEqual(
			ids.map((id) => [true, 'SUCCESS', id]),
		);
		const stored = await admin.records('Candidates');
		for (const id of ids) {
			expect(stored.find((s) => s.id === id)?.$tags).toEqual(expect.arrayContaining(['Opened']));
		}
	});
});

describe('2. getcampaignrecipientsdata is sent as POST with its parameters in the query string', () => {
	it('posts every page with campaignkey, action, fromindex and range in the query, no body', async () => {
		const first = await getCampaignRecipientsPage.call(
			ctx(),
			NOV_NEWSLETTER,
			'openedcontacts',
			1,
			3,
		);
		const second = await getCampaignRecipientsPage.call(
			ctx(),
			NOV_NEWSLETTER,
			'openedcontacts',
			4,
			3,
		);
		expect(first.rows).toHaveLength(3);
		expect(second.rows.length).toBeGreaterThan(0);
		expect(second.rows.map((r) => r.email)).not.toContain(first.rows[0].email);
		const calls = (await admin.calls('campaigns')).filter((call) => call.status === 200);
		expect(calls.map((call) => call.method)).toEqual(['POST', 'POST']);
		expect(calls[1].query).toMatchObject({
			resfmt: 'JSON',
			campaignkey: NOV_NEWSLETTER,
			action: 'openedcontacts',
			fromindex: '4',
			range: '3',
		});
		expect(calls[1].body).toBeUndefined();
	});
});

describe('3. "nothing there" codes count only on the endpoint whose page says so', () => {
	const envelope = (code: string, message: string) => ({
		status: 200,
		body: { status: 'error', code, message },
	});

	it('fails getlistsubscribers on 2401 (an invalid list id there), naming code and message', async () => {
		await admin.fault({
			path: 'getlistsubscribers',
			...envelope('2401', 'List ID is empty or invalid listId'),
		});
		const error = (await getListSubscribers
			.call(ctx(), '3c20ad524dfa4af86216a5be13e238ed')
			.catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/getlistsubscribers.*invalid listId.*2401/);
	});

	it('fails recentcampaigns on 6303 (user agent unknown) but reads 6101 as no campaigns', async () => {
		await admin.fault({ path: 'recentcampaigns', ...envelope('6303', 'User agent unknown') });
		const error = (await getRecentCampaigns
			.call(ctx(), { fromIndex: 1, range: 10 })
			.catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/recentcampaigns.*6303/);
		await admin.fault({ path: 'recentcampaigns', ...envelope('6101', 'No campaign was sent') });
		expect(await getRecentCampaigns.call(ctx(), { fromIndex: 1, range: 10 })).toEqual({
			campaigns: [],
			total: 0,
			hasMore: false,
		});
	});

	it.each(['6302', '6303', '6501'])(
		'reads %s on the recipients endpoint as the end of the pages',
		async (code) => {
			await admin.fault({ path: 'getcampaignrecipientsdata', ...envelope(code, 'No contacts') });
			expect(
				await getCampaignRecipientsPage.call(ctx(), NOV_NEWSLETTER, 'openedcontacts', 1),
			).toEqual({ rows: [], hasMore: false });
		},
	);

	it('fails the recipients endpoint on 6101, which means "no campaign was sent" elsewhere', async () => {
		await admin.fault({
			path: 'getcampaignrecipientsdata',
			...envelope('6101', 'No campaign was sent'),
		});
		await expect(
			getCampaignRecipientsPage.call(ctx(), NOV_NEWSLETTER, 'openedcontacts', 1),
		).rejects.toThrow(/getcampaignrecipientsdata.*6101/);
	});
});

describe('8. getcampaigndetails without campaigntype; recentcampaigns without a total', () => {
	it('reads details with only the campaign key, and sends campaigntype only when known', async () => {
		const details = await getCampaignDetails.call(ctx(), '8e296a067a37563370ded05f5a3bf3ec');
		expect(details.type).toBe('abtesting');
		expect(details.abChildKeys).toHaveLength(2);
		expect(details.lists.length).toBeGreaterThan(0);
		await getCampaignDetails.call(ctx(), NOV_NEWSLETTER, 'normal');
		const queries = (await admin.calls('campaigns'))
			.filter((call) => call.status === 200)
			.map((call) => call.query);
		expect(queries[0]).not.toHaveProperty('campaigntype');
		expect(queries[1].campaigntype).toBe('normal');
	});

	it('pages every campaign without total_record_count, stopping at the short page', async () => {
		const seen: string[] = [];
		let fromIndex = 1;
		for (let guard = 0; guard < 10; guard++) {
			const page = await getRecentCampaigns.call(ctx(), { fromIndex, range: 2 });
			if (page.campaigns.length > 0) expect(page.total).toBeNull();
			seen.push(...page.campaigns.map((campaign) => campaign.key));
			if (!page.hasMore) break;
			fromIndex += page.campaigns.length;
		}
		expect(seen).toHaveLength(6);
		expect(new Set(seen).size).toBe(6);
	});
});

describe('7. custom base URLs are checked before anything is sent', () => {
	it('refuses a plain-http proxy with an error naming the field, and sends nothing', async () => {
		const bad = new SandboxCredentials(sandbox.url);
		bad.set('zohoCampaignsOAuth2Api', { customApiUrl: 'http://zoho-proxy.example.com' });
		bad.set('zohoRecruitOAuth2Api', { customApiUrl: `${sandbox.url}/x?q=` });
		const campaigns = (await getListSubscribers
			.call(executeContext({ credentials: bad }), 'k')
			.catch((e: unknown) => e)) as Error & { description?: string };
		expect(campaigns.message).toMatch(
			/API Base URL uses http:\/\/ to a host other than this machine/,
		);
		expect(campaigns.description).toMatch(/Custom data centre/);
		const recruit = (await searchRecords
			.call(executeContext({ credentials: bad }), 'Candidates', [
				{ field: 'Email', operator: 'equals', value: 'a@b.c' },
			])
			.catch((e: unknown) => e)) as Error;
		expect(recruit.message).toMatch(/API Base URL must not contain a query/);
		expect(await admin.calls()).toEqual([]);
	});
});

describe('5. a token that dies twice in a row does not fail the request', () => {
	it.each([
		['recruit', '/recruit/v2/settings/fields'],
		['campaigns', 'getmailinglists'],
	] as const)('%s: refreshes a second time and succeeds', async (product, path) => {
		await getMailingLists.call(ctx());
		await getRecruitFields.call(ctx(), 'Candidates');
		const before = credentials.refreshes;
		await admin.clearCalls();
		// The call's token dies, n8n refreshes, and the fresh token dies on the retry too.
		await admin.fault({ product, path, expireToken: true, count: 2 });
		if (product === 'recruit') {
			expect((await getRecruitFields.call(ctx(), 'Candidates')).length).toBeGreaterThan(3);
		} else {
			expect((await getMailingLists.call(ctx())).length).toBeGreaterThan(3);
		}
		expect(credentials.refreshes).toBe(before + 2);
		const log = (await admin.calls()).map((call) => `${call.apiMethod}:${call.status}`);
		const method = product === 'recruit' ? 'getFields' : 'getmailinglists';
		expect(log.slice(0, 6)).toEqual([
			`${method}:401`,
			'token:200',
			`${method}:401`,
			`${method}:401`,
			'token:200',
			`${method}:200`,
		]);
	});

	it("still fails, with Zoho's code, when the token is refused a third time", async () => {
		await admin.fault({
			product: 'recruit',
			path: '/recruit/v2/settings/fields',
			status: 401,
			count: 10,
		});
		await expect(getRecruitFields.call(ctx(), 'Candidates')).rejects.toThrow(/INVALID_TOKEN/);
	});
});

describe('6. a refused refresh says why', () => {
	it.each([
		['clientSecret', 'wrong-secret', 'invalid_client_secret', /Client Secret does not belong/],
		['clientId', 'wrong-id', 'invalid_client', /Client ID in this data centre/],
	])('reports %s answered %s, without any secret', async (field, value, code, hint) => {
		const broken = new SandboxCredentials(sandbox.url);
		await getMailingLists.call(executeContext({ credentials: broken }));
		await getRecruitFields.call(executeContext({ credentials: broken }), 'Candidates');
		broken.set('zohoCampaignsOAuth2Api', { [field]: value });
		broken.set('zohoRecruitOAuth2Api', { [field]: value });
		await admin.expireTokens();
		const campaigns = (await getMailingLists
			.call(executeContext({ credentials: broken }))
			.catch((e: unknown) => e)) as Error & { httpCode?: string };
		const recruit = (await getRecruitFields
			.call(executeContext({ credentials: broken }), 'Candidates')
			.catch((e: unknown) => e)) as Error;
		for (const error of [campaigns, recruit]) {
			expect(error.message).toContain(`refused to renew the access token: ${code}`);
			expect(error.message).toMatch(hint);
			expect(error.message).not.toMatch(/1007|Unauthorized request/);
			expect(JSON.stringify(error)).not.toContain('sandbox-client-secret');
			expect(JSON.stringify(error)).not.toContain('sandbox-refresh-token');
		}
		expect(campaigns.httpCode).toBe('401');
	});
});
