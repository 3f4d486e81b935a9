import type { IExecuteFunctions } from 'n8n-workflow';

import {
	MAX_RECORDS_PER_WRITE,
	writeRecordsBatch,
	type RecordResult,
	type WriteMode,
} from '../shared/transport/recruit';
import {
	failedResult,
	itemRange,
	settleFailure,
	splitOnDataError,
	toError,
	type ItemOutcomes,
	type WriteResult,
} from './failures';
import type { PlannedWrite } from './lookup';
import { chunk } from '../shared/collections';
import type { PushAction } from './plan';
import { insertWithoutDuplicates } from './recovery';
import { WRITE_MODE, type PushSettings } from './settings';

function toAction(result: RecordResult, mode: WriteMode): PushAction {
	if (result.action === 'insert') return 'inserted';
	if (result.action === 'update') return 'updated';
	return mode === 'insert' ? 'inserted' : 'updated';
}

/** One write call for ≤100 planned records (insert goes through the recovery). */
async function writeBatch(
	ctx: IExecuteFunctions,
	settings: PushSettings,
	batch: PlannedWrite[],
): Promise<WriteResult[]> {
	const mode = WRITE_MODE[settings.operation];
	const payloads = batch.map((write) => write.payload);
	if (mode === 'insert') return await insertWithoutDuplicates.call(ctx, settings, payloads);
	// upsert and update are idempotent: the transport resends them after a 429/5xx.
	return await writeRecordsBatch.call(ctx, settings.module, mode, payloads, {
		trigger: settings.trigger,
		duplicateCheckFields: mode === 'upsert' ? settings.matchingColumns : undefined,
	});
}

/**
 * Write phase: only records that need a write, packed into full batches (fillEmpty and
 * create/update leave gaps in the input's batches of 100). Each result goes back to its item; a
 * batch rejected as a whole for a data error is split until only the culprit fails.
 */
export async function writeAll(
	this: IExecuteFunctions,
	settings: PushSettings,
	writes: PlannedWrite[],
): Promise<ItemOutcomes> {
	const mode = WRITE_MODE[settings.operation];
	const outcomes: ItemOutcomes = new Map();
	const batches = chunk(writes, MAX_RECORDS_PER_WRITE);
	for (let b = 0; b < batches.length; b++) {
		const results = await splitOnDataError(
			batches[b],
			async (part) => await writeBatch(this, settings, part),
			(part, error) => {
				const indexes = part.map((write) => write.candidate.index);
				const what = `Batch ${b + 1} of ${batches.length} (${itemRange(indexes)})`;
				const cause = settleFailure(this, error, what, indexes[0]);
				return part.map(() => failedResult(cause));
			},
		);
		batches[b].forEach((write, k) => {
			const result = results[k];
			outcomes.set(
				write.candidate.index,
				result.ok
					? { pushed: { id: result.id ?? write.existingId, action: toAction(result, mode) } }
					: { error: toError(result) },
			);
		});
	}
	return outcomes;
}
