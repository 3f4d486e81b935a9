import type { FieldType, ResourceMapperField } from 'n8n-workflow';

import type { RecruitField } from '../shared/transport/recruit';

/**
 * Recruit data types (https://www.zoho.com/recruit/developer-guide/apiv2/field-meta.html) →
 * resource-mapper widget types.
 */
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

/**
 * Writable lookups (Contacts' Client_Name, the record owner) take a record id, not a value the
 * trigger has: shown read-only (issue 5) so the user sees the field exists (a layout may make
 * Client_Name mandatory: test/sandbox/README.md, Choices where the reference says "not
 * established"). Read-only lookups (Created_By, …) are left out entirely.
 */
const READ_ONLY_SHOWN_TYPES = new Set(['lookup', 'ownerlookup', 'userlookup']);

/** Fields Recruit computes itself; writing them is an error or a no-op. */
const SYSTEM_TYPES = new Set(['autonumber', 'formula', 'fileupload', 'profileimage', 'subform']);

/**
 * Audit fields Recruit sets on every write (`details` of each result,
 * https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html). Left out by name as
 * well, because field metadata does not reliably flag them read_only (its keys beyond api_name and
 * data_type are inferred: docs/zoho-api.md, Recruit: Other facts the nodes use).
 */
const SYSTEM_FIELDS = new Set(['Created_By', 'Modified_By', 'Created_Time', 'Modified_Time']);

/**
 * Fields that can identify a record: Email (system duplicate check) and unique fields
 * (https://www.zoho.com/recruit/developer-guide/apiv2/upsert-records.html).
 */
export function canMatchOn(field: RecruitField): boolean {
	return field.apiName === 'Email' || field.unique;
}

/** Whether a value for this field can be written at all (system and read-only fields cannot). */
export function isWritable(field: RecruitField): boolean {
	return (
		!field.readOnly &&
		!SYSTEM_TYPES.has(field.dataType.toLowerCase()) &&
		!SYSTEM_FIELDS.has(field.apiName)
	);
}

/** One Recruit field → one resource-mapper column, or null when it must not be offered. */
export function toMapperField(field: RecruitField): ResourceMapperField | null {
	if (!isWritable(field)) return null;
	const dataType = field.dataType.toLowerCase();
	const isLookup = READ_ONLY_SHOWN_TYPES.has(dataType);

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

/**
 * Fields auto-map may fill from an item key of the same name: offered by the mapper and not shown
 * read-only. Lookups take a record id, and items from a Recruit node carry them as `{id, name}`
 * objects (Candidate_Owner, Client_Name): they are simply not sent, as the mapper shows them.
 */
export function isAutoMappable(field: RecruitField): boolean {
	const column = toMapperField(field);
	return column !== null && column.readOnly !== true;
}

export function toMapperFields(fields: RecruitField[]): ResourceMapperField[] {
	const columns: ResourceMapperField[] = [];
	for (const field of fields) {
		const column = toMapperField(field);
		if (column) columns.push(column);
	}
	return columns;
}
