import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { eventLoopTurns } from '../shared/eventLoop';
import type { RecruitField } from '../shared/transport/recruit';
import { isAutoMappable } from './fieldSchema';
import {
	autoMapItem,
	buildRecord,
	parseTags,
	validateRecord,
	type PushError,
	type PushRecord,
} from './mapping';
import type { ItemOutcomes } from './failures';
import { MAPPED_VALUES, readValidationOptions } from './parameters';
import type { PushSettings } from './settings';

/** An input item that passed preparation: its record and tags. */
export interface Candidate {
	index: number;
	record: PushRecord;
	tags: string[];
}

/** The resource mapper reports a value of the wrong type as "Invalid input for 'X' [item i]". */
function invalidInputError(error: unknown): PushError {
	const message = error instanceof Error ? error.message : String(error);
	const field = /for '([^']+)'/.exec(message)?.[1];
	return field
		? { code: 'INVALID_DATA', message, field, retryable: false }
		: { code: 'INVALID_DATA', message, retryable: false };
}

/**
 * Builds and validates each item's record; invalid items get their outcome right away. Yields to
 * the event loop as it goes: the mapping's expressions are evaluated here, item by item.
 */
export async function prepareCandidates(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: PushSettings,
	fields: RecruitField[],
): Promise<{ candidates: Candidate[]; outcomes: ItemOutcomes }> {
	const fieldsById = new Map(fields.map((field) => [field.apiName, field]));
	const autoMappable = new Map(
		fields.filter(isAutoMappable).map((field) => [field.apiName, field]),
	);
	const mandatory = fields.filter((field) => field.mandatory).map((field) => field.apiName);
	const autoMap =
		this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	// Every value is checked against the live layout here, before any lookup or write.
	const validation = readValidationOptions.call(this);

	const candidates: Candidate[] = [];
	const outcomes: ItemOutcomes = new Map();
	const turn = eventLoopTurns();
	for (let i = 0; i < items.length; i++) {
		await turn();
		let mapped: IDataObject;
		let tags: string[];
		try {
			mapped = autoMap
				? autoMapItem(items[i].json, settings.module, autoMappable)
				: ((this.getNodeParameter('columns.value', i, {}, MAPPED_VALUES) as IDataObject | null) ??
					{});
			tags = parseTags(this.getNodeParameter('options.tags', i, ''));
		} catch (error) {
			outcomes.set(i, { error: invalidInputError(error) });
			continue;
		}
		const { record, invalid: unsupported } = buildRecord(mapped, fieldsById, validation);
		const invalid =
			unsupported ??
			validateRecord(record, settings.matchingColumns, mandatory, settings.operation !== 'update');
		if (invalid) {
			outcomes.set(i, { error: invalid });
			continue;
		}
		candidates.push({ index: i, record, tags });
	}
	return { candidates, outcomes };
}
