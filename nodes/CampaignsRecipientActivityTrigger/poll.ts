/**
 * The trigger's poll, in named steps over one PollRun:
 * 1. start: read and validate the memory (stateSchema.ts), then decide how the poll starts:
 *    first activation, reset, normal, or damage refused/re-baselined (recovery.ts);
 * 2. check the configured lists (on activation, after a change, then hourly);
 * 3. discover campaigns (recentcampaigns, newest first) sent since the last poll, or on first
 *    activation within max(backfillDays, trackingDays); those sent before the backfill window
 *    are a baseline: their current recipients are recorded without being emitted;
 * 4. read each tracked campaign that goes to a configured list (campaign.ts): skip it when its
 *    report counts are unchanged, else read its clickers and openers page by page within the
 *    rate budget, the poll's time budget, a page cap and maxItemsPerPoll, keeping a resume point
 *    when stopped; emit per (module, campaign, email) only activity stronger than before;
 * 5. commit the new state, then return the items.
 * Nothing but the call log is written when a poll fails, so a failed poll is simply repeated.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CampaignSummary } from '../shared/transport/campaigns';
import { zohoErrorCode } from '../shared/transport/http';
import { RECRUIT_MODULES } from '../shared/types';
import { ItemSink } from './activity';
import { CallBudget } from './budget';
import type { CampaignOutcome, PollRun } from './campaign';
import { readCampaign } from './campaign';
import { API, BudgetedCampaigns, DISCOVERY_PAGE_SIZE, withRequestsCounted } from './client';
import type { TriggerConfig } from './config';
import { checkLists, checkRules, readConfig } from './config';
import { toEpochMs } from './items';
import { pollManual } from './manual';
import { keepMembersNeeded, MembershipCache } from './membership';
import type { PollStart } from './recovery';
import { deferAtStart, markListsChecked, startPoll } from './recovery';
import type { TrackedCampaign, TriggerState } from './state';
import { commitCalls, commitState, pruneCampaigns } from './state';
import { readStoredState } from './stateSchema';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DISCOVERY_PAGES = 20;
/** Stop starting calls this long before n8n abandons the tick. */
const POLL_BUDGET_MARGIN_MS = 15_000;

/**
 * Codes saying a campaign is gone: 2206 deleted, 6301 invalid key, 6002 invalid key or not sent
 * (Zoho's error codes for campaign calls). Such a campaign is dropped from tracking instead of failing every poll.
 */
const CAMPAIGN_GONE_CODES = ['2206', '6301', '6002'];

interface ActivePoll {
	ctx: IPollFunctions;
	config: TriggerConfig;
	now: number;
	api: BudgetedCampaigns;
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

/** Campaigns sent since `discoverFrom` that are not tracked yet (see PollStart). */
async function discoverCampaigns(
	api: BudgetedCampaigns,
	start: PollStart,
): Promise<Record<string, TrackedCampaign>> {
	const known = start.state.campaigns;
	const found: Record<string, TrackedCampaign> = {};
	let fromIndex = 1;
	for (let page = 0; page < MAX_DISCOVERY_PAGES; page++) {
		if (!api.allows(API.recentCampaigns)) break;
		const { campaigns, hasMore } = await api.recentCampaigns(fromIndex, DISCOVERY_PAGE_SIZE);
		let reachedKnownTime = false;
		let allKnown = campaigns.length > 0;
		for (const summary of campaigns) {
			const sentAt = toEpochMs(summary.sentAt);
			if (sentAt === null) continue;
			// Newest first: once past discoverFrom, later pages are older still.
			if (sentAt < start.discoverFrom) {
				reachedKnownTime = true;
				continue;
			}
			if (known[summary.key] || found[summary.key]) continue;
			allKnown = false;
			found[summary.key] = trackedFromSummary(summary, sentAt, sentAt < start.emitFrom);
		}
		// A page of campaigns already known means the older pages were read before too.
		if (reachedKnownTime || allKnown || !hasMore) break;
		fromIndex += campaigns.length;
	}
	return found;
}

/**
 * Resumed reads first (never leave one half done), then campaigns never read completely, then
 * the newest: when the budget is short, idle report checks must not starve a backlog.
 */
function processingOrder(campaigns: Record<string, TrackedCampaign>): string[] {
	const rank = (campaign: TrackedCampaign) =>
		campaign.resume || campaign.awaitsMembers ? 0 : campaign.counts ? 2 : 1;
	return Object.entries(campaigns)
		.sort(([, a], [, b]) => rank(a) - rank(b) || b.sentAt - a.sentAt)
		.map(([key]) => key);
}

/** Reads every tracked campaign in order; returns their new entries. */
async function readTracked(
	poll: ActivePoll,
	run: PollRun,
	tracked: Record<string, TrackedCampaign>,
): Promise<Record<string, TrackedCampaign>> {
	const campaigns = { ...tracked };
	for (const key of processingOrder(tracked)) {
		let outcome: CampaignOutcome | null = null;
		let failure: unknown = null;
		try {
			outcome = await readCampaign(run, key, tracked[key]);
		} catch (error) {
			failure = error;
		}
		if (outcome === null) {
			// A campaign that fails half-way emits nothing and keeps its stored entry.
			run.sink.discard();
			// Transport errors are already NodeApiErrors naming the call and Zoho's code.
			const code = zohoErrorCode(failure);
			if (code === null || !CAMPAIGN_GONE_CODES.includes(code)) throw failure;
			poll.ctx.logger.warn(
				`Campaign ${key} is no longer available (Zoho code ${code}); not tracked any more`,
			);
			delete campaigns[key];
			continue;
		}
		run.sink.commit();
		campaigns[key] = outcome.campaign;
		// 'waiting': only the list-members budget is spent; campaigns that need no (other) list
		// members may still be read.
		if (outcome.kind === 'stopped') break;
	}
	return campaigns;
}

/** One scheduled poll after `start`: returns the items and the state to commit. */
async function runPoll(poll: ActivePoll, start: PollStart) {
	const { ctx, config, now, api } = poll;
	for (const note of start.notes) ctx.logger.warn(note);
	await checkLists(ctx, config, start.checkLists);
	const checked = start.checkLists ? markListsChecked(start.state, config, now) : start.state;
	const discovered = await discoverCampaigns(api, start);
	const members = { ...(checked.members ?? {}) };
	const run: PollRun = {
		api,
		membership: new MembershipCache(api, members, now),
		config,
		detectedAt: new Date(now).toISOString(),
		sink: new ItemSink(config.maxItemsPerPoll),
	};
	const campaigns = await readTracked(poll, run, { ...checked.campaigns, ...discovered });
	const read: TriggerState = {
		...checked,
		campaigns,
		members,
		lastPollAt: now,
		calls: api.budget.toJSON(),
	};
	const state = keepMembersNeeded(
		pruneCampaigns(read, now - config.trackingDays * DAY_MS),
		config.rules,
	);
	return { sink: run.sink, state };
}

function toOutput(ctx: IPollFunctions, sink: ItemSink): INodeExecutionData[][] | null {
	if (sink.count === 0) return null;
	return RECRUIT_MODULES.map((module) =>
		ctx.helpers.returnJsonArray(sink.outputs[module] as unknown as IDataObject[]),
	);
}

/**
 * After a failed poll, the calls it made count against Zoho's rate window all the same: keep
 * them, and only them, so the repeated poll does not overshoot the limit. A memory that is
 * damaged (or being reset) is left as it is.
 */
function keepCallsOnly(staticData: IDataObject, budget: CallBudget): void {
	const untouched = readStoredState(staticData);
	if (untouched.kind === 'none') commitCalls(staticData, budget.toJSON());
	else if (untouched.kind === 'stored' && untouched.damage.length === 0) {
		commitState(staticData, { ...untouched.state, calls: budget.toJSON() });
	}
}

/** One scheduled poll: start, check, discover, read what changed, commit, emit. */
async function pollActive(ctx: IPollFunctions, config: TriggerConfig, now: number) {
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = readStoredState(staticData);
	// Damage is refused here, before any call and with the static data untouched.
	let start: PollStart;
	try {
		start = startPoll(ctx, stored, { config, now });
	} catch (error) {
		// startPoll throws only for a memory it must not use (damaged, or from a newer version).
		return deferAtStart(
			ctx,
			error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), error as Error),
		);
	}
	const budgetMs = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 300_000;
	const budget = new CallBudget(start.state.calls, {
		deadline: now + Math.max(budgetMs - POLL_BUDGET_MARGIN_MS, budgetMs / 2),
	});
	const poll: ActivePoll = { ctx, config, now, api: new BudgetedCampaigns(ctx, budget) };
	let failure: unknown = null;
	try {
		const { sink, state } = await withRequestsCounted(
			ctx,
			budget,
			async () => await runPoll(poll, start),
		);
		commitState(staticData, state);
		return toOutput(ctx, sink);
	} catch (error) {
		failure = error;
	}
	keepCallsOnly(staticData, budget);
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure as Error);
}

export async function pollRecipientActivity(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const config = readConfig(this);
	checkRules(this, config);
	const now = Date.now();
	if (this.getMode() === 'manual') {
		// A throwaway budget (not stored): manual runs are few and small.
		const budget = new CallBudget({});
		return await withRequestsCounted(this, budget, async () => {
			await checkLists(this, config, true);
			return await pollManual(this, { config, now, budget });
		});
	}
	return await pollActive(this, config, now);
}
