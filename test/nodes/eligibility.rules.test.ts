// Pure-logic tests of the Eligibility Filter: the crafted table runs through the node's execute()
// with a minimal fake n8n context (no credentials, no network), plus the email validator and the
// status mapping on their own.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { EligibilityFilter } from '../../nodes/EligibilityFilter/EligibilityFilter.node';
import { emailProblem, isValidEmail } from '../../nodes/shared/email';
import {
	CHECK_NAMES,
	compileRequiredFields,
	contactStatusReason,
	evaluateItems,
	isMissing,
	type IneligibleReason,
	type RuleSettings,
} from '../../nodes/EligibilityFilter/rules';
import { TABLE, activityItem } from './fixtures/eligibility-table';

function fakeContext(
	items: INodeExecutionData[],
	parameters: IDataObject = {},
	credentials?: INode['credentials'],
): IExecuteFunctions {
	const node: INode = {
		id: 'ef',
		name: 'Eligibility Filter',
		type: 'n8n-nodes-zoho-campaigns-recruit.eligibilityFilter',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials,
	};
	return {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as IExecuteFunctions;
}

async function runFilter(jsons: unknown[], parameters: IDataObject = {}) {
	const items = jsons.map((json) => ({ json }) as INodeExecutionData);
	const [eligible, ineligible] = await new EligibilityFilter().execute.call(
		fakeContext(items, parameters),
	);
	return { eligible, ineligible };
}

const reasonPairs = (reasons: IneligibleReason[]) => reasons.map((r) => [r.code, r.field]);

describe('Eligibility Filter — crafted table (one execution, all checks, candidates preset)', () => {
	let eligible: INodeExecutionData[];
	let ineligible: INodeExecutionData[];
	const outputOf = new Map<number, { output: 0 | 1; item: INodeExecutionData }>();

	beforeAll(async () => {
		({ eligible, ineligible } = await runFilter(TABLE.map((row) => row.json)));
		for (const [output, list] of [eligible, ineligible].entries()) {
			for (const item of list) {
				const index = (item.pairedItem as { item: number }).item;
				expect(outputOf.has(index)).toBe(false); // exactly one output per input
				outputOf.set(index, { output: output as 0 | 1, item });
			}
		}
	});

	it('has at least 40 rows and every input leaves exactly once', () => {
		expect(TABLE.length).toBeGreaterThanOrEqual(40);
		expect(eligible.length + ineligible.length).toBe(TABLE.length);
		expect([...outputOf.keys()].sort((a, b) => a - b)).toEqual(TABLE.map((_, i) => i));
	});

	it.each(TABLE.map((row, index) => [row.name, index] as const))('%s', (_name, index) => {
		const row = TABLE[index];
		const routed = outputOf.get(index)!;
		if (row.reasons.length === 0) {
			expect(routed.output).toBe(0);
			expect(routed.item.json).toBe(row.json); // untouched, same object
			return;
		}
		expect(routed.output).toBe(1);
		const { ineligibleReasons, ...rest } = routed.item.json as IDataObject & {
			ineligibleReasons: IneligibleReason[];
		};
		expect(reasonPairs(ineligibleReasons)).toEqual(row.reasons);
		for (const reason of ineligibleReasons) expect(reason.message.length).toBeGreaterThan(10);
		for (const [at, text] of Object.entries(row.messageIncludes ?? {})) {
			expect(ineligibleReasons[Number(at)].message).toContain(text);
		}
		const isObject = typeof row.json === 'object' && row.json !== null && !Array.isArray(row.json);
		expect(rest).toEqual(isObject ? row.json : { value: row.json });
	});
});

describe('Eligibility Filter — parameters', () => {
	it('contacts preset also requires companyName ("null" counts as missing)', async () => {
		const { eligible, ineligible } = await runFilter(
			[activityItem({ companyName: 'null' }), activityItem({ companyName: 'Acme' })],
			{ requiredFieldsPreset: 'contacts' },
		);
		expect(eligible.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(reasonPairs(ineligible[0].json.ineligibleReasons as IneligibleReason[])).toEqual([
			['missing_mandatory_field', 'companyName'],
		]);
	});

	it('custom required fields accept a list or a comma-separated string, and dotted paths', async () => {
		const items = [activityItem({ jobTitle: ' ' }), activityItem({ raw: {} })];
		for (const requiredFields of [['jobTitle', 'raw.contactid'], 'jobTitle, raw.contactid']) {
			const { ineligible } = await runFilter(items, { requiredFieldsPreset: 'custom', requiredFields });
			expect(ineligible.map((i) => reasonPairs(i.json.ineligibleReasons as IneligibleReason[]))).toEqual([
				[['missing_mandatory_field', 'jobTitle']],
				[['missing_mandatory_field', 'raw.contactid']],
			]);
		}
	});

	it('runs only the selected checks', async () => {
		const bad = activityItem({ firstName: '', activity: 'sent', contactStatus: 'bounce' });
		const { ineligible } = await runFilter([bad, { ...bad }], { checks: ['hasActivity'] });
		expect(ineligible.map((i) => reasonPairs(i.json.ineligibleReasons as IneligibleReason[]))).toEqual([
			[['no_activity', 'activity']],
			[['no_activity', 'activity']],
		]);
		const none = await runFilter([bad, { ...bad }], { checks: [] });
		expect(none.eligible).toHaveLength(2);
	});

	it('with dedupe off, duplicates stay eligible', async () => {
		const twice = [activityItem({ email: 'same@example.com' }), activityItem({ email: 'same@example.com' })];
		const checks = CHECK_NAMES.filter((c) => c !== 'dedupe');
		expect((await runFilter(twice, { checks })).eligible).toHaveLength(2);
		expect((await runFilter(twice)).eligible).toHaveLength(1);
	});

	it('rejects an unknown check name with a clear error', async () => {
		await expect(runFilter([activityItem()], { checks: ['hasActivity', 'nope'] })).rejects.toThrow(
			'Parameter "checks" has the unsupported value "nope"',
		);
	});

	it('asks for the Campaigns credential when Recruit-synced lists are set without one', async () => {
		const context = fakeContext([{ json: activityItem() }], { recruitSyncedLists: ['L-SYNC'] });
		await expect(new EligibilityFilter().execute.call(context)).rejects.toThrow(
			'Recruit-Synced Lists need a Zoho Campaigns credential',
		);
	});

	it('does not need the credential when the list check is off', async () => {
		const { eligible } = await runFilter([activityItem()], {
			recruitSyncedLists: ['L-SYNC'],
			checks: ['mandatoryFields'],
		});
		expect(eligible).toHaveLength(1);
	});

	it('keeps binary data and returns two empty outputs for no input', async () => {
		const binary = { data: { data: 'aGk=', mimeType: 'text/plain' } };
		const filter = new EligibilityFilter();
		const [eligible, ineligible] = await filter.execute.call(
			fakeContext([{ json: activityItem(), binary }, { json: {}, binary }]),
		);
		expect(eligible[0].binary).toBe(binary);
		expect(ineligible[0].binary).toBe(binary);
		expect(await filter.execute.call(fakeContext([]))).toEqual([[], []]);
	});
});

describe('Recruit-synced membership (pure)', () => {
	it('marks members of a synced list, case-insensitively, naming the list', () => {
		const settings: RuleSettings = {
			checks: new Set(CHECK_NAMES),
			requiredFields: compileRequiredFields(['email']),
			recruitSyncedMembers: new Map([['synced@example.com', 'L-SYNC']]),
		};
		const reasons = evaluateItems(
			[activityItem({ email: ' Synced@Example.COM' }), activityItem()],
			() => settings,
		);
		expect(reasons[0]).toEqual([
			{
				code: 'imported_from_recruit',
				field: 'email',
				message: expect.stringContaining('L-SYNC'),
			},
		]);
		expect(reasons[1]).toEqual([]);
	});
});

describe('isMissing', () => {
	it.each([null, undefined, '', '   ', '\t\n', 'null', 'NULL', ' Null ', []])('%p is missing', (value) => {
		expect(isMissing(value)).toBe(true);
	});
	it.each(['a', 'nullable', 0, false, ['x'], {}])('%p is present', (value) => {
		expect(isMissing(value)).toBe(false);
	});
});

describe('emailProblem / isValidEmail', () => {
	it.each([
		"o'brien+tag@sub.example.co.uk",
		'simple@example.com',
		'x@example.io',
		'first.last@example-domain.com',
		"!#$%&'*+/=?^_`{|}~-@example.org",
		'user@xn--bcher-kva.ch',
		'josé@exämple.de',
		'用户@例子.广告',
		'пользователь@пример.рф',
		`${'a'.repeat(64)}@example.com`,
		`u@${'a'.repeat(63)}.com`,
	])('accepts %s', (email) => {
		expect(emailProblem(email)).toBeNull();
	});

	it.each([
		['a@b', 'top-level'],
		['user@example', 'top-level'],
		['user@example.c', 'top-level'],
		['user@example.123', 'top-level'],
		['us er@example.com', 'whitespace'],
		['user@exa mple.com', 'whitespace'],
		['john..doe@example.com', 'dot'],
		['.john@example.com', 'dot'],
		['john.@example.com', 'dot'],
		['john@example..com', 'dot'],
		['john@.example.com', 'dot'],
		['john@example.com.', 'dot'],
		['john@-example.com', 'label'],
		['john@example-.com', 'label'],
		['john@exa_mple.com', 'label'],
		['a@b@example.com', '"@"'],
		['@example.com', '"@"'],
		['john@', '"@"'],
		['plainaddress', '"@"'],
		['"quoted"@example.com', 'local part'],
		['john(comment)@example.com', 'local part'],
		['user@[192.0.2.1]', 'label'],
		[`${'a'.repeat(65)}@example.com`, '64'],
		[`u@${'a'.repeat(64)}.com`, 'label'],
		[`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`, '254'],
	])('rejects %s (%s)', (email, why) => {
		const problem = emailProblem(email);
		expect(problem).not.toBeNull();
		expect(problem).toContain(why);
		expect(isValidEmail(email)).toBe(false);
	});

	it('accepts exactly 254 characters', () => {
		const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
		expect(email).toHaveLength(254);
		expect(isValidEmail(email)).toBe(true);
	});
});

describe('contactStatusReason', () => {
	it.each([
		['unsub', 'unsubscribed'],
		['Unsubscribed', 'unsubscribed'],
		['optout', 'unsubscribed'],
		['opt-out', 'unsubscribed'],
		['Opted Out', 'unsubscribed'],
		['spam', 'unsubscribed'],
		['bounce', 'bounced'],
		['hardbounce', 'bounced'],
		['Soft-Bounce', 'bounced'],
		['BOUNCED', 'bounced'],
		['active', null],
		['recent', null],
		['', null],
		[null, null],
		[3, null],
	])('%p → %p', (status, expected) => {
		expect(contactStatusReason(status)).toBe(expected);
	});
});
