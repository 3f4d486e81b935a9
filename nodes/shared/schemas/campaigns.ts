import { DateTime } from 'luxon';
import { z } from 'zod';

import { isObject } from '../collections';

/**
 * Zod schemas at the Zoho Campaigns boundary. Campaigns sends every number and timestamp as a
 * string, epoch values in milliseconds, and a missing value as the literal "null" (docs/zoho-api.md);
 * these schemas turn that into real nulls, numbers and ISO-8601 UTC strings. Unknown keys are
 * kept (passthrough) so callers can still hand the raw row on.
 */

/** "null", "", null, undefined → null; anything else → trimmed string. */
export const zohoText = z.unknown().transform((value): string | null => {
	if (value === null || value === undefined) return null;
	if (typeof value === 'object') return null;
	const text = String(value).trim();
	return text === '' || text.toLowerCase() === 'null' ? null : text;
});

/** "57" | 57 | "null" | "" → 57 | null. */
export const zohoCount = z.unknown().transform((value): number | null => {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
	return Number(text);
});

/** Epoch milliseconds (string or number) → ISO-8601 UTC, else null. */
export function epochMsToIso(value: unknown): string | null {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d{9,}$/.test(text)) return null;
	const date = DateTime.fromMillis(Number(text), { zone: 'utc' });
	return date.isValid ? date.toISO({ suppressMilliseconds: false }) : null;
}

export const zohoEpoch = z.unknown().transform(epochMsToIso);

/** Zoho's `code` is "0" on success, sometimes "200"; numbers are tolerated (docs/zoho-api.md). */
export const zohoCode = z
	.union([z.string(), z.number()])
	.optional()
	.transform((value) => (value === undefined ? undefined : String(value)));

/**
 * The envelope every v1.1 call returns. Auth failures use capitalised `Code`/`URI` (docs/zoho-api.md);
 * contact/allfields nests everything under `response` (docs/zoho-api.md).
 */
export const campaignsEnvelopeSchema = z
	.object({
		status: z.string().optional(),
		code: zohoCode,
		Code: zohoCode,
		message: z.unknown().optional(),
		response: z.unknown().optional(),
	})
	.passthrough();
export type CampaignsEnvelope = z.infer<typeof campaignsEnvelopeSchema>;

/** A list of items that Zoho may send as an array, a single object, or absent. */
function itemsOf<T extends z.ZodTypeAny>(item: T) {
	return z
		.union([z.array(item), item])
		.optional()
		.nullable()
		.transform(
			(value): Array<z.infer<T>> =>
				value === undefined || value === null ? [] : Array.isArray(value) ? value : [value],
		);
}

export const mailingListItemSchema = z
	.object({
		listkey: z.union([z.string(), z.number()]).transform(String),
		listname: zohoText,
		noofcontacts: zohoCount,
	})
	.passthrough();

export const mailingListsPageSchema = z
	.object({ list_of_details: itemsOf(mailingListItemSchema), range: zohoCount })
	.passthrough();

export const recentCampaignItemSchema = z
	.object({
		campaign_key: z.union([z.string(), z.number()]).transform(String),
		campaign_name: zohoText,
		campaign_status: zohoText,
		campaigntype: zohoText,
		sent_time: zohoEpoch,
		sent_time_gmt: zohoEpoch,
		created_time: zohoEpoch,
		created_time_gmt: zohoEpoch,
	})
	.passthrough();

/**
 * The echo of the request's paging that some answers carry as `requestdetails`: an object in
 * the recipients sample ({"range":20,…}), but possibly a string (a stringified map such as
 * "{range=20, fromindex=1}", JSON text, or a query string). Only `range` is read; any other
 * shape gives null rather than a failed parse (docs/zoho-api.md, "recentcampaigns").
 */
export const requestDetailsSchema = z.unknown().transform((value): { range: number | null } => {
	if (isObject(value)) {
		return { range: zohoCount.parse((value as Record<string, unknown>).range) };
	}
	if (typeof value !== 'string') return { range: null };
	const match = /(?:^|[{,&\s"])range"?\s*[=:]\s*"?(\d+)/.exec(value);
	return { range: match ? Number(match[1]) : null };
});

export const recentCampaignsPageSchema = z
	.object({
		recent_campaigns: itemsOf(recentCampaignItemSchema),
		// Optional: one decoder of live answers has it, the documented sample does not.
		total_record_count: zohoCount,
		// Kept for the raw view only: whether it counts the page or every campaign is unknown.
		campaign_count: zohoCount,
		range: zohoCount,
		requestdetails: requestDetailsSchema,
	})
	.passthrough();

const listRefSchema = z
	.object({
		listkey: z.union([z.string(), z.number()]).transform(String),
		listname: zohoText,
	})
	.passthrough();

/** associated_mailing_lists comes as an array or as {list:[…]} (docs/zoho-api.md). */
export const associatedListsSchema = z
	.union([
		z.array(listRefSchema),
		z.object({ list: itemsOf(listRefSchema) }).passthrough(),
		listRefSchema,
	])
	.optional()
	.nullable()
	.transform((value) => {
		if (value === undefined || value === null) return [];
		if (Array.isArray(value)) return value;
		if ('list' in value && Array.isArray(value.list)) return value.list;
		return [value as z.infer<typeof listRefSchema>];
	});

export const campaignReportSchema = z
	.object({ opens_count: zohoCount, unique_clicks_count: zohoCount })
	.passthrough();

const abSplitSchema = z
	.object({ a_child_campaignkey: zohoText, b_child_campaignkey: zohoText })
	.passthrough();

export const campaignDetailsSchema = z
	.object({
		campaign_status: zohoText,
		'campaign-details': itemsOf(
			z
				.object({
					campaign_key: zohoText,
					campaign_name: zohoText,
					campaigntype: zohoText,
					campaign_status: zohoText,
					sent_time: zohoEpoch,
					sent_time_gmt: zohoEpoch,
				})
				.passthrough(),
		),
		associated_mailing_lists: associatedListsSchema,
		'campaign-reports': itemsOf(campaignReportSchema),
		'AB-split-details': itemsOf(abSplitSchema),
	})
	.passthrough();

export const campaignReportsPageSchema = z
	.object({ 'campaign-reports': itemsOf(campaignReportSchema) })
	.passthrough();

/** One getcampaignrecipientsdata row. Live rows use contactfn/contactln, docs firstname/lastname (docs/zoho-api.md). */
export const recipientRowSchema = z
	.object({
		contactemailaddress: zohoText,
		contact_email: zohoText,
		contactfn: zohoText,
		contactln: zohoText,
		firstname: zohoText,
		lastname: zohoText,
		companyname: zohoText,
		phone: zohoText,
		mobile: zohoText,
		jobtitle: zohoText,
		job_title: zohoText,
		city: zohoText,
		state: zohoText,
		country: zohoText,
		contactstatus: zohoText,
		contactid: zohoText,
		sent_time: zohoEpoch,
	})
	.passthrough();

export const recipientsPageSchema = z
	.object({
		list_of_details: itemsOf(recipientRowSchema),
		range: zohoCount,
		requestdetails: requestDetailsSchema,
	})
	.passthrough();

export const listSubscriberSchema = z
	.object({
		contact_email: zohoText,
		contactemailaddress: zohoText,
		firstname: zohoText,
		lastname: zohoText,
		contactfn: zohoText,
		contactln: zohoText,
		companyname: zohoText,
		phone: zohoText,
		added_time: zohoText,
	})
	.passthrough();

export const listSubscribersPageSchema = z
	.object({ list_of_details: itemsOf(listSubscriberSchema), range: zohoCount })
	.passthrough();
