/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Scenario types (exported so tests can build big scenarios in code) and loading from JSON.
// Times are "-4d" / "+10m" / "now" relative to the clock start, or ISO-8601.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import type { ClockMode } from './clock';

export type TimeSpec = string;
export type ContactStatus = 'active' | 'unsub' | 'bounce';

/** A Campaigns contact. Absent fields come back as the literal "null" (ref §2.0); a scenario may
 *  also give the literal "null" explicitly. */
export interface ScenarioContact {
	email: string;
	firstname?: string | null;
	lastname?: string | null;
	companyname?: string | null;
	phone?: string | null;
	mobile?: string | null;
	jobtitle?: string | null;
	city?: string | null;
	state?: string | null;
	country?: string | null;
	status?: ContactStatus;
	/** Internal only (ref §2.8: no API exposes a contact's source); shown in /__sandbox/state. */
	note?: string;
}

export interface ScenarioList {
	key: string;
	name: string;
	/** Member emails (each must be a contact, or is created as a bare contact). */
	members: string[];
	/** A list fed by a Zoho Recruit → Campaigns sync ("Sync To" list, ref §8). */
	recruitSync?: boolean;
	createdAt?: TimeSpec;
	/** When members joined (default: list createdAt). Per email. */
	memberAddedAt?: Record<string, TimeSpec>;
}

export interface ScenarioActivity {
	email: string;
	/** Relative to the clock start like every scenario time. Default: the send's sentAt + 1h. */
	at?: TimeSpec;
}

/** One send: the final send of a campaign, or an A/B test-phase child (ref §2.3). */
export interface ScenarioSend {
	/** Default: all members of the campaign's lists, in list order, de-duplicated. */
	recipients?: string[];
	opens?: ScenarioActivity[];
	/** A click implies an open: clickers also appear in openedcontacts. */
	clicks?: ScenarioActivity[];
	optouts?: string[];
	spam?: string[];
	hardBounces?: string[];
	softBounces?: string[];
	/** Recipients that could not be sent to (unsentcontacts); not counted as sent. */
	unsent?: string[];
}

export interface ScenarioAbChild extends ScenarioSend {
	key: string;
	sentAt?: TimeSpec;
}

export type CampaignStatus =
	| 'Sent'
	| 'Draft'
	| 'Scheduled'
	| 'In progress'
	| 'Stopped'
	| 'Canceled'
	| 'To be reviewed'
	| 'Reviewed'
	| 'Paused'
	| 'In testing';

export interface ScenarioCampaign extends ScenarioSend {
	key: string;
	name: string;
	type?: 'normal' | 'abtesting';
	/** Default: 'Sent' when sentAt is given, else 'Draft'. */
	status?: CampaignStatus;
	sentAt?: TimeSpec;
	createdAt?: TimeSpec;
	subject?: string;
	fromEmail?: string;
	/** Mailing-list keys the campaign was (or will be) sent to. */
	lists: string[];
	/** A/B test phase (type abtesting): the two child sends. */
	abTest?: { a: ScenarioAbChild; b: ScenarioAbChild };
}

/** A Recruit field-metadata override, merged by api_name into the default layout (or added). */
export interface RecruitFieldOverride {
	api_name: string;
	field_label?: string;
	data_type?: string;
	json_type?: string | null;
	length?: number | null;
	system_mandatory?: boolean;
	read_only?: boolean;
	custom_field?: boolean;
	visible?: boolean;
	unique?: boolean;
	pick_list_values?: Array<{ display_value: string; actual_value: string }>;
	lookup?: { module: string } | Record<string, never>;
	/** Sandbox-only: reject picklist values not in pick_list_values (ref §5.1 says Zoho adds new
	 *  values, so picklists are open by default). */
	restricted?: boolean;
	/** Remove this field from the layout. */
	remove?: boolean;
}

export interface ScenarioRecruitModule {
	fields?: RecruitFieldOverride[];
	/** Existing records (API names → values). `id` optional; Created_Time may be relative. */
	records?: Array<Record<string, unknown>>;
}

export interface ScenarioLimits {
	/**
	 * Access tokens one refresh token may get per 10 minutes, then blocked for the rest of them
	 * (https://www.zoho.com/accounts/protocol/oauth/token-limits.html: 10). Raise it for heavy tests.
	 */
	tokenRequestsPer10Min?: number;
	/** Older name of tokenRequestsPer10Min, still honoured (it is applied per 10 minutes). */
	tokenRequestsPerMinute?: number;
	/** Live access tokens per refresh token; the next one invalidates the oldest (Zoho: 10). */
	liveTokensPerRefreshToken?: number;
	/** Campaigns calls per endpoint per 5 minutes (ref §3.2: 500). */
	campaignsCallsPer5Min?: number;
	/** contact/allfields calls per 5 minutes (ref §3.2: 100). */
	campaignsAllFieldsCallsPer5Min?: number;
	/** Lock after exceeding (ref §3.2: 30 minutes). */
	campaignsLockoutMinutes?: number;
	/** Max `range` of getcampaignrecipientsdata (ref §2.5/§10.2: 500 worked live; above → 6502). */
	campaignsMaxRange?: number;
	/** Recruit API credits per 24 h rolling window (ref §7; Free edition 5,000). */
	recruitCredits?: number;
	/** `rolling` (default): a 24 h window; `daily`: all credits back once a day (sandbox clock). */
	recruitCreditsReset?: 'rolling' | 'daily';
	/** `daily` only: when the day's credits come back, "HH:MM[:SS]" UTC (default "00:00"). */
	recruitCreditsResetTime?: string;
}

export interface ScenarioRecruit {
	/** Time zone of Created_Time/Modified_Time offsets (default: account time zone). */
	timeZone?: string;
	/** Default true. false → INVALID_MODULE for Contacts (ref §5.7). */
	contactsModuleEnabled?: boolean;
	/** ref §5.7: Client_Name may be mandatory for Contacts in some setups. Default false. */
	contactsRequireClientName?: boolean;
	/** Shorthand for limits.recruitCredits. */
	credits?: number;
	user?: { id?: string; full_name?: string; email?: string };
	/** Per module (Candidates, Contacts, Clients): layout overrides and existing records. */
	modules?: Record<string, ScenarioRecruitModule>;
}

export interface Scenario {
	name?: string;
	description?: string;
	clock?: { start?: string; mode?: ClockMode };
	account?: { timeZone?: string; ownerName?: string; zuid?: string };
	/** An access token valid for 3600 s from clock start, so tests can call APIs without a grant. */
	initialAccessToken?: string;
	limits?: ScenarioLimits;
	contacts?: ScenarioContact[];
	lists?: ScenarioList[];
	campaigns?: ScenarioCampaign[];
	recruit?: ScenarioRecruit;
}

const SCENARIO_DIR = join(__dirname, 'scenarios');

/** 'default' | a name in scenarios/ | a path to a JSON file | an object. Returns a deep copy. */
export function loadScenario(source: string | Scenario | undefined): Scenario {
	if (source === undefined) return loadScenario('default');
	if (typeof source !== 'string') return JSON.parse(JSON.stringify(source)) as Scenario;
	const byName = join(SCENARIO_DIR, source.endsWith('.json') ? source : `${source}.json`);
	const path = existsSync(byName) ? byName : isAbsolute(source) ? source : resolve(source);
	if (!existsSync(path))
		throw new Error(`Scenario not found: "${source}" (looked in ${SCENARIO_DIR} and ${path})`);
	const parsed = JSON.parse(readFileSync(path, 'utf8')) as Scenario;
	return parsed;
}
