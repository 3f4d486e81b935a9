import {
	associatedListsSchema,
	campaignDetailsSchema,
	epochMsToIso,
	recentCampaignItemSchema,
	recentCampaignsPageSchema,
	recipientRowSchema,
	recipientsPageSchema,
	zohoCount,
	zohoText,
} from '../../nodes/shared/schemas/campaigns';
import {
	toCampaignDetails,
	toCampaignSummary,
	toRecipientRow,
} from '../../nodes/shared/transport/campaigns';

describe('Campaigns value normalisation', () => {
	it('turns "null" and "" into null and keeps real text', () => {
		expect(zohoText.parse('null')).toBeNull();
		expect(zohoText.parse('NULL')).toBeNull();
		expect(zohoText.parse('')).toBeNull();
		expect(zohoText.parse(undefined)).toBeNull();
		expect(zohoText.parse(' Ann ')).toBe('Ann');
		expect(zohoText.parse(42)).toBe('42');
	});

	it('reads counts given as strings or numbers', () => {
		expect(zohoCount.parse('57')).toBe(57);
		expect(zohoCount.parse(2)).toBe(2);
		expect(zohoCount.parse('null')).toBeNull();
		expect(zohoCount.parse('')).toBeNull();
		expect(zohoCount.parse('n/a')).toBeNull();
	});

	it('converts epoch-ms strings to ISO UTC (ref §3.3 sample)', () => {
		expect(epochMsToIso('1375456161000')).toBe('2013-08-02T15:09:21.000Z');
		expect(epochMsToIso(1376920587000)).toBe('2013-08-19T13:56:27.000Z');
		expect(epochMsToIso('null')).toBeNull();
		expect(epochMsToIso('02 Aug 2013, 12:39 PM')).toBeNull();
	});
});

describe('recipient rows', () => {
	const raw = {
		contactid: '303000014269257',
		contactemailaddress: 'John.Doe@XYZ.com',
		contactfn: 'John',
		contactln: 'Doe',
		firstname: 'Johnny',
		companyname: 'null',
		phone: '',
		jobtitle: 'CTO',
		contactstatus: 'active',
		sent_time: '1375456161000',
		extra: 'kept',
	};

	it('prefers live contactfn/contactln, nulls "null", lowercases email, keeps raw', () => {
		const row = toRecipientRow(recipientRowSchema.parse(raw), raw);
		expect(row).toMatchObject({
			email: 'john.doe@xyz.com',
			firstName: 'John',
			lastName: 'Doe',
			companyName: null,
			phone: null,
			jobTitle: 'CTO',
			contactStatus: 'active',
			contactId: '303000014269257',
			sentAt: '2013-08-02T15:09:21.000Z',
		});
		expect(row.raw).toBe(raw);
	});

	it('falls back to the documented firstname/lastname', () => {
		const docRow = { contactemailaddress: 'a@b.c', firstname: 'Ann', lastname: 'Lee' };
		const row = toRecipientRow(recipientRowSchema.parse(docRow), docRow);
		expect([row.firstName, row.lastName]).toEqual(['Ann', 'Lee']);
	});
});

describe('campaigns', () => {
	it('summarises a recentcampaigns item with UTC times and the campaign type', () => {
		const item = recentCampaignItemSchema.parse({
			campaign_key: 'k1',
			campaign_name: 'June',
			campaign_status: 'Sent',
			campaigntype: 'abtesting',
			sent_time: '1375456161000',
			created_time: '1376920587000',
		});
		expect(toCampaignSummary(item)).toEqual({
			key: 'k1',
			name: 'June',
			status: 'Sent',
			type: 'abtesting',
			sentAt: '2013-08-02T15:09:21.000Z',
			createdAt: '2013-08-19T13:56:27.000Z',
		});
	});

	it.each([
		[
			'an array',
			[
				{ listkey: 'L1', listname: 'One' },
				{ listkey: 'L2', listname: 'Two' },
			],
		],
		[
			'{list:[…]}',
			{
				list: [
					{ listkey: 'L1', listname: 'One' },
					{ listkey: 'L2', listname: 'Two' },
				],
			},
		],
	])('reads associated_mailing_lists as %s', (_label, lists) => {
		expect(associatedListsSchema.parse(lists).map((l) => l.listkey)).toEqual(['L1', 'L2']);
	});

	it('maps getcampaigndetails incl. counts, lists and A/B child keys', () => {
		const body = {
			status: 'success',
			code: '200',
			campaign_status: 'Sent',
			'campaign-details': [
				{
					campaign_key: 'k1',
					campaign_name: 'June',
					campaigntype: 'abtesting',
					sent_time: '1375456161000',
				},
			],
			associated_mailing_lists: { list: [{ listkey: 'L1', listname: 'null' }] },
			'campaign-reports': [{ opens_count: '7', unique_clicks_count: 3 }],
			'AB-split-details': [{ a_child_campaignkey: 'ka', b_child_campaignkey: 'kb' }],
		};
		expect(toCampaignDetails('k1', 'normal', body, (b) => campaignDetailsSchema.parse(b))).toEqual({
			key: 'k1',
			name: 'June',
			type: 'abtesting',
			status: 'Sent',
			sentAt: '2013-08-02T15:09:21.000Z',
			lists: [{ key: 'L1', name: 'L1' }],
			counts: { opens: 7, uniqueClicks: 3 },
			abChildKeys: ['ka', 'kb'],
		});
	});
});

describe('recentcampaigns and recipients page envelopes', () => {
	it('reads range from requestdetails as an object, a stringified map, JSON text or a query string', () => {
		const range = (requestdetails: unknown) =>
			recentCampaignsPageSchema.parse({ recent_campaigns: [], requestdetails }).requestdetails.range;
		expect(range({ range: 20, fromindex: 1 })).toBe(20);
		expect(range({ range: '50' })).toBe(50);
		expect(range('{fromindex=1, range=25, status=sent}')).toBe(25);
		expect(range('{"fromindex":1,"range":30}')).toBe(30);
		expect(range('fromindex=1&range=40')).toBe(40);
		expect(range('{fromindex=1}')).toBeNull();
		expect(range(undefined)).toBeNull();
		expect(recipientsPageSchema.parse({ requestdetails: 'range=7' }).requestdetails.range).toBe(7);
	});

	it('keeps total_record_count when Zoho sends it and never takes campaign_count for a total', () => {
		const withTotal = recentCampaignsPageSchema.parse({
			recent_campaigns: [],
			total_record_count: '44',
			campaign_count: '20',
		});
		expect(withTotal.total_record_count).toBe(44);
		const without = recentCampaignsPageSchema.parse({ recent_campaigns: [], campaign_count: '2' });
		expect(without.total_record_count).toBeNull();
	});
});
