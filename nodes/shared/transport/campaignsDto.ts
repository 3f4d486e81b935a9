import type { IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import type { ContactFields } from '../types';
import type {
	campaignDetailsSchema,
	campaignReportSchema,
	listSubscriberSchema,
	recentCampaignItemSchema,
	recipientRowSchema,
} from '../schemas/campaigns';
import { isObject } from '../collections';

/**
 * What the Campaigns transport hands to the nodes, and the pure mappers from Zoho's parsed rows
 * to it. No HTTP here: the transport (campaigns.ts) fetches and validates, these shape. Field
 * names and their quirks: docs/zoho-api.md.
 */

export interface MailingList {
	key: string;
	name: string;
	contactCount: number | null;
}

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
	/** A/B test-phase child campaign keys (docs/zoho-api.md, "getcampaigndetails"). */
	abChildKeys: string[];
}

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

export interface ListSubscriber {
	email: string;
	firstName: string | null;
	lastName: string | null;
	companyName: string | null;
	phone: string | null;
	addedTime: string | null;
	raw: IDataObject;
}

export type SubscriberStatus = 'active' | 'recent' | 'mostrecent' | 'unsub' | 'bounce';

export function campaignType(value: string | null | undefined): CampaignType {
	return value?.toLowerCase().replace(/[^a-z]/g, '') === 'abtesting' ? 'abtesting' : 'normal';
}

export function toMailingList(list: {
	listkey: string;
	listname: string | null;
	noofcontacts: number | null;
}): MailingList {
	return {
		key: list.listkey,
		name: list.listname ?? list.listkey,
		contactCount: list.noofcontacts,
	};
}

export function toCampaignSummary(item: z.infer<typeof recentCampaignItemSchema>): CampaignSummary {
	return {
		key: item.campaign_key,
		name: item.campaign_name ?? item.campaign_key,
		status: item.campaign_status ?? '',
		type: campaignType(item.campaigntype),
		// *_gmt are true UTC epochs; the plain ones are equal in every sample (docs/zoho-api.md).
		sentAt: item.sent_time_gmt ?? item.sent_time,
		createdAt: item.created_time_gmt ?? item.created_time,
	};
}

export function toCounts(report: z.infer<typeof campaignReportSchema> | undefined): CampaignCounts {
	return { opens: report?.opens_count ?? 0, uniqueClicks: report?.unique_clicks_count ?? 0 };
}

/**
 * getcampaigndetails → CampaignDetails. `type` is what the caller knew (null when it asked
 * without campaigntype, which Zoho makes optional); the answer's own campaigntype wins.
 */
export function toCampaignDetails(
	key: string,
	type: CampaignType | null,
	body: IDataObject,
	parse: (body: unknown) => z.infer<typeof campaignDetailsSchema>,
): CampaignDetails {
	// Some accounts nest the payload under `response` (defensive readers, docs/zoho-api.md).
	const source = isObject(body.response) && !('campaign-details' in body) ? body.response : body;
	const parsed = parse(source);
	const details = parsed['campaign-details'][0];
	const abChildKeys = parsed['AB-split-details']
		.flatMap((split) => [split.a_child_campaignkey, split.b_child_campaignkey])
		.filter((k): k is string => k !== null);
	return {
		key: details?.campaign_key ?? key,
		name: details?.campaign_name ?? key,
		type: details?.campaigntype ? campaignType(details.campaigntype) : (type ?? 'normal'),
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

type ContactRow = Partial<
	Record<
		| 'contactemailaddress'
		| 'contact_email'
		| 'contactfn'
		| 'contactln'
		| 'firstname'
		| 'lastname'
		| 'companyname'
		| 'phone',
		string | null
	>
>;

/**
 * The contact fields both row kinds share. Recipient rows and list members name them
 * differently (contactemailaddress/contactfn vs contact_email/firstname, docs/zoho-api.md), so
 * each reader passes the spelling its endpoint uses first.
 */
function contactCore(row: ContactRow, prefer: 'recipient' | 'member') {
	const pick = (a: string | null | undefined, b: string | null | undefined) =>
		prefer === 'recipient' ? (a ?? b ?? null) : (b ?? a ?? null);
	return {
		email: (pick(row.contactemailaddress, row.contact_email) ?? '').toLowerCase(),
		// Live recipient rows use contactfn/contactln although the docs say firstname/lastname.
		firstName: pick(row.contactfn, row.firstname),
		lastName: pick(row.contactln, row.lastname),
		companyName: row.companyname ?? null,
		phone: row.phone ?? null,
	};
}

export function toRecipientRow(
	row: z.infer<typeof recipientRowSchema>,
	raw: IDataObject,
): RecipientRow {
	return {
		...contactCore(row, 'recipient'),
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

export function toListSubscriber(
	row: z.infer<typeof listSubscriberSchema>,
	raw: IDataObject,
): ListSubscriber {
	return {
		...contactCore(row, 'member'),
		// "22 Apr 2011, 04:37 PM" in the account's time zone: kept as Zoho wrote it.
		addedTime: row.added_time,
		raw,
	};
}

/** The raw rows of list_of_details (an array, or one object), to hand on unchanged. */
export function rawRows(body: IDataObject): IDataObject[] {
	const rows = body.list_of_details;
	if (Array.isArray(rows)) return rows.filter(isObject);
	return isObject(rows) ? [rows] : [];
}
