import type { IPollFunctions } from 'n8n-workflow';

import {
	getCampaignDetails,
	getCampaignRecipientsPage,
	getCampaignReport,
	getListSubscribersPage,
	getRecentCampaigns,
	observeCampaignsRequests,
	RECIPIENTS_PAGE_SIZE,
} from '../shared/transport/campaigns';
import type { CallBudget } from './budget';
import type { ReadUnit } from './rules';
import type { CountsTuple } from './state';

export const API = {
	recentCampaigns: 'recentcampaigns',
	details: 'getcampaigndetails',
	report: 'campaignreports',
	recipients: 'getcampaignrecipientsdata',
	listSubscribers: 'getlistsubscribers',
} as const;

/** recentcampaigns page size while discovering campaigns. */
export const DISCOVERY_PAGE_SIZE = 50;
/**
 * Recipient and membership pages per poll (both endpoints together), whatever the rate budget
 * says: bounds one poll's memory and run time (500 pages x 500 rows).
 */
export const MAX_PAGES_PER_POLL = 500;

/**
 * A Campaigns client that checks the per-method rate budget before calls. The budget itself is
 * fed by the transport (see withRequestsCounted), once per HTTP request actually sent.
 */
export class BudgetedCampaigns {
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
 * `budget`: retries and page-size halvings count too, as they do for Zoho
 * (docs/zoho-api.md, Campaigns: Endpoints).
 */
export async function withRequestsCounted<T>(
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
