/**
 * Reading one tracked campaign, in named steps: its details (once), its report counts (skip when
 * unchanged), the list members it needs, then its recipients page by page. Each step returns what
 * it found; the stored entry is never changed: readCampaign returns the campaign's new entry.
 */
import type { ItemSink, RowJudge } from './activity';
import { absorbRows } from './activity';
import type { BudgetedCampaigns } from './client';
import { API } from './client';
import type { TriggerConfig } from './config';
import { toEpochMs } from './items';
import type { MembershipCache } from './membership';
import type { ReadUnit, RuleMatch } from './rules';
import { listsNeedingMembership, matchRules, planReads, unitComplete } from './rules';
import type { CountsTuple, SeenByModule, TrackedCampaign } from './state';
import { loadSeen, storeSeen } from './state';

/** Shared by every campaign read in one poll. */
export interface PollRun {
	api: BudgetedCampaigns;
	membership: MembershipCache;
	config: TriggerConfig;
	/** ISO time of this poll, stamped on every item. */
	detectedAt: string;
	sink: ItemSink;
}

/**
 * What became of one campaign, with its new entry:
 * - done: read completely, or nothing new to read;
 * - waiting: its list members did not fit the getlistsubscribers budget (other campaigns may
 *   still be read);
 * - stopped: the poll's call or time budget, or maxItemsPerPoll, ran out; `campaign.resume`
 *   keeps the read position and the poll reads no further campaign.
 */
export interface CampaignOutcome {
	kind: 'done' | 'waiting' | 'stopped';
	campaign: TrackedCampaign;
}

interface Described {
	campaign: TrackedCampaign;
	/** Counts of the main send taken from getcampaigndetails in this poll, when trustworthy. */
	detailsCounts: CountsTuple | null;
}

interface Position {
	unit: number;
	from: number;
}

function sameCounts(
	a: Record<string, CountsTuple>,
	b: Record<string, CountsTuple> | undefined,
): boolean {
	if (!b) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => b[key] && a[key][0] === b[key][0] && a[key][1] === b[key][1]);
}

function sources(key: string, campaign: TrackedCampaign): string[] {
	return [key, ...(campaign.children ?? [])];
}

/** The campaign with its lists, A/B children and type from getcampaigndetails (read once). */
async function describe(
	run: PollRun,
	key: string,
	stored: TrackedCampaign,
): Promise<Described | null> {
	const campaign = JSON.parse(JSON.stringify(stored)) as TrackedCampaign;
	if (campaign.lists) return { campaign, detailsCounts: null };
	if (!run.api.allows(API.details)) return null;
	const details = await run.api.details(key, campaign.type);
	// The details carry the main send's report, so campaignreports would repeat it. Zeros may
	// also mean "no report" (a wrong campaigntype gives `campaign-reports: []`): then
	// campaignreports is asked, which costs what it did before for an inactive campaign.
	const { opens, uniqueClicks } = details.counts;
	return {
		campaign: {
			...campaign,
			lists: details.lists.map((list) => list.key),
			children: details.abChildKeys.filter((child) => child && child !== key),
			name: details.name || campaign.name,
			type: details.type,
			sentAt: toEpochMs(details.sentAt) ?? campaign.sentAt,
		},
		detailsCounts: opens > 0 || uniqueClicks > 0 ? [opens, uniqueClicks] : null,
	};
}

/** Report counts per send, 'unchanged' on the idle fast path, or null when the budget is out. */
async function currentCounts(
	run: PollRun,
	key: string,
	{ campaign, detailsCounts }: Described,
): Promise<Record<string, CountsTuple> | 'unchanged' | null> {
	// A resumed read keeps the counts it began with, so its plan is the same.
	if (campaign.resume) return campaign.resume.counts;
	const sends = sources(key, campaign);
	// A/B test-phase children always need their own report: the details cover the final send.
	if (!run.api.allows(API.report, detailsCounts ? sends.length - 1 : sends.length)) return null;
	const counts: Record<string, CountsTuple> = {};
	for (const send of sends) {
		counts[send] = send === key && detailsCounts ? detailsCounts : await run.api.report(send);
	}
	return sameCounts(counts, campaign.counts) ? 'unchanged' : counts;
}

interface PlanRead {
	seen: SeenByModule;
	position: Position;
	complete: boolean;
}

/** Reads the plan's recipients from `start`, until done, out of budget, or the sink is full. */
async function readPlan(
	run: PollRun,
	{ key, campaign, matches }: { key: string; campaign: TrackedCampaign; matches: RuleMatch[] },
	{ plan, start }: { plan: ReadUnit[]; start: Position },
): Promise<PlanRead> {
	const judge: RowJudge = {
		matches,
		membership: run.membership,
		seen: loadSeen(campaign),
		campaign: { key, name: campaign.name, sentAt: campaign.sentAt, lists: campaign.lists ?? [] },
		detectedAt: run.detectedAt,
		includeRaw: run.config.includeRaw,
		// A baseline records recipients without emitting them, so it is not bounded by the sink.
		sink: campaign.baseline ? null : run.sink,
	};
	let { unit, from } = start;
	while (unit < plan.length) {
		if (!run.api.allowsPage(API.recipients) || judge.sink?.full) {
			return { seen: judge.seen, position: { unit, from }, complete: false };
		}
		const page = await run.api.recipients(plan[unit], from);
		const taken = absorbRows(page.rows, plan[unit].action, judge);
		// The sink filled up inside the page: the next poll starts at the first row not taken.
		if (taken < page.rows.length) {
			return { seen: judge.seen, position: { unit, from: from + taken }, complete: false };
		}
		if (unitComplete(plan[unit], page, from - 1 + page.rows.length)) {
			unit++;
			from = 1;
		} else {
			from += page.rows.length;
		}
	}
	return { seen: judge.seen, position: { unit, from }, complete: true };
}

function finish(
	campaign: TrackedCampaign,
	counts: Record<string, CountsTuple>,
	read: PlanRead,
): CampaignOutcome {
	const next: TrackedCampaign = { ...campaign };
	delete next.awaitsMembers;
	storeSeen(next, read.seen);
	if (!read.complete) {
		return { kind: 'stopped', campaign: { ...next, resume: { counts, ...read.position } } };
	}
	delete next.resume;
	delete next.baseline;
	return { kind: 'done', campaign: { ...next, counts } };
}

/** Reads what is new on one campaign (see CampaignOutcome); throws transport errors as they are. */
export async function readCampaign(
	run: PollRun,
	key: string,
	stored: TrackedCampaign,
): Promise<CampaignOutcome> {
	const described = await describe(run, key, stored);
	if (!described) return { kind: 'stopped', campaign: stored };
	const { campaign } = described;
	const matches = matchRules(run.config.rules, campaign.lists ?? []);
	if (matches.length === 0) return { kind: 'done', campaign };
	const counts = await currentCounts(run, key, described);
	if (counts === null) return { kind: 'stopped', campaign };
	if (counts === 'unchanged') return { kind: 'done', campaign };
	// Against the counts of the last complete read: only actions whose count moved are read.
	const plan = planReads(matches, sources(key, campaign), counts, campaign.counts);
	const start = { unit: campaign.resume?.unit ?? 0, from: campaign.resume?.from ?? 1 };
	if (start.unit < plan.length) {
		const loaded = await run.membership.load(listsNeedingMembership(matches), campaign.sentAt);
		if (loaded !== 'complete') {
			const kind = loaded === 'listBudgetSpent' ? 'waiting' : 'stopped';
			return { kind, campaign: { ...campaign, awaitsMembers: 1 } };
		}
	}
	const read = await readPlan(run, { key, campaign, matches }, { plan, start });
	return finish(campaign, counts, read);
}
