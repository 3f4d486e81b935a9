import { NodeApiError } from 'n8n-workflow';

import { executeContext, loadOptionsContext, pollContext, SandboxCredentials } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import { startSandbox, type Sandbox, type Scenario } from '../sandbox/server';
import {
	campaignsApiRequest,
	getCampaignDetails,
	getCampaignRecipientsPage,
	getCampaignReport,
	getListSubscribers,
	getListSubscribersPage,
	getMailingLists,
	getRecentCampaigns,
	observeCampaignsRequests,
	RECIPIENTS_PAGE_SIZE,
	type RecipientRow,
} from '../../nodes/shared/transport/campaigns';

const BIG = 1_234;
const emails = Array.from(
	{ length: BIG },
	(_, i) => `person${String(i).padStart(4, '0')}@example.com`,
);

const scenario: Scenario = {
	name: 'transport-campaigns',
	clock: { start: '2026-11-20T12:00:00Z' },
	limits: { tokenRequestsPerMinute: 1_000 },
	contacts: [
		...emails.map((email, i) => ({
			email,
			firstname: `First${i}`,
			lastname: i % 2 ? `Last${i}` : null,
			companyname: i % 3 ? 'Acme' : null,
		})),
	],
	lists: [
		{ key: 'big', name: 'Big list', members: emails },
		...Array.from({ length: 204 }, (_, i) => ({
			key: `small${i}`,
			name: `Small ${i}`,
			members: [emails[i]],
		})),
	],
	campaigns: [
		{
			key: 'c-big',
			name: 'Big send',
			sentAt: '-2d',
			lists: ['big'],
			opens: emails.slice(0, 700).map((email) => ({ email })),
			clicks: emails.slice(0, 300).map((email) => ({ email })),
		},
		{ key: 'c-small', name: 'Small send', sentAt: '-1d', lists: ['small1', 'small2'] },
		{
			key: 'c-ab',
			name: 'AB send',
			type: 'abtesting',
			sentAt: '-3d',
			lists: ['small3', 'small4', 'small5', 'small6', 'small7'],
			abTest: {
				a: { key: 'c-ab-a', sentAt: '-4d', recipients: [emails[3], emails[4]] },
				b: { key: 'c-ab-b', sentAt: '-4d', recipients: [emails[5], emails[6]] },
			},
		},
		{ key: 'c-draft', name: 'Draft', lists: ['small8'] },
	],
};

let sandbox: Sandbox;
let admin: SandboxAdmin;
let credentials: SandboxCredentials;
const ctx = () => executeContext({ credentials });

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, scenario });
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

describe('campaignsApiRequest', () => {
	it('sends resfmt=JSON with params in the query string and returns the envelope', async () => {
		const body = await campaignsApiRequest.call(ctx(), 'GET', 'getmailinglists', {
			fromindex: 1,
			range: 2,
		});
		expect(body).toMatchObject({ status: 'success' });
		expect((body!.list_of_details as unknown[]).length).toBe(2);
		const [call] = await admin.calls('campaigns');
		expect(call.query).toMatchObject({ resfmt: 'JSON', fromindex: '1', range: '2' });
	});

	it('uses type=json instead of resfmt for contact/allfields', async () => {
		const body = await campaignsApiRequest.call(ctx(), 'GET', 'contact/allfields');
		expect((body!.response as { fieldname: unknown[] }).fieldname.length).toBeGreaterThan(3);
		const [call] = await admin.calls('campaigns');
		expect(call.query.type).toBe('json');
		expect(call.query.resfmt).toBeUndefined();
	});

	it('throws a NodeApiError naming the method, Zoho code and message for an error envelope', async () => {
		const error = await campaignsApiRequest
			.call(ctx(), 'GET', 'nosuchmethod')
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toMatch(/nosuchmethod/);
		expect((error as Error).message).toMatch(/1004/);
		expect((error as Error).message).toMatch(/Wrong URL/i);
	});

	it('refreshes an expired token through n8n (401 Code 1007) and retries once', async () => {
		await campaignsApiRequest.call(ctx(), 'GET', 'getmailinglists', { range: 1 }); // token is valid now
		const before = credentials.refreshes;
		const oldToken = credentials.accessToken('zohoCampaignsOAuth2Api');
		await admin.expireTokens();
		await admin.clearCalls();

		const lists = await getMailingLists.call(pollContext({ credentials }));
		expect(lists).toHaveLength(205);
		expect(credentials.refreshes).toBe(before + 1);
		expect(credentials.accessToken('zohoCampaignsOAuth2Api')).not.toBe(oldToken);
		const log = (await admin.calls()).map((c) => `${c.apiMethod}:${c.status}`);
		expect(log.slice(0, 3)).toEqual(['getmailinglists:401', 'token:200', 'getmailinglists:200']);
	});

	it('retries a 5xx and a 429 with backoff', async () => {
		await admin.fault({
			product: 'campaigns',
			path: 'getmailinglists',
			status: 503,
			count: 1,
		});
		await admin.fault({
			product: 'campaigns',
			path: 'getmailinglists',
			status: 429,
			count: 1,
		});
		const body = await campaignsApiRequest.call(ctx(), 'GET', 'getmailinglists', { range: 1 });
		expect(body).not.toBeNull();
		expect((await admin.calls('campaigns')).map((c) => c.status)).toEqual([503, 429, 200]);
	});

	it('never puts the access token in an error', async () => {
		await admin.fault({ product: 'campaigns', status: 401, count: 10 });
		const error = (await getMailingLists.call(ctx()).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/getmailinglists.*1007/);
		const token = credentials.accessToken('zohoCampaignsOAuth2Api');
		expect(
			JSON.stringify({ m: error.message, d: error.description, c: error.context }),
		).not.toContain(token);
	});
});

describe('paging', () => {
	it('pages mailing lists past the first page until a short page', async () => {
		const lists = await getMailingLists.call(loadOptionsContext({ credentials }));
		expect(lists).toHaveLength(205);
		expect(new Set(lists.map((l) => l.key)).size).toBe(205);
		expect(lists.find((l) => l.key === 'big')).toEqual({
			key: 'big',
			name: 'Big list',
			contactCount: BIG,
		});
		const log = await admin.calls('campaigns');
		expect(log.map((c) => [c.query.fromindex, c.query.range])).toEqual([
			['1', '200'],
			['201', '200'],
		]);
	});

	it(`reads all ${BIG} sent recipients, far past the 20-row default`, async () => {
		const rows: RecipientRow[] = [];
		let fromIndex = 1;
		for (;;) {
			const page = await getCampaignRecipientsPage.call(ctx(), 'c-big', 'sentcontacts', fromIndex);
			rows.push(...page.rows);
			if (!page.hasMore) break;
			fromIndex += page.rows.length;
		}
		expect(rows).toHaveLength(BIG);
		expect(new Set(rows.map((r) => r.email))).toEqual(new Set(emails));
		const log = await admin.calls('campaigns');
		expect(log.map((c) => c.query.range)).toEqual(
			Array(log.length).fill(String(RECIPIENTS_PAGE_SIZE)),
		);
		expect(log.map((c) => c.query.fromindex)).toEqual(['1', '501', '1001']);
	});

	it('normalises recipient rows ("null" → null, contactfn, epoch → ISO)', async () => {
		const page = await getCampaignRecipientsPage.call(ctx(), 'c-big', 'clickedcontacts', 1, 50);
		expect(page.rows).toHaveLength(50);
		expect(page.hasMore).toBe(true);
		const row = page.rows.find((r) => r.email === emails[0])!;
		expect(row).toMatchObject({ firstName: 'First0', lastName: null, companyName: null });
		expect(row.sentAt).toBe('2026-11-18T12:00:00.000Z');
		expect(row.raw.contactemailaddress).toBe(emails[0]);
		const all: RecipientRow[] = [];
		for (let from = 1; ; ) {
			const p = await getCampaignRecipientsPage.call(ctx(), 'c-big', 'clickedcontacts', from);
			all.push(...p.rows);
			if (!p.hasMore) break;
			from += p.rows.length;
		}
		expect(all).toHaveLength(300);
	});

	it('returns an empty page past the end (end-of-data envelope)', async () => {
		const page = await getCampaignRecipientsPage.call(ctx(), 'c-big', 'openedcontacts', 5_000);
		expect(page).toEqual({ rows: [], hasMore: false });
	});

	it('pages list subscribers', async () => {
		const subscribers = await getListSubscribers.call(ctx(), 'big');
		expect(subscribers).toHaveLength(BIG);
		expect(subscribers[1]).toMatchObject({
			email: emails[1],
			firstName: 'First1',
			lastName: 'Last1',
		});
		expect(subscribers[0].lastName).toBeNull(); // "" → null
		const page = await getListSubscribersPage.call(ctx(), 'small0', 1);
		expect(page).toMatchObject({ hasMore: false, subscribers: [{ email: emails[0] }] });
	});

	it('pages recent campaigns with hasMore (the sandbox sends no total_record_count)', async () => {
		const first = await getRecentCampaigns.call(ctx(), { fromIndex: 1, range: 2, status: 'sent' });
		expect(first.total).toBeNull();
		expect(first.hasMore).toBe(true);
		expect(first.campaigns).toHaveLength(2);
		const second = await getRecentCampaigns.call(ctx(), { fromIndex: 3, range: 2, status: 'sent' });
		expect(second.hasMore).toBe(false);
		const keys = [...first.campaigns, ...second.campaigns].map((c) => c.key).sort();
		expect(keys).toEqual(['c-ab', 'c-big', 'c-small']);
		const big = [...first.campaigns, ...second.campaigns].find((c) => c.key === 'c-big')!;
		expect(big).toMatchObject({
			name: 'Big send',
			type: 'normal',
			sentAt: '2026-11-18T12:00:00.000Z',
		});
		expect((await admin.calls('campaigns'))[0].query.status).toBe('sent');
	});
});

describe('campaign details and reports', () => {
	it('reads the lists a campaign was sent to and its counts', async () => {
		const details = await getCampaignDetails.call(ctx(), 'c-big', 'normal');
		expect(details).toMatchObject({
			key: 'c-big',
			name: 'Big send',
			type: 'normal',
			sentAt: '2026-11-18T12:00:00.000Z',
			lists: [{ key: 'big', name: 'Big list' }],
			counts: { opens: 700, uniqueClicks: 300 },
			abChildKeys: [],
		});
		expect(await getCampaignReport.call(ctx(), 'c-big')).toEqual({ opens: 700, uniqueClicks: 300 });
	});

	it('returns the A/B test-phase child keys', async () => {
		const details = await getCampaignDetails.call(ctx(), 'c-ab', 'abtesting');
		expect(details.abChildKeys.sort()).toEqual(['c-ab-a', 'c-ab-b']);
		expect(details.lists.map((l) => l.key)).toHaveLength(5);
	});

	it('names the method and code for an unknown campaign key', async () => {
		const error = (await getCampaignDetails
			.call(ctx(), 'nope', 'normal')
			.catch((e: unknown) => e)) as Error;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/getcampaigndetails/);
		expect(error.message).toMatch(/\d{4}/);
	});
});

describe('range limit (6502)', () => {
	it('halves the page size until Zoho accepts it', async () => {
		const limited = await startSandbox({
			port: 0,
			scenario: { ...scenario, limits: { ...scenario.limits, campaignsMaxRange: 100 } },
		});
		try {
			const creds = new SandboxCredentials(limited.url);
			const page = await getCampaignRecipientsPage.call(
				executeContext({ credentials: creds }),
				'c-big',
				'sentcontacts',
				1,
			);
			expect(page.rows).toHaveLength(62);
			expect(page.hasMore).toBe(true);
			const ranges = (await new SandboxAdmin(limited.url).calls('campaigns'))
				.filter((c) => c.status === 200)
				.map((c) => c.query.range);
			expect(ranges).toEqual(['500', '250', '125', '62']);
			const all = await getListSubscribers.call(executeContext({ credentials: creds }), 'big');
			expect(all).toHaveLength(BIG);
		} finally {
			await limited.close();
		}
	});
});

describe('request observer', () => {
	afterEach(async () => await admin.clearFaults());

	it('sees every HTTP attempt of its own context, incl. retries, until unregistered', async () => {
		const observed = ctx();
		const other = ctx();
		const seen: string[] = [];
		const seenByOther: string[] = [];
		const stop = observeCampaignsRequests(observed, (apiMethod) => seen.push(apiMethod));
		const stopOther = observeCampaignsRequests(other, (apiMethod) => seenByOther.push(apiMethod));
		await admin.clearCalls();
		await admin.fault({
			product: 'campaigns',
			path: 'campaignreports',
			status: 500,
			count: 2,
		});
		const counts = await getCampaignReport.call(observed, 'c-big');
		expect(counts.opens).toBeGreaterThan(0);
		await getRecentCampaigns.call(observed, { fromIndex: 1, range: 2 });
		const sent = (await admin.calls('campaigns')).map((c) => c.apiMethod);
		expect(sent).toEqual([
			'campaignreports',
			'campaignreports',
			'campaignreports',
			'recentcampaigns',
		]);
		expect(seen).toEqual(sent);
		expect(seenByOther).toEqual([]);

		stop();
		await getCampaignReport.call(observed, 'c-big');
		expect(seen).toHaveLength(4);
		stopOther();
	});

	it('counts a page asked again with a halved range (6502) as separate requests', async () => {
		const limited = await startSandbox({
			port: 0,
			scenario: { ...scenario, limits: { ...scenario.limits, campaignsMaxRange: 100 } },
		});
		try {
			const context = executeContext({ credentials: new SandboxCredentials(limited.url) });
			const seen: string[] = [];
			const stop = observeCampaignsRequests(context, (apiMethod) => seen.push(apiMethod));
			await getCampaignRecipientsPage.call(context, 'c-big', 'sentcontacts', 1);
			stop();
			// Fresh credentials: the first request gets 401 and n8n refreshes and repeats it inside
			// httpRequestWithAuthentication, out of the transport's sight (documented).
			const sent = (await new SandboxAdmin(limited.url).calls('campaigns'))
				.filter((c) => c.status !== 401)
				.map((c) => c.apiMethod);
			expect(sent).toEqual(new Array(4).fill('getcampaignrecipientsdata'));
			expect(seen).toEqual(sent);
		} finally {
			await limited.close();
		}
	});
});

describe('empty account', () => {
	it('answers 2401/6101 as empty results', async () => {
		const empty = await startSandbox({
			port: 0,
			scenario: { name: 'empty', limits: { tokenRequestsPerMinute: 1_000 } },
		});
		try {
			const creds = new SandboxCredentials(empty.url);
			const context = executeContext({ credentials: creds });
			expect(await getMailingLists.call(context)).toEqual([]);
			expect(await campaignsApiRequest.call(context, 'GET', 'getmailinglists')).toBeNull();
			expect(
				await getRecentCampaigns.call(context, { fromIndex: 1, range: 20, status: 'sent' }),
			).toEqual({
				campaigns: [],
				total: 0,
				hasMore: false,
			});
			const codes = (await new SandboxAdmin(empty.url).calls('campaigns')).map((c) => c.apiMethod);
			expect(codes).toContain('getmailinglists');
		} finally {
			await empty.close();
		}
	});
});
