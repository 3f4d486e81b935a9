import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { RecruitField, WriteMode } from '../shared/transport/recruit';
import type { RecruitModule } from '../shared/types';
import type { PushOperation } from './plan';

/** Zoho's `trigger` array: all automations, or none. */
export const ALL_AUTOMATIONS = ['workflow', 'approval', 'blueprint'];

export interface PushSettings {
	module: RecruitModule;
	operation: PushOperation;
	matchingColumns: string[];
	dryRun: boolean;
	fillEmpty: boolean;
	trigger: string[];
	addNote: boolean;
}

export const WRITE_MODE: Record<PushOperation, WriteMode> = {
	upsert: 'upsert',
	create: 'insert',
	update: 'update',
};

export function readSettings(
	this: IExecuteFunctions,
	fieldsById: Map<string, RecruitField>,
): PushSettings {
	const module = this.getNodeParameter('module', 0) as RecruitModule;
	const operation = this.getNodeParameter('operation', 0) as PushOperation;
	let matchingColumns = (this.getNodeParameter('columns.matchingColumns', 0, []) as string[]) ?? [];
	if (matchingColumns.length === 0) matchingColumns = ['Email'];
	const unknown = matchingColumns.filter((column) => !fieldsById.has(column));
	if (unknown.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Matching column ${unknown.join(', ')} is not a field of the Recruit ${module} layout`,
			{ description: 'Refresh the field list of "Columns" and choose the matching column again' },
		);
	}
	return {
		module,
		operation,
		matchingColumns,
		dryRun: this.getNodeParameter('options.dryRun', 0, false) as boolean,
		fillEmpty:
			this.getNodeParameter('options.existingRecordPolicy', 0, 'overwrite') === 'fillEmpty',
		trigger: (this.getNodeParameter('options.runAutomations', 0, true) as boolean)
			? ALL_AUTOMATIONS
			: [],
		addNote: this.getNodeParameter('options.addNote', 0, false) as boolean,
	};
}
