import type { IDataObject } from 'n8n-workflow';

import {
	campaignDetailsSchema,
	campaignReportsPageSchema,
	listSubscribersPageSchema,
	mailingListsPageSchema,
	recentCampaignsPageSchema,
	recipientsPageSchema,
} from '../schemas/campaigns';
import { zohoApiError } from './http';
import {
	rawRows,
	toCampaignDetails,
	toCampaignSummary,
	toCounts,
	toListSubscriber,
	toMailingList,
	toRecipientRow,
	type CampaignCounts,
	type CampaignDetails,
	type CampaignSummary,
	type CampaignType,
	type ListSubscriber,
	type MailingList,
	type RecipientAction,
	type RecipientRow,
	type SubscriberStatus,
} from './campaignsDto';
import { fetchAllPages, fetchPage, pageIsFull } from './campaignsPaging';
import { apiFailure, callCampaigns, parseOrThrow, type CampaignsContext } from './campaignsRequest';

/**
 * Zoho Campaigns API v1.1, one function per endpoint the nodes read. The request, envelope and
 * retries live in campaignsRequest.ts, paging in campaignsPaging.ts, the DTO types and mappers in
 * campaignsDto.ts; everything the nodes import is re-exported from here.
 */

export * from './campaignsDto';
export {
	CAMPAIGNS_CREDENTIAL,
	EMPTY_RESULT_CODES,
	EMPTY_RESULT_CODES_BY_METHOD,
	isEmptyResultCode,
	observeCampaignsRequests,
	type CampaignsContext,
} from './campaignsRequest';
export { RANGE_TOO_LARGE_CODE } from './campaignsPaging';

/** What the client asks for per recipients page. range=500 works live. */
export const RECIPIENTS_PAGE_SIZE = 500;
export const LIST_PAGE_SIZE = 200;
export const SUBSCRIBERS_PAGE_SIZE = 500;

/**
 * One call; resfmt=JSON; params in the query string. Returns the JSON envelope, or null when
 * Zoho answers an error envelope whose code means "nothing there". Throws NodeApiError (naming
 * the API method, Zoho's code and message) for any other error.
 */
export async function campaignsApiRequest(
	this: CampaignsContext,
	method: 'GET' | 'POST',
	apiMethod: string,
	qs?: IDataObject,
): Promise<IDataObject | null> {
	const outcome = await callCampaigns(this, method, apiMethod, qs);
	if (outcome.kind === 'ok') return outcome.body;
	if (outcome.kind === 'empty') return null;
	throw apiFailure(this, apiMethod, outcome);
}

export async function getMailingLists(this: CampaignsContext): Promise<MailingList[]> {
	const apiMethod = 'getmailinglists';
	return await fetchAllPages(this, { apiMethod, qs: { sort: 'asc' } }, LIST_PAGE_SIZE, (body) => {
		const page = parseOrThrow(this, mailingListsPageSchema, body, apiMethod);
		return { items: page.list_of_details.map(toMailingList), echoedRange: page.range };
	});
}

/** One page of recentcampaigns; "nothing matches" → empty. */
export async function getRecentCampaigns(
	this: CampaignsContext,
	opts: { fromIndex: number; range: number; status?: string },
): Promise<{ campaigns: CampaignSummary[]; total: number | null; hasMore: boolean }> {
	const apiMethod = 'recentcampaigns';
	const qs: IDataObject = { sort: 'desc' };
	if (opts.status) qs.status = opts.status;
	let total: number | null = null;
	const page = await fetchPage(this, { apiMethod, qs }, opts.fromIndex, opts.range, (body) => {
		const parsed = parseOrThrow(this, recentCampaignsPageSchema, body, apiMethod);
		total = parsed.total_record_count;
		return {
			items: parsed.recent_campaigns.map(toCampaignSummary),
			echoedRange: parsed.range ?? parsed.requestdetails.range,
		};
	});
	if (page.envelope === null) return { campaigns: [], total: 0, hasMore: false };
	// total_record_count may be missing (and campaign_count's meaning is unknown): without a
	// total, a full page may have a successor, a short one is the last.
	const seen = opts.fromIndex - 1 + page.items.length;
	const hasMore = page.items.length > 0 && (total !== null ? seen < total : pageIsFull(page));
	return { campaigns: page.items, total, hasMore };
}

/**
 * getcampaigndetails, incl. the lists it was sent to. Only campaignkey is mandatory
 * (https://www.zoho.com/campaigns/help/developers/campaign-details.html); campaigntype is sent
 * when known because an A/B campaign asked as "normal" answers with empty reports.
 */
export async function getCampaignDetails(
	this: CampaignsContext,
	key: string,
	type?: CampaignType | null,
): Promise<CampaignDetails> {
	const apiMethod = 'getcampaigndetails';
	const qs: IDataObject = { campaignkey: key };
	if (type) qs.campaigntype = type;
	const outcome = await callCampaigns(this, 'GET', apiMethod, qs);
	if (outcome.kind === 'error') throw apiFailure(this, apiMethod, outcome);
	if (outcome.kind === 'empty') {
		throw zohoApiError(this, {
			message: `Zoho Campaigns ${apiMethod} has no details for campaign ${key} (Zoho code ${outcome.code})`,
			httpCode: 200,
			zohoCode: outcome.code,
		});
	}
	return toCampaignDetails(key, type ?? null, outcome.body, (b) =>
		parseOrThrow(this, campaignDetailsSchema, b, apiMethod),
	);
}

/** campaignreports: opens and unique clicks. No report yet → zeros. */
export async function getCampaignReport(
	this: CampaignsContext,
	key: string,
): Promise<CampaignCounts> {
	const body = await campaignsApiRequest.call(this, 'GET', 'campaignreports', { campaignkey: key });
	if (body === null) return { opens: 0, uniqueClicks: 0 };
	const parsed = parseOrThrow(this, campaignReportsPageSchema, body, 'campaignreports');
	return toCounts(parsed['campaign-reports'][0]);
}

/**
 * One page of getcampaignrecipientsdata; past the end → empty. Sent as POST, the method Zoho
 * documents, with every parameter in the query string as Zoho's examples do; fromindex/range
 * are undocumented there but echoed by its sample and used live by other clients
 * (https://www.zoho.com/campaigns/help/developers/campaign-recipient-data.html, docs/zoho-api.md).
 */
export async function getCampaignRecipientsPage(
	this: CampaignsContext,
	key: string,
	action: RecipientAction,
	fromIndex: number,
	range: number = RECIPIENTS_PAGE_SIZE,
): Promise<{ rows: RecipientRow[]; hasMore: boolean }> {
	const apiMethod = 'getcampaignrecipientsdata';
	const request = { apiMethod, qs: { campaignkey: key, action }, method: 'POST' as const };
	const page = await fetchPage(this, request, fromIndex, range, (body) => {
		const parsed = parseOrThrow(this, recipientsPageSchema, body, apiMethod);
		const raws = rawRows(body);
		return {
			items: parsed.list_of_details.map((row, i) => toRecipientRow(row, raws[i] ?? {})),
			echoedRange: parsed.requestdetails.range ?? parsed.range,
		};
	});
	return { rows: page.items, hasMore: pageIsFull(page) };
}

function subscribersExtractor(ctx: CampaignsContext) {
	return (body: IDataObject) => {
		const parsed = parseOrThrow(ctx, listSubscribersPageSchema, body, 'getlistsubscribers');
		const raws = rawRows(body);
		return {
			items: parsed.list_of_details.map((row, i) => toListSubscriber(row, raws[i] ?? {})),
			echoedRange: parsed.range,
		};
	};
}

function subscribersRequest(listKey: string, status?: SubscriberStatus) {
	const qs: IDataObject = { listkey: listKey, sort: 'asc' };
	if (status) qs.status = status;
	return { apiMethod: 'getlistsubscribers', qs };
}

/** One page of getlistsubscribers. `status` is Zoho's filter (omitted = Zoho's default). */
export async function getListSubscribersPage(
	this: CampaignsContext,
	listKey: string,
	fromIndex: number,
	range: number = SUBSCRIBERS_PAGE_SIZE,
	status?: SubscriberStatus,
): Promise<{ subscribers: ListSubscriber[]; hasMore: boolean }> {
	const request = subscribersRequest(listKey, status);
	const page = await fetchPage(this, request, fromIndex, range, subscribersExtractor(this));
	return { subscribers: page.items, hasMore: pageIsFull(page) };
}

/** Every subscriber of a list, all pages. */
export async function getListSubscribers(
	this: CampaignsContext,
	listKey: string,
	status?: SubscriberStatus,
): Promise<ListSubscriber[]> {
	const request = subscribersRequest(listKey, status);
	return await fetchAllPages(this, request, SUBSCRIBERS_PAGE_SIZE, subscribersExtractor(this));
}
