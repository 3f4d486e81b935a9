// Pure checks of nodes/RecruitPush/validation.ts and dates.ts that the JSON corpus cannot reach:
// values only expressions produce (luxon DateTime, JS Date), metadata keys the sandbox does not
// send, and the time zone rule.
import { DateTime } from 'luxon';

import { parseDateValue } from '../../nodes/shared/dates';
import { checkValue } from '../../nodes/RecruitPush/validation';
import { isBlankText, trimText } from '../../nodes/shared/text';
import type { RecruitField } from '../../nodes/shared/transport/recruit';

function field(dataType: string, extra: Partial<RecruitField> & { decimalPlaces?: number } = {}) {
	return {
		apiName: 'F',
		label: 'F',
		dataType,
		jsonType: null,
		mandatory: false,
		readOnly: false,
		custom: true,
		unique: false,
		length: null,
		picklistValues: [],
		lookupModule: null,
		...extra,
	} as RecruitField;
}

const options = { truncateLongText: false, timeZone: 'Asia/Kolkata' };
const valueOf = (raw: unknown, target: RecruitField) => {
	const checked = checkValue('F', raw, target, options);
	return 'problem' in checked ? `refused: ${checked.problem.message}` : checked.value;
};

describe('dates from expressions', () => {
	it('formats luxon DateTimes and JS Dates in their own zone or the workflow zone', () => {
		const dt = DateTime.fromISO('2026-03-01T23:30:00', { zone: 'America/New_York' });
		expect(valueOf(dt, field('date'))).toBe('2026-03-01');
		expect(valueOf(dt, field('datetime'))).toBe('2026-03-01T23:30:00-05:00');
		// A JS Date has no zone: it is shown in the workflow's.
		expect(valueOf(new Date('2026-03-01T20:00:00Z'), field('datetime'))).toBe(
			'2026-03-02T01:30:00+05:30',
		);
		expect(valueOf(new Date('invalid'), field('date'))).toMatch(/^refused: F is an invalid date/);
		expect(valueOf(DateTime.fromISO('10000-01-01T00:00:00Z'), field('date'))).toMatch(/^refused/);
	});

	it('names the reason for each refused form', () => {
		const problem = (value: string) => {
			const parsed = parseDateValue(value, 'UTC');
			return 'problem' in parsed ? parsed.problem : null;
		};
		expect(problem('01/12/2026')).toContain('ambiguous');
		expect(problem('2026-02-30')).toContain('not a real date');
		expect(problem('10000-01-01')).toContain('outside the years 1000–9999');
		expect(problem('soon')).toContain('not a date');
		expect(problem('2026-03-01')).toBeNull();
	});
});

describe('metadata-driven limits', () => {
	it('checks decimal places when the field carries them', () => {
		const money = field('currency', { decimalPlaces: 2 });
		expect(valueOf(10.25, money)).toBe(10.25);
		expect(valueOf('10.255', money)).toMatch(/at most 2 decimal places/);
		expect(valueOf(10.255, field('currency'))).toBe(10.255);
	});

	it('uses Zoho’s documented maxima when the layout gives no length', () => {
		expect(valueOf('x'.repeat(255), field('text'))).toBe('x'.repeat(255));
		expect(valueOf('x'.repeat(256), field('text'))).toMatch(/at most 255/);
		expect(valueOf(123456789, field('integer'))).toBe(123456789);
		expect(valueOf(1234567890, field('integer'))).toMatch(/at most 9 digits/);
		expect(valueOf(2 ** 53, field('bigint'))).toMatch(/too large/);
	});

	it('cuts text only when asked, never e-mail', () => {
		const short = field('text', { length: 3 });
		const cut = checkValue('F', 'abcdef', short, { ...options, truncateLongText: true });
		expect(cut).toEqual({ value: 'abc' });
		const email = field('email', { length: 10 });
		expect(
			checkValue('F', 'abc@example.com', email, { ...options, truncateLongText: true }),
		).toMatchObject({
			problem: { code: 'INVALID_DATA', field: 'F' },
		});
	});
});

describe('blank text', () => {
	it('treats format and control characters alone as blank, and trims them at the edges only', () => {
		expect(isBlankText('\u200B\u200C\u200D\u2060\uFEFF\u200E\u200F\u202A\u2066\u00AD\u0000')).toBe(
			true,
		);
		expect(isBlankText('a\u200B')).toBe(false);
		expect(trimText('\u200B Ada\u200DLove \uFEFF')).toBe('Ada\u200DLove');
	});
});
