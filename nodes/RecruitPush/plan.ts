import type { IDataObject } from 'n8n-workflow';

import type { RecruitRecord } from '../shared/transport/recruit';
import { fillEmptyChanges, findExisting, type PushError, type PushRecord } from './mapping';

export type PushOperation = 'upsert' | 'create' | 'update';
export type PushAction = 'inserted' | 'updated' | 'unchanged' | 'dryRun';

/** What a dry run found would happen to the record (from the lookup by matching columns). */
export type WouldBe = 'inserted' | 'updated' | 'unchanged';

export interface Pushed {
	id: string | null;
	action: PushAction;
	/** dryRun only. */
	wouldBe?: WouldBe;
	/** dryRun: exactly what would go into the request's `data[]`. */
	payload?: IDataObject;
	/** Tags added to the record (dryRun: the tags that would be added). */
	tags?: string[];
	tagError?: string;
	/** dryRun with addNote: the note that would be added. */
	note?: { title: string; content: string };
	noteId?: string;
	/** The note was already on the record (an earlier run added it), so none was added. */
	noteExisted?: boolean;
	noteError?: string;
}

export type Outcome = { pushed: Pushed } | { error: PushError };

/** A planned write, or a result known without one. */
export type Plan = { outcome: Outcome } | { payload: IDataObject; existingId: string | null };

/** What the planned write would do: the existing record's id decides update vs. insert. */
export function plannedAction(plan: { existingId: string | null }): WouldBe {
	return plan.existingId === null ? 'inserted' : 'updated';
}

/**
 * Decides, per record, what to send (or the result without sending). `existing` holds the
 * records found by the matching columns; it is empty when no lookup ran (plain upsert).
 */
export function planBatch(
	records: PushRecord[],
	existing: RecruitRecord[],
	settings: { operation: PushOperation; matchingColumns: string[]; fillEmpty: boolean },
): Plan[] {
	const { operation, matchingColumns, fillEmpty } = settings;
	return records.map((record): Plan => {
		const hit = findExisting(record, matchingColumns, existing);
		// Plain upsert sends the record as it is; Zoho's duplicate check finds the existing one.
		if (operation === 'upsert' && !fillEmpty) {
			return { payload: { ...record }, existingId: hit?.id ?? null };
		}
		if (operation === 'create') {
			if (hit) {
				return {
					outcome: {
						error: {
							code: 'EXISTS',
							message: `A record with this ${matchingColumns.join(' / ')} already exists; create leaves it unchanged`,
							id: hit.id,
						},
					},
				};
			}
			return { payload: { ...record }, existingId: null };
		}
		if (operation === 'update' && !hit) {
			return {
				outcome: {
					error: {
						code: 'NOT_FOUND',
						message: `No record with this ${matchingColumns.join(' / ')} exists; update creates nothing`,
					},
				},
			};
		}
		if (!hit) return { payload: { ...record }, existingId: null };

		let changes: PushRecord = record;
		if (fillEmpty) {
			changes = fillEmptyChanges(record, hit, matchingColumns);
			if (Object.keys(changes).length === 0) {
				return { outcome: { pushed: { id: hit.id, action: 'unchanged' } } };
			}
		}
		if (operation === 'update') return { payload: { id: hit.id, ...changes }, existingId: hit.id };
		// upsert + fillEmpty: the matching values let Zoho's duplicate check find the record.
		const keys: PushRecord = {};
		for (const column of matchingColumns) {
			if (record[column] !== undefined) keys[column] = record[column];
		}
		return { payload: { ...keys, ...changes }, existingId: hit.id };
	});
}
