import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { writeRecordsBatch, type RecruitRecord } from '../shared/transport/recruit';
import { RECRUIT_RETRY_POLICY, retryDelayMs, retryRuntime } from '../shared/transport/retry';
import { classifyFailure, mayHaveBeenApplied, type FailureCause } from './errors';
import { failedResult, type WriteResult } from './failures';
import { searchExisting } from './lookup';
import { comparable, findExistingMatch, isEmptyValue, type PushRecord } from './mapping';
import type { PushSettings } from './settings';

/**
 * Insert recovery for `create`. Insert is not idempotent, so the transport never resends it
 * after a 5xx or timeout: Zoho may have applied the call. Before every resend the records are
 * searched, and what exists is reported inserted; after the last failed resend they are searched
 * once more, so a record Zoho created is never reported as failed (nor created twice).
 */

/** Resends of the records a search did not find, after the first insert call. */
export const MAX_INSERT_RESENDS = 2;

/** Whether every plain value of `record` is what `stored` holds (arrays and lookups skipped). */
function storedAsSent(record: PushRecord, stored: RecruitRecord): boolean {
	return Object.entries(record).every(([field, value]) => {
		if (Array.isArray(value)) return true;
		const current = stored[field];
		if (current !== null && typeof current === 'object') return true;
		return isEmptyValue(current) ? isEmptyValue(value) : comparable(current) === comparable(value);
	});
}

export type RecoveredInsert =
	| { inserted: true; id: string }
	| { inserted: false; id: string; field: string }
	| undefined;

/**
 * After an insert call that failed but may have been applied, `found` holds what a search by the
 * matching columns returned (create only sends records that did not exist before the call, so a
 * hit was created by it). One record can match several items of the batch (the same email twice):
 * Zoho applies a batch in order and answers the later copies DUPLICATE_DATA (https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html), so only
 * one item may claim the record — the first whose values the record holds (an earlier copy may
 * have been rejected for another field), else the first. The others are duplicates of it;
 * `undefined` means no record matched (not inserted).
 */
export function attributeRecoveredInserts(
	records: PushRecord[],
	matchingColumns: string[],
	found: RecruitRecord[],
): RecoveredInsert[] {
	const matches = records.map((record) => findExistingMatch(record, matchingColumns, found));
	const claimants = new Map<string, number>();
	matches.forEach((match, position) => {
		if (!match) return;
		const claimant = claimants.get(match.record.id);
		const better =
			claimant === undefined ||
			(!storedAsSent(records[claimant], match.record) &&
				storedAsSent(records[position], match.record));
		if (better) claimants.set(match.record.id, position);
	});
	return matches.map((match, position) => {
		if (!match) return undefined;
		const id = match.record.id;
		return claimants.get(id) === position
			? { inserted: true, id }
			: { inserted: false, id, field: match.field };
	});
}

function recoveredResult(match: Exclude<RecoveredInsert, undefined>): WriteResult {
	if (match.inserted) {
		return {
			ok: true,
			code: 'SUCCESS',
			message: 'record added (confirmed by a search after the insert call failed)',
			id: match.id,
			action: 'insert',
			field: null,
			details: {},
		};
	}
	// The shape Zoho gives the later copy when the call succeeds.
	return {
		ok: false,
		code: 'DUPLICATE_DATA',
		message:
			'duplicate data: another item of this batch with the same value created the record (confirmed by a search after the insert call failed)',
		id: match.id,
		action: null,
		field: match.field,
		details: { api_name: match.field, id: match.id },
	};
}

/**
 * One insert batch that never creates a record twice. Throws only what the caller handles for
 * the whole batch: a fatal cause, or a first call that was rejected before anything was written
 * (429, a 400 data error: the write phase splits on those).
 */
export async function insertWithoutDuplicates(
	this: IExecuteFunctions,
	settings: PushSettings,
	payloads: IDataObject[],
): Promise<WriteResult[]> {
	const records = payloads as PushRecord[];
	const results: WriteResult[] = new Array(payloads.length);
	let pending = payloads.map((_, position) => position);
	const giveUp = (cause: FailureCause) => {
		for (const position of pending) results[position] = failedResult(cause);
		return results;
	};
	for (let resend = 0; ; resend++) {
		let written: WriteResult[];
		try {
			written = await writeRecordsBatch.call(
				this,
				settings.module,
				'insert',
				pending.map((position) => payloads[position]),
				{ trigger: settings.trigger },
			);
		} catch (error) {
			const cause = classifyFailure(error);
			// Transport errors are NodeApiErrors already: NodeApiError hands them back unchanged.
			if (cause.fatal || (resend === 0 && !mayHaveBeenApplied(cause))) {
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
			if (!mayHaveBeenApplied(cause)) return giveUp(cause);
			let found: RecruitRecord[];
			try {
				found = await searchExisting.call(
					this,
					settings,
					pending.map((position) => records[position]),
				);
			} catch (searchError) {
				if (classifyFailure(searchError).fatal) {
					throw new NodeApiError(this.getNode(), searchError as JsonObject);
				}
				// Unknown whether they landed: retryable, and a later create finds them (EXISTS).
				return giveUp(cause);
			}
			const recovered = attributeRecoveredInserts(
				pending.map((position) => records[position]),
				settings.matchingColumns,
				found,
			);
			const missing: number[] = [];
			recovered.forEach((match, k) => {
				if (match) results[pending[k]] = recoveredResult(match);
				else missing.push(pending[k]);
			});
			pending = missing;
			if (pending.length === 0) return results;
			if (resend >= MAX_INSERT_RESENDS) return giveUp(cause);
			const runtime = retryRuntime();
			await runtime.wait(retryDelayMs(resend, RECRUIT_RETRY_POLICY, null, runtime.random) ?? 0);
			continue;
		}
		pending.forEach((position, k) => (results[position] = written[k]));
		return results;
	}
}
