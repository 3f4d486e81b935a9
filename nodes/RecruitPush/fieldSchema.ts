import type { FieldType, ResourceMapperField } from 'n8n-workflow';

import type { RecruitField } from '../shared/transport/recruit';

/** Recruit data types (ref §5.1) → resource-mapper widget types. */
const FIELD_TYPES: Record<string, FieldType> = {
	text: 'string',
	email: 'string',
	phone: 'string',
	textarea: 'string',
	website: 'string',
	picklist: 'options',
	multiselectpicklist: 'array',
	integer: 'number',
	bigint: 'number',
	double: 'number',
	decimal: 'number',
	currency: 'number',
	percent: 'number',
	date: 'dateTime',
	datetime: 'dateTime',
	boolean: 'boolean',
};

/** Lookups need a record id, not a value the trigger has: shown, but read-only (issue 5). */
const READ_ONLY_SHOWN_TYPES = new Set(['lookup', 'ownerlookup', 'userlookup']);

/** Fields Recruit computes itself; writing them is an error or a no-op. */
const SYSTEM_TYPES = new Set(['autonumber', 'formula', 'fileupload', 'profileimage', 'subform']);

/** Fields that can identify a record: Email (system duplicate check) and unique fields (ref §5.3). */
export function canMatchOn(field: RecruitField): boolean {
	return field.apiName === 'Email' || field.unique;
}

/** One Recruit field → one resource-mapper column, or null when it must not be offered. */
export function toMapperField(field: RecruitField): ResourceMapperField | null {
	const dataType = field.dataType.toLowerCase();
	if (SYSTEM_TYPES.has(dataType)) return null;
	const isLookup = READ_ONLY_SHOWN_TYPES.has(dataType);
	if (field.readOnly && !isLookup) return null;

	const column: ResourceMapperField = {
		id: field.apiName,
		displayName: field.label || field.apiName,
		required: field.mandatory,
		defaultMatch: field.apiName === 'Email',
		canBeUsedToMatch: canMatchOn(field),
		display: true,
		type: FIELD_TYPES[dataType] ?? 'string',
	};
	if (isLookup) column.readOnly = true;
	if (dataType === 'picklist' || dataType === 'multiselectpicklist') {
		column.options = field.picklistValues.map((value) => ({
			name: value.display,
			value: value.actual,
		}));
	}
	return column;
}

export function toMapperFields(fields: RecruitField[]): ResourceMapperField[] {
	const columns: ResourceMapperField[] = [];
	for (const field of fields) {
		const column = toMapperField(field);
		if (column) columns.push(column);
	}
	return columns;
}
