import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { ActivityItem } from '../shared/types';
import { RECRUIT_MODULES } from '../shared/types';
import { absorbRows, emptyOutputs } from './activity';
import type { CallBudget } from './budget';
import { BudgetedCampaigns, DISCOVERY_PAGE_SIZE } from './client';
import type { TriggerConfig } from './config';
import type { CampaignInfo } from './items';
import { toEpochMs } from './items';
import { MembershipCache } from './membership';
import { listsNeedingMembership, matchRules, planReads } from './rules';
import type { CountsTuple } from './state';
import { loadSeen } from './state';

export const MANUAL_SAMPLE_SIZE = 5;
const MANUAL_MAX_CAMPAIGNS = 10;

/**
 * "Fetch test event": a few real items from the newest qualifying campaigns, ignoring what was
 * already emitted, with no state read or written.
 */
export async function pollManual(
	ctx: IPollFunctions,
	config: TriggerConfig,
	now: number,
	budget: CallBudget,
): Promise<INodeExecutionData[][] | null> {
	const api = new BudgetedCampaigns(ctx, budget);
	const membership = new MembershipCache(api, null, now);
	const outputs = emptyOutputs();
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
		await membership.load(listsNeedingMembership(matches), sentAt);
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
