// The odd-input corpus for Recruit Push (issue 12): one row per case, each varying one or two
// fields of an otherwise valid Candidate. `stored` lists what Recruit must hold after the real run
// (null: the field was left out); `refused` the code and field of the Not Pushed item.
import type { IDataObject } from 'n8n-workflow';

export type Expectation =
	| { stored: IDataObject }
	| { refused: { code: 'INVALID_DATA' | 'MANDATORY_NOT_FOUND'; field: string } };

export interface PushCase {
	category: string;
	name: string;
	values: IDataObject;
	expect: Expectation;
	/**
	 * A refusal that is the package's own rule, not one Zoho (the sandbox) would apply to the raw
	 * value, e.g. an invisible-only Last_Name: Zoho would store it.
	 */
	nodeOnly?: boolean;
}

/** Fields the corpus layout adds to the sandbox's Candidates (see push.corpus.test.ts). */
export const CORPUS_FIELDS = [
	{ api_name: 'Date_of_Birth', data_type: 'date', json_type: 'string', length: null },
	{ api_name: 'Last_Contacted', data_type: 'datetime', json_type: 'string', length: null },
	{ api_name: 'Rating', data_type: 'double', json_type: 'double', length: null },
	{ api_name: 'Expected_Salary', data_type: 'currency', json_type: 'double', length: null },
	{
		api_name: 'Skills',
		data_type: 'multiselectpicklist',
		json_type: 'jsonarray',
		length: null,
		pick_list_values: ['Go', 'TypeScript', 'SQL'].map((v) => ({
			display_value: v,
			actual_value: v,
		})),
	},
	{ api_name: 'Short_Code', data_type: 'text', json_type: 'string', length: 10 },
];

/** Values with nothing visible in them (nodes/shared/text.ts); the filter corpus uses them too. */
export const INVISIBLE_VALUES: ReadonlyArray<[string, string]> = [
	['empty', ''],
	['spaces', '   '],
	['tab and newline', '\t\n'],
	['no-break space', '\u00A0'],
	['zero-width space', '\u200B'],
	['zero-width non-joiner', '\u200C'],
	['zero-width joiner', '\u200D'],
	['word joiner', '\u2060'],
	['BOM', '\uFEFF'],
	['left-to-right and right-to-left marks', '\u200E\u200F'],
	['bidi isolates', '\u2066\u2069'],
	['bidi embedding', '\u202A\u202C'],
	['soft hyphen', '\u00AD'],
	['Hangul filler', '\u3164'],
	['braille blank', '\u2800'],
	['ideographic space', '\u3000'],
	['NUL', '\u0000'],
	['a mix', ' \u200B\uFEFF\u00A0\u2060 '],
];

const cases: PushCase[] = [];

function ok(category: string, name: string, values: IDataObject, stored: IDataObject): void {
	cases.push({ category, name, values, expect: { stored } });
}

function bad(
	category: string,
	name: string,
	values: IDataObject,
	field: string,
	options: { code?: 'INVALID_DATA' | 'MANDATORY_NOT_FOUND'; nodeOnly?: boolean } = {},
): void {
	cases.push({
		category,
		name,
		values,
		expect: { refused: { code: options.code ?? 'INVALID_DATA', field } },
		nodeOnly: options.nodeOnly,
	});
}

const x = (n: number, ch = 'a') => ch.repeat(n);

// ─── length: Zoho refuses an over-long value (insert-records.html) ───────────────────────────
{
	const c = 'length';
	const limits: Array<[string, number]> = [
		['First_Name', 40],
		['Last_Name', 80],
		['City', 100],
		['State', 100],
		['Country', 100],
		['Current_Employer', 100],
		['Current_Job_Title', 100],
		['Street', 250],
		['Zip_Code', 30],
		['Last_Campaign', 255],
		['Short_Code', 10],
		['Skill_Set', 2000],
	];
	for (const [field, max] of limits) {
		ok(c, `${field} of exactly ${max}`, { [field]: x(max, 'k') }, { [field]: x(max, 'k') });
		bad(c, `${field} of ${max + 1}`, { [field]: x(max + 1, 'k') }, field);
	}
	const emoji = '😀';
	ok(
		c,
		'First_Name of 20 emoji (40 UTF-16 units)',
		{ First_Name: emoji.repeat(20) },
		{
			First_Name: emoji.repeat(20),
		},
	);
	bad(c, 'First_Name of 21 emoji (42 units)', { First_Name: emoji.repeat(21) }, 'First_Name');
	bad(c, 'Email of 101', { Email: `${x(89)}@example.com` }, 'Email');
	bad(c, 'Email of 247', { Email: `${x(235)}@example.com` }, 'Email');
	ok(
		c,
		'Email of exactly 100',
		{ Email: `${x(88)}@example.com` },
		{ Email: `${x(88)}@example.com` },
	);
	bad(c, 'Mobile of 31 digits', { Mobile: '1'.repeat(31) }, 'Mobile');
	ok(c, 'Mobile of 30 digits', { Mobile: '1'.repeat(30) }, { Mobile: '1'.repeat(30) });
	bad(c, 'Website of 256', { Website: `https://${x(244)}.com` }, 'Website');
	ok(
		c,
		'Website of 255',
		{ Website: `https://${x(243)}.com` },
		{ Website: `https://${x(243)}.com` },
	);
	ok(c, 'surrounding spaces do not count', { First_Name: `  ${x(40)}  ` }, { First_Name: x(40) });
	bad(
		c,
		'a campaign name of 256 into Last_Campaign',
		{ Last_Campaign: x(256, 'C') },
		'Last_Campaign',
	);
}

// ─── e-mail ─────────────────────────────────────────────────────────────────────────────────
{
	const c = 'email';
	const good: Array<[string, string]> = [
		['plus addressing', 'ada+jobs@example.com'],
		['subdomain', 'ada@mail.example.co.uk'],
		['upper case', 'ADA.UPPER@EXAMPLE.COM'],
		['digits only local part', '12345@example.com'],
		['parentheses and comma (escaped in search)', 'a(b),c.corpus@example.com'],
		['apostrophe', "o'brien.corpus@example.com"],
		['unicode local part', 'zoë.corpus@example.com'],
		['IDN domain', 'ada@bücher.example'],
		['hyphenated domain', 'ada@my-company.example'],
		['closing parenthesis and or', 'x)or(y@example.com'],
	];
	for (const [name, email] of good) ok(c, name, { Email: email }, { Email: email });
	ok(
		c,
		'spaces around are trimmed',
		{ Email: '  trim.me@example.com  ' },
		{ Email: 'trim.me@example.com' },
	);
	ok(
		c,
		'zero-width space around is trimmed',
		{ Email: '\u200Bzw.trim@example.com\uFEFF' },
		{
			Email: 'zw.trim@example.com',
		},
	);
	const invalid: Array<[string, unknown]> = [
		['no @', 'ada.example.com'],
		['two @', 'ada@@example.com'],
		['space inside', 'ada lovelace@example.com'],
		['no dot in the domain', 'ada@localhost'],
		['only @', '@'],
		['missing local part', '@example.com'],
		['missing domain', 'ada@'],
		['a number', 12345],
		['a boolean', true],
		['the text "null"', 'null'],
		['tab inside', 'ada\t@example.com'],
		['newline inside', 'ada@exam\nple.com'],
	];
	for (const [name, email] of invalid) bad(c, name, { Email: email as string }, 'Email');
	bad(c, 'an object', { Email: { address: 'ada@example.com' } }, 'Email');
	bad(c, 'a list', { Email: ['ada@example.com'] }, 'Email');
	// Email is the matching field: without it nothing can be matched (the package's rule).
	const matching = { code: 'MANDATORY_NOT_FOUND', nodeOnly: true } as const;
	bad(c, 'empty (the matching field)', { Email: '' }, 'Email', matching);
	bad(c, 'whitespace only', { Email: '   ' }, 'Email', matching);
	bad(c, 'zero-width only', { Email: '\u200B\u200C' }, 'Email', matching);
	bad(c, 'Secondary_Email invalid', { Secondary_Email: 'not-an-address' }, 'Secondary_Email');
	ok(
		c,
		'Secondary_Email valid',
		{ Secondary_Email: 'second@example.com' },
		{
			Secondary_Email: 'second@example.com',
		},
	);
}

// ─── phone ──────────────────────────────────────────────────────────────────────────────────
{
	const c = 'phone';
	const good: Array<[string, string]> = [
		['international', '+1 (555) 123-4567'],
		['dots', '555.123.4567'],
		['extension', '+44 20 7946 0958 x12'],
		['slashes', '030/1234567'],
		['hash and star', '*31#555'],
		['digits only', '5551234'],
	];
	for (const [name, phone] of good) ok(c, name, { Phone: phone }, { Phone: phone });
	ok(c, 'a number becomes text', { Mobile: 5551234 }, { Mobile: '5551234' });
	ok(c, 'zero-width only is left out', { Mobile: '\u200B' }, { Mobile: null });
	const invalid: Array<[string, unknown]> = [
		['letters', 'call me'],
		['letters mixed in', '555-CALL-NOW'],
		['an emoji', '📞 555 1234'],
		['plus alone', '+'],
		['parentheses only', '()'],
		['a boolean', false],
		['a list', ['555']],
		['an object', { number: '555' }],
		['a comma', '555,1234'],
		['a semicolon', '555;1234'],
	];
	for (const [name, phone] of invalid) bad(c, name, { Mobile: phone as string }, 'Mobile');
}

// ─── numbers: integer (Experience_in_Years, 4 digits), double, currency ───────────────────────
{
	const c = 'number';
	const goodInt: Array<[string, unknown, number]> = [
		['an integer', 5, 5],
		['zero', 0, 0],
		['negative', -3, -3],
		['4 digits', 9999, 9999],
		['numeric text', '7', 7],
		['numeric text with spaces', ' 12 ', 12],
		['5.0', '5.0', 5],
		['exponent', '1e3', 1000],
	];
	for (const [name, value, stored] of goodInt) {
		ok(
			c,
			`Experience_in_Years ${name}`,
			{ Experience_in_Years: value as number },
			{
				Experience_in_Years: stored,
			},
		);
	}
	const badInt: Array<[string, unknown]> = [
		['5.5', 5.5],
		['"5.5"', '5.5'],
		['5 digits', 12345],
		['letters', 'abc'],
		['thousands separator', '1,000'],
		['hex', '0x10'],
		['a boolean', true],
		['a list', [5]],
		['1e21', 1e21],
		['years suffix', '5 years'],
	];
	for (const [name, value] of badInt) {
		bad(
			c,
			`Experience_in_Years ${name}`,
			{ Experience_in_Years: value as number },
			'Experience_in_Years',
		);
	}
	ok(c, 'Rating 3.5', { Rating: 3.5 }, { Rating: 3.5 });
	ok(c, 'Rating "3.75"', { Rating: '3.75' }, { Rating: 3.75 });
	ok(c, 'Rating -0.5', { Rating: -0.5 }, { Rating: -0.5 });
	bad(c, 'Rating "abc"', { Rating: 'abc' }, 'Rating');
	bad(c, 'Rating true', { Rating: true }, 'Rating');
	ok(c, 'Expected_Salary 50000.5', { Expected_Salary: 50000.5 }, { Expected_Salary: 50000.5 });
	ok(c, 'Expected_Salary "50000"', { Expected_Salary: '50000' }, { Expected_Salary: 50000 });
	bad(c, 'Expected_Salary "$50,000"', { Expected_Salary: '$50,000' }, 'Expected_Salary');
	bad(c, 'Expected_Salary "50k"', { Expected_Salary: '50k' }, 'Expected_Salary');
}

// ─── boolean (Email_Opt_Out) ────────────────────────────────────────────────────────────────
{
	const c = 'boolean';
	const good: Array<[string, unknown, boolean]> = [
		['true', true, true],
		['false', false, false],
		['"true"', 'true', true],
		['"FALSE"', 'FALSE', false],
		['"1"', '1', true],
		['0', 0, false],
		['1', 1, true],
	];
	for (const [name, value, stored] of good) {
		ok(c, name, { Email_Opt_Out: value as boolean }, { Email_Opt_Out: stored });
	}
	for (const [name, value] of [
		['"yes"', 'yes'],
		['"no"', 'no'],
		['2', 2],
		['"maybe"', 'maybe'],
		['a list', [true]],
	] as Array<[string, unknown]>) {
		bad(c, name, { Email_Opt_Out: value as boolean }, 'Email_Opt_Out');
	}
}

// ─── dates (Date_of_Birth) and date-times (Last_Contacted); the workflow zone is Europe/Berlin ─
{
	const c = 'date';
	const good: Array<[string, unknown, string]> = [
		['ISO date', '2026-03-01', '2026-03-01'],
		['ISO date-time keeps its own day', '2026-03-01T23:30:00-05:00', '2026-03-01'],
		['year first with slashes', '2026/03/01', '2026-03-01'],
		['year first with dots, no padding', '2026.3.1', '2026-03-01'],
		['day month-name year', '1 Mar 2026', '2026-03-01'],
		['full month name', 'March 1, 2026', '2026-03-01'],
		['month-name day year', 'Mar 1 2026', '2026-03-01'],
		['Zoho Campaigns format', '01 Mar 2026, 10:00 AM', '2026-03-01'],
		['leap day', '2028-02-29', '2028-02-29'],
		['spaces around', ' 2026-03-01 ', '2026-03-01'],
		['zero-width around', '\u200B2026-03-01', '2026-03-01'],
		['year 1000', '1000-01-01', '1000-01-01'],
		['year 9999', '9999-12-31', '9999-12-31'],
	];
	for (const [name, value, stored] of good) {
		ok(c, `date: ${name}`, { Date_of_Birth: value as string }, { Date_of_Birth: stored });
	}
	const invalid: Array<[string, unknown]> = [
		['ambiguous 01/12/2026', '01/12/2026'],
		['ambiguous 12/01/2026', '12/01/2026'],
		['day-first 31/01/2026 (refused like every day/month-first number)', '31/01/2026'],
		['ambiguous with dashes', '1-12-2026'],
		['ambiguous with dots', '01.12.2026'],
		['30 February', '2026-02-30'],
		['29 February of a common year', '2026-02-29'],
		['month 13', '2026-13-01'],
		['month 0', '2026-00-10'],
		['day 32', '2026-01-32'],
		['year 10000', '10000-01-01'],
		['expanded year', '+010000-01-01'],
		['a word', 'yesterday'],
		['a number', 20260301],
		['epoch milliseconds', 1767225600000],
		['a boolean', true],
		['a list', ['2026-03-01']],
		['hour 25', '2026-03-01T25:00'],
	];
	for (const [name, value] of invalid) {
		bad(c, `date: ${name}`, { Date_of_Birth: value as string }, 'Date_of_Birth');
	}
	// The sandbox takes any four-digit year; the package keeps to 1000–9999.
	bad(c, 'date: year 999', { Date_of_Birth: '0999-12-31' }, 'Date_of_Birth', { nodeOnly: true });
	const goodTime: Array<[string, unknown, string]> = [
		['UTC', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00+00:00'],
		['offset kept', '2026-03-01T10:00:00+05:30', '2026-03-01T10:00:00+05:30'],
		['milliseconds dropped', '2026-03-01T10:00:00.999+05:30', '2026-03-01T10:00:00+05:30'],
		['no offset: workflow zone', '2026-03-01 10:00:00', '2026-03-01T10:00:00+01:00'],
		['no seconds', '2026-07-01T10:00', '2026-07-01T10:00:00+02:00'],
		['date only: midnight in the workflow zone', '2026-03-01', '2026-03-01T00:00:00+01:00'],
		['compact offset', '2026-03-01T10:00:00+0530', '2026-03-01T10:00:00+05:30'],
	];
	for (const [name, value, stored] of goodTime) {
		ok(c, `datetime: ${name}`, { Last_Contacted: value as string }, { Last_Contacted: stored });
	}
	const badTime: Array<[string, unknown]> = [
		['24:30', '2026-03-01T24:30:00Z'],
		['minute 61', '2026-03-01T10:61:00Z'],
		['30 February', '2026-02-30T10:00:00Z'],
		['day-first with time', '01/03/2026 10:00'],
		['year 10000', '10000-01-01T00:00:00Z'],
		['a number', 1767225600],
	];
	for (const [name, value] of badTime) {
		bad(c, `datetime: ${name}`, { Last_Contacted: value as string }, 'Last_Contacted');
	}
}

// ─── picklists and multi-select ─────────────────────────────────────────────────────────────
{
	const c = 'picklist';
	const good: Array<[string, IDataObject, IDataObject]> = [
		['mr. → Mr.', { Salutation: 'mr.' }, { Salutation: 'Mr.' }],
		['MRS. → Mrs.', { Salutation: 'MRS.' }, { Salutation: 'Mrs.' }],
		[' dr.  → Dr.', { Salutation: ' dr. ' }, { Salutation: 'Dr.' }],
		[
			'an unknown value is sent as given (Zoho adds it)',
			{ Salutation: 'Prof.' },
			{ Salutation: 'Prof.' },
		],
		['clicked → Clicked', { Campaign_Activity: 'clicked' }, { Campaign_Activity: 'Clicked' }],
		['OPENED → Opened', { Campaign_Activity: 'OPENED' }, { Campaign_Activity: 'Opened' }],
		['zoho campaigns → Zoho Campaigns', { Source: 'zoho campaigns' }, { Source: 'Zoho Campaigns' }],
		['a number becomes text', { Origin: 1 }, { Origin: '1' }],
		['multi-select case fixed', { Skills: ['go', 'typescript'] }, { Skills: ['Go', 'TypeScript'] }],
		['multi-select from text', { Skills: 'Go, sql' }, { Skills: ['Go', 'SQL'] }],
		['multi-select duplicates merged', { Skills: ['Go', 'go', 'GO'] }, { Skills: ['Go'] }],
		['multi-select empty list left out', { Skills: [] }, { Skills: null }],
		['multi-select blanks left out', { Skills: ['', ' ', '\u200B'] }, { Skills: null }],
		['multi-select unknown value kept', { Skills: ['Rust'] }, { Skills: ['Rust'] }],
		['multi-select numbers become text', { Skills: [1, 2] }, { Skills: ['1', '2'] }],
	];
	for (const [name, values, stored] of good) ok(c, name, values, stored);
	bad(c, 'a list in a picklist', { Salutation: ['Mr.'] }, 'Salutation');
	bad(
		c,
		'an object in a picklist',
		{ Campaign_Activity: { value: 'Opened' } },
		'Campaign_Activity',
	);
	bad(c, 'objects in a multi-select', { Skills: [{ name: 'Go' }] }, 'Skills');
	bad(c, 'a nested list in a multi-select', { Skills: [['Go']] }, 'Skills');
}

// ─── blank and invisible values ─────────────────────────────────────────────────────────────
{
	const c = 'blank';
	for (const [name, value] of INVISIBLE_VALUES) {
		// Zoho trims spaces, so a whitespace-only Last_Name is missing there too; the invisible
		// characters that are not whitespace are the package's own rule.
		const zohoTrims = value.trim() === '';
		bad(c, `Last_Name ${name}`, { Last_Name: value }, 'Last_Name', {
			code: 'MANDATORY_NOT_FOUND',
			nodeOnly: !zohoTrims,
		});
	}
	bad(c, 'Last_Name null', { Last_Name: null }, 'Last_Name', { code: 'MANDATORY_NOT_FOUND' });
	ok(c, 'First_Name zero-width only is left out', { First_Name: '\u200B' }, { First_Name: null });
	ok(c, 'City BOM only is left out', { City: '\uFEFF' }, { City: null });
	ok(c, 'invisible edges are trimmed', { Last_Name: '\u200BSmith\u200B' }, { Last_Name: 'Smith' });
	ok(c, 'a joiner inside is kept', { Last_Name: 'Ka\u200Dren' }, { Last_Name: 'Ka\u200Dren' });
}

// ─── unicode and structure ──────────────────────────────────────────────────────────────────
{
	const c = 'unicode and types';
	const names: Array<[string, string]> = [
		['diaeresis', 'Zoë'],
		['apostrophe', "O'Brien"],
		['CJK', '李小龙'],
		['Arabic (right to left)', 'محمد'],
		['emoji', 'Ada 😀'],
		['combining accent', 'Jose\u0301'],
		['hyphen and space', 'Smith-Jones Jr'],
		['quotes and brackets', '"Ada" (Countess)'],
		['HTML-looking', '<b>Ada</b>'],
		['criteria-looking', '(Email:equals:x@y.com)or'],
	];
	for (const [name, value] of names)
		ok(c, `Last_Name ${name}`, { Last_Name: value }, { Last_Name: value });
	ok(c, 'a number in a text field becomes text', { City: 42 }, { City: '42' });
	ok(c, 'a boolean in a text field becomes text', { City: true }, { City: 'true' });
	ok(c, 'a number as Last_Name becomes text', { Last_Name: 7 }, { Last_Name: '7' });
	bad(c, 'an object as Last_Name', { Last_Name: { first: 'A' } }, 'Last_Name');
	bad(c, 'a list as Last_Name', { Last_Name: ['Lovelace'] }, 'Last_Name');
	bad(c, 'a nested list as City', { City: [['Pune']] }, 'City');
	bad(c, 'an object as Website', { Website: { url: 'https://x.example' } }, 'Website');
}

export const PUSH_CASES: readonly PushCase[] = cases;

// ─── options.truncateLongText on: text is cut to fit, e-mail, phone and URLs never are ──────
const truncated: PushCase[] = [];
{
	const c = 'truncate';
	const cutTo = (values: IDataObject, stored: IDataObject, name: string) =>
		truncated.push({ category: c, name, values, expect: { stored } });
	const refuse = (values: IDataObject, field: string, name: string) =>
		truncated.push({
			category: c,
			name,
			values,
			expect: { refused: { code: 'INVALID_DATA', field } },
		});
	cutTo({ First_Name: x(41, 'f') }, { First_Name: x(40, 'f') }, 'First_Name 41 → 40');
	cutTo({ Last_Name: x(81, 'l') }, { Last_Name: x(80, 'l') }, 'Last_Name 81 → 80');
	cutTo({ Last_Campaign: x(256, 'C') }, { Last_Campaign: x(255, 'C') }, 'campaign name 256 → 255');
	cutTo({ Skill_Set: x(2001, 's') }, { Skill_Set: x(2000, 's') }, 'Multi Line 2001 → 2000');
	cutTo({ Short_Code: 'ABCDEFGHIJ KLM' }, { Short_Code: 'ABCDEFGHIJ' }, 'custom text 14 → 10');
	cutTo(
		{ First_Name: `a${'😀'.repeat(20)}` },
		{ First_Name: `a${'😀'.repeat(19)}` },
		'never splits an emoji',
	);
	cutTo({ City: `${x(99, 'c')} d` }, { City: x(99, 'c') }, 'no trailing space after the cut');
	refuse({ Email: `${x(89)}@example.com` }, 'Email', 'Email 101 still refused');
	refuse({ Mobile: '1'.repeat(31) }, 'Mobile', 'Mobile 31 still refused');
	refuse({ Website: `https://${x(244)}.com` }, 'Website', 'Website 256 still refused');
}
export const TRUNCATE_CASES: readonly PushCase[] = truncated;

// ─── define below with the schema the editor saves: n8n's own type checks must not step in ──
const defineBelow: PushCase[] = [];
{
	const c = 'define below';
	const add = (name: string, values: IDataObject, expect: Expectation) =>
		defineBelow.push({ category: c, name, values, expect });
	const refused = (
		field: string,
		code: 'INVALID_DATA' | 'MANDATORY_NOT_FOUND' = 'INVALID_DATA',
	) => ({
		refused: { code, field },
	});
	add(
		'picklist case fixed (n8n: not one of the options)',
		{ Salutation: 'mr.' },
		{ stored: { Salutation: 'Mr.' } },
	);
	add(
		'open picklist value (n8n: not one of the options)',
		{ Salutation: 'Prof.' },
		{ stored: { Salutation: 'Prof.' } },
	);
	add(
		'ambiguous date (n8n: 2026-01-12)',
		{ Date_of_Birth: '01/12/2026' },
		refused('Date_of_Birth'),
	);
	add(
		'impossible date (n8n: 2026-03-02)',
		{ Date_of_Birth: '2026-02-30' },
		refused('Date_of_Birth'),
	);
	add('year 10000', { Date_of_Birth: '10000-01-01' }, refused('Date_of_Birth'));
	add('ISO date', { Date_of_Birth: '2026-03-01' }, { stored: { Date_of_Birth: '2026-03-01' } });
	add(
		'numeric text into a number',
		{ Experience_in_Years: '7' },
		{ stored: { Experience_in_Years: 7 } },
	);
	add('5.5 into an integer', { Experience_in_Years: '5.5' }, refused('Experience_in_Years'));
	add(
		'"yes" into a boolean (n8n: generic parse error)',
		{ Email_Opt_Out: 'yes' },
		refused('Email_Opt_Out'),
	);
	add('"true" into a boolean', { Email_Opt_Out: 'true' }, { stored: { Email_Opt_Out: true } });
	add('invisible Last_Name', { Last_Name: '\u200B' }, refused('Last_Name', 'MANDATORY_NOT_FOUND'));
	add('number as e-mail', { Email: 4711 }, refused('Email'));
}
export const DEFINE_BELOW_CASES: readonly PushCase[] = defineBelow;
