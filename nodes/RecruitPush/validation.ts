import { DateTime } from 'luxon';

import { isBlankValue, trimText } from '../shared/text';
import type { RecruitField } from '../shared/transport/recruit';
import { formatRecruitDate, formatRecruitDateTime, parseDateValue } from '../shared/dates';

/**
 * Every mapped value checked against the live field metadata before any write, in dry and real
 * runs alike, so a dry run says what Recruit would answer. Rules follow Zoho's field types
 * (https://www.zoho.com/recruit/developer-guide/apiv2/field-meta.html,
 * https://www.zoho.com/recruit/developer-console/widgets/API/insert-record.html: "an error is
 * thrown if the field value length is more than the maximum length"); the choices where Zoho is
 * silent are listed in the README (Recruit Push, "What is checked before a write").
 */

export type RecordValue = string | number | boolean | string[];

/** Why a value cannot go into its field: the code Zoho would answer, and the field. */
export interface ValueProblem {
	code: 'INVALID_DATA';
	message: string;
	field: string;
}

export interface ValidationOptions {
	/** Cut over-long text (Single Line / Multi Line fields only) instead of refusing it. */
	truncateLongText: boolean;
	/** The workflow's time zone, for date-times written without an offset. */
	timeZone: string;
}

/** The value to send (undefined: leave the field out), or why it cannot be sent. */
export type CheckedValue = { value: RecordValue | undefined } | { problem: ValueProblem };

/** Zoho's documented maxima where a layout gives no length (Single Line 255, Multi Line 32000, Phone 30). */
const DEFAULT_LENGTH: Record<string, number> = {
	text: 255,
	textarea: 32000,
	phone: 30,
	website: 255,
	email: 100,
};
/** Digits of Zoho's Number (9) and Long Integer (18) fields when the layout gives no length. */
const DEFAULT_DIGITS: Record<string, number> = { integer: 9, bigint: 18 };

const NUMBER_TYPES = new Set(['integer', 'bigint', 'double', 'decimal', 'currency', 'percent']);
const TRUNCATABLE = new Set(['text', 'textarea']);
/**
 * What Recruit's email fields take: one "@", no whitespace, a dot in the domain. Deliberately
 * looser than the Eligibility Filter's address check (../shared/email.ts): Recruit holds records
 * such as robin(dev),jr@example.com, and the push must be able to match and update them.
 */
const RECRUIT_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits, spaces and + ( ) - . / # * and x for an extension; at least one digit. */
const PHONE = /^[0-9+()\-.\s/xX#*]*[0-9][0-9+()\-.\s/xX#*]*$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function problem(field: string, message: string): { problem: ValueProblem } {
	return { problem: { code: 'INVALID_DATA', message: `${field} ${message}`, field } };
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
	return `${typeof value} ${String(value)}`;
}

function isDateObject(value: unknown): boolean {
	return DateTime.isDateTime(value) || value instanceof Date;
}

/** A scalar as text: strings trimmed of invisible edges, numbers/booleans as written, else null. */
function asText(value: unknown): string | null {
	if (typeof value === 'string') return trimText(value);
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'boolean') return String(value);
	return null;
}

/** Cuts at `max` UTF-16 units (Zoho counts as Java does) without splitting a surrogate pair. */
function cut(text: string, max: number): string {
	let end = max;
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end -= 1;
	return trimText(text.slice(0, end));
}

function maxLength(field: RecruitField | undefined, dataType: string): number | null {
	return field?.length ?? DEFAULT_LENGTH[dataType] ?? null;
}

function checkLength(
	apiName: string,
	text: string,
	dataType: string,
	field: RecruitField | undefined,
	options: ValidationOptions,
): CheckedValue {
	const max = maxLength(field, dataType);
	if (max === null || text.length <= max) return { value: text };
	if (options.truncateLongText && TRUNCATABLE.has(dataType)) return { value: cut(text, max) };
	const hint = TRUNCATABLE.has(dataType) ? ' (or turn on the option Truncate Long Text)' : '';
	return problem(
		apiName,
		`is ${text.length} characters long; the Recruit field takes at most ${max}${hint}`,
	);
}

function checkNumber(
	apiName: string,
	raw: unknown,
	dataType: string,
	field: RecruitField | undefined,
): CheckedValue {
	let number: number;
	if (typeof raw === 'number') number = raw;
	else if (typeof raw === 'string' && DECIMAL_TEXT.test(trimText(raw)))
		number = Number(trimText(raw));
	else
		return problem(apiName, `got ${describe(raw)}; the Recruit ${dataType} field takes a number`);
	if (!Number.isFinite(number))
		return problem(apiName, `got ${describe(raw)}, which is not a finite number`);
	if (dataType === 'integer' || dataType === 'bigint') {
		if (!Number.isInteger(number)) {
			return problem(
				apiName,
				`got ${String(number)}; the Recruit ${dataType} field takes whole numbers only`,
			);
		}
		if (!Number.isSafeInteger(number)) {
			return problem(apiName, `got ${String(number)}, too large to send exactly`);
		}
		const digits = field?.length ?? DEFAULT_DIGITS[dataType];
		if (String(Math.abs(number)).length > digits) {
			return problem(
				apiName,
				`got ${String(number)}; the Recruit field takes at most ${digits} digits`,
			);
		}
		return { value: number };
	}
	// Zoho's `decimal_place` (field-meta.html): applied once the transport's RecruitField carries
	// it as `decimalPlaces` (getRecruitFields does not map it yet).
	const places = (field as { decimalPlaces?: number | null } | undefined)?.decimalPlaces;
	if (typeof places === 'number' && places >= 0) {
		const fraction = /\.(\d+)$/.exec(String(number))?.[1] ?? '';
		if (fraction.length > places) {
			return problem(
				apiName,
				`got ${String(number)}; the Recruit field takes at most ${places} decimal places`,
			);
		}
	}
	return { value: number };
}

function checkBoolean(apiName: string, raw: unknown): CheckedValue {
	if (typeof raw === 'boolean') return { value: raw };
	const text = asText(raw)?.toLowerCase();
	if (text === 'true' || text === '1') return { value: true };
	if (text === 'false' || text === '0') return { value: false };
	return problem(apiName, `got ${describe(raw)}; the Recruit boolean field takes true or false`);
}

/** `opened` → `Opened` when the picklist has that value; other values are sent as given (Zoho adds them). */
function canonicalPicklistValue(value: string, field: RecruitField | undefined): string {
	const wanted = value.toLowerCase();
	const option = field?.picklistValues.find((entry) => entry.actual.toLowerCase() === wanted);
	return option ? option.actual : value;
}

function checkMultiSelect(
	apiName: string,
	raw: unknown,
	field: RecruitField | undefined,
): CheckedValue {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
	const values: string[] = [];
	for (const entry of list) {
		if (isBlankValue(entry)) continue;
		const text = asText(entry);
		if (text === null)
			return problem(
				apiName,
				`has ${describe(entry)} in its list; the Recruit multi-select takes text values`,
			);
		const value = canonicalPicklistValue(text, field);
		if (!values.some((known) => known.toLowerCase() === value.toLowerCase())) values.push(value);
	}
	return { value: values.length > 0 ? values : undefined };
}

function checkDate(
	apiName: string,
	raw: unknown,
	dataType: string,
	options: ValidationOptions,
): CheckedValue {
	const parsed = parseDateValue(raw, options.timeZone);
	if ('problem' in parsed)
		return problem(
			apiName,
			parsed.problem.startsWith('"')
				? `has ${parsed.problem.replace(/^("[^"]*") is/, '$1, which is')}`
				: parsed.problem,
		);
	return {
		value:
			dataType === 'date' ? formatRecruitDate(parsed.value) : formatRecruitDateTime(parsed.value),
	};
}

function checkText(
	apiName: string,
	raw: unknown,
	dataType: string,
	field: RecruitField | undefined,
	options: ValidationOptions,
): CheckedValue {
	if (dataType === 'email' && typeof raw !== 'string') {
		return problem(apiName, `got ${describe(raw)}, which is not an e-mail address`);
	}
	if (dataType === 'phone' && typeof raw === 'boolean') {
		return problem(apiName, `got ${describe(raw)}, which is not a phone number`);
	}
	const text = isDateObject(raw) ? parseDateText(raw, options) : asText(raw);
	if (text === null)
		return problem(apiName, `got ${describe(raw)}; the Recruit ${dataType} field takes text`);
	if (dataType === 'email' && !RECRUIT_EMAIL.test(text)) {
		return problem(
			apiName,
			`"${text}" is not an e-mail address (one @, no spaces, a dot in the domain)`,
		);
	}
	if (dataType === 'phone' && !PHONE.test(text)) {
		return problem(
			apiName,
			`"${text}" is not a phone number (digits, spaces and + ( ) - . / # * x only)`,
		);
	}
	const value = dataType === 'picklist' ? canonicalPicklistValue(text, field) : text;
	return checkLength(apiName, value, dataType, field, options);
}

function parseDateText(raw: unknown, options: ValidationOptions): string | null {
	const parsed = parseDateValue(raw, options.timeZone);
	return 'value' in parsed ? formatRecruitDateTime(parsed.value) : null;
}

/**
 * One mapped value against its field: the value to send, nothing (blank values are never sent:
 * an empty string would blank the field in Recruit), or an INVALID_DATA problem naming the field.
 * A key the layout does not know is treated as text (Zoho ignores unknown keys).
 */
export function checkValue(
	apiName: string,
	raw: unknown,
	field: RecruitField | undefined,
	options: ValidationOptions,
): CheckedValue {
	if (isBlankValue(raw)) return { value: undefined };
	const dataType = field?.dataType.toLowerCase() ?? 'text';
	if (dataType === 'multiselectpicklist') return checkMultiSelect(apiName, raw, field);
	if (Array.isArray(raw))
		return problem(apiName, `got a list; the Recruit ${dataType} field takes a single value`);
	if (raw !== null && typeof raw === 'object' && !isDateObject(raw)) {
		return problem(apiName, `got an object; the Recruit ${dataType} field takes a single value`);
	}
	if (dataType === 'date' || dataType === 'datetime')
		return checkDate(apiName, raw, dataType, options);
	if (NUMBER_TYPES.has(dataType)) return checkNumber(apiName, raw, dataType, field);
	if (dataType === 'boolean') return checkBoolean(apiName, raw);
	return checkText(apiName, raw, dataType, field, options);
}
