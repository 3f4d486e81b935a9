import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { RecruitModule } from '../shared/types';
import { RECRUIT_MODULES } from '../shared/types';
import { SeenSet } from './seen';

/**
 * Everything the trigger remembers between polls, kept in the workflow static data. It must stay
 * JSON-serialisable and small: n8n stores it after every poll. Campaigns older than trackingDays
 * are dropped, so its size is bounded by the recipients of the campaigns still watched.
 * Version 2 (this one) stores emitted recipients as SeenSet strings and an index of the tracked
 * campaign keys; version 1 is migrated on read (see stateSchema.ts, docs in README "Trigger
 * memory").
 */
export const STATE_VERSION = 2;

/**
 * Report counts of one send: [opens, uniqueClicks] (campaignreports,
 * https://www.zoho.com/campaigns/help/developers/campaign-reports.html).
 */
export type CountsTuple = [number, number];

export interface ResumePoint {
	/** Report counts taken when this read began; stored as the campaign's counts once it completes. */
	counts: Record<string, CountsTuple>;
	/** Index into the campaign's read plan (see planReads). */
	unit: number;
	/** `fromindex` of the next page to read (1-based; docs/zoho-api.md, Campaigns: Parameters). */
	from: number;
}

export interface TrackedCampaign {
	name: string;
	type: 'normal' | 'abtesting';
	/** Epoch ms (UTC). */
	sentAt: number;
	/** Keys of the lists it went to; absent until getcampaigndetails was read (once per campaign). */
	lists?: string[];
	/**
	 * A/B test-phase child keys whose recipients count too (docs/zoho-api.md, Campaigns: Endpoints).
	 */
	children?: string[];
	/** Set while the first read must record recipients without emitting them. */
	baseline?: 1;
	/** Report counts per send key when the last complete read began: unchanged means nothing new. */
	counts?: Record<string, CountsTuple>;
	resume?: ResumePoint;
	/** Per module: emitted recipients (see SeenSet.encode). */
	seen?: Partial<Record<RecruitModule, string>>;
	/** Set while the read waits for a list's members that did not fit one poll's call budget. */
	awaitsMembers?: 1;
}

/**
 * A read of one configured list's members that did not complete, kept across polls only while a
 * campaign waits for it (a list larger than one poll's getlistsubscribers budget, about 225,000
 * members). A complete read is never kept (see MembershipCache).
 */
export interface StoredMembers {
	/** Concatenated email tokens (see emailToken) of the members read so far. */
	tokens: string;
	/** `fromindex` of the next page (1-based; docs/zoho-api.md, Campaigns: Parameters). */
	from: number;
	/** Epoch ms when the read began: it serves only campaigns sent before then. */
	readAt: number;
}

export interface TriggerState {
	v: typeof STATE_VERSION;
	/** Epoch ms of the first activation: decides backfill for campaigns discovered later. */
	activatedAt: number;
	/** Epoch ms of the last successful poll. */
	lastPollAt: number;
	campaigns: Record<string, TrackedCampaign>;
	/** Per Campaigns API method: epoch seconds of the calls made in the last rate window. */
	calls: Record<string, number[]>;
	/** Per list key: a membership read in progress, kept for campaigns that wait for it. */
	members?: Record<string, StoredMembers>;
	/**
	 * The sorted keys of `campaigns`, written with them: a campaign missing from `campaigns` but
	 * listed here was lost from the static data, not dropped by the trigger.
	 */
	index: string[];
	/** The "Reset Memory" option value this state was started with (see recovery.ts). */
	reset?: string;
	/** When the configured lists (sorted keys, comma-separated) were last checked to exist. */
	listsChecked?: { at: number; lists: string };
}

export function newState(now: number, reset?: string): TriggerState {
	return {
		v: STATE_VERSION,
		activatedAt: now,
		lastPollAt: now,
		campaigns: {},
		calls: {},
		index: [],
		...(reset ? { reset } : {}),
	};
}

/** Replaces the static data in place (n8n persists that very object). */
export function commitState(staticData: IDataObject, state: TriggerState): void {
	const stored: TriggerState = { ...state, index: Object.keys(state.campaigns).sort() };
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, JSON.parse(JSON.stringify(stored)) as IDataObject);
}

/**
 * Stores the call log alone, when a first activation failed: reading finds no state (so the
 * next activation backfills as a first one), but the calls count against the window.
 */
export function commitCalls(staticData: IDataObject, calls: Record<string, number[]>): void {
	for (const key of Object.keys(staticData)) delete staticData[key];
	staticData.calls = JSON.parse(JSON.stringify(calls)) as IDataObject;
}

/** Stops watching campaigns sent before the tracking window, unless a read is still pending. */
export function pruneCampaigns(state: TriggerState, trackedSince: number): TriggerState {
	const campaigns = Object.fromEntries(
		Object.entries(state.campaigns).filter(
			([, campaign]) => campaign.sentAt >= trackedSince || campaign.resume,
		),
	);
	return { ...state, campaigns };
}

// ---- emitted recipients --------------------------------------------------------------------

export const TOKEN_LENGTH = 8;

/**
 * 8 base64url chars = 48 bits of SHA-256 of the lower-cased email: collisions within one
 * campaign of 10,000 recipients have a probability of about 2e-7, and a token is 6x smaller than
 * a typical address (and holds no personal data in the static data).
 */
export function emailToken(email: string): string {
	return createHash('sha256')
		.update(email.trim().toLowerCase())
		.digest('base64url')
		.slice(0, TOKEN_LENGTH);
}

/** Concatenated fixed-width tokens (membership progress). */
export function encodeTokens(tokens: Iterable<string>): string {
	return [...tokens].join('');
}

export function decodeTokens(encoded: string | undefined): Set<string> {
	const tokens = new Set<string>();
	for (let offset = 0; offset + TOKEN_LENGTH <= (encoded ?? '').length; offset += TOKEN_LENGTH) {
		tokens.add((encoded as string).slice(offset, offset + TOKEN_LENGTH));
	}
	return tokens;
}

/** Decoded emitted-recipient sets of one campaign, written back with storeSeen. */
export type SeenByModule = Map<RecruitModule, SeenSet>;

/** Stored sets are validated when the state is read, so decoding cannot fail here. */
export function loadSeen(campaign: TrackedCampaign): SeenByModule {
	const byModule: SeenByModule = new Map();
	for (const module of RECRUIT_MODULES) {
		const encoded = campaign.seen?.[module];
		byModule.set(module, encoded ? SeenSet.decode(encoded) : SeenSet.empty());
	}
	return byModule;
}

/**
 * Every module's set is written once a campaign was read, empty ones too: a set missing from a
 * campaign with counts or a resume point is then damage, not "nobody emitted" (stateSchema.ts).
 */
export function storeSeen(campaign: TrackedCampaign, byModule: SeenByModule): void {
	const seen: Partial<Record<RecruitModule, string>> = {};
	for (const [module, set] of byModule) seen[module] = set.encode();
	campaign.seen = seen;
}
