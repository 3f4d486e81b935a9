export type RecruitModule = 'Candidates' | 'Contacts';

export const RECRUIT_MODULES: readonly RecruitModule[] = ['Candidates', 'Contacts'];

/**
 * Clicked outranks opened: a recipient who clicked also opened (test/sandbox/README.md, Choices
 * where the reference says "not established").
 */
export type Activity = 'opened' | 'clicked';

export const ACTIVITY_RANK: Record<Activity, number> = { opened: 1, clicked: 2 };

export interface CampaignRef {
	key: string;
	name: string;
	/** ISO-8601 UTC. */
	sentAt: string;
	/** Keys of every mailing list the campaign was sent to. */
	lists: string[];
}

/** A Campaigns contact as the package normalises it: absent values and Zoho's "null" are null. */
export interface ContactFields {
	email: string;
	firstName: string | null;
	lastName: string | null;
	companyName: string | null;
	phone: string | null;
	mobile: string | null;
	jobTitle: string | null;
	city: string | null;
	state: string | null;
	country: string | null;
	contactStatus: string | null;
}

/**
 * One recipient's activity on one campaign, as the trigger emits it (README, Campaigns Recipient
 * Activity Trigger).
 */
export interface ActivityItem extends ContactFields {
	activity: Activity;
	module: RecruitModule;
	campaign: CampaignRef;
	/** The configured lists of this rule that the campaign went to and the recipient belongs to. */
	matchedLists: string[];
	/** ISO-8601 UTC. */
	detectedAt: string;
	raw: Record<string, unknown>;
}
