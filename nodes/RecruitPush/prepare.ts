import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
	return field ? { code: 'INVALID_DATA', message, field } : { code: 'INVALID_DATA', message };
}

/** Builds and validates each item's record; invalid items get their outcome right away. */
export function prepareCandidates(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: PushSettings,
	fields: RecruitField[],
): { candidates: Candidate[]; outcomes: ItemOutcomes } {
	const fieldsById = new Map(fields.map((field) => [field.apiName, field]));
	const autoMappable = new Map(
		fields.filter(isAutoMappable).map((field) => [field.apiName, field]),
	);
	const mandatory = fields.filter((field) => field.mandatory).map((field) => field.apiName);
	const autoMap =
		this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';

	const candidates: Candidate[] = [];
	const outcomes: ItemOutcomes = new Map();
	for (let i = 0; i < items.length; i++) {
		let mapped: IDataObject;
		let tags: string[];
		try {
			mapped = autoMap
				? autoMapItem(items[i].json, settings.module, autoMappable)
				: ((this.getNodeParameter('columns.value', i, {}) as IDataObject | null) ?? {});
			tags = parseTags(this.getNodeParameter('options.tags', i, ''));
		} catch (error) {
			outcomes.set(i, { error: invalidInputError(error) });
			continue;
		}
		const { record, invalid: unsupported } = buildRecord(mapped, fieldsById);
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
