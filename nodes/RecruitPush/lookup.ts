import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	MAX_RECORDS_PER_WRITE,
	searchRecords,
	type RecruitRecord,
} from '../shared/transport/recruit';
import {
	requestError,
	settleFailure,
	splitOnDataError,
	itemRange,
	type ItemOutcomes,
} from './failures';
import { chunk } from '../shared/collections';
import { isEmptyValue, matchingCriteria, type PushRecord } from './mapping';
import { planBatch, type Plan } from './plan';
import type { Candidate } from './prepare';
import type { PushSettings } from './settings';

/** A record that needs a write call, with the item it came from. */
export interface PlannedWrite {
	candidate: Candidate;
	payload: IDataObject;
	existingId: string | null;
}

/** Records matching any of `records` by the matching columns (≤10 criteria per call). */
export async function searchExisting(
	this: IExecuteFunctions,
	settings: PushSettings,
	records: PushRecord[],
): Promise<RecruitRecord[]> {
	const criteria = matchingCriteria(records, settings.matchingColumns);
	if (criteria.length === 0) return [];
	return await searchRecords.call(this, settings.module, criteria);
}

/**
 * Lookups run for create/update (EXISTS / NOT_FOUND), fillEmpty (what is empty) and dry runs
 * (so a preview tells insert from update; reads are not writes). A plain upsert needs none:
 * Zoho's duplicate check does the matching.
 */
function needsLookup(settings: PushSettings): boolean {
	return settings.operation !== 'upsert' || settings.fillEmpty || settings.dryRun;
}

/** The matching column whose value a search could not take, for the item's reason. */
function searchedField(record: PushRecord, matchingColumns: string[]): string {
	return matchingColumns.find((column) => !isEmptyValue(record[column])) ?? matchingColumns[0];
}

/**
 * Plan phase: look existing records up (per group of 100 items) and plan every item. A lookup
 * that fails with a data error (a value Zoho's criteria cannot take) is split until only the
 * item that causes it is left; that item alone is Not Pushed, naming its matching field.
 */
export async function planWrites(
	this: IExecuteFunctions,
	settings: PushSettings,
	candidates: Candidate[],
): Promise<{ writes: PlannedWrite[]; outcomes: ItemOutcomes }> {
	const writes: PlannedWrite[] = [];
	const outcomes: ItemOutcomes = new Map();
	for (const group of chunk(candidates, MAX_RECORDS_PER_WRITE)) {
		const plans = await splitOnDataError<Candidate, Plan>(
			group,
			async (part) => {
				const records = part.map((candidate) => candidate.record);
				const existing = needsLookup(settings)
					? await searchExisting.call(this, settings, records)
					: [];
				return planBatch(records, existing, settings);
			},
			(part, error) => {
				const what = `Looking up existing records for ${itemRange(part.map((c) => c.index))}`;
				const cause = settleFailure(this, error, what, part[0].index);
				const field =
					part.length === 1 && !cause.retryable
						? searchedField(part[0].record, settings.matchingColumns)
						: undefined;
				const reason = requestError(cause, field);
				if (field) {
					reason.message = `Zoho could not search for this item's ${field} value: ${cause.message}`;
				}
				return part.map(() => ({ outcome: { error: { ...reason } } }));
			},
		);
		plans.forEach((plan, k) => {
			const candidate = group[k];
			if ('outcome' in plan) outcomes.set(candidate.index, plan.outcome);
			else writes.push({ candidate, payload: plan.payload, existingId: plan.existingId });
		});
	}
	return { writes, outcomes };
}
