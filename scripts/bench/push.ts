// Recruit Push cases: the node run by n8n-core (runWorkflow, start at the node with 1,000 trigger
// items, auto-mapped columns, duplicate check on Email) against an in-process sandbox.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME, runWorkflow, SandboxCredentials } from '../../test/harness';
import { SandboxAdmin } from '../../test/sandbox/client';
import type { Scenario } from '../../test/sandbox/scenario';
import { startSandbox, type Sandbox } from '../../test/sandbox/server';
import { measure } from './measure';
import { buildResult, type CaseResult } from './report';
import { countCalls } from './sandboxClient';

const NODE = 'Recruit Push';
const SEEDED_TOKEN = 'bench-seeded-recruit-token';
const ITEMS = 1_000;
/** Records per insert/update/upsert call (ref §5.2, §5.3). */
export const RECORDS_PER_WRITE = 100;
/** Criteria per search call (ref §5.4). */
export const CRITERIA_PER_SEARCH = 10;

const pages = (count: number, size: number) => (count > 0 ? Math.ceil(count / size) : 0);
const FIELDS = {
	key: 'recruit GET settings/fields',
	calls: 1,
	why: 'field metadata (layout, mandatory flags, types)',
};

function email(n: number): string {
	return `person${n}@example.com`;
}

/** A trigger item (ActivityItem shape), as the Eligibility Filter passes it on. */
function item(n: number): INodeExecutionData {
	return {
		json: {
			email: email(n),
			firstName: `First${n}`,
			lastName: `Last${n}`,
			companyName: 'Acme',
			phone: `+1 555 ${String(n).padStart(4, '0')}`,
			mobile: null,
			jobTitle: 'Engineer',
			city: 'Pune',
			state: null,
			country: null,
			contactStatus: 'active',
			activity: n % 3 === 0 ? 'clicked' : 'opened',
			module: 'Candidates',
			campaign: { key: 'C1', name: 'Spring', sentAt: '2026-03-01T10:00:00.000Z', lists: ['L1'] },
			matchedLists: ['L1'],
			detectedAt: '2026-03-02T08:00:00.000Z',
			raw: {},
		},
	};
}

const input = () => Array.from({ length: ITEMS }, (_, n) => item(n));

/** fillEmpty scenario: every even item exists; of those, every 4th is complete (nothing to fill),
 *  the others lack City and Current_Job_Title. Mixed, so every batch of 100 holds all three. */
const exists = (n: number) => n % 2 === 0;
const complete = (n: number) => n % 4 === 0;

function existingRecords(): Array<Record<string, unknown>> {
	const records: Array<Record<string, unknown>> = [];
	for (let n = 0; n < ITEMS; n++) {
		if (!exists(n)) continue;
		const record: Record<string, unknown> = {
			Email: email(n),
			First_Name: `Old${n}`,
			Last_Name: `Last${n}`,
			Phone: `+1 555 ${String(n).padStart(4, '0')}`,
			Current_Employer: 'Acme',
			Campaign_Activity: 'Opened',
		};
		if (complete(n)) Object.assign(record, { City: 'Mumbai', Current_Job_Title: 'Lead' });
		records.push(record);
	}
	return records;
}

function scenario(records: Array<Record<string, unknown>>): Scenario {
	return {
		name: 'bench-push',
		initialAccessToken: SEEDED_TOKEN,
		limits: { tokenRequestsPerMinute: 1000, recruitCredits: 1_000_000 },
		recruit: { modules: { Candidates: { records } } },
	};
}

async function runPush(sandbox: Sandbox, options: IDataObject) {
	const result = await runWorkflow(
		{
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
						columns: {
							mappingMode: 'autoMapInputData',
							value: null,
							matchingColumns: ['Email'],
							schema: [],
						},
						options,
					} as INodeParameters,
				},
			],
			connections: {},
		},
		{
			credentials: new SandboxCredentials(sandbox.url, { accessToken: SEEDED_TOKEN }),
			startNode: NODE,
			input: input(),
		},
	);
	if (result.status !== 'success') {
		throw new Error(`Recruit Push failed: ${result.error?.message ?? result.status}`);
	}
	return { pushed: result.output(NODE, 0), notPushed: result.output(NODE, 1) };
}

function actions(pushed: INodeExecutionData[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of pushed) {
		const action = String((entry.json.recruit as IDataObject).action);
		counts[action] = (counts[action] ?? 0) + 1;
	}
	return counts;
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

export async function pushCases(): Promise<CaseResult[]> {
	const sandbox = await startSandbox({ port: 0, scenario: scenario([]) });
	const admin = new SandboxAdmin(sandbox.url);
	const results: CaseResult[] = [];
	try {
		// 1. Upsert of 1,000 new candidates.
		await admin.clearCalls();
		const upsert = await measure(() => runPush(sandbox, {}));
		const upsertActions = actions(upsert.result.pushed);
		check(upsert.result.notPushed.length === 0, 'upsert: nothing Not Pushed');
		check(upsertActions.inserted === ITEMS, `upsert actions ${JSON.stringify(upsertActions)}`);
		check((await admin.records('Candidates')).length === ITEMS, 'upsert: 1,000 records stored');
		results.push(
			buildResult({
				id: 'push-upsert',
				title: 'Recruit Push · upsert of 1,000 items',
				setup: '1,000 new candidates, auto-mapped, duplicate check on Email, empty module',
				counts: countCalls(await admin.calls()),
				minimum: [
					FIELDS,
					{
						key: 'recruit POST Candidates/upsert',
						calls: pages(ITEMS, RECORDS_PER_WRITE),
						why: `ceil(1,000/${RECORDS_PER_WRITE}) writes`,
					},
				],
				measurement: upsert,
				outcome: { pushed: upsert.result.pushed.length, ...upsertActions, notPushed: 0 },
			}),
		);

		// 2. fillEmpty: half exist (a quarter complete, a quarter with empty fields).
		await admin.reset({ scenario: scenario(existingRecords()) });
		const fill = await measure(() => runPush(sandbox, { existingRecordPolicy: 'fillEmpty' }));
		const fillActions = actions(fill.result.pushed);
		const expected = { inserted: ITEMS / 2, updated: ITEMS / 4, unchanged: ITEMS / 4 };
		check(fill.result.notPushed.length === 0, 'fillEmpty: nothing Not Pushed');
		check(
			Object.keys(fillActions).length === 3 &&
				fillActions.inserted === expected.inserted &&
				fillActions.updated === expected.updated &&
				fillActions.unchanged === expected.unchanged,
			`fillEmpty actions ${JSON.stringify(fillActions)}`,
		);
		const stored = new Map((await admin.records('Candidates')).map((r) => [r.Email, r]));
		check(stored.get(email(2))?.City === 'Pune', 'fillEmpty filled an empty City');
		check(stored.get(email(4))?.City === 'Mumbai', 'fillEmpty kept an existing City');
		check(stored.get(email(2))?.First_Name === 'Old2', 'fillEmpty kept an existing First_Name');
		const writes = expected.inserted + expected.updated;
		results.push(
			buildResult({
				id: 'push-fill-empty',
				title: 'Recruit Push · upsert fillEmpty of 1,000 items, half exist',
				setup:
					'500 new; 500 exist by Email: 250 complete (→ unchanged), 250 with empty City/Job Title (→ filled); mixed in every batch',
				counts: countCalls(await admin.calls()),
				minimum: [
					FIELDS,
					{
						key: 'recruit GET Candidates/search',
						calls: pages(ITEMS, CRITERIA_PER_SEARCH),
						why: `ceil(1,000/${CRITERIA_PER_SEARCH}) searches: ≤${CRITERIA_PER_SEARCH} criteria each (ref §5.4)`,
					},
					{
						key: 'recruit POST Candidates/upsert',
						calls: pages(writes, RECORDS_PER_WRITE),
						why: `ceil(${writes} records that change/${RECORDS_PER_WRITE})`,
					},
				],
				measurement: fill,
				outcome: { pushed: fill.result.pushed.length, ...fillActions, notPushed: 0 },
			}),
		);

		// 3. dryRun: no write; the lookups still run so each item says whether it would insert or update.
		await admin.reset({ scenario: scenario([]) });
		const dry = await measure(() => runPush(sandbox, { dryRun: true }));
		const dryActions = actions(dry.result.pushed);
		const dryCalls = await admin.calls();
		check(dryActions.dryRun === ITEMS, `dryRun actions ${JSON.stringify(dryActions)}`);
		check(
			dryCalls.every((call) => call.product !== 'recruit' || call.method === 'GET'),
			'dryRun made a write call',
		);
		check((await admin.records('Candidates')).length === 0, 'dryRun stored nothing');
		results.push(
			buildResult({
				id: 'push-dry-run',
				title: 'Recruit Push · dryRun of 1,000 items',
				setup: '1,000 candidates, upsert, options.dryRun: outputs the payloads and what each would be, writes nothing',
				counts: countCalls(dryCalls),
				minimum: [
					FIELDS,
					{
						key: 'recruit GET Candidates/search',
						calls: pages(ITEMS, CRITERIA_PER_SEARCH),
						why: `ceil(1,000/${CRITERIA_PER_SEARCH}) searches: insert or update is known only after a lookup`,
					},
				],
				measurement: dry,
				outcome: { pushed: dry.result.pushed.length, ...dryActions, writes: 0 },
			}),
		);
		return results;
	} finally {
		await sandbox.close();
	}
}
