// The odd-input corpus through Recruit Push against the sandbox over real HTTP (issue 12). Every
// case runs twice in one batch each, as a dry run and as a real run, and for every item:
// - both runs put it on the same output with the same code and field;
// - a refused item is Not Pushed with the expected code, field and retryable false, and no write
//   call carried it;
// - an accepted item is in Recruit afterwards holding exactly the expected values;
// - where the refusal is Zoho's rule (not the package's own), the sandbox refuses the raw value
//   the same way when it is sent to it directly: the node's checks agree with the sandbox.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME, SandboxCredentials, runWorkflow, loadOptionsContext } from '../../harness';
import { SandboxAdmin } from '../../sandbox/client';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { RecruitPush } from '../../../nodes/RecruitPush/RecruitPush.node';
import {
	CORPUS_FIELDS,
	DEFINE_BELOW_CASES,
	PUSH_CASES,
	TRUNCATE_CASES,
	type PushCase,
} from './pushCases';

const NODE = 'Recruit Push';
const TOKEN = 'corpus-seeded-access';
const SCENARIO = {
	name: 'push-corpus',
	initialAccessToken: TOKEN,
	limits: { tokenRequestsPerMinute: 1000, recruitCredits: 1_000_000 },
	recruit: { modules: { Candidates: { fields: CORPUS_FIELDS } } },
};
const AUTO_MAP = {
	mappingMode: 'autoMapInputData',
	value: null,
	matchingColumns: ['Email'],
	schema: [],
};

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, scenario: SCENARIO });
	admin = new SandboxAdmin(sandbox.url);
});

afterAll(async () => {
	await sandbox?.close();
});

interface Outcome {
	output: 0 | 1;
	code: string | null;
	field: string | null;
	json: IDataObject;
}

async function runPush(
	items: IDataObject[],
	options: IDataObject,
	columns: IDataObject = AUTO_MAP,
): Promise<Outcome[]> {
	const result = await runWorkflow(
		{
			settings: { timezone: 'Europe/Berlin' },
			nodes: [
				{
					id: 'push',
					name: NODE,
					type: `${PACKAGE_NAME}.recruitPush`,
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						module: 'Candidates',
						operation: 'upsert',
						columns,
						options,
					} as INodeParameters,
				},
			],
			connections: {},
		},
		{
			credentials: new SandboxCredentials(sandbox.url, { accessToken: TOKEN }),
			startNode: NODE,
			input: items.map((json) => ({ json })),
		},
	);
	expect(result.error).toBeUndefined();
	const outcomes: Outcome[] = new Array<Outcome>(items.length);
	const place = (list: INodeExecutionData[], output: 0 | 1) => {
		for (const item of list) {
			const index = (item.pairedItem as { item: number }).item;
			expect(outcomes[index]).toBeUndefined();
			const error = item.json.pushError as IDataObject | undefined;
			outcomes[index] = {
				output,
				code: error ? String(error.code) : null,
				field: error?.field ? String(error.field) : null,
				json: item.json,
			};
		}
	};
	place(result.output(NODE, 0), 0);
	place(result.output(NODE, 1), 1);
	return outcomes;
}

/** The item for case `index`: a valid Candidate with the case's values on top. */
function itemFor(entry: PushCase, index: number): IDataObject {
	return { Email: `corpus-${index}@example.com`, Last_Name: 'Corpus', ...entry.values };
}

async function writeBodies(): Promise<IDataObject[]> {
	const { calls } = await admin.request<{
		calls: Array<{ method: string; path: string; body?: IDataObject }>;
	}>('GET', 'calls');
	return calls
		.filter((call) => call.path.startsWith('/recruit/v2/') && call.method !== 'GET')
		.flatMap((call) => (call.body?.data as IDataObject[] | undefined) ?? []);
}

/** Runs the cases dry, then for real, and checks both against the table and each other. */
async function checkCorpus(
	entries: readonly PushCase[],
	options: IDataObject = {},
	columns: IDataObject = AUTO_MAP,
): Promise<void> {
	await admin.request('POST', 'reset', { scenario: SCENARIO });
	const items = entries.map(itemFor);

	const dry = await runPush(items, { ...options, dryRun: true }, columns);
	expect(await writeBodies()).toEqual([]);
	const real = await runPush(items, options, columns);
	const written = await writeBodies();
	const { records } = await admin.request<{ records: IDataObject[] }>('GET', 'recruit/Candidates');

	const mismatches: string[] = [];
	entries.forEach((entry, i) => {
		const label = `[${entry.category}] ${entry.name}`;
		const [d, r] = [dry[i], real[i]];
		if (d.output !== r.output || d.code !== r.code || d.field !== r.field) {
			mismatches.push(
				`${label}: dry ${d.output}/${d.code}/${d.field} vs real ${r.output}/${r.code}/${r.field}`,
			);
		}
		const email = String(items[i].Email);
		if ('refused' in entry.expect) {
			const { code, field } = entry.expect.refused;
			if (r.output !== 1 || r.code !== code || r.field !== field) {
				mismatches.push(
					`${label}: expected ${code}/${field}, got ${r.output}/${r.code}/${r.field}`,
				);
			}
			if ((r.json.pushError as IDataObject | undefined)?.retryable !== false) {
				mismatches.push(`${label}: retryable is not false`);
			}
			if (written.some((payload) => payload.Email === email && email.startsWith('corpus-'))) {
				mismatches.push(`${label}: a write call carried the refused item`);
			}
			return;
		}
		const recruit = r.json.recruit as IDataObject | undefined;
		if (r.output !== 0 || recruit?.action !== 'inserted') {
			mismatches.push(
				`${label}: expected inserted, got ${r.output}/${r.code}/${JSON.stringify(r.json.pushError)}`,
			);
			return;
		}
		if ((d.json.recruit as IDataObject).wouldBe !== 'inserted')
			mismatches.push(`${label}: dry run not "inserted"`);
		const stored = records.find((record) => record.id === recruit.id);
		for (const [field, value] of Object.entries(entry.expect.stored)) {
			if (JSON.stringify(stored?.[field] ?? null) !== JSON.stringify(value)) {
				mismatches.push(
					`${label}: ${field} stored ${JSON.stringify(stored?.[field])}, expected ${JSON.stringify(value)}`,
				);
			}
		}
	});
	expect(mismatches).toEqual([]);
}

/** Sends the raw values of Zoho-rule refusals straight to the sandbox (no node in between). */
async function sandboxVerdicts(entries: readonly PushCase[]): Promise<string[]> {
	const disagreements: string[] = [];
	const refused = entries
		.map((entry, index) => ({ entry, record: itemFor(entry, index) }))
		.filter(({ entry }) => 'refused' in entry.expect && !entry.nodeOnly);
	for (let start = 0; start < refused.length; start += 100) {
		const batch = refused.slice(start, start + 100);
		const response = await fetch(`${sandbox.url}/recruit/v2/Candidates`, {
			method: 'POST',
			headers: { authorization: `Zoho-oauthtoken ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ data: batch.map(({ record }) => record), trigger: [] }),
		});
		const body = (await response.json()) as { data: Array<{ code: string; details: IDataObject }> };
		batch.forEach(({ entry }, k) => {
			const expected = (entry.expect as { refused: { code: string; field: string } }).refused;
			const got = body.data[k];
			if (got.code !== expected.code || got.details.api_name !== expected.field) {
				disagreements.push(
					`[${entry.category}] ${entry.name}: node ${expected.code}/${expected.field}, sandbox ${got.code}/${String(got.details.api_name)}`,
				);
			}
		});
	}
	return disagreements;
}

const categories = [...new Set(PUSH_CASES.map((entry) => entry.category))];

describe('Recruit Push corpus: dry run and real run agree, case by case', () => {
	it(`has at least 200 push cases (${PUSH_CASES.length})`, () => {
		expect(PUSH_CASES.length).toBeGreaterThanOrEqual(200);
	});

	it.each(categories)('%s', async (category) => {
		await checkCorpus(PUSH_CASES.filter((entry) => entry.category === category));
	});

	it(`truncate: options.truncateLongText (${TRUNCATE_CASES.length} cases)`, async () => {
		await checkCorpus(TRUNCATE_CASES, { truncateLongText: true });
	});

	it(`define below with the editor's saved schema (${DEFINE_BELOW_CASES.length} cases)`, async () => {
		await admin.request('POST', 'reset', { scenario: SCENARIO });
		const context = loadOptionsContext({
			credentials: new SandboxCredentials(sandbox.url, { accessToken: TOKEN }),
			nodeType: `${PACKAGE_NAME}.recruitPush`,
			parameters: { module: 'Candidates', operation: 'upsert' },
		});
		const { fields } = await new RecruitPush().methods.resourceMapping.getRecruitFields.call(
			context,
		);
		const mapped = [
			'Email',
			'Last_Name',
			'Salutation',
			'Date_of_Birth',
			'Experience_in_Years',
			'Email_Opt_Out',
		];
		const columns = {
			mappingMode: 'defineBelow',
			value: Object.fromEntries(mapped.map((id) => [id, `={{ $json.${id} }}`])),
			matchingColumns: ['Email'],
			schema: fields,
		};
		// The saved schema carries the types n8n's own check would apply (options, dateTime, …).
		expect(fields.find((field) => field.id === 'Salutation')?.type).toBe('options');
		expect(fields.find((field) => field.id === 'Date_of_Birth')?.type).toBe('dateTime');
		await checkCorpus(DEFINE_BELOW_CASES, {}, columns);
	});

	it('the sandbox refuses the raw value of every Zoho-rule refusal the same way', async () => {
		await admin.request('POST', 'reset', { scenario: SCENARIO });
		expect(
			await sandboxVerdicts([
				...PUSH_CASES,
				...TRUNCATE_CASES.filter((c) => 'refused' in c.expect),
			]),
		).toEqual([]);
	});
});
