import type { RecipientRow } from '../shared/transport/campaigns';
import type { ActivityItem } from '../shared/types';
import type { Qualification } from './rules';

export interface CampaignInfo {
	key: string;
	name: string;
	/** Epoch ms. */
	sentAt: number;
	lists: string[];
}

/**
 * The trigger's output item (README, Campaigns Recipient Activity Trigger): recipient fields as
 * the transport normalised them.
 */
export function toActivityItem(
	row: RecipientRow,
	qualification: Qualification,
	{
		campaign,
		detectedAt,
		includeRaw,
	}: { campaign: CampaignInfo; detectedAt: string; includeRaw: boolean },
): ActivityItem {
	return {
		email: row.email,
		firstName: row.firstName,
		lastName: row.lastName,
		companyName: row.companyName,
		phone: row.phone,
		mobile: row.mobile,
		jobTitle: row.jobTitle,
		city: row.city,
		state: row.state,
		country: row.country,
		contactStatus: row.contactStatus,
		activity: qualification.activity,
		module: qualification.module,
		campaign: {
			key: campaign.key,
			name: campaign.name,
			sentAt: new Date(campaign.sentAt).toISOString(),
			lists: [...campaign.lists],
		},
		matchedLists: [...qualification.matchedLists],
		detectedAt,
		// Zoho's whole row roughly doubles an item; only on request (options.includeRaw).
		raw: includeRaw ? { ...row.raw } : {},
	};
}

/** Zoho sends epoch millis as strings; the transport hands ISO strings. */
export function toEpochMs(iso: string | null | undefined): number | null {
	if (!iso) return null;
	const ms = Date.parse(iso);
	return Number.isFinite(ms) ? ms : null;
}
