import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { RECRUIT_MODULES } from '../shared/types';
import type { RowJudge } from './activity';
import { absorbRows, ItemSink } from './activity';
import type { CallBudget } from './budget';
import { BudgetedCampaigns, DISCOVERY_PAGE_SIZE } from './client';
import type { TriggerConfig } from './config';
import { toEpochMs } from './items';
import { MembershipCache } from './membership';
import { listsNeedingMembership, matchRules, unplannedReads } from './rules';
import { loadSeen } from './state';

export const MANUAL_SAMPLE_SIZE = 5;
const MANUAL_MAX_CAMPAIGNS = 10;

/**
 * "Fetch test event": a few real items from the newest qualifying campaigns, ignoring what was
 * already emitted, with no state read or written.
 */
export async function pollManual(
	ctx: IPollFunctions,
	{ config, now, budget }: { config: TriggerConfig; now: number; budget: CallBudget },
): Promise<INodeExecutionData[][] | null> {
	const api = new BudgetedCampaigns(ctx, budget);
	const membership = new MembershipCache(api, null, now);
	const sink = new ItemSink(MANUAL_SAMPLE_SIZE);
	const detectedAt = new Date(now).toISOString();

	const { campaigns } = await api.recentCampaigns(1, DISCOVERY_PAGE_SIZE);
	for (const summary of campaigns.slice(0, MANUAL_MAX_CAMPAIGNS)) {
		if (sink.full) break;
		const details = await api.details(summary.key, summary.type);
		const lists = details.lists.map((list) => list.key);
		const matches = matchRules(config.rules, lists);
		// A/B children's counts are unknown here: every action a rule needs is read, once.
		const sources = [summary.key, ...details.abChildKeys.filter((child) => child !== summary.key)];
		const plan = unplannedReads(matches, sources);
		if (plan.length === 0) continue;
		const sentAt = toEpochMs(details.sentAt) ?? toEpochMs(summary.sentAt) ?? now;
		await membership.load(listsNeedingMembership(matches), sentAt);
		const judge: RowJudge = {
			matches,
			membership,
			seen: loadSeen({ name: '', type: 'normal', sentAt }),
			campaign: { key: summary.key, name: details.name, sentAt, lists },
			detectedAt,
			includeRaw: config.includeRaw,
			sink,
		};
		for (const unit of plan) {
			if (sink.full) break;
			const page = await api.recipients(unit, 1);
			absorbRows(page.rows, unit.action, judge);
		}
		sink.commit();
	}
	if (sink.count === 0) return null;
	return RECRUIT_MODULES.map((module) =>
		ctx.helpers.returnJsonArray(sink.outputs[module] as unknown as IDataObject[]),
	);
}
