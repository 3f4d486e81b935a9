import { zohoIdSchema } from '../../nodes/shared/schemas/recruit';
import {
	buildCriteria,
	escapeCriteriaValue,
	mapRecordResults,
	MAX_CRITERIA,
	toRecordResult,
} from '../../nodes/shared/transport/recruit';

describe('criteria', () => {
	it('escapes ( ) and , with a backslash (ref §5.4 example) and leaves the rest', () => {
		expect(escapeCriteriaValue('Burns,B')).toBe('Burns\\,B');
		expect(escapeCriteriaValue('a(b)c,d')).toBe('a\\(b\\)c\\,d');
		expect(escapeCriteriaValue('ann.lee+x@example.com')).toBe('ann.lee+x@example.com');
		// The escape character itself, so a trailing backslash cannot escape the closing parenthesis.
		expect(escapeCriteriaValue('trail@x.com\\')).toBe('trail@x.com\\\\');
		expect(escapeCriteriaValue('x\\)or(y')).toBe('x\\\\\\)or\\(y');
	});

	it('builds the documented shape and URL-encodes to the documented bytes', () => {
		const criteria = buildCriteria(
			[
				{ field: 'Last_Name', operator: 'equals', value: 'Burns,B' },
				{ field: 'First_Name', operator: 'starts_with', value: 'M' },
			],
			'and',
		);
		expect(criteria).toBe('((Last_Name:equals:Burns\\,B)and(First_Name:starts_with:M))');
		expect(encodeURIComponent(criteria)).toContain('Burns%5C%2CB');
		expect(buildCriteria([{ field: 'Email', operator: 'equals', value: 'a@b.c' }], 'or')).toBe(
			'(Email:equals:a@b.c)',
		);
	});

	it('refuses an empty list and more than 10 criteria', () => {
		const many = Array.from({ length: MAX_CRITERIA + 1 }, (_, i) => ({
			field: 'Email',
			operator: 'equals' as const,
			value: `u${i}@x.y`,
		}));
		expect(() => buildCriteria(many, 'or')).toThrow(/at most 10/);
		expect(() => buildCriteria([], 'or')).toThrow();
		expect(buildCriteria(many.slice(0, 10), 'or').match(/\)or\(/g)).toHaveLength(9);
	});
});

describe('per-record results', () => {
	it('maps success, upsert actions and errors, keeping input order', () => {
		const results = mapRecordResults(
			{
				statusCode: 202,
				body: {
					data: [
						{
							code: 'SUCCESS',
							action: 'update',
							duplicate_field: 'Email',
							details: { id: '11' },
							message: 'record updated',
							status: 'success',
						},
						{
							code: 'MANDATORY_NOT_FOUND',
							details: { api_name: 'Last_Name' },
							message: 'required field not found',
							status: 'error',
						},
						{ code: 'SUCCESS', details: { id: 12 }, message: 'record added', status: 'success' },
						{
							code: 'DUPLICATE_DATA',
							details: { api_name: 'Email', id: '99' },
							message: 'duplicate data',
							status: 'error',
						},
					],
				},
			},
			5,
			'upsert',
		);
		expect(results.map((r) => [r.ok, r.code, r.id, r.action, r.field])).toEqual([
			[true, 'SUCCESS', '11', 'update', null],
			[false, 'MANDATORY_NOT_FOUND', null, null, 'Last_Name'],
			[true, 'SUCCESS', '12', 'insert', null],
			[false, 'DUPLICATE_DATA', '99', null, 'Email'],
			[false, 'NO_RESULT', null, null, null],
		]);
		expect(results[3].details).toEqual({ api_name: 'Email', id: '99' });
		expect(results[4].message).toContain('HTTP 202');
	});

	it('takes the action from the mode for insert and update', () => {
		const entry = { code: 'SUCCESS', details: { id: '1' }, message: 'ok', status: 'success' };
		expect(toRecordResult(entry, 'insert').action).toBe('insert');
		expect(toRecordResult(entry, 'update').action).toBe('update');
		expect(toRecordResult(entry, null).action).toBeNull();
	});

	it('does not call a 2xx entry with status:error a success, nor crash on garbage', () => {
		expect(
			toRecordResult(
				{ code: 'INVALID_DATA', details: {}, message: 'invalid data', status: 'error' },
				'insert',
			).ok,
		).toBe(false);
		expect(toRecordResult({ code: 'SUCCESS' }, 'insert').ok).toBe(true);
		expect(toRecordResult('nonsense', 'insert')).toMatchObject({
			ok: false,
			code: 'UNEXPECTED_RESULT',
		});
		expect(
			mapRecordResults({ statusCode: 204, body: null }, 2, 'insert').map((r) => r.code),
		).toEqual(['NO_RESULT', 'NO_RESULT']);
	});
});

describe('record ids', () => {
	it('never reports a rounded id: an unsafe JSON number gives no id, a string is kept', () => {
		const rounded = toRecordResult(
			{ code: 'SUCCESS', status: 'success', details: { id: 486812000001660100 }, message: 'm' },
			'insert',
		);
		expect(rounded).toMatchObject({ ok: true, id: null });
		const exact = toRecordResult(
			{ code: 'SUCCESS', status: 'success', details: { id: '486812000001660091' }, message: 'm' },
			'insert',
		);
		expect(exact.id).toBe('486812000001660091');
		expect(toRecordResult({ code: 'SUCCESS', details: { id: 42 } }, null).id).toBe('42');
	});

	it('refuses a record whose id lost digits instead of using a neighbour id', () => {
		expect(zohoIdSchema.safeParse(486812000001660100).success).toBe(false);
		expect(zohoIdSchema.parse('486812000001660091')).toBe('486812000001660091');
		expect(zohoIdSchema.parse(42)).toBe('42');
	});
});
