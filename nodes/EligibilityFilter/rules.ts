import { ACTIVITY_RANK, type Activity } from '../shared/types';
import { isObject } from '../shared/collections';
import { emailProblem } from '../shared/email';
import { isBlankText, isBlankValue, trimText } from '../shared/text';

/**
 * The eligibility rules, as pure functions over one item's json (the trigger's ActivityItem shape;
 * README, Eligibility Filter). Items from elsewhere may lack any field or not be an object at all:
 * every rule reads defensively and reports a reason instead of throwing.
 *
 * Adding a rule = one function + one entry in ITEM_RULES (+ its check name in CHECK_NAMES).
 */

export type ReasonCode =
	| 'missing_mandatory_field'
	| 'invalid_email'
	| 'imported_from_recruit'
	| 'campaign_not_sent_to_list'
	| 'no_activity'
	| 'unsubscribed'
	| 'bounced'
	| 'duplicate';

// A type alias (not an interface) so it is assignable to n8n's IDataObject.
export type IneligibleReason = {
	code: ReasonCode;
	message: string;
	field?: string;
};

export const CHECK_NAMES = [
	'mandatoryFields',
	'validEmail',
	'notImportedFromRecruit',
	'campaignSentToList',
	'hasActivity',
	'subscribed',
	'dedupe',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const REQUIRED_FIELD_PRESETS = {
	candidates: ['firstName', 'lastName', 'email'],
	contacts: ['firstName', 'lastName', 'email', 'companyName'],
} as const;

/** A required field, pre-split so dotted paths (e.g. `raw.zipcode`) cost nothing per item. */
export interface RequiredField {
	name: string;
	path: readonly string[];
}

export function compileRequiredFields(names: readonly string[]): RequiredField[] {
	const unique = new Set(names.map((name) => name.trim()).filter((name) => name.length > 0));
	return [...unique].map((name) => ({ name, path: name.split('.') }));
}

/** Everything a rule may depend on besides the item; identical for all items unless a parameter
 * is an expression. */
export interface RuleSettings {
	checks: ReadonlySet<CheckName>;
	requiredFields: readonly RequiredField[];
	/** Lower-cased, trimmed email → key of the Recruit-synced list that holds it. */
	recruitSyncedMembers: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;
type ItemRule = (item: Json, settings: RuleSettings) => readonly IneligibleReason[];

const NONE: readonly IneligibleReason[] = Object.freeze([]);
const EMPTY_JSON: Json = Object.freeze({}) as Json;

/** Non-object json (a bare string, number, array or null from a Code node) has no fields at all. */
export function asJsonObject(value: unknown): Json {
	return isObject(value) ? (value as Json) : EMPTY_JSON;
}

/**
 * Blank (whitespace and invisible characters only, ../shared/text.ts: the same rule as Recruit
 * Push) and Zoho Campaigns' literal "null" count as missing.
 */
export function isMissing(value: unknown): boolean {
	if (typeof value === 'string')
		return trimText(value).toLowerCase() === 'null' || isBlankText(value);
	return isBlankValue(value);
}

function readPath(item: Json, path: readonly string[]): unknown {
	let current: unknown = item;
	for (const key of path) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

export function normalizeEmail(value: unknown): string | null {
	if (typeof value !== 'string' || isMissing(value)) return null;
	return trimText(value).toLowerCase();
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	return value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value));
}

// ─── one function per check ─────────────────────────────────────────────────────────────────

export function checkMandatoryFields(
	item: Json,
	settings: RuleSettings,
): readonly IneligibleReason[] {
	let reasons: IneligibleReason[] | undefined;
	for (const field of settings.requiredFields) {
		if (!isMissing(readPath(item, field.path))) continue;
		(reasons ??= []).push({
			code: 'missing_mandatory_field',
			message: `Mandatory field "${field.name}" is missing or blank`,
			field: field.name,
		});
	}
	return reasons ?? NONE;
}

/** A missing email is not a valid one either: this rule reports it even when `email` is not among
 * the required fields, because nothing can be pushed or deduplicated without it. */
export function checkValidEmail(item: Json): readonly IneligibleReason[] {
	const email = item.email;
	let problem: string | null;
	if (isMissing(email)) problem = 'is missing, so the recipient cannot be identified';
	else if (typeof email !== 'string') problem = `${describe(email)} is not text`;
	else {
		const why = emailProblem(email);
		problem = why === null ? null : `"${email}" ${why}`;
	}
	if (problem === null) return NONE;
	return [{ code: 'invalid_email', message: `Email ${problem}`, field: 'email' }];
}

export function checkNotImportedFromRecruit(
	item: Json,
	settings: RuleSettings,
): readonly IneligibleReason[] {
	const flagged = item.importedFromRecruit === true || item.importedFromRecruit === 'true';
	const email = settings.recruitSyncedMembers.size > 0 ? normalizeEmail(item.email) : null;
	const syncedList = email === null ? undefined : settings.recruitSyncedMembers.get(email);
	if (!flagged && syncedList === undefined) return NONE;
	const message = flagged
		? 'The contact was imported from Zoho Recruit (importedFromRecruit is true)'
		: `The contact is a member of the Recruit-synced mailing list ${syncedList}, so it came from Zoho Recruit`;
	return [
		{ code: 'imported_from_recruit', message, field: flagged ? 'importedFromRecruit' : 'email' },
	];
}

export function checkCampaignSentToList(item: Json): readonly IneligibleReason[] {
	const matched = item.matchedLists;
	const campaign = item.campaign;
	const campaignLists = isObject(campaign) ? campaign.lists : undefined;
	let message: string | null = null;
	if (!Array.isArray(matched) || matched.length === 0) {
		message = 'No configured mailing list matched (matchedLists is empty or missing)';
	} else if (!Array.isArray(campaignLists)) {
		message = "The campaign's mailing lists are unknown (campaign.lists is missing)";
	} else {
		const missing = matched.filter((list) => !campaignLists.includes(list));
		if (missing.length > 0) {
			message = `The campaign was not sent to the associated mailing list(s) ${missing.join(', ')}`;
		}
	}
	return message === null
		? NONE
		: [{ code: 'campaign_not_sent_to_list', message, field: 'matchedLists' }];
}

function activityOf(item: Json): Activity | null {
	const activity = item.activity;
	if (typeof activity !== 'string') return null;
	const normalized = activity.trim().toLowerCase();
	return normalized === 'opened' || normalized === 'clicked' ? normalized : null;
}

export function checkHasActivity(item: Json): readonly IneligibleReason[] {
	if (activityOf(item) !== null) return NONE;
	return [
		{
			code: 'no_activity',
			message: `No open or click: activity is ${describe(item.activity)}`,
			field: 'activity',
		},
	];
}

/**
 * Maps Zoho's contact status spellings (getlistsubscribers `status=unsub|bounce|spam`, recipient
 * rows' `contactstatus`: https://www.zoho.com/campaigns/help/developers/get-list-subscribers.html,
 * https://www.zoho.com/campaigns/help/developers/campaign-recipient-data.html) to a reason.
 * Compared without case, spaces or dashes.
 */
export function contactStatusReason(status: unknown): 'unsubscribed' | 'bounced' | null {
	if (typeof status !== 'string' || status === 'active') return null;
	const compact = status.toLowerCase().replace(/[^a-z]/g, '');
	if (compact.includes('bounce')) return 'bounced';
	if (
		compact.startsWith('unsub') ||
		compact.includes('optout') ||
		compact.includes('optedout') ||
		compact.includes('spam') ||
		compact === 'donotmail'
	) {
		return 'unsubscribed';
	}
	return null;
}

export function checkSubscribed(item: Json): readonly IneligibleReason[] {
	const code = contactStatusReason(item.contactStatus);
	if (code === null) return NONE;
	const what = code === 'bounced' ? 'bounced' : 'unsubscribed or opted out';
	return [
		{
			code,
			message: `The contact has ${what} (contactStatus ${describe(item.contactStatus)})`,
			field: 'contactStatus',
		},
	];
}

/** Per-item rules in reporting order. `dedupe` is not here: it needs all items (see dedupe()). */
export const ITEM_RULES: ReadonlyArray<{ check: CheckName; evaluate: ItemRule }> = [
	{ check: 'mandatoryFields', evaluate: checkMandatoryFields },
	{ check: 'validEmail', evaluate: checkValidEmail },
	{ check: 'notImportedFromRecruit', evaluate: checkNotImportedFromRecruit },
	{ check: 'campaignSentToList', evaluate: checkCampaignSentToList },
	{ check: 'hasActivity', evaluate: checkHasActivity },
	{ check: 'subscribed', evaluate: checkSubscribed },
];

/** Reasons for one item, in rule order; a shared empty list when it passes every check. */
export function evaluateItem(json: unknown, settings: RuleSettings): readonly IneligibleReason[] {
	const item = asJsonObject(json);
	let reasons: IneligibleReason[] | undefined;
	for (const rule of ITEM_RULES) {
		if (!settings.checks.has(rule.check)) continue;
		const found = rule.evaluate(item, settings);
		if (found.length > 0) (reasons ??= []).push(...found);
	}
	return reasons ?? NONE;
}

// ─── dedupe: a pass over all items ──────────────────────────────────────────────────────────

function moduleKey(item: Json): string {
	return typeof item.module === 'string' ? item.module.trim().toLowerCase() : '';
}

function sentAtMs(item: Json): number {
	const campaign = item.campaign;
	const sentAt = isObject(campaign) ? campaign.sentAt : undefined;
	const ms = typeof sentAt === 'string' ? Date.parse(sentAt) : NaN;
	return Number.isNaN(ms) ? -Infinity : ms;
}

function activityRank(item: Json): number {
	const activity = activityOf(item);
	return activity === null ? 0 : ACTIVITY_RANK[activity];
}

/** Strongest activity first, then the most recently sent campaign; a tie keeps the first seen. */
function outranks(challenger: Json, holder: Json): boolean {
	const rankChallenger = activityRank(challenger);
	const rankHolder = activityRank(holder);
	if (rankChallenger !== rankHolder) return rankChallenger > rankHolder;
	return sentAtMs(challenger) > sentAtMs(holder);
}

function campaignLabel(item: Json): string {
	const campaign = isObject(item.campaign) ? item.campaign : EMPTY_JSON;
	const name = typeof campaign.name === 'string' ? campaign.name : null;
	const key = typeof campaign.key === 'string' ? campaign.key : null;
	if (name !== null && key !== null) return `"${name}" (${key})`;
	return name !== null ? `"${name}"` : (key ?? 'an unnamed campaign');
}

/**
 * Keeps one item per (module, email) — email trimmed and compared without case — and adds a
 * `duplicate` reason to the others (replacing their entry in `reasons`).
 *
 * Only items that are still eligible compete: an item already ineligible for another reason can
 * never be the one kept, so a bad record never shadows a good one. Such an item does get
 * `duplicate` as well when a kept item exists for its key (every reason that applies is reported).
 * Items whose `dedupe` check is off (possible when `checks` is an expression) are left alone.
 */
export function dedupe(
	jsons: readonly unknown[],
	reasons: Array<readonly IneligibleReason[]>,
	dedupeEnabled: (index: number) => boolean,
): void {
	// module → email → index of the item kept so far (nested maps: no key concatenation per item)
	const kept = new Map<string, Map<string, number>>();
	const emails: Array<string | null> = new Array<string | null>(jsons.length).fill(null);
	const modules: string[] = new Array<string>(jsons.length).fill('');
	for (let i = 0; i < jsons.length; i++) {
		if (!dedupeEnabled(i)) continue;
		const item = asJsonObject(jsons[i]);
		const email = normalizeEmail(item.email);
		if (email === null) continue;
		const module = moduleKey(item);
		emails[i] = email;
		modules[i] = module;
		if (reasons[i].length > 0) continue;
		let byEmail = kept.get(module);
		if (byEmail === undefined) kept.set(module, (byEmail = new Map()));
		const holder = byEmail.get(email);
		if (holder === undefined || outranks(item, asJsonObject(jsons[holder]))) byEmail.set(email, i);
	}
	for (let i = 0; i < jsons.length; i++) {
		const email = emails[i];
		if (email === null) continue;
		const holder = kept.get(modules[i])?.get(email);
		if (holder === undefined || holder === i) continue;
		const winner = asJsonObject(jsons[holder]);
		reasons[i] = reasons[i].concat({
			code: 'duplicate',
			message: `Duplicate of item ${holder} for the same email and module; the one kept is from campaign ${campaignLabel(winner)} (${activityOf(winner) ?? 'no activity'})`,
			field: 'email',
		});
	}
}

/** Reasons per item, in input order; an empty list means eligible. */
export function evaluateItems(
	jsons: readonly unknown[],
	settingsFor: (index: number) => RuleSettings,
): Array<readonly IneligibleReason[]> {
	const reasons = jsons.map((json, i) => evaluateItem(json, settingsFor(i)));
	dedupe(jsons, reasons, (i) => settingsFor(i).checks.has('dedupe'));
	return reasons;
}
