import { DateTime } from 'luxon';

import {
	autoMapItem,
	buildRecord,
	fillEmptyChanges,
	findExisting,
	matchingCriteria,
	parseTags,
	tagSetKey,
	validateRecord,
	type PushRecord,
} from '../../nodes/RecruitPush/mapping';
import { planBatch, plannedAction } from '../../nodes/RecruitPush/plan';
import { chunk } from '../../nodes/shared/collections';
import { buildNote } from '../../nodes/RecruitPush/notes';
import { attributeRecoveredInserts } from '../../nodes/RecruitPush/recovery';
import { checkValue } from '../../nodes/RecruitPush/validation';
import { isAutoMappable, toMapperField, toMapperFields } from '../../nodes/RecruitPush/fieldSchema';
import type { RecruitField } from '../../nodes/shared/transport/recruit';
import { field } from '../unit/pushFixtures';

const layout: RecruitField[] = [
	field('First_Name'),
	field('Last_Name', { mandatory: true }),
	field('Email', { dataType: 'email' }),
	field('Mobile', { dataType: 'phone' }),
	field('City'),
	field('Current_Job_Title'),
	field('Current_Employer'),
	field('Experience_in_Years', { dataType: 'integer', jsonType: 'integer' }),
	field('Date_of_Birth', { dataType: 'date' }),
	field('Last_Contacted', { dataType: 'datetime' }),
	field('Email_Opt_Out', { dataType: 'boolean' }),
	field('Campaign_Activity', {
		dataType: 'picklist',
		custom: true,
		picklistValues: [
			{ display: 'Opened', actual: 'Opened' },
			{ display: 'Clicked', actual: 'Clicked' },
		],
	}),
	field('Candidate_ID', { dataType: 'autonumber', readOnly: true }),
	field('Created_Time', { dataType: 'datetime', readOnly: true }),
	field('Candidate_Owner', { dataType: 'ownerlookup', lookupModule: 'users' }),
	field('Created_By', { dataType: 'ownerlookup', readOnly: true, lookupModule: 'users' }),
	// Metadata that does not flag an audit field read-only: still left out by name.
	field('Modified_By', { dataType: 'ownerlookup', lookupModule: 'users' }),
	field('Full_Name', { readOnly: true }),
	field('Employee_Code', { unique: true, custom: true }),
];
const byId = new Map(layout.map((entry) => [entry.apiName, entry]));

describe('toMapperField (resource mapper schema)', () => {
	it('maps Recruit data types to resource-mapper types and keeps picklist values', () => {
		const columns = toMapperFields(layout);
		const get = (id: string) => columns.find((column) => column.id === id);
		expect(get('Email')).toMatchObject({
			type: 'string',
			defaultMatch: true,
			canBeUsedToMatch: true,
			required: false,
			display: true,
			displayName: 'Email',
		});
		expect(get('Last_Name')).toMatchObject({
			required: true,
			canBeUsedToMatch: false,
			defaultMatch: false,
		});
		expect(get('Experience_in_Years')?.type).toBe('number');
		expect(get('Date_of_Birth')?.type).toBe('dateTime');
		expect(get('Email_Opt_Out')?.type).toBe('boolean');
		expect(get('Campaign_Activity')).toMatchObject({
			type: 'options',
			options: [
				{ name: 'Opened', value: 'Opened' },
				{ name: 'Clicked', value: 'Clicked' },
			],
		});
		expect(get('Employee_Code')?.canBeUsedToMatch).toBe(true);
	});

	it('leaves out system and read-only fields but shows writable lookups read-only', () => {
		const ids = toMapperFields(layout).map((column) => column.id);
		for (const id of ['Candidate_ID', 'Created_Time', 'Created_By', 'Modified_By', 'Full_Name'])
			expect(ids).not.toContain(id);
		expect(ids).toContain('Candidate_Owner');
		expect(toMapperField(byId.get('Candidate_Owner') as RecruitField)).toMatchObject({
			readOnly: true,
		});
	});
});

describe('value normalisation and auto-map', () => {
	const options = { truncateLongText: false, timeZone: 'UTC' };
	function normalised(value: unknown, target: RecruitField | undefined): unknown {
		const checked = checkValue(target?.apiName ?? 'X', value, target, options);
		return 'problem' in checked ? checked.problem : checked.value;
	}

	it('drops empty values and formats dates the way Recruit wants them', () => {
		expect(normalised('  ', byId.get('City'))).toBeUndefined();
		expect(normalised('\u200B\uFEFF', byId.get('City'))).toBeUndefined();
		expect(normalised(null, byId.get('City'))).toBeUndefined();
		expect(normalised(' Pune ', byId.get('City'))).toBe('Pune');
		expect(
			normalised(
				DateTime.fromISO('2026-03-04T10:00:00Z', { setZone: true }),
				byId.get('Date_of_Birth'),
			),
		).toBe('2026-03-04');
		expect(normalised('2026-03-04T10:00:05.123+05:30', byId.get('Last_Contacted'))).toBe(
			'2026-03-04T10:00:05+05:30',
		);
		expect(normalised('clicked', byId.get('Campaign_Activity'))).toBe('Clicked');
		expect(normalised(7, byId.get('Experience_in_Years'))).toBe(7);
		expect(normalised(false, byId.get('Email_Opt_Out'))).toBe(false);
	});

	it('sends numbers as text to text-like fields; numbers and booleans are not e-mails', () => {
		expect(normalised(5551234, byId.get('Mobile'))).toBe('5551234');
		expect(normalised(42, byId.get('City'))).toBe('42');
		expect(normalised(true, field('Notes', { dataType: 'textarea' }))).toBe('true');
		expect(normalised(12345, byId.get('Email'))).toMatchObject({
			code: 'INVALID_DATA',
			field: 'Email',
		});
		expect(normalised(2024, field('Site', { dataType: 'website' }))).toBe('2024');
		const years = field('Years', {
			dataType: 'picklist',
			picklistValues: [{ display: '3', actual: '3' }],
		});
		expect(normalised(3, years)).toBe('3');
		// Numeric and boolean fields keep their JSON type.
		expect(normalised(3.5, field('Rating', { dataType: 'double' }))).toBe(3.5);
		expect(normalised(0, byId.get('Experience_in_Years'))).toBe(0);
	});

	it('rejects objects and arrays in single-value fields before any request', () => {
		const nested = buildRecord({ Email: 'a@example.com', Last_Name: { nested: true } }, byId);
		expect(nested.invalid).toEqual({
			code: 'INVALID_DATA',
			message: expect.stringContaining('Last_Name got an object') as unknown as string,
			field: 'Last_Name',
			retryable: false,
		});
		const list = buildRecord({ Email: 'a@example.com', City: ['Pune'] }, byId);
		expect(list.invalid).toMatchObject({ code: 'INVALID_DATA', field: 'City' });
		// Lists are what multi-select picklists take; objects inside them are not.
		const skills = field('Skills', { dataType: 'multiselectpicklist', jsonType: 'jsonarray' });
		const withSkills = new Map([...byId, ['Skills', skills]]);
		const ok = buildRecord({ Email: 'a@example.com', Skills: ['Go', 'TS'] }, withSkills);
		expect(ok).toEqual({ record: { Email: 'a@example.com', Skills: ['Go', 'TS'] }, invalid: null });
		expect(buildRecord({ Skills: [{ name: 'Go' }] }, withSkills).invalid).toMatchObject({
			code: 'INVALID_DATA',
			field: 'Skills',
		});
		// Auto-map keeps an odd trigger value so the item says which field was wrong.
		const writable = new Map(layout.map((entry) => [entry.apiName, entry]));
		const mapped = autoMapItem({ email: 'a@example.com', lastName: ['L'] }, 'Candidates', writable);
		expect(buildRecord(mapped, byId).invalid).toMatchObject({
			code: 'INVALID_DATA',
			field: 'Last_Name',
		});
		// Dates are not "objects" here: they are formatted for the field.
		const dated = buildRecord({ Date_of_Birth: new Date('2026-03-04T00:00:00Z') }, byId);
		expect(dated).toEqual({ record: { Date_of_Birth: '2026-03-04' }, invalid: null });
	});

	it('maps the trigger item to Recruit fields, skipping nulls and unknown fields', () => {
		const item = {
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			mobile: null,
			phone: '+1 555',
			city: '',
			jobTitle: 'Engineer',
			companyName: 'Analytical Engines',
			activity: 'opened',
			campaign: { key: 'c1', name: 'Spring' },
			Employee_Code: 'E-1',
		};
		const writable = new Map(
			layout
				.filter((entry) => toMapperField(entry) && !entry.readOnly)
				.map((entry) => [entry.apiName, entry]),
		);
		const { record, invalid } = buildRecord(autoMapItem(item, 'Candidates', writable), byId);
		expect(invalid).toBeNull();
		expect(record).toEqual({
			Email: 'ada@example.com',
			First_Name: 'Ada',
			Last_Name: 'Lovelace',
			Current_Job_Title: 'Engineer',
			Current_Employer: 'Analytical Engines',
			Campaign_Activity: 'Opened',
			Employee_Code: 'E-1',
		});
		// Phone is not in this layout: never sent.
		expect(record).not.toHaveProperty('Phone');
	});
});

describe('auto-map skips lookups the mapper shows read-only', () => {
	const contactLayout: RecruitField[] = [
		...layout,
		field('Client_Name', { dataType: 'lookup', lookupModule: 'Clients' }),
	];
	const autoMappable = new Map(
		contactLayout.filter(isAutoMappable).map((entry) => [entry.apiName, entry]),
	);

	it('offers writable plain fields, never lookups or read-only fields', () => {
		expect([...autoMappable.keys()]).toEqual(
			expect.arrayContaining(['Email', 'Last_Name', 'Campaign_Activity', 'Employee_Code']),
		);
		for (const id of ['Candidate_Owner', 'Client_Name', 'Created_By', 'Full_Name', 'Candidate_ID'])
			expect(autoMappable.has(id)).toBe(false);
	});

	it('an item carrying lookup objects (from a Recruit node) maps without them, no INVALID_DATA', () => {
		const item = {
			Email: 'lookup@example.com',
			Last_Name: 'Owner',
			Candidate_Owner: { id: '700000000000000001', name: 'Recruiter' },
			Client_Name: { id: '800000000000000001', name: 'Acme' },
			City: 'Pune',
		};
		const { record, invalid } = buildRecord(autoMapItem(item, 'Candidates', autoMappable), byId);
		expect(invalid).toBeNull();
		expect(record).toEqual({ Email: 'lookup@example.com', Last_Name: 'Owner', City: 'Pune' });
	});
});

describe('validateRecord', () => {
	it('needs a matching value and, when inserting is possible, every mandatory field', () => {
		expect(validateRecord({ Last_Name: 'L' }, ['Email'], ['Last_Name'], true)).toEqual(
			expect.objectContaining({ code: 'MANDATORY_NOT_FOUND', field: 'Email' }),
		);
		expect(validateRecord({ Email: 'a@x.io' }, ['Email'], ['Last_Name'], true)).toEqual(
			expect.objectContaining({ code: 'MANDATORY_NOT_FOUND', field: 'Last_Name' }),
		);
		expect(validateRecord({ Email: 'a@x.io' }, ['Email'], ['Last_Name'], false)).toBeNull();
		expect(
			validateRecord({ Email: 'a@x.io', Last_Name: 'L' }, ['Email'], ['Last_Name'], true),
		).toBeNull();
		// several matching columns: one value is enough
		expect(
			validateRecord({ Employee_Code: 'E', Last_Name: 'L' }, ['Email', 'Employee_Code'], [], true),
		).toBeNull();
	});
});

describe('matching existing records', () => {
	const tricky = 'a(b),c@example.com';
	it('builds one criterion per distinct value and compares locally, exactly', () => {
		const criteria = matchingCriteria(
			[{ Email: tricky }, { Email: tricky.toUpperCase() }, { Email: 'x@y.io' }],
			['Email'],
		);
		expect(criteria).toEqual([
			{ field: 'Email', operator: 'equals', value: tricky },
			{ field: 'Email', operator: 'equals', value: 'x@y.io' },
		]);
		const existing = [
			{ id: '1', Email: 'a(b)@example.com' },
			{ id: '2', Email: 'A(B),C@example.com' },
		];
		expect(findExisting({ Email: tricky }, ['Email'], existing)?.id).toBe('2');
		expect(findExisting({ Email: 'a(b)' }, ['Email'], existing)).toBeUndefined();
	});

	it('fillEmpty sends only fields that are empty in Recruit', () => {
		const changes = fillEmptyChanges(
			{ Email: 'a@x.io', First_Name: 'New', City: 'Pune', Mobile: '1' },
			{ id: '9', Email: 'A@x.io', First_Name: 'Old', City: '', Mobile: null },
			['Email'],
		);
		expect(changes).toEqual({ City: 'Pune', Mobile: '1' });
	});
});

describe('attributeRecoveredInserts (insert applied but answered 5xx)', () => {
	const stored = [
		{ id: 'r7', Email: 'person7@example.com', First_Name: 'Twin', Unique_Code: 'U7' },
	];

	it('one record, two copies: the copy it holds claims it, the other is a duplicate', () => {
		const records: PushRecord[] = [
			{ Email: 'PERSON7@example.com', First_Name: 'First7' },
			{ Email: 'person7@example.com', First_Name: 'Twin' },
			{ Email: 'other@example.com', First_Name: 'Other' },
		];
		expect(attributeRecoveredInserts(records, ['Email'], stored)).toEqual([
			{ inserted: false, id: 'r7', field: 'Email' },
			{ inserted: true, id: 'r7' },
			undefined,
		]);
	});

	it('no copy matches the stored values: the first one claims it; field is the column that matched', () => {
		const records: PushRecord[] = [
			{ Unique_Code: 'u7', First_Name: 'A' },
			{ Email: 'person7@example.com', First_Name: 'B' },
		];
		expect(attributeRecoveredInserts(records, ['Unique_Code', 'Email'], stored)).toEqual([
			{ inserted: true, id: 'r7' },
			{ inserted: false, id: 'r7', field: 'Email' },
		]);
	});
});

describe('planBatch', () => {
	const existing = [{ id: '100', Email: 'old@x.io', First_Name: 'Kept', City: null }];
	const records: PushRecord[] = [
		{ Email: 'old@x.io', Last_Name: 'O', First_Name: 'Other', City: 'Pune' },
		{ Email: 'new@x.io', Last_Name: 'N' },
	];

	it('create: existing → EXISTS with id, new → insert payload', () => {
		const plans = planBatch(records, existing, {
			operation: 'create',
			matchingColumns: ['Email'],
			fillEmpty: false,
		});
		expect(plans[0]).toEqual({
			outcome: { error: expect.objectContaining({ code: 'EXISTS', id: '100' }) },
		});
		expect(plans[1]).toEqual({ payload: records[1], existingId: null });
	});

	it('update: missing → NOT_FOUND, found → PUT payload with id', () => {
		const plans = planBatch(records, existing, {
			operation: 'update',
			matchingColumns: ['Email'],
			fillEmpty: false,
		});
		expect(plans[0]).toEqual({ payload: { id: '100', ...records[0] }, existingId: '100' });
		expect(plans[1]).toEqual({
			outcome: { error: expect.objectContaining({ code: 'NOT_FOUND' }) },
		});
	});

	it('upsert fillEmpty: only empty fields plus the matching value; nothing to do → unchanged', () => {
		const plans = planBatch(records, existing, {
			operation: 'upsert',
			matchingColumns: ['Email'],
			fillEmpty: true,
		});
		expect(plans[0]).toEqual({
			payload: { Email: 'old@x.io', Last_Name: 'O', City: 'Pune' },
			existingId: '100',
		});
		const same = planBatch([{ Email: 'old@x.io', First_Name: 'Other' }], existing, {
			operation: 'upsert',
			matchingColumns: ['Email'],
			fillEmpty: true,
		});
		expect(same[0]).toEqual({ outcome: { pushed: { id: '100', action: 'unchanged' } } });
	});

	it('upsert overwrite sends every record as it is', () => {
		const plans = planBatch(records, [], {
			operation: 'upsert',
			matchingColumns: ['Email'],
			fillEmpty: false,
		});
		expect(plans).toEqual(records.map((record) => ({ payload: record, existingId: null })));
	});

	it('upsert overwrite with looked-up records (dry run) knows insert from update', () => {
		const plans = planBatch(records, existing, {
			operation: 'upsert',
			matchingColumns: ['Email'],
			fillEmpty: false,
		});
		expect(plans).toEqual([
			{ payload: records[0], existingId: '100' },
			{ payload: records[1], existingId: null },
		]);
		expect(plans.map((plan) => ('payload' in plan ? plannedAction(plan) : null))).toEqual([
			'updated',
			'inserted',
		]);
	});
});

describe('small helpers', () => {
	it('parses and groups tags', () => {
		expect(parseTags(' Opened, Spring ,,Opened')).toEqual(['Opened', 'Spring']);
		expect(parseTags(['a', ' b '])).toEqual(['a', 'b']);
		expect(parseTags(undefined)).toEqual([]);
		expect(tagSetKey(['b', 'a'])).toBe(tagSetKey(['a', 'b']));
	});

	it('chunks in order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
	});

	it('writes a note with activity, campaign and time', () => {
		const note = buildNote(
			{
				activity: 'clicked',
				campaign: { key: 'k1', name: 'Spring' },
				detectedAt: '2026-01-02T03:04:05Z',
			},
			'2026-01-03T00:00:00Z',
		);
		// Deterministic for (campaign key, activity): how a later run recognises it.
		expect(note.title).toBe('Clicked campaign "Spring" (k1)');
		expect(note.content).toContain('Activity: clicked');
		expect(note.content).toContain('Campaign: Spring (k1)');
		expect(note.content).toContain('Time: 2026-01-02T03:04:05Z');
	});
});
