import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { RecruitModule } from '../shared/types';
import type { Criterion, RecruitField, RecruitRecord } from '../shared/transport/recruit';

/** A per-item reason for `Not Pushed` (SPEC §5). */
export interface PushError {
	code: string;
	message: string;
	field?: string;
	/** The existing Recruit record, when Zoho or our search found one (EXISTS, DUPLICATE_DATA). */
	id?: string;
	/** HTTP status of a lookup or write call that finally failed (SPEC §5). */
	httpStatus?: number;
	/** Would the same write succeed later without changing the data (set on every Not Pushed item). */
	retryable?: boolean;
	/** When Zoho said to try again (ISO UTC), if it did. */
	retryAt?: string;
}

export type RecordValue = string | number | boolean | string[];
export type PushRecord = Record<string, RecordValue>;

/**
 * Trigger item keys (ActivityItem) → Recruit API names, first one present in the layout wins.
 * Contacts have no Current_* fields, and their company is the Client_Name lookup (not mappable).
 */
const AUTO_MAP_TARGETS: Record<RecruitModule, Record<string, string[]>> = {
	Candidates: {
		firstName: ['First_Name'],
		lastName: ['Last_Name'],
		email: ['Email'],
		mobile: ['Mobile'],
		phone: ['Phone'],
		city: ['City'],
		state: ['State'],
		country: ['Country'],
		jobTitle: ['Current_Job_Title'],
		companyName: ['Current_Employer'],
		activity: ['Campaign_Activity'],
	},
	Contacts: {
		firstName: ['First_Name'],
		lastName: ['Last_Name'],
		email: ['Email'],
		mobile: ['Mobile'],
		phone: ['Phone'],
		city: ['City', 'Mailing_City'],
		state: ['State', 'Mailing_State'],
		country: ['Country', 'Mailing_Country'],
		jobTitle: ['Job_Title', 'Designation', 'Title'],
		activity: ['Campaign_Activity'],
	},
};

export function isEmptyValue(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return false;
}

/** Recruit's date-time format: seconds and a numeric offset, e.g. 2024-05-02T11:17:33+05:30 (ref §5.2). */
const RECRUIT_DATETIME = "yyyy-MM-dd'T'HH:mm:ssZZ";

function toDateTime(value: unknown): DateTime | null {
	if (DateTime.isDateTime(value)) return value;
	if (value instanceof Date) return DateTime.fromJSDate(value);
	if (typeof value === 'string') {
		const parsed = DateTime.fromISO(value.trim(), { setZone: true });
		return parsed.isValid ? parsed : null;
	}
	if (typeof value === 'number') return DateTime.fromMillis(value);
	return null;
}

/** Recruit rejects a JSON number or boolean in these fields (INVALID_DATA, ref §5.2): send text. */
const TEXT_TYPES = new Set(['text', 'textarea', 'phone', 'email', 'website', 'picklist']);

function isStructured(value: unknown): boolean {
	return (
		value !== null &&
		typeof value === 'object' &&
		!DateTime.isDateTime(value) &&
		!(value instanceof Date)
	);
}

/** Why `value` cannot go into `field` (an object or array in a single-value field), or null. */
export function unsupportedValue(
	apiName: string,
	value: unknown,
	field: RecruitField | undefined,
): PushError | null {
	if (isEmptyValue(value)) return null;
	const dataType = field?.dataType.toLowerCase() ?? 'text';
	const entries = dataType === 'multiselectpicklist' && Array.isArray(value) ? value : [value];
	if (dataType !== 'multiselectpicklist' && Array.isArray(value)) {
		return invalidData(apiName, 'a list', dataType);
	}
	if (entries.some(isStructured)) {
		return invalidData(apiName, Array.isArray(value) ? 'a list of objects' : 'an object', dataType);
	}
	return null;
}

function invalidData(apiName: string, what: string, dataType: string): PushError {
	return {
		code: 'INVALID_DATA',
		message: `${apiName} got ${what}; the Recruit ${dataType} field takes a single value`,
		field: apiName,
	};
}

/**
 * One value in the shape Recruit expects for the field, or undefined to leave the field out
 * (empty values are never sent: an empty string would blank the field in Recruit). Objects and
 * arrays in single-value fields are rejected earlier by `unsupportedValue`.
 */
export function normaliseValue(
	value: unknown,
	field: RecruitField | undefined,
): RecordValue | undefined {
	if (isEmptyValue(value)) return undefined;
	const dataType = field?.dataType.toLowerCase() ?? 'text';

	if (dataType === 'date' || dataType === 'datetime') {
		const parsed = toDateTime(value);
		// Recruit wants yyyy-MM-dd for dates and ISO-8601 with offset for date-times (ref §5.2).
		if (parsed?.isValid) {
			return dataType === 'date'
				? (parsed.toISODate() as string)
				: parsed.toFormat(RECRUIT_DATETIME);
		}
		return String(value);
	}
	if (dataType === 'multiselectpicklist') {
		const list = Array.isArray(value) ? value : String(value).split(',');
		const values = list.map((entry) => canonicalPicklistValue(String(entry).trim(), field));
		return values.filter((entry) => entry !== '');
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		if (!TEXT_TYPES.has(dataType)) return value;
		const text = String(value);
		return dataType === 'picklist' ? canonicalPicklistValue(text, field) : text;
	}
	if (DateTime.isDateTime(value) || value instanceof Date) {
		const parsed = toDateTime(value);
		return parsed?.isValid ? parsed.toFormat(RECRUIT_DATETIME) : String(value);
	}
	const trimmed = String(value).trim();
	return dataType === 'picklist' ? canonicalPicklistValue(trimmed, field) : trimmed;
}

/** `opened` → `Opened` when the picklist has that value: the trigger's activity fits the field. */
function canonicalPicklistValue(value: string, field: RecruitField | undefined): string {
	const option = field?.picklistValues.find(
		(entry) => entry.actual.toLowerCase() === value.toLowerCase(),
	);
	return option ? option.actual : value;
}

/**
 * Normalises a mapped object (define-below value or auto-map result) against the layout. The
 * first value no field can take makes `invalid` (the item goes to Not Pushed without a request).
 */
export function buildRecord(
	mapped: IDataObject | null | undefined,
	fieldsById: Map<string, RecruitField>,
): { record: PushRecord; invalid: PushError | null } {
	const record: PushRecord = {};
	for (const [key, raw] of Object.entries(mapped ?? {})) {
		const field = fieldsById.get(key);
		const invalid = unsupportedValue(key, raw, field);
		if (invalid) return { record, invalid };
		const value = normaliseValue(raw, field);
		if (value !== undefined) record[key] = value;
	}
	return { record, invalid: null };
}

/**
 * Auto-map: keys that already are Recruit API names are taken as they are (like n8n's own
 * auto-map); the trigger's camelCase keys go to the obvious Recruit fields. Only the fields in
 * `writableFields` are used (the caller passes the auto-mappable ones: no read-only lookups).
 */
export function autoMapItem(
	json: IDataObject,
	module: RecruitModule,
	writableFields: Map<string, RecruitField>,
): IDataObject {
	const mapped: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		if (writableFields.has(key) && !isEmptyValue(value)) mapped[key] = value;
	}
	for (const [key, targets] of Object.entries(AUTO_MAP_TARGETS[module])) {
		const value = json[key];
		// Objects are kept: buildRecord reports them as INVALID_DATA for the field, not as missing.
		if (isEmptyValue(value)) continue;
		const target = targets.find((apiName) => writableFields.has(apiName));
		if (target && mapped[target] === undefined) mapped[target] = value;
	}
	return mapped;
}

/**
 * Checks made before any request (issue 5): at least one matching value, and for operations
 * that can insert, every mandatory field of the layout.
 */
export function validateRecord(
	record: PushRecord,
	matchingColumns: string[],
	mandatoryFields: string[],
	canInsert: boolean,
): PushError | null {
	if (
		matchingColumns.length > 0 &&
		matchingColumns.every((column) => isEmptyValue(record[column]))
	) {
		const field = matchingColumns[0];
		return {
			code: 'MANDATORY_NOT_FOUND',
			message: `The matching field ${matchingColumns.join(' / ')} has no value`,
			field,
		};
	}
	if (!canInsert) return null;
	for (const field of mandatoryFields) {
		if (isEmptyValue(record[field])) {
			return {
				code: 'MANDATORY_NOT_FOUND',
				message: `Mandatory field ${field} has no value`,
				field,
			};
		}
	}
	return null;
}

/** Values compared the way Zoho matches them: trimmed, case-insensitive. */
export function comparable(value: unknown): string {
	return String(value).trim().toLowerCase();
}

/** Search criteria for the records' matching values, one per distinct (field, value). */
export function matchingCriteria(records: PushRecord[], matchingColumns: string[]): Criterion[] {
	const seen = new Set<string>();
	const criteria: Criterion[] = [];
	for (const record of records) {
		for (const field of matchingColumns) {
			const value = record[field];
			if (isEmptyValue(value) || Array.isArray(value)) continue;
			const key = `${field}\u0000${comparable(value)}`;
			if (seen.has(key)) continue;
			seen.add(key);
			criteria.push({ field, operator: 'equals', value: String(value) });
		}
	}
	return criteria;
}

/** The existing record this one matches, and the matching column that matched. */
export interface ExistingMatch {
	record: RecruitRecord;
	field: string;
}

/**
 * The existing record this one matches, compared locally (case-insensitive, as Zoho's email
 * search is, ref §5.4) so a loose search hit never counts as a match. Matching columns are
 * tried in order, like duplicate_check_fields (ref §5.3).
 */
export function findExistingMatch(
	record: PushRecord,
	matchingColumns: string[],
	existing: RecruitRecord[],
): ExistingMatch | undefined {
	for (const field of matchingColumns) {
		const value = record[field];
		if (isEmptyValue(value) || Array.isArray(value)) continue;
		const wanted = comparable(value);
		const hit = existing.find((candidate) => {
			const current = candidate[field];
			return (
				!isEmptyValue(current) && typeof current !== 'object' && comparable(current) === wanted
			);
		});
		if (hit) return { record: hit, field };
	}
	return undefined;
}

export function findExisting(
	record: PushRecord,
	matchingColumns: string[],
	existing: RecruitRecord[],
): RecruitRecord | undefined {
	return findExistingMatch(record, matchingColumns, existing)?.record;
}

/**
 * fillEmpty: the fields of `record` that are empty in the existing record. Matching columns are
 * not changes (they are equal by definition).
 */
export function fillEmptyChanges(
	record: PushRecord,
	existing: IDataObject,
	matchingColumns: string[],
): PushRecord {
	const changes: PushRecord = {};
	for (const [field, value] of Object.entries(record)) {
		if (matchingColumns.includes(field)) continue;
		if (isEmptyValue(existing[field])) changes[field] = value;
	}
	return changes;
}

/** `a, b,,a` → ['a', 'b']; an array from an expression is accepted too. */
export function parseTags(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	const tags: string[] = [];
	for (const part of parts) {
		const tag = part.trim();
		if (tag !== '' && !tags.includes(tag)) tags.push(tag);
	}
	return tags;
}

/** Same tags in any order → same group, so one add_tags call serves them all. */
export function tagSetKey(tags: string[]): string {
	return JSON.stringify([...tags].sort());
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) {
		chunks.push(items.slice(start, start + size));
	}
	return chunks;
}
