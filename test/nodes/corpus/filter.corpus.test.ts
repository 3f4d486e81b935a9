// The odd-input corpus through the Eligibility Filter in a headless n8n execution (issue 12):
// one run with every case, asserting for each item its output and the exact reasons (code, field).
// No HTTP happens (no Recruit-synced lists).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SandboxCredentials, runWorkflow } from '../../harness';
import type { IneligibleReason } from '../../../nodes/EligibilityFilter/rules';
import { activityItem } from '../fixtures/eligibility-table';
import { eligibilityWorkflow, seedNodeTypes } from '../fixtures/eligibility-seed';
import { INVISIBLE_VALUES } from './pushCases';

type Reason = [code: string, field: string];

interface FilterCase {
	category: string;
	name: string;
	item: IDataObject;
	reasons: Reason[]; // [] = Eligible
}

const cases: FilterCase[] = [];
const add = (category: string, name: string, overrides: IDataObject, reasons: Reason[] = []) =>
	cases.push({ category, name, item: activityItem(overrides), reasons });

const missing = (field: string): Reason => ['missing_mandatory_field', field];
const invalidEmail: Reason = ['invalid_email', 'email'];

{
	const c = 'blank';
	for (const [name, value] of INVISIBLE_VALUES)
		add(c, `lastName ${name}`, { lastName: value }, [missing('lastName')]);
	add(c, 'firstName "null"', { firstName: 'null' }, [missing('firstName')]);
	add(c, 'firstName "NULL" with spaces', { firstName: ' NULL ' }, [missing('firstName')]);
	add(c, 'firstName "null" behind a zero-width space', { firstName: '\u200Bnull' }, [
		missing('firstName'),
	]);
	add(c, 'firstName null', { firstName: null }, [missing('firstName')]);
	add(c, 'firstName absent', { firstName: undefined }, [missing('firstName')]);
	add(c, 'firstName an empty list', { firstName: [] }, [missing('firstName')]);
	add(c, 'lastName with invisible edges is present', { lastName: '\u200BSmith\u200B' });
	add(c, 'lastName "Nullman" is a name', { lastName: 'Nullman' });
	add(c, 'email zero-width only', { email: '\u200B' }, [missing('email'), invalidEmail]);
	add(c, 'email spaces only', { email: '  ' }, [missing('email'), invalidEmail]);
}
{
	const c = 'email';
	const bad: Array<[string, unknown]> = [
		['no @', 'ada.example.com'],
		['two @', 'ada@@example.com'],
		['space inside', 'ada lovelace@example.com'],
		['no top-level domain', 'ada@localhost'],
		['double dot', 'ada..l@example.com'],
		['leading dot', '.ada@example.com'],
		['parentheses and comma', 'a(b),c@example.com'],
		['a number', 12345],
		['a boolean', true],
		['an object', { address: 'ada@example.com' }],
		[
			'over 254 characters',
			`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`,
		],
		['local part over 64', `${'a'.repeat(65)}@example.com`],
		['hyphen at a label edge', 'ada@-example.com'],
		['zero-width space inside', 'ada\u200B@example.com'],
	];
	for (const [name, email] of bad) add(c, name, { email: email as string }, [invalidEmail]);
	const good: Array<[string, string]> = [
		['plus addressing', 'ada+jobs@example.com'],
		['upper case', 'ADA.UPPER.FILTER@EXAMPLE.COM'],
		['unicode local part', 'zoë.filter@example.com'],
		['IDN domain', 'ada.filter@bücher.example'],
		['invisible edges trimmed', '\uFEFFedges.filter@example.com\u200B'],
		['apostrophe', "o'brien.filter@example.com"],
	];
	for (const [name, email] of good) add(c, name, { email });
}
{
	const c = 'activity and status';
	add(c, 'activity OPENED', { activity: 'OPENED' });
	add(c, 'activity " clicked "', { activity: ' clicked ' });
	add(c, 'activity viewed', { activity: 'viewed' }, [['no_activity', 'activity']]);
	add(c, 'activity null', { activity: null }, [['no_activity', 'activity']]);
	add(c, 'activity a number', { activity: 1 }, [['no_activity', 'activity']]);
	add(c, 'contactStatus unsubscribed', { contactStatus: 'unsubscribed' }, [
		['unsubscribed', 'contactStatus'],
	]);
	add(c, 'contactStatus Hard Bounce', { contactStatus: 'Hard Bounce' }, [
		['bounced', 'contactStatus'],
	]);
	add(c, 'contactStatus opted-out', { contactStatus: 'opted-out' }, [
		['unsubscribed', 'contactStatus'],
	]);
	add(c, 'contactStatus null', { contactStatus: null });
	add(c, 'matchedLists empty', { matchedLists: [] }, [
		['campaign_not_sent_to_list', 'matchedLists'],
	]);
	add(c, 'matchedLists a string', { matchedLists: 'L-CAND' }, [
		['campaign_not_sent_to_list', 'matchedLists'],
	]);
	add(c, 'campaign missing', { campaign: null }, [['campaign_not_sent_to_list', 'matchedLists']]);
	add(c, 'importedFromRecruit "true"', { importedFromRecruit: 'true' }, [
		['imported_from_recruit', 'importedFromRecruit'],
	]);
	add(c, 'importedFromRecruit false', { importedFromRecruit: false });
}
{
	const c = 'dedupe';
	add(c, 'first of a pair', { email: 'dup.one@example.com' });
	add(c, 'same e-mail in upper case', { email: 'DUP.ONE@example.com' }, [['duplicate', 'email']]);
	add(c, 'same e-mail behind a zero-width space', { email: '\u200Bdup.one@example.com' }, [
		['duplicate', 'email'],
	]);
	add(c, 'same e-mail, other module', { email: 'dup.one@example.com', module: 'Contacts' });
}

const credentials = new SandboxCredentials('http://127.0.0.1:9');
const NODE = 'Eligibility Filter';

describe('Eligibility Filter corpus', () => {
	it(`routes each of ${cases.length} odd items with the exact reasons`, async () => {
		const result = await runWorkflow(eligibilityWorkflow(cases.map((entry) => entry.item)), {
			credentials,
			nodeTypes: seedNodeTypes(),
		});
		expect(result.error).toBeUndefined();
		const actual: Reason[][] = new Array<Reason[]>(cases.length);
		const collect = (list: INodeExecutionData[], eligible: boolean) => {
			for (const item of list) {
				const index = (item.pairedItem as { item: number }).item;
				const reasons = (item.json.ineligibleReasons as IneligibleReason[] | undefined) ?? [];
				actual[index] = eligible ? [] : reasons.map((reason) => [reason.code, reason.field ?? '']);
				if (!eligible) expect(reasons.length).toBeGreaterThan(0);
			}
		};
		collect(result.output(NODE, 0), true);
		collect(result.output(NODE, 1), false);
		const mismatches = cases.flatMap((entry, i) =>
			JSON.stringify(actual[i]) === JSON.stringify(entry.reasons)
				? []
				: [
						`[${entry.category}] ${entry.name}: ${JSON.stringify(actual[i])} ≠ ${JSON.stringify(entry.reasons)}`,
					],
		);
		expect(mismatches).toEqual([]);
	});
});
