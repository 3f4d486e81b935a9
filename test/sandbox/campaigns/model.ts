// In-memory Zoho Campaigns account: contacts, mailing lists, campaigns and their sends.
import { resolveTime } from '../clock';
import type {
	CampaignStatus,
	ContactStatus,
	Scenario,
	ScenarioCampaign,
	ScenarioContact,
	ScenarioSend,
} from '../scenario';

export const CONTACT_FIELDS = [
	'firstname',
	'lastname',
	'companyname',
	'phone',
	'mobile',
	'jobtitle',
	'city',
	'state',
	'country',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface Contact {
	id: string;
	email: string;
	fields: Record<ContactField, string | null>;
	status: ContactStatus;
	note?: string;
}

export interface ListMember {
	email: string;
	addedAt: number;
}

export interface MailingList {
	key: string;
	name: string;
	createdAt: number;
	recruitSync: boolean;
	members: ListMember[];
}

export interface Activity {
	email: string;
	at: number;
}

export interface Send {
	key: string;
	sentAt: number | null;
	recipients: string[];
	opens: Activity[];
	clicks: Activity[];
	optouts: string[];
	spam: string[];
	hardBounces: string[];
	softBounces: string[];
	unsent: string[];
}

export interface Campaign extends Send {
	name: string;
	type: 'normal' | 'abtesting';
	status: CampaignStatus;
	createdAt: number;
	subject: string;
	fromEmail: string;
	listKeys: string[];
	/** A/B test phase sends (ref §2.3): [a, b]. */
	abChildren: Send[];
}

export interface SendLookup {
	send: Send;
	campaign: Campaign;
	isAbChild: boolean;
}

const CONTACT_ID_BASE = 303000014000000;
const HOUR_MS = 3_600_000;

export class CampaignsAccount {
	contacts = new Map<string, Contact>();
	lists: MailingList[] = [];
	campaigns: Campaign[] = [];

	constructor(
		public timeZone: string,
		public ownerName: string,
		public zuid: string,
	) {}

	static fromScenario(scenario: Scenario, baseMs: number): CampaignsAccount {
		const account = new CampaignsAccount(
			scenario.account?.timeZone ?? 'UTC',
			scenario.account?.ownerName ?? 'Sandbox Owner',
			scenario.account?.zuid ?? '70012345',
		);
		for (const contact of scenario.contacts ?? []) account.upsertContact(contact);
		for (const list of scenario.lists ?? []) {
			if (account.lists.some((l) => l.key === list.key))
				throw new Error(`Duplicate list key ${list.key}`);
			const createdAt = resolveTime(list.createdAt ?? '-90d', baseMs);
			account.lists.push({
				key: list.key,
				name: list.name,
				createdAt,
				recruitSync: list.recruitSync === true,
				members: list.members.map((email) => {
					account.ensureContact(email);
					const added = list.memberAddedAt?.[email];
					return { email, addedAt: added ? resolveTime(added, baseMs) : createdAt };
				}),
			});
		}
		for (const campaign of scenario.campaigns ?? []) account.addCampaign(campaign, baseMs);
		return account;
	}

	upsertContact(input: ScenarioContact): Contact {
		const existing = this.contacts.get(input.email);
		const fields = {} as Record<ContactField, string | null>;
		for (const name of CONTACT_FIELDS) {
			const value = input[name];
			fields[name] = value === undefined ? (existing?.fields[name] ?? null) : value;
		}
		const contact: Contact = {
			id: existing?.id ?? String(CONTACT_ID_BASE + this.contacts.size + 1),
			email: input.email,
			fields,
			status: input.status ?? existing?.status ?? 'active',
			note: input.note ?? existing?.note,
		};
		this.contacts.set(input.email, contact);
		return contact;
	}

	ensureContact(email: string): Contact {
		return this.contacts.get(email) ?? this.upsertContact({ email });
	}

	list(key: string): MailingList | undefined {
		return this.lists.find((l) => l.key === key);
	}

	addCampaign(input: ScenarioCampaign, baseMs: number): Campaign {
		if (this.findSend(input.key)) throw new Error(`Duplicate campaign key ${input.key}`);
		for (const key of input.lists) {
			if (!this.list(key)) throw new Error(`Campaign ${input.key} refers to unknown list ${key}`);
		}
		const sentAt = input.sentAt !== undefined ? resolveTime(input.sentAt, baseMs) : null;
		const status: CampaignStatus = input.status ?? (sentAt === null ? 'Draft' : 'Sent');
		const type = input.type ?? (input.abTest ? 'abtesting' : 'normal');
		const defaultRecipients = this.membersOf(input.lists);
		const campaign: Campaign = {
			...this.buildSend(input.key, input, sentAt, defaultRecipients, baseMs),
			name: input.name,
			type,
			status,
			createdAt: input.createdAt
				? resolveTime(input.createdAt, baseMs)
				: (sentAt ?? baseMs) - 2 * HOUR_MS,
			subject: input.subject ?? input.name,
			fromEmail: input.fromEmail ?? 'newsletter@sandbox.example.com',
			listKeys: [...input.lists],
			abChildren: [],
		};
		if (input.abTest) {
			for (const child of [input.abTest.a, input.abTest.b]) {
				if (this.findSend(child.key) || child.key === input.key)
					throw new Error(`Duplicate campaign key ${child.key}`);
				const childSentAt = child.sentAt !== undefined ? resolveTime(child.sentAt, baseMs) : sentAt;
				campaign.abChildren.push(
					this.buildSend(child.key, child, childSentAt, child.recipients ?? [], baseMs),
				);
			}
		}
		this.campaigns.push(campaign);
		return campaign;
	}

	/** Members of the given lists, in list order, de-duplicated. */
	membersOf(listKeys: string[]): string[] {
		const seen = new Set<string>();
		for (const key of listKeys) for (const m of this.list(key)?.members ?? []) seen.add(m.email);
		return [...seen];
	}

	private buildSend(
		key: string,
		input: ScenarioSend,
		sentAt: number | null,
		defaultRecipients: string[],
		baseMs: number,
	): Send {
		const recipients = input.recipients ? [...input.recipients] : defaultRecipients;
		for (const email of recipients) this.ensureContact(email);
		const recipientSet = new Set(recipients);
		const checkRecipients = (what: string, emails: string[]) => {
			for (const email of emails) {
				if (!recipientSet.has(email))
					throw new Error(`Campaign ${key}: ${what} ${email} is not a recipient`);
			}
			return [...emails];
		};
		const activity = (what: string, items: ScenarioSend['opens']): Activity[] =>
			checkRecipients(
				what,
				(items ?? []).map((a) => a.email),
			).map((email, i) => {
				const given = items![i].at;
				const at = given !== undefined ? resolveTime(given, baseMs) : (sentAt ?? baseMs) + HOUR_MS;
				if (sentAt === null)
					throw new Error(`Campaign ${key}: activity on a campaign that was not sent`);
				if (at < sentAt) throw new Error(`Campaign ${key}: ${what} ${email} acts before the send`);
				return { email, at };
			});
		return {
			key,
			sentAt,
			recipients,
			opens: activity('opener', input.opens),
			clicks: activity('clicker', input.clicks),
			optouts: checkRecipients('opt-out', input.optouts ?? []),
			spam: checkRecipients('spam reporter', input.spam ?? []),
			hardBounces: checkRecipients('hard bounce', input.hardBounces ?? []),
			softBounces: checkRecipients('soft bounce', input.softBounces ?? []),
			unsent: checkRecipients('unsent', input.unsent ?? []),
		};
	}

	findSend(key: string): SendLookup | undefined {
		for (const campaign of this.campaigns) {
			if (campaign.key === key) return { send: campaign, campaign, isAbChild: false };
			const child = campaign.abChildren.find((c) => c.key === key);
			if (child) return { send: child, campaign, isAbChild: true };
		}
		return undefined;
	}

	/** POST /__sandbox/activity. Throws a readable error when the activity is impossible. */
	addActivity(campaignKey: string, email: string, action: 'opened' | 'clicked', at: number): void {
		const found = this.findSend(campaignKey);
		if (!found) throw new Error(`Unknown campaign key ${campaignKey}`);
		if (found.send.sentAt === null) throw new Error(`Campaign ${campaignKey} has not been sent`);
		if (!found.send.recipients.includes(email)) {
			throw new Error(`${email} is not a recipient of campaign ${campaignKey}`);
		}
		(action === 'opened' ? found.send.opens : found.send.clicks).push({ email, at });
	}
}

/** Unique emails in activity order (first activity wins). */
function uniqueByFirstActivity(activities: Activity[]): string[] {
	const first = new Map<string, number>();
	for (const a of activities) {
		const prev = first.get(a.email);
		if (prev === undefined || a.at < prev) first.set(a.email, a.at);
	}
	return [...first.entries()].sort((x, y) => x[1] - y[1]).map(([email]) => email);
}

/** Opened recipients. A click implies an open (the email had to be displayed to be clicked), so
 *  clickers are included even without a recorded open; ordered by first activity. */
export function openers(send: Send): string[] {
	return uniqueByFirstActivity([...send.opens, ...send.clicks]);
}

export function clickers(send: Send): string[] {
	return uniqueByFirstActivity(send.clicks);
}

/** Opens as Zoho would count them: every open event, plus one implied open per clicker who has no
 *  recorded open — so the count grows whenever openedcontacts does. */
export function opensCount(send: Send): number {
	const openedEmails = new Set(send.opens.map((o) => o.email));
	const impliedOpens = new Set(send.clicks.map((c) => c.email).filter((e) => !openedEmails.has(e)));
	return send.opens.length + impliedOpens.size;
}

export function sentRecipients(send: Send): string[] {
	const unsent = new Set(send.unsent);
	return send.recipients.filter((e) => !unsent.has(e));
}
