import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { isObject } from '../shared/collections';

import type { RecruitModule } from '../shared/types';
import { RECRUIT_MODULES } from '../shared/types';
import type { CallLog } from './budget';
import { SeenSet } from './seen';
import type { StoredMembers, TrackedCampaign, TriggerState } from './state';
import { STATE_VERSION } from './state';

/**
 * Reading the static data: every part is validated (zod) on every read, version 1 is migrated,
 * a newer version is refused. Parts whose loss a re-read from Zoho repairs without duplicates
 * or losses are dropped and reported in `repairs`; parts whose loss could re-emit or miss
 * recipients are reported in `damage`, for recovery.ts to decide. See README "Trigger memory".
 */

export interface Damage {
	/** Where in the static data, e.g. `campaigns["C1"].seen.Candidates`. */
	part: string;
	problem: string;
}

export type StoredRead =
	| { kind: 'none'; calls: CallLog }
	| { kind: 'future'; version: number }
	| {
			kind: 'stored';
			/** What is intact, with lossless repairs applied; damaged campaigns are left out. */
			state: TriggerState;
			damage: Damage[];
			repairs: string[];
			/** The last poll time is unknown: discover over the whole tracking window. */
			rediscover: boolean;
			/** The version read, when older than STATE_VERSION. */
			migratedFrom?: number;
	  };

const epochMs = z.number().int().nonnegative();
const countsSchema = z.record(z.tuple([z.number().int().min(0), z.number().int().min(0)]));
const keysSchema = z.array(z.string().min(1));
const callsSchema = z.record(z.array(z.number().int()));
const membersSchema = z.object({
	tokens: z.string().regex(/^([A-Za-z0-9_-]{8})*$/),
	from: z.number().int().min(1),
	readAt: epochMs,
});
/** What a campaign cannot lose without re-emitting or missing recipients. */
const essentialSchema = z.object({
	name: z.string(),
	type: z.enum(['normal', 'abtesting']),
	sentAt: epochMs,
	baseline: z.literal(1).optional(),
});
/** What a re-read from Zoho restores: dropped when damaged (with the resume point). */
const rereadable = {
	lists: keysSchema,
	children: z.array(z.string()),
	counts: countsSchema,
	awaitsMembers: z.literal(1),
	resume: z.object({
		counts: countsSchema,
		unit: z.number().int().min(0),
		from: z.number().int().min(1),
	}),
} as const;
const V1_SEEN = /^([A-Za-z0-9_-]{8}[12])*$/;

function kind(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'string'
		? `the string ${JSON.stringify(value).slice(0, 40)}`
		: `a ${typeof value}`;
}

function zodProblem(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
		.join('; ');
}

/** Reads one module's emitted set in the format of `version`; throws saying what is wrong. */
function readSeen(encoded: unknown, version: number): string {
	if (typeof encoded !== 'string') throw new Error(`is ${kind(encoded)}, not a string`);
	if (version >= 2) {
		SeenSet.decode(encoded);
		return encoded;
	}
	if (!V1_SEEN.test(encoded)) {
		throw new Error('is not a version 1 set (8-character tokens each followed by 1 or 2)');
	}
	const entries: Array<[string, number]> = [];
	for (let offset = 0; offset < encoded.length; offset += 9) {
		entries.push([encoded.slice(offset, offset + 8), Number(encoded[offset + 8])]);
	}
	return SeenSet.fromTokens(entries).encode();
}

interface Findings {
	damage: Damage[];
	repairs: string[];
}

function readCampaign(
	key: string,
	value: unknown,
	version: number,
	findings: Findings,
): TrackedCampaign | null {
	const part = `campaigns[${JSON.stringify(key)}]`;
	if (!isObject(value)) {
		findings.damage.push({ part, problem: `is ${kind(value)}, not a campaign` });
		return null;
	}
	const essential = essentialSchema.safeParse(value);
	if (!essential.success) {
		findings.damage.push({ part, problem: zodProblem(essential.error) });
		return null;
	}
	const campaign: TrackedCampaign = { ...essential.data };
	// Version 2 writes every module's set once a campaign was read (see storeSeen).
	const read = value.counts !== undefined || value.resume !== undefined;
	const missing = RECRUIT_MODULES.filter(
		(module) => !isObject(value.seen) || value.seen[module] === undefined,
	);
	const seenKnown = value.seen === undefined || isObject(value.seen);
	if (version >= 2 && read && seenKnown && missing.length > 0) {
		const where = value.seen === undefined ? 'seen' : `seen.${missing[0]}`;
		findings.damage.push({
			part: `${part}.${where}`,
			problem: 'is missing from a campaign already read',
		});
		return null;
	}
	if (value.seen !== undefined) {
		if (!isObject(value.seen)) {
			findings.damage.push({ part: `${part}.seen`, problem: `is ${kind(value.seen)}` });
			return null;
		}
		const seen: Partial<Record<RecruitModule, string>> = {};
		for (const module of RECRUIT_MODULES) {
			if (value.seen[module] === undefined) continue;
			try {
				seen[module] = readSeen(value.seen[module], version);
			} catch (error) {
				const problem = (error as Error).message;
				findings.damage.push({ part: `${part}.seen.${module}`, problem });
				return null;
			}
		}
		if (Object.keys(seen).length > 0) campaign.seen = seen;
	}
	// Version 1 wrote non-empty sets only: a read campaign gets the empty ones version 2 writes.
	if (version < 2 && read) {
		const seen = { ...campaign.seen };
		for (const module of RECRUIT_MODULES) seen[module] ??= SeenSet.empty().encode();
		campaign.seen = seen;
	}
	let reread = false;
	for (const [field, schema] of Object.entries(rereadable)) {
		if (value[field] === undefined) continue;
		const parsed = schema.safeParse(value[field]);
		if (parsed.success) Object.assign(campaign, { [field]: parsed.data });
		else {
			findings.repairs.push(`${part}.${field} was unreadable and is read again from Zoho`);
			reread = true;
		}
	}
	// A resume point indexes the read plan that lists, children and counts gave: without them
	// it may point elsewhere, so the campaign is read from the start (emitted sets skip repeats).
	if (reread) {
		delete campaign.resume;
		delete campaign.awaitsMembers;
	}
	return campaign;
}

function readCampaigns(raw: IDataObject, version: number, findings: Findings) {
	const campaigns: Record<string, TrackedCampaign> = {};
	if (!isObject(raw.campaigns)) {
		findings.damage.push({
			part: 'campaigns',
			problem: `is ${kind(raw.campaigns)}, not a map of campaigns`,
		});
	} else {
		for (const [key, value] of Object.entries(raw.campaigns)) {
			const campaign = readCampaign(key, value, version, findings);
			if (campaign) campaigns[key] = campaign;
		}
	}
	if (version < 2) return campaigns;
	const index = keysSchema.safeParse(raw.index);
	if (!index.success) {
		findings.damage.push({
			part: 'index',
			problem: `is ${kind(raw.index)}: whether campaigns were lost cannot be told`,
		});
	} else if (isObject(raw.campaigns)) {
		for (const key of index.data) {
			if (!(key in raw.campaigns)) {
				findings.damage.push({
					part: `campaigns[${JSON.stringify(key)}]`,
					problem: 'is missing (listed in index)',
				});
			}
		}
	}
	return campaigns;
}

function readOptional<T>(
	value: unknown,
	schema: z.ZodType<T>,
	note: string,
	findings: Findings,
): T | undefined {
	if (value === undefined) return undefined;
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	findings.repairs.push(note);
	return undefined;
}

function readMembers(
	value: unknown,
	findings: Findings,
): Record<string, StoredMembers> | undefined {
	if (value === undefined) return undefined;
	const members: Record<string, StoredMembers> = {};
	for (const [key, entry] of Object.entries(isObject(value) ? value : {})) {
		const parsed = membersSchema.safeParse(entry);
		if (parsed.success) members[key] = parsed.data;
		else
			findings.repairs.push(
				`members[${JSON.stringify(key)}] was unreadable: the list is read again`,
			);
	}
	if (!isObject(value)) findings.repairs.push('members was unreadable: lists are read again');
	return Object.keys(members).length > 0 ? members : undefined;
}

/** Reads and validates the trigger's static data (see StoredRead). */
export function readStoredState(staticData: IDataObject): StoredRead {
	const raw = staticData;
	if (Object.keys(raw).every((key) => key === 'calls')) {
		const calls = callsSchema.safeParse(raw.calls);
		return { kind: 'none', calls: calls.success ? calls.data : {} };
	}
	const findings: Findings = { damage: [], repairs: [] };
	let version: number;
	if (raw.v === 1 || raw.v === STATE_VERSION) version = raw.v;
	else if (typeof raw.v === 'number' && Number.isInteger(raw.v) && raw.v > STATE_VERSION) {
		return { kind: 'future', version: raw.v };
	} else {
		// Read on as the version the shape says (only version 2 has an index).
		version = raw.index === undefined ? 1 : STATE_VERSION;
		findings.damage.push({
			part: 'v',
			problem: `is ${kind(raw.v)}, not a state version (1 or ${STATE_VERSION})`,
		});
	}
	const activatedAt = epochMs.safeParse(raw.activatedAt);
	const lastPollAt = epochMs.safeParse(raw.lastPollAt);
	let rediscover = false;
	if (!activatedAt.success && !lastPollAt.success) {
		findings.damage.push({ part: 'activatedAt, lastPollAt', problem: 'are both unreadable' });
	} else if (!lastPollAt.success) {
		findings.repairs.push(
			'lastPollAt was unreadable: campaigns are discovered over the whole tracking window',
		);
		rediscover = true;
	} else if (!activatedAt.success) {
		// It only decides backfill for campaigns discovered later, all sent after the last poll.
		findings.repairs.push('activatedAt was unreadable: the last poll time stands in for it');
	}
	const now = Date.now();
	const state: TriggerState = {
		v: STATE_VERSION,
		activatedAt: activatedAt.success
			? activatedAt.data
			: lastPollAt.success
				? lastPollAt.data
				: now,
		lastPollAt: lastPollAt.success ? lastPollAt.data : activatedAt.success ? activatedAt.data : now,
		campaigns: readCampaigns(raw, version, findings),
		calls:
			readOptional(
				raw.calls,
				callsSchema,
				'calls was unreadable: the rate window starts empty',
				findings,
			) ?? {},
		index: [],
	};
	const members = readMembers(raw.members, findings);
	if (members) state.members = members;
	if (raw.reset !== undefined) {
		if (typeof raw.reset === 'string') state.reset = raw.reset;
		else
			findings.damage.push({
				part: 'reset',
				problem: `is ${kind(raw.reset)}, not the Reset Memory value`,
			});
	}
	const checked = readOptional(
		raw.listsChecked,
		z.object({ at: epochMs, lists: z.string() }),
		'listsChecked was unreadable: the lists are checked again',
		findings,
	);
	if (checked !== undefined) state.listsChecked = checked;
	state.index = Object.keys(state.campaigns).sort();
	return {
		kind: 'stored',
		state,
		...findings,
		rediscover,
		...(version < STATE_VERSION ? { migratedFrom: version } : {}),
	};
}
