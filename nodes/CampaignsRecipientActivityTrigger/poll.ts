/**
 * The trigger's poll, in four steps:
 * 1. discover campaigns (recentcampaigns, newest first) sent since the last poll, or on first
 *    activation within max(backfillDays, trackingDays); those sent before the backfill window
 *    are a baseline: their current recipients are recorded without being emitted;
 * 2. per tracked campaign that goes to a configured list: compare the report counts (opens,
 *    unique clicks, per send incl. A/B children) with the last complete read and skip it when
 *    unchanged, so an idle poll costs one recentcampaigns page plus one report per campaign
 *    (when getcampaigndetails is read, its report counts stand in for the main send's report);
 * 3. read changed campaigns' clickers (only when unique clicks changed, stopping at that count)
 *    then openers (only when opens changed), page by page, within the per-method rate budget,
 *    the poll's time budget and a page cap, keeping a resume point when stopped;
 * 4. emit per (module, campaign, email) only activity stronger than what was emitted before
 *    (opened, then possibly clicked), then commit the state. A list configured under both modules
 *    (when allowed) emits its recipients on both outputs.
 * Nothing but the call log is written when a poll fails, so a failed poll is simply repeated.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CampaignSummary } from '../shared/transport/campaigns';
import { zohoErrorCode } from '../shared/transport/http';
import type { ActivityItem } from '../shared/types';
import { RECRUIT_MODULES } from '../shared/types';
import type { Outputs } from './activity';
import { absorbRows, emptyOutputs } from './activity';
import type { CallLog } from './budget';
import { CallBudget } from './budget';
import { API, BudgetedCampaigns, DISCOVERY_PAGE_SIZE, withRequestsCounted } from './client';
import type { TriggerConfig } from './config';
import { readConfig, validateConfig } from './config';
import type { CampaignInfo } from './items';
import { toEpochMs } from './items';
import { pollManual } from './manual';
import { keepMembersNeeded, MembershipCache } from './membership';
import type { Rule } from './rules';
import { listsNeedingMembership, matchRules, planReads, unitComplete } from './rules';
import type { CountsTuple, TrackedCampaign, TriggerState } from './state';
import {
	commitCalls,
	commitState,
	loadSeen,
	newState,
	pruneCampaigns,
	readState,
	storeSeen,
} from './state';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DISCOVERY_PAGES = 20;
/**
 * A campaign's sent_time is when sending started; it may only be listed as "sent" later. Re-scan
 * this far behind the last poll so such campaigns are still discovered (known keys are skipped).
 */
const DISCOVERY_OVERLAP_MS = 60 * 60 * 1000;
/** Stop starting calls this long before n8n abandons the tick. */
const POLL_BUDGET_MARGIN_MS = 15_000;

/**
 * Codes saying a campaign is gone: 2206 deleted, 6301 invalid key, 6002 invalid key or not sent
 * (ref §2.2, §2.3, §2.5). Such a campaign is dropped from tracking instead of failing every poll.
 */
const CAMPAIGN_GONE_CODES = ['2206', '6301', '6002'];

function sameCounts(
	a: Record<string, CountsTuple>,
	b: Record<string, CountsTuple> | undefined,
): boolean {
	if (!b) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every((key) => b[key] && a[key][0] === b[key][0] && a[key][1] === b[key][1]);
}

/** Adds campaigns sent since the last poll (or within the windows, on first activation). */
async function discoverCampaigns(
	api: BudgetedCampaigns,
	state: TriggerState,
	stopAt: number,
	emitFrom: number,
): Promise<void> {
	let fromIndex = 1;
	for (let page = 0; page < MAX_DISCOVERY_PAGES; page++) {
		if (!api.allows(API.recentCampaigns)) return;
		const { campaigns, hasMore } = await api.recentCampaigns(fromIndex, DISCOVERY_PAGE_SIZE);
		let reachedKnownTime = false;
		let allKnown = campaigns.length > 0;
		for (const summary of campaigns) {
			const sentAt = toEpochMs(summary.sentAt);
			if (sentAt === null) continue;
			// Newest first (ref §2.2): once past stopAt, later pages are older still.
			if (sentAt < stopAt) {
				reachedKnownTime = true;
				continue;
			}
			if (state.campaigns[summary.key]) continue;
			allKnown = false;
			state.campaigns[summary.key] = trackedFromSummary(summary, sentAt, sentAt < emitFrom);
		}
		// A page of campaigns already known means the older pages were read before too.
		if (reachedKnownTime || allKnown || !hasMore) return;
		fromIndex += campaigns.length;
	}
}

function trackedFromSummary(
	summary: CampaignSummary,
	sentAt: number,
	baseline: boolean,
): TrackedCampaign {
	return {
		name: summary.name,
		type: summary.type === 'abtesting' ? 'abtesting' : 'normal',
		sentAt,
		...(baseline ? { baseline: 1 as const } : {}),
	};
}

/**
 * Resumed reads first (never leave one half done), then campaigns never read completely, then
 * the newest: when the budget is short, idle report checks must not starve a backlog.
 */
function processingOrder(state: TriggerState): string[] {
	const rank = (campaign: TrackedCampaign) =>
		campaign.resume || campaign.awaitsMembers ? 0 : campaign.counts ? 2 : 1;
	return Object.entries(state.campaigns)
		.sort(([, a], [, b]) => rank(a) - rank(b) || b.sentAt - a.sentAt)
		.map(([key]) => key);
}

/**
 * What became of one campaign: read ('done'); waiting for list members that the
 * getlistsubscribers budget could not read ('skip': other campaigns may still be read); or
 * stopped because the poll's budget ran out ('stop': the read position is kept in
 * `campaign.resume` and the poll stops reading).
 */
type CampaignOutcome = 'done' | 'skip' | 'stop';

async function processCampaign(
	api: BudgetedCampaigns,
	membership: MembershipCache,
	rules: Rule[],
	key: string,
	campaign: TrackedCampaign,
	detectedAt: string,
	outputs: Outputs,
): Promise<CampaignOutcome> {
	/** Counts of the main send taken from getcampaigndetails in this poll, when trustworthy. */
	let detailsCounts: CountsTuple | null = null;
	if (!campaign.lists) {
		// Cached in state: details are fetched once per campaign.
		if (!api.allows(API.details)) return 'stop';
		const details = await api.details(key, campaign.type);
		// The details carry the main send's report (ref §2.3), so campaignreports would repeat it.
		// Zeros may also mean "no report" (a wrong campaigntype gives `campaign-reports: []`):
		// then campaignreports is asked, which costs what it did before for an inactive campaign.
		if (details.counts.opens > 0 || details.counts.uniqueClicks > 0) {
			detailsCounts = [details.counts.opens, details.counts.uniqueClicks];
		}
		campaign.lists = details.lists.map((list) => list.key);
		campaign.children = details.abChildKeys.filter((child) => child && child !== key);
		campaign.name = details.name || campaign.name;
		campaign.type = details.type;
		campaign.sentAt = toEpochMs(details.sentAt) ?? campaign.sentAt;
	}
	const matches = matchRules(rules, campaign.lists);
	if (matches.length === 0) return 'done';

	const sources = [key, ...(campaign.children ?? [])];
	let counts: Record<string, CountsTuple>;
	if (campaign.resume) {
		counts = campaign.resume.counts;
	} else {
		// A/B test-phase children always need their own report: the details cover the final send.
		const reportsNeeded = detailsCounts ? sources.length - 1 : sources.length;
		if (!api.allows(API.report, reportsNeeded)) return 'stop';
		counts = {};
		for (const source of sources) {
			counts[source] = source === key && detailsCounts ? detailsCounts : await api.report(source);
		}
		// Unchanged opens and unique clicks: nobody new to read (the idle-poll fast path).
		if (sameCounts(counts, campaign.counts)) return 'done';
	}

	// Against the counts of the last complete read: only actions whose count moved are read. On a
	// resume both are unchanged from when the read began, so the plan is the same.
	const plan = planReads(matches, sources, counts, campaign.counts);
	let unitIndex = campaign.resume?.unit ?? 0;
	let fromIndex = campaign.resume?.from ?? 1;
	if (unitIndex < plan.length) {
		const loaded = await membership.load(listsNeedingMembership(matches), campaign.sentAt);
		if (loaded !== 'complete') {
			campaign.awaitsMembers = 1;
			return loaded === 'listBudgetSpent' ? 'skip' : 'stop';
		}
	}
	delete campaign.awaitsMembers;

	const seen = loadSeen(campaign);
	const info: CampaignInfo = {
		key,
		name: campaign.name,
		sentAt: campaign.sentAt,
		lists: campaign.lists,
	};
	const emit = campaign.baseline ? null : (item: ActivityItem) => outputs[item.module].push(item);
	let completed = true;
	while (unitIndex < plan.length) {
		if (!api.allowsPage(API.recipients)) {
			completed = false;
			break;
		}
		const unit = plan[unitIndex];
		const page = await api.recipients(unit, fromIndex);
		absorbRows(page.rows, unit, matches, membership, seen, info, detectedAt, emit);
		if (unitComplete(unit, page, fromIndex - 1 + page.rows.length)) {
			unitIndex++;
			fromIndex = 1;
		} else {
			fromIndex += page.rows.length;
		}
	}
	storeSeen(campaign, seen);
	if (!completed) {
		campaign.resume = { counts, unit: unitIndex, from: fromIndex };
		return 'stop';
	}
	campaign.counts = counts;
	delete campaign.resume;
	delete campaign.baseline;
	return 'done';
}

/** One scheduled poll: discover, read what changed, emit what is new, then commit the state. */
async function pollActive(
	ctx: IPollFunctions,
	config: TriggerConfig,
	now: number,
): Promise<INodeExecutionData[][] | null> {
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = readState(staticData);
	const budgetMs = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 300_000;
	// A failed first activation stores its call log alone (see below): readState ignores it.
	const budget = new CallBudget(stored?.calls ?? (staticData.calls as CallLog | undefined) ?? {}, {
		deadline: now + Math.max(budgetMs - POLL_BUDGET_MARGIN_MS, budgetMs / 2),
	});
	const api = new BudgetedCampaigns(ctx, budget);
	let failure: unknown = null;
	try {
		return await withRequestsCounted(
			ctx,
			budget,
			async () =>
				await readAndEmit(
					ctx,
					config,
					now,
					staticData,
					stored ?? newState(now),
					stored?.lastPollAt ?? null,
					api,
				),
		);
	} catch (error) {
		failure = error;
	}
	// The calls made before the failure count against Zoho's rate window all the same
	// (ref §3.2): keep them, and only them, so the repeated poll does not overshoot the limit.
	// `stored` was worked on, so the untouched state is read again (nothing was committed yet).
	// On first activation there is no state yet: only the calls are stored.
	const untouched = readState(staticData);
	if (untouched) commitState(staticData, { ...untouched, calls: budget.toJSON() });
	else commitCalls(staticData, budget.toJSON());
	// Transport errors are already NodeApiErrors naming the call and Zoho's code.
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure as Error);
}

async function readAndEmit(
	ctx: IPollFunctions,
	config: TriggerConfig,
	now: number,
	staticData: IDataObject,
	state: TriggerState,
	/** Null on first activation. */
	lastPollAt: number | null,
	api: BudgetedCampaigns,
): Promise<INodeExecutionData[][] | null> {
	const trackedSince = now - config.trackingDays * DAY_MS;
	// First activation: everything within the windows. Later: what was sent since the last poll.
	const discoverFrom =
		lastPollAt !== null
			? Math.max(trackedSince, lastPollAt - DISCOVERY_OVERLAP_MS)
			: Math.min(trackedSince, now - config.backfillDays * DAY_MS);
	// Campaigns sent before the backfill window are a baseline: their current recipients are
	// recorded without being emitted, so only later activity on them is emitted.
	const emitFrom = state.activatedAt - config.backfillDays * DAY_MS;
	await discoverCampaigns(api, state, discoverFrom, emitFrom);

	const outputs = emptyOutputs();
	state.members ??= {};
	const membership = new MembershipCache(api, state.members, now);
	const detectedAt = new Date(now).toISOString();
	for (const key of processingOrder(state)) {
		// Work on a copy so that a campaign that fails half-way leaves its stored entry untouched.
		const campaign = JSON.parse(JSON.stringify(state.campaigns[key])) as TrackedCampaign;
		const pending = emptyOutputs();
		let outcome: CampaignOutcome = 'done';
		let failure: unknown = null;
		try {
			outcome = await processCampaign(
				api,
				membership,
				config.rules,
				key,
				campaign,
				detectedAt,
				pending,
			);
		} catch (error) {
			failure = error;
		}
		if (failure !== null) {
			// Transport errors are already NodeApiErrors naming the call and Zoho's code.
			const code = zohoErrorCode(failure);
			if (code === null || !CAMPAIGN_GONE_CODES.includes(code)) throw failure;
			ctx.logger.warn(
				`Campaign ${key} is no longer available (Zoho code ${code}); not tracked any more`,
			);
			delete state.campaigns[key];
			continue;
		}
		state.campaigns[key] = campaign;
		for (const module of RECRUIT_MODULES) outputs[module].push(...pending[module]);
		// 'skip': only the list-members budget is spent; campaigns that need no (other) list
		// members may still be read.
		if (outcome === 'stop') break;
	}

	pruneCampaigns(state, trackedSince);
	keepMembersNeeded(state, config.rules);
	state.lastPollAt = now;
	state.calls = api.budget.toJSON();
	commitState(staticData, state);

	if (outputs.Candidates.length === 0 && outputs.Contacts.length === 0) return null;
	return RECRUIT_MODULES.map((module) =>
		ctx.helpers.returnJsonArray(outputs[module] as unknown as IDataObject[]),
	);
}

export async function pollRecipientActivity(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const config = readConfig(this);
	await validateConfig(this, config);
	const now = Date.now();
	if (this.getMode() === 'manual') {
		// A throwaway budget (not stored): manual runs are few and small.
		const budget = new CallBudget({});
		return await withRequestsCounted(
			this,
			budget,
			async () => await pollManual(this, config, now, budget),
		);
	}
	return await pollActive(this, config, now);
}
