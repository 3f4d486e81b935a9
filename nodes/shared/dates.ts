import { DateTime } from 'luxon';

import { trimText } from './text';

/**
 * Dates and date-times for Recruit's date fields (yyyy-MM-dd) and date-time fields
 * (yyyy-MM-ddTHH:mm:ss±HH:mm, https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html).
 *
 * Accepted (the forms are listed in the README, Recruit Push section):
 * - ISO 8601: 2026-03-01, 2026-03-01T10:00, 2026-03-01T10:00:00.123+05:30, …Z, and the SQL
 *   form with a space instead of the T;
 * - year-first with slashes or dots: 2026/03/01, 2026.03.01 (never read day-first);
 * - an English month name: 1 Mar 2026, 01 March 2026, Mar 1 2026, March 1, 2026, and Zoho
 *   Campaigns' own "01 Mar 2026, 10:00 AM";
 * - a luxon DateTime or JS Date (what n8n expressions such as {{ $now }} give).
 *
 * Refused with a reason: day/month-first numbers (01/12/2026, 1-12-2026, 01.12.2026: the order is
 * not known, and which one the sender meant cannot be told from the value), impossible dates
 * (2026-02-30, 24:61), years outside 1000–9999 (Recruit's format has four-digit years), bare
 * numbers (seconds or milliseconds cannot be told apart) and anything else.
 *
 * A date-time without an offset is read in the workflow's time zone, as n8n reads such values.
 */

export type ParsedDate = { value: DateTime } | { problem: string };

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

/** 2026-03-01, 2026-03-01T10:00[:00[.123]][Z|±hh:mm|±hhmm], or a space instead of the T. */
const ISO_LIKE =
	/^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
/** Day and month as numbers with the year last: the order is ambiguous. */
const NUMERIC_YEAR_LAST = /^\d{1,2}[/.\-\s]\d{1,2}[/.\-\s]\d{2,4}(?:[T\s,].*)?$/;

const MONTH_NAME_FORMATS = [
	'd MMM yyyy',
	'd MMMM yyyy',
	'MMM d yyyy',
	'MMMM d yyyy',
	'MMM d, yyyy',
	'MMMM d, yyyy',
	'd MMM yyyy, hh:mm a',
	'd MMM yyyy, h:mm a',
	'd MMM yyyy HH:mm',
];

function inRange(parsed: DateTime, text: string): ParsedDate {
	if (parsed.year < MIN_YEAR || parsed.year > MAX_YEAR) {
		return { problem: `"${text}" is outside the years ${MIN_YEAR}–${MAX_YEAR} Recruit can store` };
	}
	return { value: parsed };
}

function fromIso(match: RegExpExecArray, text: string, zone: string): ParsedDate {
	const [, year, month, day, hour] = match;
	if (year.length !== 4 || year.startsWith('+') || year.startsWith('-')) {
		return { problem: `"${text}" is outside the years ${MIN_YEAR}–${MAX_YEAR} Recruit can store` };
	}
	const normalised = text.replace(' ', 'T').replace(/\s+(?=[Zz+-]\d*)/, '');
	const parsed = DateTime.fromISO(normalised, { zone, setZone: true });
	if (!parsed.isValid) {
		const what = hour === undefined ? `${year}-${month}-${day}` : text;
		return {
			problem: `"${what}" is not a real date or time (${parsed.invalidExplanation ?? 'invalid'})`,
		};
	}
	return inRange(parsed, text);
}

/** Reads one value as a date-time (see the module comment), or says why it cannot. */
export function parseDateValue(value: unknown, zone: string): ParsedDate {
	if (DateTime.isDateTime(value)) {
		return value.isValid ? inRange(value, value.toISO() ?? '') : { problem: 'is an invalid date' };
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return { problem: 'is an invalid date' };
		const parsed = DateTime.fromJSDate(value, { zone });
		return inRange(parsed, value.toISOString());
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		return {
			problem: `${typeof value} ${String(value)} is not a date (use yyyy-MM-dd, or ISO 8601 with a time)`,
		};
	}
	if (typeof value !== 'string') return { problem: 'is not a date' };
	const text = trimText(value);
	const iso = ISO_LIKE.exec(text);
	if (iso) return fromIso(iso, text, zone);
	const yearFirst = YEAR_FIRST.exec(text);
	if (yearFirst) {
		const [, year, month, day] = yearFirst;
		const parsed = DateTime.fromObject(
			{ year: Number(year), month: Number(month), day: Number(day) },
			{ zone },
		);
		return parsed.isValid
			? inRange(parsed, text)
			: { problem: `"${text}" is not a real date (${parsed.invalidExplanation ?? 'invalid'})` };
	}
	if (NUMERIC_YEAR_LAST.test(text)) {
		return {
			problem: `"${text}" is ambiguous: day and month order unknown (use yyyy-MM-dd)`,
		};
	}
	for (const format of MONTH_NAME_FORMATS) {
		const parsed = DateTime.fromFormat(text, format, { zone, locale: 'en-US' });
		if (parsed.isValid) return inRange(parsed, text);
	}
	if (/^\d{5,}-\d{2}-\d{2}/.test(text)) {
		return { problem: `"${text}" is outside the years ${MIN_YEAR}–${MAX_YEAR} Recruit can store` };
	}
	return { problem: `"${text}" is not a date Recruit Push can read (use yyyy-MM-dd or ISO 8601)` };
}

/** Recruit's date-time format: seconds and a numeric offset, e.g. 2024-05-02T11:17:33+05:30. */
export const RECRUIT_DATETIME = "yyyy-MM-dd'T'HH:mm:ssZZ";

export function formatRecruitDate(value: DateTime): string {
	return value.toFormat('yyyy-MM-dd');
}

export function formatRecruitDateTime(value: DateTime): string {
	return value.toFormat(RECRUIT_DATETIME);
}
