import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { RecruitModule } from '../shared/types';
import { RECRUIT_MODULES } from '../shared/types';

/**
 * Everything the trigger remembers between polls, kept in the workflow static data. It must stay
 * JSON-serialisable and small: n8n stores it after every poll. Campaigns older than trackingDays
 * are dropped, so its size is bounded by the recipients of the campaigns still watched.
 */
export const STATE_VERSION = 1;

/** Report counts of one send: [opens, uniqueClicks] (campaignreports, ref §2.4). */
export type CountsTuple = [number, number];

export interface ResumePoint {
	/** Report counts taken when this read began; stored as the campaign's counts once it completes. */
	counts: Record<string, CountsTuple>;
	/** Index into the campaign's read plan (see planReads). */
	unit: number;
	/** `fromindex` of the next page to read (1-based, ref §2.0). */
	from: number;
}

export interface TrackedCampaign {
	name: string;
	type: 'normal' | 'abtesting';
	/** Epoch ms (UTC). */
	sentAt: number;
	/** Keys of the lists it went to; absent until getcampaigndetails was read (once per campaign). */
	lists?: string[];
	/** A/B test-phase child keys whose recipients count too (ref §2.3). */
	children?: string[];
	/** Set while the first read must record recipients without emitting them. */
	baseline?: 1;
	/** Report counts per send key when the last complete read began: unchanged means nothing new. */
	counts?: Record<string, CountsTuple>;
	resume?: ResumePoint;
	/** Per module: emitted recipients as concatenated tokens (see encodeSeen). */
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
	/** `fromindex` of the next page (1-based, ref §2.0). */
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
}

export function newState(now: number): TriggerState {
	return { v: STATE_VERSION, activatedAt: now, lastPollAt: now, campaigns: {}, calls: {} };
}

/** The stored state, or null on first activation (or when it has an unknown shape). */
export function readState(staticData: IDataObject): TriggerState | null {
	const candidate = staticData as unknown as Partial<TriggerState>;
	if (
		candidate.v !== STATE_VERSION ||
		typeof candidate.activatedAt !== 'number' ||
		typeof candidate.lastPollAt !== 'number' ||
		typeof candidate.campaigns !== 'object' ||
		candidate.campaigns === null
	) {
		return null;
	}
	// A deep copy: the poll works on it and commits it only when it succeeds.
	const copy = JSON.parse(JSON.stringify(candidate)) as TriggerState;
	copy.calls = copy.calls && typeof copy.calls === 'object' ? copy.calls : {};
	return copy;
}

/** Replaces the static data in place (n8n persists that very object). */
export function commitState(staticData: IDataObject, state: TriggerState): void {
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, JSON.parse(JSON.stringify(state)) as IDataObject);
}

/**
 * Stores the call log alone, when a first activation failed: readState still finds no state
 * (so the next activation backfills as a first one), but the calls count against the window.
 */
export function commitCalls(staticData: IDataObject, calls: Record<string, number[]>): void {
	for (const key of Object.keys(staticData)) delete staticData[key];
	staticData.calls = JSON.parse(JSON.stringify(calls)) as IDataObject;
}

/** Stops watching campaigns sent before the tracking window, unless a read is still pending. */
export function pruneCampaigns(state: TriggerState, trackedSince: number): string[] {
	const dropped: string[] = [];
	for (const [key, campaign] of Object.entries(state.campaigns)) {
		if (campaign.sentAt < trackedSince && !campaign.resume) {
			delete state.campaigns[key];
			dropped.push(key);
		}
	}
	return dropped;
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

/** "<token><level digit>" repeated, sorted: 9 chars per recipient. */
export function encodeSeen(seen: Map<string, number>): string {
	return [...seen.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([token, level]) => `${token}${level}`)
		.join('');
}

export function decodeSeen(encoded: string | undefined): Map<string, number> {
	const seen = new Map<string, number>();
	if (!encoded) return seen;
	const width = TOKEN_LENGTH + 1;
	for (let offset = 0; offset + width <= encoded.length; offset += width) {
		seen.set(encoded.slice(offset, offset + TOKEN_LENGTH), Number(encoded[offset + TOKEN_LENGTH]));
	}
	return seen;
}

/** Decoded emitted-recipient sets of one campaign, written back with storeSeen. */
export type SeenByModule = Map<RecruitModule, Map<string, number>>;

export function loadSeen(campaign: TrackedCampaign): SeenByModule {
	const byModule: SeenByModule = new Map();
	for (const module of RECRUIT_MODULES) byModule.set(module, decodeSeen(campaign.seen?.[module]));
	return byModule;
}

export function storeSeen(campaign: TrackedCampaign, byModule: SeenByModule): void {
	const seen: Partial<Record<RecruitModule, string>> = {};
	for (const [module, map] of byModule) {
		if (map.size > 0) seen[module] = encodeSeen(map);
	}
	if (Object.keys(seen).length > 0) campaign.seen = seen;
	else delete campaign.seen;
}
