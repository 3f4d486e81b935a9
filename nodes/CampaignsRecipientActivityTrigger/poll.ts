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

import {
	getCampaignDetails,
	getCampaignRecipientsPage,
	getCampaignReport,
	getListSubscribersPage,
	getMailingLists,
	getRecentCampaigns,
	observeCampaignsRequests,
	RECIPIENTS_PAGE_SIZE,
} from '../shared/transport/campaigns';
import { zohoErrorCode } from '../shared/transport/http';
import type { CampaignSummary, RecipientRow } from '../shared/transport/campaigns';
import type { ActivityItem, RecruitModule } from '../shared/types';
import { ACTIVITY_RANK, RECRUIT_MODULES } from '../shared/types';
import { CallBudget } from './budget';
import type { CampaignInfo } from './items';
import { toActivityItem, toEpochMs } from './items';
import type { ReadUnit, Rule, RuleMatch } from './rules';
import {
	buildRules,
	listsInBothModules,
	listsNeedingMembership,
	matchRules,
	planReads,
	qualify,
	RULE_PARAMETERS,
	unitComplete,
} from './rules';
import type {
	CountsTuple,
	SeenByModule,
	StoredMembers,
	TrackedCampaign,
	TriggerState,
} from './state';
import {
	commitState,
	decodeTokens,
	emailToken,
	encodeTokens,
	loadSeen,
	newState,
	pruneCampaigns,
	readState,
	storeSeen,
	TOKEN_LENGTH,
} from './state';

const DAY_MS = 24 * 60 * 60 * 1000;
/** recentcampaigns page size while discovering campaigns. */
const DISCOVERY_PAGE_SIZE = 50;
const MAX_DISCOVERY_PAGES = 20;
/**
 * A campaign's sent_time is when sending started; it may only be listed as "sent" later. Re-scan
 * this far behind the last poll so such campaigns are still discovered (known keys are skipped).
 */
const DISCOVERY_OVERLAP_MS = 60 * 60 * 1000;
/**
 * Recipient and membership pages per poll (both endpoints together), whatever the rate budget
 * says: bounds one poll's memory and run time (500 pages x 500 rows).
 */
export const MAX_PAGES_PER_POLL = 500;
/**
 * List members kept across polls at most (8 characters each, so 4 MB of static data): a larger
 * list is read again from the start each poll and cannot complete.
 */
const MAX_STORED_MEMBERS = 500_000;
/** Stop starting calls this long before n8n abandons the tick. */
const POLL_BUDGET_MARGIN_MS = 15_000;
export const MANUAL_SAMPLE_SIZE = 5;
const MANUAL_MAX_CAMPAIGNS = 10;

const API = {
	recentCampaigns: 'recentcampaigns',
	details: 'getcampaigndetails',
	report: 'campaignreports',
	recipients: 'getcampaignrecipientsdata',
	listSubscribers: 'getlistsubscribers',
} as const;

/**
 * Codes saying a campaign is gone: 2206 deleted, 6301 invalid key, 6002 invalid key or not sent
 * (ref §2.2, §2.3, §2.5). Such a campaign is dropped from tracking instead of failing every poll.
 */
const CAMPAIGN_GONE_CODES = ['2206', '6301', '6002'];

export interface TriggerConfig {
	rules: Rule[];
	backfillDays: number;
	trackingDays: number;
	allowSameListInBothModules: boolean;
}

export function readConfig(ctx: IPollFunctions): TriggerConfig {
	const lists: Record<string, unknown> = {};
	for (const { parameter } of RULE_PARAMETERS)
		lists[parameter] = ctx.getNodeParameter(parameter, []);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const days = (name: string, fallback: number): number => {
		const value = Number(ctx.getNodeParameter(name, fallback));
		if (!Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(ctx.getNode(), `"${name}" must be a number of days (0 or more)`);
		}
		return value;
	};
	return {
		rules: buildRules(lists),
		backfillDays: days('backfillDays', 5),
		trackingDays: days('trackingDays', 30),
		allowSameListInBothModules: options.allowSameListInBothModules === true,
	};
}

/** Fails activation on a configuration the native push would refuse (SPEC §3). */
async function validateConfig(ctx: IPollFunctions, config: TriggerConfig): Promise<void> {
	if (config.rules.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No mailing list is configured', {
			description:
				'Choose at least one mailing list under Candidates or Contacts, for opened or clicked recipients.',
		});
	}
	if (config.allowSameListInBothModules) return;
	const overlap = listsInBothModules(config.rules);
	if (overlap.length === 0) return;
	// Names only matter for the message, so the list of lists is read only in this case.
	const names = new Map((await getMailingLists.call(ctx)).map((list) => [list.key, list.name]));
	const described = overlap.map((key) => `"${names.get(key) ?? 'unknown list'}" (${key})`);
	throw new NodeOperationError(
		ctx.getNode(),
		`Mailing list ${described.join(', ')} is configured for both Candidates and Contacts`,
		{
			description:
				'A list should feed only one Recruit module. Remove it from one module, or turn on "Allow Same List in Both Modules" to emit its recipients on both outputs.',
		},
	);
}

/**
 * A Campaigns client that checks the per-method rate budget before calls. The budget itself is
 * fed by the transport (see withRequestsCounted), once per HTTP request actually sent.
 */
class BudgetedCampaigns {
	pages = 0;

	constructor(
		private readonly ctx: IPollFunctions,
		readonly budget: CallBudget,
	) {}

	allows(method: string, count = 1): boolean {
		return this.budget.allows(method, count);
	}

	allowsPage(method: string): boolean {
		return this.pages < MAX_PAGES_PER_POLL && this.budget.allows(method);
	}

	/** True when only `method`'s rate budget stops it: other methods may still be called. */
	onlyRateSpent(method: string): boolean {
		return (
			this.pages < MAX_PAGES_PER_POLL && !this.budget.outOfTime() && !this.budget.allows(method)
		);
	}

	async recentCampaigns(fromIndex: number, range: number) {
		return await getRecentCampaigns.call(this.ctx, { fromIndex, range, status: 'sent' });
	}

	async details(key: string, type: 'normal' | 'abtesting') {
		return await getCampaignDetails.call(this.ctx, key, type);
	}

	async report(key: string): Promise<CountsTuple> {
		const counts = await getCampaignReport.call(this.ctx, key);
		return [counts.opens, counts.uniqueClicks];
	}

	async recipients(unit: ReadUnit, fromIndex: number) {
		this.pages++;
		return await getCampaignRecipientsPage.call(
			this.ctx,
			unit.source,
			unit.action,
			fromIndex,
			RECIPIENTS_PAGE_SIZE,
		);
	}

	async listSubscribers(listKey: string, fromIndex: number) {
		this.pages++;
		return await getListSubscribersPage.call(this.ctx, listKey, fromIndex);
	}
}

/**
 * Runs `work` while every HTTP request the Campaigns transport sends with `ctx` is recorded in
 * `budget`: retries and page-size halvings count too, as they do for Zoho (ref §3.2).
 */
async function withRequestsCounted<T>(
	ctx: IPollFunctions,
	budget: CallBudget,
	work: () => Promise<T>,
): Promise<T> {
	const stopObserving = observeCampaignsRequests(ctx, (apiMethod) => budget.record(apiMethod));
	try {
		return await work();
	} finally {
		stopObserving();
	}
}

/** How a membership load ended: short of the getlistsubscribers rate budget only, or of the poll. */
type LoadOutcome = 'complete' | 'listBudgetSpent' | 'pollSpent';

/**
 * Members (email tokens) of each list, read once per poll. A list larger than one poll's
 * getlistsubscribers budget (about 225,000 members) is read over several polls: the progress
 * is kept in the state's `members` (8 characters per member) while a campaign waits for it.
 */
class MembershipCache {
	private readonly members = new Map<string, Set<string>>();

	constructor(
		private readonly api: BudgetedCampaigns,
		/** The state's stored progress, or null when nothing may be stored (manual mode). */
		private readonly stored: Record<string, StoredMembers> | null,
	) {}

	async load(listKeys: string[]): Promise<LoadOutcome> {
		for (const listKey of listKeys) {
			if (this.members.has(listKey)) continue;
			const kept = this.stored?.[listKey];
			const tokens = decodeTokens(kept?.tokens);
			let fromIndex = kept?.from ?? 1;
			while (!kept?.complete) {
				if (!this.api.allowsPage(API.listSubscribers)) {
					this.keep(listKey, { tokens: encodeTokens(tokens), from: fromIndex });
					return this.api.onlyRateSpent(API.listSubscribers) ? 'listBudgetSpent' : 'pollSpent';
				}
				const page = await this.api.listSubscribers(listKey, fromIndex);
				page.subscribers.forEach((subscriber) => tokens.add(emailToken(subscriber.email)));
				if (!page.hasMore || page.subscribers.length === 0) break;
				fromIndex += page.subscribers.length;
			}
			this.members.set(listKey, tokens);
			// Kept so that a recipient read left half done is not held up by re-reading the list;
			// dropped at the end of the poll unless a campaign still waits (see keepMembersNeeded).
			this.keep(listKey, { tokens: encodeTokens(tokens), from: fromIndex, complete: 1 });
		}
		return 'complete';
	}

	private keep(listKey: string, progress: StoredMembers): void {
		if (!this.stored) return;
		if (progress.tokens.length / TOKEN_LENGTH > MAX_STORED_MEMBERS) delete this.stored[listKey];
		else this.stored[listKey] = progress;
	}

	isMember(listKey: string, token: string): boolean {
		return this.members.get(listKey)?.has(token) ?? false;
	}
}

/** Keeps stored list members only for campaigns whose read waits or is half done. */
function keepMembersNeeded(state: TriggerState, rules: Rule[]): void {
	if (!state.members) return;
	const needed = new Set<string>();
	for (const campaign of Object.values(state.campaigns)) {
		if (!campaign.lists || !(campaign.resume || campaign.awaitsMembers)) continue;
		listsNeedingMembership(matchRules(rules, campaign.lists)).forEach((key) => needed.add(key));
	}
	for (const listKey of Object.keys(state.members)) {
		if (!needed.has(listKey)) delete state.members[listKey];
	}
	if (Object.keys(state.members).length === 0) delete state.members;
}

type Outputs = Record<RecruitModule, ActivityItem[]>;

/**
 * Judges one page of recipients: per module, the strongest matching activity, emitted only when
 * it is stronger than what was already emitted for that (module, campaign, email).
 */
function absorbRows(
	rows: RecipientRow[],
	unit: ReadUnit,
	matches: RuleMatch[],
	membership: MembershipCache,
	seen: SeenByModule,
	campaign: CampaignInfo,
	detectedAt: string,
	emit: ((item: ActivityItem) => void) | null,
): void {
	const rowActivity = unit.action === 'clickedcontacts' ? 'clicked' : 'opened';
	for (const row of rows) {
		const email = row.email?.trim().toLowerCase();
		if (!email) continue;
		const token = emailToken(email);
		const qualifications = qualify(matches, rowActivity, (listKey) =>
			membership.isMember(listKey, token),
		);
		if (qualifications.length === 0) continue;
		for (const qualification of qualifications) {
			const moduleSeen = seen.get(qualification.module) as Map<string, number>;
			const rank = ACTIVITY_RANK[qualification.activity];
			if ((moduleSeen.get(token) ?? 0) >= rank) continue;
			moduleSeen.set(token, rank);
			emit?.(toActivityItem(row, qualification, campaign, detectedAt));
		}
	}
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
	const skipsUnchanged = !campaign.resume || campaign.resume.skipsUnchanged === 1;
	const plan = planReads(matches, sources, counts, skipsUnchanged ? campaign.counts : undefined);
	let unitIndex = campaign.resume?.unit ?? 0;
	let fromIndex = campaign.resume?.from ?? 1;
	if (unitIndex < plan.length) {
		const loaded = await membership.load(listsNeedingMembership(matches));
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
		campaign.resume = {
			counts,
			unit: unitIndex,
			from: fromIndex,
			...(skipsUnchanged ? { skipsUnchanged: 1 as const } : {}),
		};
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
	const state = stored ?? newState(now);
	const budgetMs = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 300_000;
	const budget = new CallBudget(state.calls, {
		deadline: now + Math.max(budgetMs - POLL_BUDGET_MARGIN_MS, budgetMs / 2),
	});
	const api = new BudgetedCampaigns(ctx, budget);
	let failure: unknown = null;
	try {
		return await withRequestsCounted(
			ctx,
			budget,
			async () => await readAndEmit(ctx, config, now, staticData, stored, state, api),
		);
	} catch (error) {
		failure = error;
	}
	// The calls made before the failure count against Zoho's rate window all the same
	// (ref §3.2): keep them, and only them, so the repeated poll does not overshoot the limit.
	// `stored` was worked on, so the untouched state is read again (nothing was committed yet).
	const untouched = readState(staticData);
	if (untouched) commitState(staticData, { ...untouched, calls: budget.toJSON() });
	// Transport errors are already NodeApiErrors naming the call and Zoho's code.
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure as Error);
}

async function readAndEmit(
	ctx: IPollFunctions,
	config: TriggerConfig,
	now: number,
	staticData: IDataObject,
	stored: TriggerState | null,
	state: TriggerState,
	api: BudgetedCampaigns,
): Promise<INodeExecutionData[][] | null> {
	const trackedSince = now - config.trackingDays * DAY_MS;
	// First activation: everything within the windows. Later: what was sent since the last poll.
	const discoverFrom = stored
		? Math.max(trackedSince, stored.lastPollAt - DISCOVERY_OVERLAP_MS)
		: Math.min(trackedSince, now - config.backfillDays * DAY_MS);
	// Campaigns sent before the backfill window are a baseline: their current recipients are
	// recorded without being emitted, so only later activity on them is emitted.
	const emitFrom = state.activatedAt - config.backfillDays * DAY_MS;
	await discoverCampaigns(api, state, discoverFrom, emitFrom);

	const outputs: Outputs = { Candidates: [], Contacts: [] };
	state.members ??= {};
	const membership = new MembershipCache(api, state.members);
	const detectedAt = new Date(now).toISOString();
	for (const key of processingOrder(state)) {
		// Work on a copy so that a campaign that fails half-way leaves its stored entry untouched.
		const campaign = JSON.parse(JSON.stringify(state.campaigns[key])) as TrackedCampaign;
		const pending: Outputs = { Candidates: [], Contacts: [] };
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

/**
 * "Fetch test event": a few real items from the newest qualifying campaigns, ignoring what was
 * already emitted, with no state read or written.
 */
async function pollManual(
	ctx: IPollFunctions,
	config: TriggerConfig,
	now: number,
	budget: CallBudget,
): Promise<INodeExecutionData[][] | null> {
	const api = new BudgetedCampaigns(ctx, budget);
	const membership = new MembershipCache(api, null);
	const outputs: Outputs = { Candidates: [], Contacts: [] };
	const detectedAt = new Date(now).toISOString();
	let collected = 0;
	const emit = (item: ActivityItem) => {
		if (collected >= MANUAL_SAMPLE_SIZE) return;
		outputs[item.module].push(item);
		collected++;
	};

	const { campaigns } = await api.recentCampaigns(1, DISCOVERY_PAGE_SIZE);
	let inspected = 0;
	for (const summary of campaigns) {
		if (collected >= MANUAL_SAMPLE_SIZE || inspected >= MANUAL_MAX_CAMPAIGNS) break;
		inspected++;
		const details = await api.details(summary.key, summary.type);
		const lists = details.lists.map((list) => list.key);
		const matches = matchRules(config.rules, lists);
		if (matches.length === 0) continue;
		const sentAt = toEpochMs(details.sentAt) ?? toEpochMs(summary.sentAt) ?? now;
		const info: CampaignInfo = { key: summary.key, name: details.name, sentAt, lists };
		const sources = [summary.key, ...details.abChildKeys.filter((child) => child !== summary.key)];
		// Child counts are unknown here; read the children as if they had activity.
		const counts: Record<string, CountsTuple> = {};
		for (const source of sources) counts[source] = [1, 1];
		counts[summary.key] = [details.counts.opens, details.counts.uniqueClicks];
		const plan = planReads(matches, sources, counts);
		if (plan.length === 0) continue;
		await membership.load(listsNeedingMembership(matches));
		const seen = loadSeen({ name: '', type: 'normal', sentAt });
		for (const unit of plan) {
			if (collected >= MANUAL_SAMPLE_SIZE) break;
			const page = await api.recipients(unit, 1);
			absorbRows(page.rows, unit, matches, membership, seen, info, detectedAt, emit);
		}
	}
	if (collected === 0) return null;
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
