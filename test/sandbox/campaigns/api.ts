// Zoho Campaigns API v1.1 (ref §2, §3): /api/v1.1/<method>.
import type { AccountsServer } from '../accounts';
import { jsonResponse, accessTokenFrom, type SandboxRequest, type SandboxResponse } from '../http';
import type { SandboxClock } from '../clock';
import { campaignsDate } from '../time';
import {
	clickers,
	openers,
	opensCount,
	sentRecipients,
	type Campaign,
	type CampaignsAccount,
	type Contact,
	type MailingList,
	type Send,
} from './model';
import type { CampaignsRateLimiter } from './rateLimit';
import { toCampaignsXml } from './xml';

type Payload = Record<string, unknown>;

/** ref §2.0 envelopes: success carries status/code "0"/uri/version next to the payload keys;
 *  errors are HTTP 200 `{"status":"error","code":"<n>","message":…}`. */
class ApiError extends Error {
	constructor(
		public code: string,
		message: string,
	) {
		super(message);
	}
}

const RECIPIENT_ACTIONS = [
	'sentcontacts',
	'openedcontacts',
	'clickedcontacts',
	'unopenedcontacts',
	'optoutcontacts',
	'spamcontacts',
	'senthardbounce',
	'sentsoftbounce',
	'unsentcontacts',
] as const;
type RecipientAction = (typeof RECIPIENT_ACTIONS)[number];

/** ref §2.2 status filter tokens → campaign_status values. */
const STATUS_FILTERS: Record<string, string[] | 'all'> = {
	all: 'all',
	'all campaigns': 'all',
	drafts: ['Draft'],
	scheduled: ['Scheduled'],
	inprogress: ['In progress'],
	sent: ['Sent'],
	stopped: ['Stopped'],
	canceled: ['Canceled'],
	tobereviewed: ['To be reviewed'],
	reviewed: ['Reviewed'],
	paused: ['Paused'],
	intesting: ['In testing'],
};

/** Contact fields for the allfields endpoint (ref §2.7 sample). */
const CONTACT_FIELD_SCHEMA = [
	['Contact Email', 'contact_email'],
	['Title', 'title'],
	['First Name', 'firstname'],
	['Last Name', 'lastname'],
	['Job Title', 'job_title'],
	['Company Name', 'companyname'],
	['Phone', 'phone'],
	['Secondary Email', 'secondary_email'],
	['Mobile', 'mobile'],
	['City', 'city'],
	['State', 'state'],
	['Country', 'country'],
	['Zip Code', 'zipcode'],
] as const;

const DEFAULT_PAGE = 20;

/** Output values of recipient rows: a missing value is the literal "null" (ref §2.0, §2.5). */
function nullable(value: string | null | undefined): string {
	return value === null || value === undefined ? 'null' : value;
}

/** ref §2.5 rows carry contactstatus; see README for the sandbox's values. */
function contactStatusLabel(contact: Contact): string {
	return { active: 'active', unsub: 'unsubscribed', bounce: 'bounced' }[contact.status];
}

export interface CampaignsApiDeps {
	clock: () => SandboxClock;
	accounts: () => AccountsServer;
	limiter: () => CampaignsRateLimiter;
	account: () => CampaignsAccount;
	maxRange: () => number;
}

export const KNOWN_METHODS = [
	'getmailinglists',
	'recentcampaigns',
	'getcampaigndetails',
	'campaignreports',
	'getcampaignrecipientsdata',
	'getlistsubscribers',
	'listsubscriberscount',
	'contact/allfields',
] as const;

export function campaignsMethodOf(pathname: string): string {
	return pathname.replace(/^\/api\/v1\.1\//, '').replace(/\/+$/, '');
}

export class CampaignsApi {
	constructor(private deps: CampaignsApiDeps) {}

	handle(req: SandboxRequest): SandboxResponse {
		const method = campaignsMethodOf(req.pathname);
		const uri = `/api/v1.1/${method}`;
		// ref §3.1: missing, garbage and expired tokens all get the same 401 body (capitalised keys).
		if (this.deps.accounts().check(accessTokenFrom(req)) !== 'valid') {
			return jsonResponse(401, {
				message: 'Unauthorized request.',
				version: '1.1',
				URI: uri,
				Code: '1007',
				status: 'error',
			});
		}
		const wantsJson =
			method === 'contact/allfields'
				? (req.params.get('type') ?? '').toLowerCase() === 'json' // ref §2.0: type, not resfmt
				: (req.params.get('resfmt') ?? '').toLowerCase() === 'json';
		const respond = (payload: Payload): SandboxResponse =>
			wantsJson
				? jsonResponse(200, payload)
				: {
						status: 200,
						headers: { 'content-type': 'application/xml;charset=UTF-8' },
						body: toCampaignsXml(payload, uri),
					};
		const error = (code: string, message: string): SandboxResponse =>
			method === 'contact/allfields'
				? respond({ response: { status: 'error', code, message } })
				: respond({ status: 'error', code, message });

		if (!(KNOWN_METHODS as readonly string[]).includes(method)) {
			return error('1004', 'Wrong URL entered');
		}
		// ref §3.2: per-endpoint limit and 30-minute lockout. The lockout body is not established;
		// the sandbox answers an HTTP 200 error envelope with code "429" (see README).
		const decision = this.deps.limiter().check(method);
		if (!decision.allowed) {
			return error(
				'429',
				`API call limit exceeded for ${method}. This API is locked until ${new Date(decision.lockedUntil).toISOString()}.`,
			);
		}
		try {
			return respond(this.dispatch(method, req.params, uri));
		} catch (e) {
			if (e instanceof ApiError) return error(e.code, e.message);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox, not node code: unexpected errors become HTTP 500
			throw e;
		}
	}

	private dispatch(method: string, params: URLSearchParams, uri: string): Payload {
		const success = (payload: Payload): Payload => ({
			status: 'success',
			code: '0',
			...payload,
			uri,
			version: '1.1',
		});
		switch (method) {
			case 'getmailinglists':
				return success(this.getMailingLists(params));
			case 'recentcampaigns':
				return success(this.recentCampaigns(params));
			case 'getcampaigndetails':
				return success(this.campaignDetails(params));
			case 'campaignreports':
				return success(this.campaignReports(params));
			case 'getcampaignrecipientsdata':
				return success(this.recipients(params));
			case 'getlistsubscribers':
				return success(this.listSubscribers(params));
			case 'listsubscriberscount':
				return success(this.listSubscribersCount(params));
			default:
				return this.allFields();
		}
	}

	private get account(): CampaignsAccount {
		return this.deps.account();
	}

	private page(params: URLSearchParams, max?: number): { from: number; range: number } {
		const from = this.intParam(params, 'fromindex', 1);
		const range = this.intParam(params, 'range', DEFAULT_PAGE);
		if (from < 1 || range < 1)
			throw new ApiError('1005', 'fromindex and range must be positive numbers');
		// ref §3.1: 6502 "Limit given is more than the maximum".
		if (max !== undefined && range > max)
			throw new ApiError('6502', 'Limit given is more than the maximum');
		return { from, range };
	}

	private intParam(params: URLSearchParams, name: string, fallback: number): number {
		const raw = params.get(name);
		if (raw === null || raw === '') return fallback;
		if (!/^\d+$/.test(raw.trim())) throw new ApiError('1005', `Invalid value for ${name}`);
		return Number(raw);
	}

	private required(params: URLSearchParams, name: string): string {
		const value = params.get(name);
		if (!value) throw new ApiError('903', 'Mandatory fields are missing');
		return value;
	}

	// ref §2.1
	private getMailingLists(params: URLSearchParams): Payload {
		const { from, range } = this.page(params);
		const desc = (params.get('sort') ?? 'asc').toLowerCase() === 'desc';
		const lists = [...this.account.lists].sort((a, b) =>
			desc ? b.createdAt - a.createdAt : a.createdAt - b.createdAt,
		);
		const pageItems = lists.slice(from - 1, from - 1 + range);
		// ref §2.1: 2401 on an empty account; the sandbox also answers it for a page past the end.
		if (pageItems.length === 0)
			throw new ApiError('2401', 'No mailing list has been created. Please create a list.');
		return {
			sort: desc ? 'Descending Order' : 'Ascending Order',
			range: String(range),
			fromindex: String(from),
			list_of_details: pageItems.map((l, i) => this.listItem(l, from + i)),
		};
	}

	private listItem(list: MailingList, sno: number): Payload {
		const tz = this.account.timeZone;
		const count = (status: string) =>
			list.members.filter((m) => this.account.contacts.get(m.email)?.status === status).length;
		return {
			sno: String(sno),
			listkey: list.key,
			listname: list.name,
			listunino: String(6361736964559000 + this.account.lists.indexOf(list) + 1),
			noofcontacts: String(list.members.length),
			noofunsubcnt: String(count('unsub')),
			noofbouncecnt: String(count('bounce')),
			lockstatus: 'unlocked',
			is_public: 'false',
			owner: this.account.ownerName,
			zuid: this.account.zuid,
			created_date: String(list.createdAt),
			date: campaignsDate(list.createdAt, tz),
			created_time_gmt: String(list.createdAt),
			updated_time_gmt: String(list.createdAt),
			listtype: 'Normal',
			listdesc: '',
			sentcnt: String(
				this.account.campaigns.filter((c) => c.sentAt !== null && c.listKeys.includes(list.key))
					.length,
			),
			issmart: 'false',
			deletable: 'true',
			editable: 'true',
			// ref §2.8: no API field reveals a Recruit sync; the flag stays internal.
			servicetype: 'null',
			segments: {},
		};
	}

	// ref §2.2
	private recentCampaigns(params: URLSearchParams): Payload {
		const { from, range } = this.page(params);
		const filters = (params.get('status') ?? 'all')
			.split('|')
			.map((s) => s.trim().toLowerCase())
			.filter(Boolean);
		const wanted = new Set<string>();
		let all = false;
		for (const f of filters) {
			const mapped = STATUS_FILTERS[f];
			if (!mapped) throw new ApiError('1001', `Invalid status "${f}"`);
			if (mapped === 'all') all = true;
			else mapped.forEach((s) => wanted.add(s));
		}
		const matching = this.account.campaigns
			.filter((c) => all || wanted.has(c.status))
			.sort((a, b) => (b.sentAt ?? b.createdAt) - (a.sentAt ?? a.createdAt));
		const pageItems = matching.slice(from - 1, from - 1 + range);
		// ref §2.2: 6101 when nothing matches; also for a page past the end.
		if (pageItems.length === 0) throw new ApiError('6101', 'No campaign was sent');
		// No total_record_count (Zoho's sample has none; one live decoder reads it), campaign_count
		// counts this page, and requestdetails is a stringified map as Zoho writes some values
		// (e.g. MarketingHub's "campaign-by-loaction":"{in=2}"): choices where Zoho is silent (README).
		return {
			fromindex: String(from),
			range: String(range),
			campaign_count: String(pageItems.length),
			requestdetails: `{fromindex=${from}, range=${range}, status=${filters.join('|')}}`,
			recent_campaigns: pageItems.map((c) => this.campaignSummary(c)),
		};
	}

	private campaignSummary(c: Campaign): Payload {
		const tz = this.account.timeZone;
		const sent = c.sentAt;
		return {
			campaign_key: c.key,
			campaign_name: c.name,
			campaign_status: c.status,
			campaigntype: c.type,
			subject: c.subject,
			from_email: c.fromEmail,
			reply_to: c.fromEmail,
			created_time: String(c.createdAt),
			created_time_gmt: String(c.createdAt),
			created_date_string: campaignsDate(c.createdAt, tz),
			sent_time: sent === null ? 'null' : String(sent),
			sent_time_gmt: sent === null ? 'null' : String(sent),
			sent_time_zone: tz,
			sent_date_string: sent === null ? 'null' : campaignsDate(sent, tz),
			updated_time: String(sent ?? c.createdAt),
			updated_time_gmt: String(sent ?? c.createdAt),
			updated_date_string: campaignsDate(sent ?? c.createdAt, tz),
			campaign_preview: `campaigns.zoho.com/EmailDisplayAction.do?&campaignId=${c.key}`,
			folder_id: 'null',
			is_hybrid: 'false',
			zuid: this.account.zuid,
		};
	}

	// ref §2.3
	private campaignDetails(params: URLSearchParams): Payload {
		const key = this.required(params, 'campaignkey');
		const found = this.account.findSend(key);
		if (!found) throw new ApiError('6301', 'Invalid campaign key');
		const { send, campaign, isAbChild } = found;
		const actualType = isAbChild ? 'normal' : campaign.type;
		// Only campaignkey is mandatory (campaign-details.html); without campaigntype the
		// campaign's own type applies (not established, see README).
		const requestedType = (params.get('campaigntype') || actualType).toLowerCase();
		const tz = this.account.timeZone;
		const lists = campaign.listKeys
			.map((k) => this.account.list(k))
			.filter((l): l is MailingList => !!l);
		const sent = send.sentAt;
		// ref §2.3: with the wrong campaigntype the reports come back empty.
		const typeMatches = requestedType === actualType;
		const payload: Payload = {
			campaign_status: isAbChild ? 'Sent' : campaign.status,
			total_subscribers_count: sentRecipients(send).length,
			'campaign-details': [
				{
					campaign_key: send.key,
					campaign_name: isAbChild
						? `${campaign.name} (${send === campaign.abChildren[0] ? 'A' : 'B'})`
						: campaign.name,
					campaigntype: actualType,
					email_subject: campaign.subject,
					email_from: campaign.fromEmail,
					sender_name: this.account.ownerName,
					reply_to: campaign.fromEmail,
					email_type: 'html_template_editor',
					created_time: String(campaign.createdAt),
					created_date_string: campaignsDate(campaign.createdAt, tz),
					sent_time: sent === null ? 'null' : String(sent),
					sent_time_gmt: sent === null ? 'null' : String(sent),
					sent_time_zone: tz,
					sent_date_string: sent === null ? 'null' : campaignsDate(sent, tz),
					modified_time: String(sent ?? campaign.createdAt),
					campaign_preview: `campaigns.zoho.com/EmailDisplayAction.do?&campaignId=${send.key}`,
				},
			],
			associated_mailing_lists: lists.map((l) => ({
				listkey: l.key,
				listname: l.name,
				liststatus: 'active',
				contactscount: String(l.members.length),
				no_of_unsubcontacts: String(
					l.members.filter((m) => this.account.contacts.get(m.email)?.status === 'unsub').length,
				),
				no_of_bounce: String(
					l.members.filter((m) => this.account.contacts.get(m.email)?.status === 'bounce').length,
				),
			})),
			segments_info: {},
			'campaign-reports': typeMatches && sent !== null ? [this.report(send, campaign.name)] : [],
		};
		if (
			typeMatches &&
			campaign.type === 'abtesting' &&
			!isAbChild &&
			campaign.abChildren.length === 2
		) {
			const [a, b] = campaign.abChildren;
			payload['AB-split-details'] = [
				{
					a_child_campaignkey: a.key,
					b_child_campaignkey: b.key,
					a_open_count: String(opensCount(a)),
					b_open_count: String(opensCount(b)),
					a_click_count: String(clickers(a).length),
					b_click_count: String(clickers(b).length),
				},
			];
		}
		return payload;
	}

	private report(send: Send, name: string): Payload {
		const sent = sentRecipients(send).length;
		const bounces = send.hardBounces.length + send.softBounces.length;
		const delivered = sent - bounces;
		const opened = openers(send).length;
		const clicked = clickers(send).length;
		const pct = (n: number, of: number) => (of === 0 ? '0.0' : ((n * 100) / of).toFixed(1));
		return {
			campaign_name: name,
			emails_sent_count: String(sent),
			delivered_count: String(delivered),
			delivered_percent: pct(delivered, sent),
			opens_count: String(opensCount(send)),
			open_percent: pct(opened, delivered),
			unique_clicks_count: String(clicked),
			unique_clicked_percent: pct(clicked, delivered),
			clicksperopenrate: pct(clicked, opened),
			unopened: String(delivered - opened),
			unopened_percent: pct(delivered - opened, delivered),
			bounces_count: String(bounces),
			bounce_percent: pct(bounces, sent),
			hardbounce_count: String(send.hardBounces.length),
			softbounce_count: String(send.softBounces.length),
			unsub_count: String(send.optouts.length),
			unsubscribe_percent: pct(send.optouts.length, delivered),
			spams_count: String(send.spam.length),
			spam_percent: pct(send.spam.length, delivered),
			complaints_count: '0',
			complaints_percent: '0.0',
			forwards_count: '0',
			forward_percent: '0.0',
			autoreply_count: '0',
			unsent_count: String(send.unsent.length),
			unsent_percent: pct(send.unsent.length, send.recipients.length),
		};
	}

	// ref §2.4
	private campaignReports(params: URLSearchParams): Payload {
		const key = this.required(params, 'campaignkey');
		const found = this.account.findSend(key);
		if (!found || found.send.sentAt === null)
			throw new ApiError('6001', 'Error in displaying the report');
		const { send, campaign } = found;
		const tz = this.account.timeZone;
		return {
			'campaign-details': [
				{
					campaign_name: campaign.name,
					sent_time: campaignsDate(send.sentAt!, tz),
					campaign_key: send.key,
				},
			],
			'campaign-reports': [this.report(send, campaign.name)],
			'campaign-reach': [
				{
					emails: String(sentRecipients(send).length),
					facebook: '0',
					twitter: '0',
					linkedin: '0',
					other: '0',
					total: String(sentRecipients(send).length),
				},
			],
			'campaign-by-location': {},
		};
	}

	// ref §2.5
	private recipients(params: URLSearchParams): Payload {
		const key = this.required(params, 'campaignkey');
		const action = this.required(params, 'action') as RecipientAction;
		if (!RECIPIENT_ACTIONS.includes(action))
			throw new ApiError('1001', `Invalid action "${action}"`);
		const found = this.account.findSend(key);
		// ref §2.5: 6002 "Invalid campaign key (or) campaign is not yet sent".
		if (!found || found.send.sentAt === null) {
			throw new ApiError('6002', 'Invalid campaign key (or) campaign is not yet sent');
		}
		const { from, range } = this.page(params, this.deps.maxRange());
		const emails = this.recipientEmails(found.send, action);
		const rows = emails.slice(from - 1, from - 1 + range);
		// ref §2.5/§10.2: past the last row Zoho answers an error envelope; code 6302 chosen.
		if (rows.length === 0) throw new ApiError('6302', 'No contacts found.');
		return {
			requestdetails: { range, action, fromindex: from },
			list_of_details: rows.map((email) => this.recipientRow(email, found.send, action)),
		};
	}

	private recipientEmails(send: Send, action: RecipientAction): string[] {
		const sent = sentRecipients(send);
		switch (action) {
			case 'sentcontacts':
				return sent;
			case 'openedcontacts':
				return openers(send);
			case 'clickedcontacts':
				return clickers(send);
			case 'unopenedcontacts': {
				const opened = new Set(openers(send));
				const bounced = new Set([...send.hardBounces, ...send.softBounces]);
				return sent.filter((e) => !opened.has(e) && !bounced.has(e));
			}
			case 'optoutcontacts':
				return [...new Set(send.optouts)];
			case 'spamcontacts':
				return [...new Set(send.spam)];
			case 'senthardbounce':
				return [...new Set(send.hardBounces)];
			case 'sentsoftbounce':
				return [...new Set(send.softBounces)];
			case 'unsentcontacts':
				return [...new Set(send.unsent)];
		}
	}

	private recipientRow(email: string, send: Send, action: RecipientAction): Payload {
		const contact = this.account.ensureContact(email);
		const f = contact.fields;
		const sentAt = action === 'unsentcontacts' ? null : send.sentAt;
		return {
			contactid: contact.id,
			contactemailaddress: contact.email,
			// ref §2.5: live rows use contactfn/contactln; the docs show firstname/lastname. Both.
			contactfn: nullable(f.firstname),
			contactln: nullable(f.lastname),
			firstname: nullable(f.firstname),
			lastname: nullable(f.lastname),
			contactstatus: contactStatusLabel(contact),
			sent_time: sentAt === null ? 'null' : String(sentAt),
			sentdate: sentAt === null ? 'null' : campaignsDate(sentAt, this.account.timeZone),
			timezone: 'null',
			phone: nullable(f.phone),
			mobile: nullable(f.mobile),
			companyname: nullable(f.companyname),
			jobtitle: nullable(f.jobtitle),
			title: 'null',
			address: 'null',
			city: nullable(f.city),
			state: nullable(f.state),
			country: nullable(f.country),
			zipcode: 'null',
			secondary_email: 'null',
			website: 'null',
			note: 'null',
			facebook_handle: 'null',
			linkedin_handle: 'null',
			twitter_handle: 'null',
		};
	}

	private listOrError(params: URLSearchParams): MailingList {
		const list = this.account.list(params.get('listkey') ?? '');
		if (!list) throw new ApiError('2501', 'Listkey is empty or invalid');
		return list;
	}

	private membersWithStatus(
		list: MailingList,
		status: string | null,
	): Array<{ contact: Contact; addedAt: number }> {
		const members = list.members.map((m) => ({
			contact: this.account.ensureContact(m.email),
			addedAt: m.addedAt,
		}));
		const now = this.deps.clock().now();
		switch ((status ?? '').toLowerCase()) {
			case '':
				return members; // no status: every member (see README)
			case 'active':
			case 'unsub':
			case 'bounce':
				return members.filter((m) => m.contact.status === status!.toLowerCase());
			case 'spam':
				return [];
			case 'recent': // added in the last 30 days, newest first (semantics not documented)
				return members
					.filter((m) => now - m.addedAt <= 30 * 86_400_000)
					.sort((a, b) => b.addedAt - a.addedAt);
			case 'mostrecent':
			case 'most recent':
				return [...members].sort((a, b) => b.addedAt - a.addedAt);
			default:
				throw new ApiError('1001', `Invalid status "${status}"`);
		}
	}

	// ref §2.6
	private listSubscribers(params: URLSearchParams): Payload {
		const list = this.listOrError(params);
		const { from, range } = this.page(params, this.deps.maxRange());
		let members = this.membersWithStatus(list, params.get('status'));
		if ((params.get('sort') ?? '').toLowerCase() === 'desc') members = [...members].reverse();
		const tz = this.account.timeZone;
		// ref §2.6 sample: empty values are "" here (not "null" as in recipient rows).
		const text = (v: string | null) => v ?? '';
		return {
			list_details: {
				listname: list.name,
				noofcontacts: String(list.members.length),
				ispublic: 'false',
			},
			fromindex: String(from),
			range: String(range),
			list_of_details: members.slice(from - 1, from - 1 + range).map(({ contact, addedAt }) => ({
				contact_email: contact.email,
				firstname: text(contact.fields.firstname),
				lastname: text(contact.fields.lastname),
				companyname: text(contact.fields.companyname),
				phone: text(contact.fields.phone),
				added_time: campaignsDate(addedAt, tz),
				zuid: this.account.zuid,
			})),
		};
	}

	// ref §2.6: no_of_contacts is a NUMBER in the documented sample.
	private listSubscribersCount(params: URLSearchParams): Payload {
		const list = this.listOrError(params);
		return { no_of_contacts: this.membersWithStatus(list, params.get('status')).length };
	}

	// ref §2.7: nested under `response`.
	private allFields(): Payload {
		return {
			response: {
				message: 'success',
				code: '0',
				fieldname: CONTACT_FIELD_SCHEMA.map(([display, name], i) => ({
					DISPLAY_NAME: display,
					FIELD_NAME: name,
					no: String(i + 1),
					FIELD_ID: String(4000000000015 + 2 * i),
				})),
			},
		};
	}
}
