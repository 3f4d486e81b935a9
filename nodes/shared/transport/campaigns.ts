import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import type { z } from 'zod';
import type { ContactFields } from '../types';

import {
	campaignDetailsSchema,
	campaignReportsPageSchema,
	campaignsEnvelopeSchema,
	listSubscribersPageSchema,
	mailingListsPageSchema,
	recentCampaignsPageSchema,
	recipientsPageSchema,
	type campaignReportSchema,
	type listSubscriberSchema,
	type recentCampaignItemSchema,
	type recipientRowSchema,
} from '../schemas/campaigns';
import {
	isObject,
	resolveApiOrigin,
	sendAuthenticated,
	thrownBody,
	thrownNetworkCode,
	thrownStatus,
	zohoApiError,
} from './http';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	serverWaitMs,
	withRetry,
	type RetryPolicy,
} from './retry';

/**
 * Zoho Campaigns API v1.1 (ref §1–§3): the only code that knows its URLs, envelopes and paging.
 * Params always travel in the query string (a JSON body is silently ignored, ref §2.0).
 */

export type CampaignsContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const CAMPAIGNS_CREDENTIAL = 'zohoCampaignsOAuth2Api';

/** Error codes that mean "nothing there" rather than failure (ref §2.1, §2.2, §2.5, §3.1). */
export const EMPTY_RESULT_CODES: readonly string[] = ['2401', '6101', '6302', '6303', '6501'];

/** "Limit given is more than the maximum" (ref §3.1): the page size must shrink. */
export const RANGE_TOO_LARGE_CODE = '6502';

/** What the client asks for per recipients page. range=500 works live (ref §2.5). */
export const RECIPIENTS_PAGE_SIZE = 500;
export const LIST_PAGE_SIZE = 200;
export const SUBSCRIBERS_PAGE_SIZE = 500;

/** Hard stop for a runaway pager (a server that ignores fromindex): 2,000 pages. */
const MAX_PAGES = 2_000;

/** Campaigns reads are all idempotent; 429/5xx/network hiccups are retried with backoff. */
const retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY;

/**
 * Request observers, per execution context. Zoho's rate limit counts HTTP requests per API
 * method (ref §3.2), and one logical call here may send several: retries of 429/5xx/network
 * failures, and the same page again with a halved range after 6502. A caller that keeps its own
 * budget (the trigger) registers a listener to count exactly what is sent.
 */
const requestObservers = new WeakMap<object, Set<(apiMethod: string) => void>>();

/**
 * Calls `listener` with the API method once per HTTP attempt that this transport starts with
 * `ctx` (before sending, so a request that fails or times out counts too). Not seen, because they
 * happen inside n8n's httpRequestWithAuthentication: the repeat after n8n refreshes an expired
 * token on 401 (the rejected request was not authenticated) and the token refresh itself (an
 * accounts call, not a Campaigns endpoint). Returns the function that unregisters the listener.
 */
export function observeCampaignsRequests(
	ctx: CampaignsContext,
	listener: (apiMethod: string) => void,
): () => void {
	let listeners = requestObservers.get(ctx);
	if (!listeners) {
		listeners = new Set();
		requestObservers.set(ctx, listeners);
	}
	listeners.add(listener);
	return () => {
		listeners.delete(listener);
		if (listeners.size === 0 && requestObservers.get(ctx) === listeners) {
			requestObservers.delete(ctx);
		}
	};
}

function notifyRequest(ctx: CampaignsContext, apiMethod: string): void {
	requestObservers.get(ctx)?.forEach((listener) => listener(apiMethod));
}

type CallOutcome =
	| { kind: 'ok'; body: IDataObject }
	| { kind: 'empty'; code: string }
	| { kind: 'error'; code: string; message: string };

function envelopeFailure(body: IDataObject): { code: string; message: string } | null {
	const parsed = campaignsEnvelopeSchema.safeParse(body);
	if (!parsed.success) return null;
	const env = parsed.data;
	// contact/allfields and a few others nest the envelope under `response` (ref §2.0).
	const inner = isObject(env.response) ? campaignsEnvelopeSchema.safeParse(env.response) : null;
	const source = env.status === undefined && inner?.success ? inner.data : env;
	const status = typeof source.status === 'string' ? source.status.toLowerCase() : undefined;
	const code = source.code ?? source.Code;
	const isError =
		status === 'error' ||
		status === 'failure' ||
		(status === undefined &&
			code !== undefined &&
			code !== '0' &&
			code !== '200' &&
			source.message !== 'success');
	if (!isError) return null;
	const message =
		typeof source.message === 'string' && source.message !== '' ? source.message : 'Unknown error';
	return { code: code ?? 'unknown', message };
}

async function callCampaigns(
	ctx: CampaignsContext,
	method: 'GET' | 'POST',
	apiMethod: string,
	qs: IDataObject = {},
): Promise<CallOutcome> {
	const origin = await resolveApiOrigin(ctx, CAMPAIGNS_CREDENTIAL, 'campaigns');
	// contact/allfields takes `type=json` instead of resfmt (ref §2.0, §2.7); everything else
	// defaults to XML unless resfmt=JSON is sent.
	const format = apiMethod === 'contact/allfields' ? { type: 'json' } : { resfmt: 'JSON' };
	const send = async () => {
		notifyRequest(ctx, apiMethod);
		return await sendAuthenticated(ctx, CAMPAIGNS_CREDENTIAL, {
			method,
			url: `${origin}/api/v1.1/${apiMethod}`,
			qs: { ...format, ...qs },
			json: true,
		});
	};

	let response;
	try {
		response = await withRetry(
			send,
			({ value, error }) => {
				if (value) {
					return {
						retryable: isRetryableStatus(value.statusCode, true),
						serverWaitMs: serverWaitMs(value.headers, Date.now()),
					};
				}
				return {
					retryable: isRetryableNetworkError(thrownNetworkCode(error), true),
					serverWaitMs: null,
				};
			},
			retryPolicy,
		);
	} catch (error) {
		// 401 after n8n's refresh-and-retry (Code 1007), timeouts, refused connections.
		const status = thrownStatus(error);
		const body = thrownBody(error);
		const failure = isObject(body) ? envelopeFailure(body) : null;
		const reason = failure
			? `${failure.message} (Zoho code ${failure.code})`
			: status
				? `HTTP ${status}`
				: ((error as Error).message ?? 'request failed');
		throw zohoApiError(ctx, {
			message: `Zoho Campaigns ${apiMethod} failed: ${reason}`,
			description:
				status === 401
					? 'Zoho rejected the access token even after refreshing it. Reconnect the Zoho Campaigns credential and check its data centre.'
					: undefined,
			httpCode: status,
			zohoCode: failure?.code,
			body,
		});
	}

	const { statusCode, body } = response;
	if (statusCode >= 400 || !isObject(body)) {
		const failure = isObject(body) ? envelopeFailure(body) : null;
		const reason = failure
			? `${failure.message} (Zoho code ${failure.code})`
			: statusCode >= 400
				? `HTTP ${statusCode}`
				: 'the response was not JSON (was resfmt=JSON ignored?)';
		throw zohoApiError(ctx, {
			message: `Zoho Campaigns ${apiMethod} failed: ${reason}`,
			httpCode: statusCode,
			zohoCode: failure?.code,
			body,
		});
	}
	const failure = envelopeFailure(body);
	if (!failure) return { kind: 'ok', body };
	if (EMPTY_RESULT_CODES.includes(failure.code)) return { kind: 'empty', code: failure.code };
	return { kind: 'error', ...failure };
}

function apiFailure(
	ctx: CampaignsContext,
	apiMethod: string,
	outcome: { code: string; message: string },
) {
	return zohoApiError(ctx, {
		message: `Zoho Campaigns ${apiMethod} failed: ${outcome.message} (Zoho code ${outcome.code})`,
		httpCode: 200,
		zohoCode: outcome.code,
	});
}

/**
 * One call; resfmt=JSON; params in the query string. Returns the JSON envelope, or null when
 * Zoho answers an error envelope whose code means "nothing there" (2401, 6101, 6302, 6303,
 * 6501). Throws NodeApiError (naming the API method, Zoho's code and message) for any other error.
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

function parseOrThrow<S extends z.ZodTypeAny>(
	ctx: CampaignsContext,
	schema: S,
	body: unknown,
	apiMethod: string,
): z.infer<S> {
	const parsed = schema.safeParse(body);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	throw zohoApiError(ctx, {
		message: `Zoho Campaigns ${apiMethod} returned an unexpected response`,
		description: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
		httpCode: 200,
	});
}

interface PageResult<T> {
	items: T[];
	/** The page size the server actually applied (after any 6502 shrinking). */
	range: number;
	/** Whole envelope, for page-level keys such as total_record_count. */
	envelope: IDataObject | null;
}

/**
 * One page at `fromIndex` (1-based). On 6502 (range above the server's maximum) the page size
 * is halved and the same page asked again. A "nothing there" code means an empty page.
 */
async function fetchPage<T>(
	ctx: CampaignsContext,
	apiMethod: string,
	qs: IDataObject,
	fromIndex: number,
	range: number,
	extract: (body: IDataObject) => { items: T[]; echoedRange: number | null },
): Promise<PageResult<T>> {
	let size = Math.max(1, Math.floor(range));
	for (;;) {
		const outcome = await callCampaigns(ctx, 'GET', apiMethod, {
			...qs,
			fromindex: fromIndex,
			range: size,
		});
		if (outcome.kind === 'empty') return { items: [], range: size, envelope: null };
		if (outcome.kind === 'error') {
			if (outcome.code === RANGE_TOO_LARGE_CODE && size > 1) {
				size = Math.floor(size / 2);
				continue;
			}
			throw apiFailure(ctx, apiMethod, outcome);
		}
		const { items, echoedRange } = extract(outcome.body);
		// A server that caps the page silently may say so in its echoed `range`; trust the
		// smaller one so a capped page isn't mistaken for the last one.
		const applied = echoedRange !== null && echoedRange > 0 ? Math.min(size, echoedRange) : size;
		return { items, range: applied, envelope: outcome.body };
	}
}

/** Every page, from 1, until an end-of-data envelope or a short page. */
async function fetchAllPages<T>(
	ctx: CampaignsContext,
	apiMethod: string,
	qs: IDataObject,
	pageSize: number,
	extract: (body: IDataObject) => { items: T[]; echoedRange: number | null },
): Promise<T[]> {
	const all: T[] = [];
	let fromIndex = 1;
	let size = pageSize;
	for (let page = 0; page < MAX_PAGES; page++) {
		const result = await fetchPage(ctx, apiMethod, qs, fromIndex, size, extract);
		all.push(...result.items);
		size = result.range;
		if (result.items.length === 0 || result.items.length < size) return all;
		fromIndex += result.items.length;
	}
	throw zohoApiError(ctx, {
		message: `Zoho Campaigns ${apiMethod} kept returning pages after ${MAX_PAGES} requests`,
		description: 'Stopped to protect the API budget; the server may be ignoring fromindex.',
		httpCode: null,
	});
}

// ---------------------------------------------------------------------------------------------
// Mailing lists

export interface MailingList {
	key: string;
	name: string;
	contactCount: number | null;
}

export async function getMailingLists(this: CampaignsContext): Promise<MailingList[]> {
	return await fetchAllPages(this, 'getmailinglists', { sort: 'asc' }, LIST_PAGE_SIZE, (body) => {
		const page = parseOrThrow(this, mailingListsPageSchema, body, 'getmailinglists');
		return {
			items: page.list_of_details.map((list) => ({
				key: list.listkey,
				name: list.listname ?? list.listkey,
				contactCount: list.noofcontacts,
			})),
			echoedRange: page.range,
		};
	});
}

// ---------------------------------------------------------------------------------------------
// Campaigns

export type CampaignType = 'normal' | 'abtesting';

export interface CampaignSummary {
	key: string;
	name: string;
	status: string;
	type: CampaignType;
	/** ISO-8601 UTC. */
	sentAt: string | null;
	createdAt: string | null;
}

function campaignType(value: string | null | undefined): CampaignType {
	return value?.toLowerCase().replace(/[^a-z]/g, '') === 'abtesting' ? 'abtesting' : 'normal';
}

export function toCampaignSummary(item: z.infer<typeof recentCampaignItemSchema>): CampaignSummary {
	return {
		key: item.campaign_key,
		name: item.campaign_name ?? item.campaign_key,
		status: item.campaign_status ?? '',
		type: campaignType(item.campaigntype),
		// *_gmt are true UTC epochs (ref §3.3); the plain ones are equal in every sample.
		sentAt: item.sent_time_gmt ?? item.sent_time,
		createdAt: item.created_time_gmt ?? item.created_time,
	};
}

/** One page of recentcampaigns (ref §2.2); 6101 (nothing matches) → empty. */
export async function getRecentCampaigns(
	this: CampaignsContext,
	opts: { fromIndex: number; range: number; status?: string },
): Promise<{ campaigns: CampaignSummary[]; total: number | null; hasMore: boolean }> {
	const qs: IDataObject = { sort: 'desc' };
	if (opts.status) qs.status = opts.status;
	let total: number | null = null;
	const page = await fetchPage(this, 'recentcampaigns', qs, opts.fromIndex, opts.range, (body) => {
		const parsed = parseOrThrow(this, recentCampaignsPageSchema, body, 'recentcampaigns');
		total = parsed.total_record_count ?? parsed.campaign_count;
		return { items: parsed.recent_campaigns.map(toCampaignSummary), echoedRange: parsed.range };
	});
	if (page.envelope === null) return { campaigns: [], total: 0, hasMore: false };
	const seen = opts.fromIndex - 1 + page.items.length;
	const hasMore =
		page.items.length > 0 && (total !== null ? seen < total : page.items.length >= page.range);
	return { campaigns: page.items, total, hasMore };
}

export interface CampaignCounts {
	opens: number;
	uniqueClicks: number;
}

export interface CampaignDetails {
	key: string;
	name: string;
	type: CampaignType;
	status: string;
	sentAt: string | null;
	lists: Array<{ key: string; name: string }>;
	counts: CampaignCounts;
	/** A/B test-phase child campaign keys (ref §2.3). */
	abChildKeys: string[];
}

function toCounts(report: z.infer<typeof campaignReportSchema> | undefined): CampaignCounts {
	return { opens: report?.opens_count ?? 0, uniqueClicks: report?.unique_clicks_count ?? 0 };
}

export function toCampaignDetails(
	key: string,
	type: CampaignType,
	body: IDataObject,
	parse: (body: unknown) => z.infer<typeof campaignDetailsSchema>,
): CampaignDetails {
	// Some accounts nest the payload under `response` (ref §2.3 defensive readers).
	const source = isObject(body.response) && !('campaign-details' in body) ? body.response : body;
	const parsed = parse(source);
	const details = parsed['campaign-details'][0];
	const abChildKeys = parsed['AB-split-details']
		.flatMap((split) => [split.a_child_campaignkey, split.b_child_campaignkey])
		.filter((k): k is string => k !== null);
	return {
		key: details?.campaign_key ?? key,
		name: details?.campaign_name ?? key,
		type: details?.campaigntype ? campaignType(details.campaigntype) : type,
		status: parsed.campaign_status ?? details?.campaign_status ?? '',
		sentAt: details?.sent_time_gmt ?? details?.sent_time ?? null,
		lists: parsed.associated_mailing_lists.map((list) => ({
			key: list.listkey,
			name: list.listname ?? list.listkey,
		})),
		counts: toCounts(parsed['campaign-reports'][0]),
		abChildKeys: [...new Set(abChildKeys)],
	};
}

/** getcampaigndetails (ref §2.3), incl. the lists it was sent to. */
export async function getCampaignDetails(
	this: CampaignsContext,
	key: string,
	type: CampaignType,
): Promise<CampaignDetails> {
	const apiMethod = 'getcampaigndetails';
	const outcome = await callCampaigns(this, 'GET', apiMethod, {
		campaignkey: key,
		campaigntype: type,
	});
	if (outcome.kind === 'error') throw apiFailure(this, apiMethod, outcome);
	if (outcome.kind === 'empty') {
		throw zohoApiError(this, {
			message: `Zoho Campaigns ${apiMethod} has no details for campaign ${key} (Zoho code ${outcome.code})`,
			httpCode: 200,
			zohoCode: outcome.code,
		});
	}
	return toCampaignDetails(key, type, outcome.body, (b) =>
		parseOrThrow(this, campaignDetailsSchema, b, apiMethod),
	);
}

/** campaignreports (ref §2.4): opens and unique clicks. No report yet → zeros. */
export async function getCampaignReport(
	this: CampaignsContext,
	key: string,
): Promise<CampaignCounts> {
	const body = await campaignsApiRequest.call(this, 'GET', 'campaignreports', { campaignkey: key });
	if (body === null) return { opens: 0, uniqueClicks: 0 };
	const parsed = parseOrThrow(this, campaignReportsPageSchema, body, 'campaignreports');
	return toCounts(parsed['campaign-reports'][0]);
}

// ---------------------------------------------------------------------------------------------
// Recipients

export type RecipientAction =
	| 'openedcontacts'
	| 'clickedcontacts'
	| 'sentcontacts'
	| 'unopenedcontacts'
	| 'optoutcontacts'
	| 'spamcontacts'
	| 'senthardbounce'
	| 'sentsoftbounce'
	| 'unsentcontacts';

export interface RecipientRow extends ContactFields {
	contactId: string | null;
	sentAt: string | null;
	raw: IDataObject;
}

export function toRecipientRow(
	row: z.infer<typeof recipientRowSchema>,
	raw: IDataObject,
): RecipientRow {
	return {
		email: (row.contactemailaddress ?? row.contact_email ?? '').toLowerCase(),
		// Live rows use contactfn/contactln although the docs say firstname/lastname (ref §2.5).
		firstName: row.contactfn ?? row.firstname,
		lastName: row.contactln ?? row.lastname,
		companyName: row.companyname,
		phone: row.phone,
		mobile: row.mobile,
		jobTitle: row.jobtitle ?? row.job_title,
		city: row.city,
		state: row.state,
		country: row.country,
		contactStatus: row.contactstatus,
		contactId: row.contactid,
		sentAt: row.sent_time,
		raw,
	};
}

function rawRows(body: IDataObject): IDataObject[] {
	const rows = body.list_of_details;
	if (Array.isArray(rows)) return rows.filter(isObject);
	return isObject(rows) ? [rows] : [];
}

/** One page of getcampaignrecipientsdata (ref §2.5); past the end → empty. */
export async function getCampaignRecipientsPage(
	this: CampaignsContext,
	key: string,
	action: RecipientAction,
	fromIndex: number,
	range: number = RECIPIENTS_PAGE_SIZE,
): Promise<{ rows: RecipientRow[]; hasMore: boolean }> {
	const apiMethod = 'getcampaignrecipientsdata';
	const page = await fetchPage(
		this,
		apiMethod,
		{ campaignkey: key, action },
		fromIndex,
		range,
		(body) => {
			const parsed = parseOrThrow(this, recipientsPageSchema, body, apiMethod);
			const raws = rawRows(body);
			return {
				items: parsed.list_of_details.map((row, i) => toRecipientRow(row, raws[i] ?? {})),
				echoedRange: parsed.requestdetails?.range ?? parsed.range,
			};
		},
	);
	return { rows: page.items, hasMore: page.items.length > 0 && page.items.length >= page.range };
}

// ---------------------------------------------------------------------------------------------
// List subscribers

export interface ListSubscriber {
	email: string;
	firstName: string | null;
	lastName: string | null;
	companyName: string | null;
	phone: string | null;
	addedTime: string | null;
	raw: IDataObject;
}

export function toListSubscriber(
	row: z.infer<typeof listSubscriberSchema>,
	raw: IDataObject,
): ListSubscriber {
	return {
		email: (row.contact_email ?? row.contactemailaddress ?? '').toLowerCase(),
		firstName: row.firstname ?? row.contactfn,
		lastName: row.lastname ?? row.contactln,
		companyName: row.companyname,
		phone: row.phone,
		// "22 Apr 2011, 04:37 PM" in the account's time zone (ref §3.3): kept as Zoho wrote it.
		addedTime: row.added_time,
		raw,
	};
}

export type SubscriberStatus = 'active' | 'recent' | 'mostrecent' | 'unsub' | 'bounce';

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

/** One page of getlistsubscribers (ref §2.6). `status` is Zoho's filter (omitted = Zoho's default). */
export async function getListSubscribersPage(
	this: CampaignsContext,
	listKey: string,
	fromIndex: number,
	range: number = SUBSCRIBERS_PAGE_SIZE,
	status?: SubscriberStatus,
): Promise<{ subscribers: ListSubscriber[]; hasMore: boolean }> {
	const qs: IDataObject = { listkey: listKey, sort: 'asc' };
	if (status) qs.status = status;
	const page = await fetchPage(
		this,
		'getlistsubscribers',
		qs,
		fromIndex,
		range,
		subscribersExtractor(this),
	);
	return {
		subscribers: page.items,
		hasMore: page.items.length > 0 && page.items.length >= page.range,
	};
}

/** Every subscriber of a list, all pages. */
export async function getListSubscribers(
	this: CampaignsContext,
	listKey: string,
	status?: SubscriberStatus,
): Promise<ListSubscriber[]> {
	const qs: IDataObject = { listkey: listKey, sort: 'asc' };
	if (status) qs.status = status;
	return await fetchAllPages(
		this,
		'getlistsubscribers',
		qs,
		SUBSCRIBERS_PAGE_SIZE,
		subscribersExtractor(this),
	);
}
