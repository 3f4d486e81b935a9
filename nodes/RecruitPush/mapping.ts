import type { IDataObject } from 'n8n-workflow';

import { isBlankValue, trimText } from '../shared/text';
import type { RecruitModule } from '../shared/types';
import type { Criterion, RecruitField, RecruitRecord } from '../shared/transport/recruit';
import { checkValue, type RecordValue, type ValidationOptions } from './validation';

export type { RecordValue } from './validation';

/** Refuse over-long text, read offset-less date-times as UTC: for callers without settings. */
export const DEFAULT_VALIDATION: ValidationOptions = { truncateLongText: false, timeZone: 'UTC' };

/** A per-item reason for `Not Pushed` (README, Recruit Push). */
export interface PushError {
	code: string;
	message: string;
	field?: string;
	/** The existing Recruit record, when Zoho or our search found one (EXISTS, DUPLICATE_DATA). */
	id?: string;
	/** HTTP status of a lookup or write call that finally failed. */
	httpStatus?: number;
	/** Would the same write succeed later without changing the data (set on every Not Pushed item). */
	retryable?: boolean;
	/** When Zoho said to try again (ISO UTC), if it did. */
	retryAt?: string;
}
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

/** Blank (whitespace or invisible characters only), null, undefined or an empty list (../shared/text.ts). */
export function isEmptyValue(value: unknown): boolean {
	return isBlankValue(value);
}

/**
 * Checks and normalises a mapped object (define-below value or auto-map result) against the
 * layout (./validation.ts). The first value its field cannot take makes `invalid`: the item goes
 * to Not Pushed without a request, with the code Zoho would answer and `retryable: false`.
 */
export function buildRecord(
	mapped: IDataObject | null | undefined,
	fieldsById: Map<string, RecruitField>,
	options: ValidationOptions = DEFAULT_VALIDATION,
): { record: PushRecord; invalid: PushError | null } {
	const record: PushRecord = {};
	for (const [key, raw] of Object.entries(mapped ?? {})) {
		const checked = checkValue(key, raw, fieldsById.get(key), options);
		if ('problem' in checked) return { record, invalid: { ...checked.problem, retryable: false } };
		if (checked.value !== undefined) record[key] = checked.value;
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
			retryable: false,
		};
	}
	if (!canInsert) return null;
	for (const field of mandatoryFields) {
		if (isEmptyValue(record[field])) {
			return {
				code: 'MANDATORY_NOT_FOUND',
				message: `Mandatory field ${field} has no value`,
				field,
				retryable: false,
			};
		}
	}
	return null;
}

/** Values compared the way Zoho matches them: trimmed (invisible characters too), case-insensitive. */
export function comparable(value: unknown): string {
	return trimText(String(value)).toLowerCase();
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
 * The existing record this one matches, compared locally (case-insensitive, as Zoho's email search
 * is: https://www.zoho.com/recruit/developer-guide/apiv2/search-records.html) so a loose search hit
 * never counts as a match. Matching columns are tried in order, like duplicate_check_fields
 * (https://www.zoho.com/recruit/developer-guide/apiv2/upsert-records.html).
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

