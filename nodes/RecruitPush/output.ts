import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ItemOutcomes } from './failures';
import type { PushError } from './mapping';
import type { PlannedWrite } from './lookup';
import { buildNote, type Annotations } from './notes';
import { plannedAction, type Outcome } from './plan';
import type { Candidate } from './prepare';
import { WRITE_MODE, type PushSettings } from './settings';

export function nowIso(): string {
	return DateTime.now().toUTC().toISO({ suppressMilliseconds: true }) as string;
}

function requestPreview(settings: PushSettings): IDataObject {
	const mode = WRITE_MODE[settings.operation];
	const preview: IDataObject = {
		method: mode === 'update' ? 'PUT' : 'POST',
		path: mode === 'upsert' ? `/${settings.module}/upsert` : `/${settings.module}`,
		trigger: settings.trigger,
	};
	if (mode === 'upsert') preview.duplicate_check_fields = settings.matchingColumns;
	return preview;
}

/**
 * dryRun: what a real run would report, with everything it would send (payload, tags, note),
 * and no write.
 */
export function previewOutcomes(
	settings: PushSettings,
	items: INodeExecutionData[],
	planned: { writes: PlannedWrite[]; outcomes: ItemOutcomes },
	candidates: Candidate[],
): ItemOutcomes {
	const outcomes: ItemOutcomes = new Map();
	for (const [index, outcome] of planned.outcomes) {
		outcomes.set(
			index,
			'pushed' in outcome && outcome.pushed.action === 'unchanged'
				? { pushed: { id: outcome.pushed.id, action: 'dryRun', wouldBe: 'unchanged' } }
				: outcome,
		);
	}
	for (const write of planned.writes) {
		outcomes.set(write.candidate.index, {
			pushed: {
				id: write.existingId,
				action: 'dryRun',
				wouldBe: plannedAction(write),
				payload: write.payload,
			},
		});
	}
	const pushedAt = nowIso();
	for (const candidate of candidates) {
		const outcome = outcomes.get(candidate.index);
		if (!outcome || !('pushed' in outcome)) continue;
		// Same rule as the real run: tags and a note go to every record that is (or would be) pushed.
		if (candidate.tags.length > 0) outcome.pushed.tags = candidate.tags;
		if (settings.addNote) outcome.pushed.note = buildNote(items[candidate.index].json, pushedAt);
	}
	return outcomes;
}

/** Every item on Not Pushed with the same reason (a request every item needed failed). */
export function allNotPushed(items: INodeExecutionData[], error: PushError): INodeExecutionData[][] {
	const notPushed = items.map((item, i) => ({
		json: { ...item.json, pushError: { ...error } as IDataObject },
		pairedItem: { item: i },
	}));
	return [[], notPushed];
}

/** The phases' results as the node's two outputs; every item lands on exactly one. */
export function toOutput(
	items: INodeExecutionData[],
	settings: PushSettings,
	outcomes: ItemOutcomes,
	annotations: Annotations[] = [],
): INodeExecutionData[][] {
	const pushed: INodeExecutionData[] = [];
	const notPushed: INodeExecutionData[] = [];
	items.forEach((item, i) => {
		const outcome: Outcome = outcomes.get(i) ?? {
			error: { code: 'NOT_PROCESSED', message: 'Item was not processed' },
		};
		if ('pushed' in outcome) {
			const extra = Object.assign({}, ...annotations.map((map) => map.get(i) ?? {})) as IDataObject;
			const { id, action, ...details } = outcome.pushed;
			const recruit: IDataObject = { id, module: settings.module, action, ...details, ...extra };
			if (outcome.pushed.payload) recruit.request = requestPreview(settings);
			pushed.push({ json: { ...item.json, recruit }, pairedItem: { item: i } });
		} else {
			// Every Not Pushed item says whether a later retry can help (validation and per-record
			// data errors cannot).
			const pushError = { ...outcome.error, retryable: outcome.error.retryable ?? false };
			notPushed.push({
				json: { ...item.json, pushError: pushError as IDataObject },
				pairedItem: { item: i },
			});
		}
	});
	return [pushed, notPushed];
}
