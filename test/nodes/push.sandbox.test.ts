/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Recruit Push against the sandbox over real HTTP: field loading, batching, per-record results,
// operation semantics, fillEmpty, dryRun, retries/faults, criteria escaping, tags and notes.
import { readFileSync } from 'fs';
import { join } from 'path';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	ResourceMapperFields,
} from 'n8n-workflow';

import {
	PACKAGE_NAME,
	SandboxCredentials,
	loadOptionsContext,
	runWorkflow,
	type RunResult,
} from '../harness';
import { SandboxAdmin, type AdminMethod } from '../sandbox/client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { RecruitPush } from '../../nodes/RecruitPush/RecruitPush.node';
import { RECRUIT_RETRY_POLICY, useRetryRuntime } from '../../nodes/shared/transport/retry';

const NODE = 'Recruit Push';
const NODE_TYPE = `${PACKAGE_NAME}.recruitPush`;

let sandbox: Sandbox;

let client: SandboxAdmin;

function admin<T = IDataObject>(method: AdminMethod, path: string, body?: unknown): Promise<T> {
	return client.request<T>(method, path, body);
}

interface Call {
	method: string;
	path: string;
	status: number;
	product?: string;
	query?: IDataObject;
	body?: IDataObject;
}

async function calls(): Promise<Call[]> {
	const { calls: list } = await admin<{ calls: Call[] }>('GET', 'calls');
	return list.filter((call) => call.path.startsWith('/recruit/v2'));
}

/** Write calls = anything that is not a read (GET) on Recruit records. */
function writes(list: Call[]): Call[] {
	return list.filter((call) => call.method !== 'GET');
}

/** The next Candidates insert is applied by the sandbox, then answered 500 (ref §7: a 5xx may have been applied). */
async function failNextInsertAfterApplying(): Promise<void> {
	await admin('POST', 'faults', {
		product: 'recruit',
		path: '/recruit/v2/Candidates',
		method: 'POST',
		status: 500,
		afterApply: true,
		count: 1,
	});
}

/** HTTP statuses of the Candidates insert calls, in order. */
async function insertStatuses(): Promise<number[]> {
	return writes(await calls())
		.filter((call) => call.path === '/recruit/v2/Candidates')
		.map((call) => call.status);
}

async function records(module = 'Candidates'): Promise<IDataObject[]> {
	const { records: list } = await admin<{ records: IDataObject[] }>('GET', `recruit/${module}`);
	return list;
}

function person(n: number, overrides: IDataObject = {}): IDataObject {
	return {
		email: `person${n}@example.com`,
		firstName: `First${n}`,
		lastName: `Last${n}`,
		mobile: null,
		phone: `+1 555 ${String(n).padStart(4, '0')}`,
		city: 'Pune',
		jobTitle: 'Engineer',
		companyName: 'Acme',
		activity: n % 2 === 0 ? 'clicked' : 'opened',
		module: 'Candidates',
		campaign: { key: 'c-1', name: 'Spring Launch', sentAt: '2026-03-01T10:00:00Z', lists: ['l1'] },
		detectedAt: '2026-03-02T08:00:00Z',
		...overrides,
	};
}

function people(
	count: number,
	map: (n: number) => IDataObject = (n) => person(n),
): INodeExecutionData[] {
	return Array.from({ length: count }, (_, n) => ({ json: map(n) }));
}

interface PushParameters {
	module?: string;
	operation?: string;
	columns?: IDataObject;
	options?: IDataObject;
}

const AUTO_MAP = {
	mappingMode: 'autoMapInputData',
	value: null,
	matchingColumns: ['Email'],
	schema: [],
};

async function push(
	input: INodeExecutionData[],
	parameters: PushParameters = {},
	nodeSettings: IDataObject = {},
): Promise<{ result: RunResult; pushed: INodeExecutionData[]; notPushed: INodeExecutionData[] }> {
	const result = await runWorkflow(
		{
			nodes: [
				{
					id: 'push',
					name: NODE,
					type: NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						module: parameters.module ?? 'Candidates',
						operation: parameters.operation ?? 'upsert',
						columns: parameters.columns ?? AUTO_MAP,
						options: parameters.options ?? {},
					} as INodeParameters,
					...nodeSettings,
				},
			],
			connections: {},
		},
		{
			credentials: new SandboxCredentials(sandbox.url, { accessToken: SEEDED_ACCESS }),
			startNode: NODE,
			input,
		},
	);
	return { result, pushed: result.output(NODE, 0), notPushed: result.output(NODE, 1) };
}

const EXISTING = [
	{
		id: '900000000000000001',
		Email: 'existing@example.com',
		First_Name: 'Kept',
		Last_Name: 'Original',
		City: null,
	},
	{
		id: '900000000000000002',
		Email: 'a(b),c@example.com',
		First_Name: 'Tricky',
		Last_Name: 'Parens',
	},
	{ id: '900000000000000003', Email: 'a(b)@example.com', First_Name: 'Decoy', Last_Name: 'One' },
	{ id: '900000000000000004', Email: 'b),c@example.com', First_Name: 'Decoy', Last_Name: 'Two' },
];

const SEEDED_ACCESS = 'recruit-push-seeded-access';

const SCENARIO = {
	name: 'recruit-push',
	initialAccessToken: SEEDED_ACCESS,
	limits: { tokenRequestsPerMinute: 1000, recruitCredits: 100000 },
	recruit: {
		modules: {
			// Origin refuses values outside its list, which field metadata does not reveal: a value
			// only Zoho rejects (the node checks everything the metadata says before writing).
			Candidates: { records: EXISTING, fields: [{ api_name: 'Origin', restricted: true }] },
		},
	},
};

/** The in-node waits of the last run (ms): retries wait through an injected clock, never for real. */
let waits: number[] = [];
let restoreRetryRuntime: () => void;
/** 1 try + every retry of the Recruit policy. */
const ATTEMPTS = RECRUIT_RETRY_POLICY.maxRetries + 1;

beforeAll(async () => {
	restoreRetryRuntime = useRetryRuntime({
		wait: async (ms) => {
			waits.push(ms);
		},
		random: () => 0.5,
	});
	sandbox = await startSandbox({ port: 0, scenario: SCENARIO });
	client = new SandboxAdmin(sandbox.url);
});

afterAll(async () => {
	restoreRetryRuntime();
	await sandbox?.close();
});

beforeEach(async () => {
	waits = [];
	await admin('POST', 'reset', { scenario: SCENARIO });
	await admin('DELETE', 'faults');
	await admin('DELETE', 'calls');
});

describe('columns: field loading', () => {
	async function load(module: string): Promise<ResourceMapperFields> {
		const context = loadOptionsContext({
			credentials: new SandboxCredentials(sandbox.url, { accessToken: SEEDED_ACCESS }),
			nodeType: NODE_TYPE,
			parameters: { module, operation: 'upsert' },
		});
		return await new RecruitPush().methods.resourceMapping.getRecruitFields.call(context);
	}

	it.each(['Candidates', 'Contacts'])(
		'loads the live %s layout with types, flags and picklists',
		async (module) => {
			const { fields } = await load(module);
			const get = (id: string) => fields.find((field) => field.id === id);
			expect(get('Email')).toMatchObject({
				type: 'string',
				defaultMatch: true,
				canBeUsedToMatch: true,
			});
			expect(get('Last_Name')).toMatchObject({ required: true, displayName: 'Last Name' });
			expect(get('First_Name')).toMatchObject({ required: false, canBeUsedToMatch: false });
			expect(get('Campaign_Activity')).toMatchObject({
				type: 'options',
				options: [
					{ name: 'Opened', value: 'Opened' },
					{ name: 'Clicked', value: 'Clicked' },
				],
			});
			expect(get('Email_Opt_Out')?.type).toBe('boolean');
			// Read-only and system fields are left out, lookups included.
			for (const id of ['Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Full_Name'])
				expect(get(id)).toBeUndefined();
			// The writable owner lookup is shown, read-only.
			const owner = module === 'Candidates' ? 'Candidate_Owner' : 'Contact_Owner';
			expect(get(owner)).toMatchObject({ readOnly: true });
		},
	);

	it('shows lookups read-only and module-specific fields', async () => {
		const candidates = (await load('Candidates')).fields;
		expect(candidates.find((field) => field.id === 'Experience_in_Years')?.type).toBe('number');
		expect(candidates.find((field) => field.id === 'Candidate_ID')).toBeUndefined();
		const contacts = (await load('Contacts')).fields;
		expect(contacts.find((field) => field.id === 'Client_Name')).toMatchObject({ readOnly: true });
		expect(contacts.find((field) => field.id === 'Job_Title')).toBeDefined();
	});
});

describe('upsert: batches and per-item results', () => {
	it('250 items → exactly 3 write calls, every item Pushed in order with its pairing', async () => {
		const { result, pushed, notPushed } = await push(people(250));
		expect(result.status).toBe('success');
		expect(notPushed).toHaveLength(0);
		expect(pushed).toHaveLength(250);
		pushed.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.email).toBe(`person${i}@example.com`);
			expect(item.json.recruit).toMatchObject({ module: 'Candidates', action: 'inserted' });
			expect(typeof (item.json.recruit as IDataObject).id).toBe('string');
		});
		const upserts = writes(await calls());
		expect(upserts).toHaveLength(3);
		expect(
			upserts.every(
				(call) => call.method === 'POST' && call.path === '/recruit/v2/Candidates/upsert',
			),
		).toBe(true);

		const stored = await records();
		const ours = stored.filter((record) => /^person\d+@example\.com$/.test(String(record.Email)));
		expect(ours).toHaveLength(250);
		const first = ours.find((record) => record.Email === 'person0@example.com') as IDataObject;
		expect(first).toMatchObject({
			First_Name: 'First0',
			Last_Name: 'Last0',
			Current_Job_Title: 'Engineer',
			Current_Employer: 'Acme',
			Campaign_Activity: 'Clicked',
			City: 'Pune',
		});
		expect(first.Mobile ?? null).toBeNull();
	});

	it('one invalid record among 250 → 249 Pushed, 1 Not Pushed with code and field, no request for it', async () => {
		const input = people(250, (n) => (n === 137 ? person(n, { lastName: '  ' }) : person(n)));
		const { pushed, notPushed } = await push(input);
		expect(pushed).toHaveLength(249);
		expect(notPushed).toHaveLength(1);
		expect(notPushed[0].pairedItem).toEqual({ item: 137 });
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'MANDATORY_NOT_FOUND',
			field: 'Last_Name',
		});
		expect(writes(await calls())).toHaveLength(3);
		expect((await records()).some((record) => record.Email === 'person137@example.com')).toBe(
			false,
		);
	});

	it('a record Zoho rejects comes out Not Pushed with Zoho’s code and field; the rest of the batch lands', async () => {
		const input = people(3, (n) => (n === 1 ? person(n, { email: 'not-an-email' }) : person(n)));
		const { pushed, notPushed } = await push(input);
		expect(pushed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(notPushed).toHaveLength(1);
		expect(notPushed[0].json.pushError).toMatchObject({ code: 'INVALID_DATA', field: 'Email' });
	});

	it('numbers go to text fields as text; an object in a text field is Not Pushed without a request', async () => {
		const input: INodeExecutionData[] = [
			{ json: person(0, { phone: 5551234 }) },
			{ json: { Email: 'nested@example.com', First_Name: 'N', Last_Name: { nested: true } } },
			{ json: { Email: 'list@example.com', Last_Name: 'L', City: ['Pune', 'Goa'] } },
		];
		const { result, pushed, notPushed } = await push(input);
		expect(result.status).toBe('success');
		expect(pushed.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(notPushed.map((item) => [item.pairedItem, item.json.pushError])).toEqual([
			[{ item: 1 }, expect.objectContaining({ code: 'INVALID_DATA', field: 'Last_Name' })],
			[{ item: 2 }, expect.objectContaining({ code: 'INVALID_DATA', field: 'City' })],
		]);
		const stored = await records();
		expect(stored.find((record) => record.Email === 'person0@example.com')?.Phone).toBe('5551234');
		expect(stored.some((record) => /nested@|list@/.test(String(record.Email)))).toBe(false);
		const upserts = writes(await calls());
		expect(upserts).toHaveLength(1);
	});

	it('define-below mapping reads columns.value per item and writes the activity picklist', async () => {
		const columns = {
			mappingMode: 'defineBelow',
			value: {
				Email: '={{ $json.email }}',
				Last_Name: '={{ $json.lastName }}',
				Campaign_Activity: '={{ $json.activity === "clicked" ? "Clicked" : "Opened" }}',
				Last_Campaign: '={{ $json.campaign.name }}',
			},
			matchingColumns: ['Email'],
			schema: [
				{
					id: 'Email',
					displayName: 'Email',
					required: false,
					defaultMatch: true,
					display: true,
					type: 'string',
				},
				{
					id: 'Last_Name',
					displayName: 'Last Name',
					required: true,
					defaultMatch: false,
					display: true,
					type: 'string',
				},
				{
					id: 'Campaign_Activity',
					displayName: 'Campaign Activity',
					required: false,
					defaultMatch: false,
					display: true,
					type: 'options',
					options: [
						{ name: 'Opened', value: 'Opened' },
						{ name: 'Clicked', value: 'Clicked' },
					],
				},
				{
					id: 'Last_Campaign',
					displayName: 'Last Campaign',
					required: false,
					defaultMatch: false,
					display: true,
					type: 'string',
				},
			],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		};
		const { pushed } = await push(people(2), { columns });
		expect(pushed).toHaveLength(2);
		const stored = await records();
		expect(stored.find((record) => record.Email === 'person0@example.com')).toMatchObject({
			Last_Name: 'Last0',
			Campaign_Activity: 'Clicked',
			Last_Campaign: 'Spring Launch',
		});
		expect(stored.find((record) => record.Email === 'person1@example.com')).toMatchObject({
			Campaign_Activity: 'Opened',
		});
		// Not mapped → not written.
		expect(
			stored.find((record) => record.Email === 'person0@example.com')?.First_Name ?? null,
		).toBeNull();
	});
});

describe('operations against existing records', () => {
	const existingItem = person(1, {
		email: 'EXISTING@example.com',
		firstName: 'Changed',
		lastName: 'New',
		city: 'Goa',
	});
	const newItem = person(2, { email: 'fresh@example.com' });

	it('create: an existing record is left alone and reported EXISTS with its id', async () => {
		const { pushed, notPushed } = await push([{ json: existingItem }, { json: newItem }], {
			operation: 'create',
		});
		expect(notPushed).toHaveLength(1);
		expect(notPushed[0].pairedItem).toEqual({ item: 0 });
		expect(notPushed[0].json.pushError).toMatchObject({ code: 'EXISTS', id: EXISTING[0].id });
		expect(pushed).toHaveLength(1);
		expect(pushed[0].json.recruit).toMatchObject({ action: 'inserted' });
		const stored = await records();
		expect(stored.find((record) => record.id === EXISTING[0].id)).toMatchObject({
			First_Name: 'Kept',
			Last_Name: 'Original',
		});
		expect(stored.filter((record) => record.Email === 'fresh@example.com')).toHaveLength(1);
		expect(writes(await calls()).map((call) => `${call.method} ${call.path}`)).toEqual([
			'POST /recruit/v2/Candidates',
		]);
	});

	it('update: only existing records change; others are NOT_FOUND', async () => {
		const { pushed, notPushed } = await push([{ json: existingItem }, { json: newItem }], {
			operation: 'update',
		});
		expect(pushed).toHaveLength(1);
		expect(pushed[0].json.recruit).toMatchObject({ id: EXISTING[0].id, action: 'updated' });
		expect(notPushed).toHaveLength(1);
		expect(notPushed[0].json.pushError).toMatchObject({ code: 'NOT_FOUND' });
		const stored = await records();
		expect(stored.find((record) => record.id === EXISTING[0].id)).toMatchObject({
			First_Name: 'Changed',
			City: 'Goa',
		});
		expect(stored.some((record) => record.Email === 'fresh@example.com')).toBe(false);
		expect(writes(await calls()).map((call) => `${call.method} ${call.path}`)).toEqual([
			'PUT /recruit/v2/Candidates',
		]);
	});

	it('upsert: updates the existing record and inserts the new one', async () => {
		const { pushed } = await push([{ json: existingItem }, { json: newItem }]);
		expect(pushed.map((item) => (item.json.recruit as IDataObject).action)).toEqual([
			'updated',
			'inserted',
		]);
		expect((pushed[0].json.recruit as IDataObject).id).toBe(EXISTING[0].id);
		const stored = await records();
		expect(stored.find((record) => record.id === EXISTING[0].id)).toMatchObject({
			First_Name: 'Changed',
			Last_Name: 'New',
		});
		expect(
			stored.filter((record) => String(record.Email).toLowerCase() === 'existing@example.com'),
		).toHaveLength(1);
	});

	it('fillEmpty never overwrites a value; nothing to change → unchanged without a write', async () => {
		const options = { existingRecordPolicy: 'fillEmpty' };
		const { pushed } = await push([{ json: existingItem }, { json: newItem }], { options });
		expect(pushed.map((item) => (item.json.recruit as IDataObject).action)).toEqual([
			'updated',
			'inserted',
		]);
		const stored = (await records()).find((record) => record.id === EXISTING[0].id) as IDataObject;
		expect(stored).toMatchObject({
			First_Name: 'Kept',
			Last_Name: 'Original',
			City: 'Goa',
			Current_Employer: 'Acme',
		});

		await admin('DELETE', 'calls');
		const again = await push([{ json: existingItem }], { options });
		expect(again.pushed[0].json.recruit).toMatchObject({ id: EXISTING[0].id, action: 'unchanged' });
		expect(writes(await calls())).toHaveLength(0);
	});
});

describe('Contacts and in-batch duplicates', () => {
	it('auto-maps trigger items into the Contacts layout', async () => {
		const { pushed } = await push(
			people(2, (n) => person(n, { module: 'Contacts' })),
			{ module: 'Contacts' },
		);
		expect(pushed.map((item) => (item.json.recruit as IDataObject).module)).toEqual([
			'Contacts',
			'Contacts',
		]);
		const stored = await records('Contacts');
		expect(stored.find((record) => record.Email === 'person0@example.com')).toMatchObject({
			First_Name: 'First0',
			Last_Name: 'Last0',
			Job_Title: 'Engineer',
			Mailing_City: 'Pune',
			Campaign_Activity: 'Clicked',
		});
	});

	it('auto-map leaves out lookups an item carries as objects (owner, client) instead of failing it', async () => {
		const owner = { id: '700000000000000001', name: 'Recruiter' };
		const client = { id: '800000000000000001', name: 'Acme' };
		const candidates = await push([
			{ json: person(1, { Candidate_Owner: owner, Email_Opt_Out: true }) },
		]);
		const contacts = await push(
			[{ json: person(2, { module: 'Contacts', Contact_Owner: owner, Client_Name: client }) }],
			{ module: 'Contacts' },
		);
		for (const run of [candidates, contacts]) {
			expect(run.notPushed).toHaveLength(0);
			expect(run.pushed).toHaveLength(1);
		}
		const sent = writes(await calls()).map((call) => (call.body?.data as IDataObject[])[0]);
		expect(sent).toHaveLength(2);
		for (const record of sent) {
			for (const lookup of ['Candidate_Owner', 'Contact_Owner', 'Client_Name'])
				expect(record).not.toHaveProperty(lookup);
		}
		// Keys named like writable fields still go through.
		expect(sent[0]).toMatchObject({ Email: 'person1@example.com', Email_Opt_Out: true });
		expect((await records()).find((r) => r.Email === 'person1@example.com')).toMatchObject({
			Email_Opt_Out: true,
		});
		expect(
			(await records('Contacts')).filter((r) => r.Email === 'person2@example.com'),
		).toHaveLength(1);
	});

	it('create: the same email twice in one batch → one inserted, the other DUPLICATE_DATA with the id', async () => {
		const { pushed, notPushed } = await push(
			[{ json: person(7) }, { json: person(7, { firstName: 'Twin' }) }],
			{ operation: 'create' },
		);
		expect(pushed).toHaveLength(1);
		expect(notPushed).toHaveLength(1);
		const id = (pushed[0].json.recruit as IDataObject).id;
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'DUPLICATE_DATA',
			field: 'Email',
			id,
		});
		expect(
			(await records()).filter((record) => record.Email === 'person7@example.com'),
		).toHaveLength(1);
	});
	it('upsert: the same email twice in one batch → one record; first inserted, second updated it', async () => {
		// Zoho applies a batch's records in order: the second copy's duplicate check finds the record
		// the first one just created (ref §5.3), so both items are Pushed with the same id.
		const { pushed, notPushed } = await push([
			{ json: person(7) },
			{ json: person(7, { firstName: 'Twin' }) },
		]);
		expect(notPushed).toHaveLength(0);
		const sevens = (await records()).filter((record) => record.Email === 'person7@example.com');
		expect(sevens).toHaveLength(1);
		expect(sevens[0].First_Name).toBe('Twin');
		expect(pushed.map((item) => item.json.recruit)).toEqual([
			expect.objectContaining({ action: 'inserted', id: sevens[0].id }),
			expect.objectContaining({ action: 'updated', id: sevens[0].id }),
		]);
	});
});

describe('dryRun', () => {
	it('makes zero write calls and outputs the exact payload per record', async () => {
		const before = await records();
		const { pushed, notPushed } = await push(people(120), {
			options: { dryRun: true, tags: 'Opened', addNote: true, runAutomations: false },
		});
		expect(notPushed).toHaveLength(0);
		expect(pushed).toHaveLength(120);
		expect(pushed[5].json.recruit).toMatchObject({
			id: null,
			action: 'dryRun',
			wouldBe: 'inserted',
			payload: {
				Email: 'person5@example.com',
				First_Name: 'First5',
				Last_Name: 'Last5',
				Campaign_Activity: 'Opened',
			},
			request: {
				method: 'POST',
				path: '/Candidates/upsert',
				duplicate_check_fields: ['Email'],
				trigger: [],
			},
		});
		// Everything a real run would add, too: the tags and the note.
		const recruit = pushed[5].json.recruit as IDataObject;
		expect(recruit.tags).toEqual(['Opened']);
		expect(recruit.note).toEqual({
			title: 'Opened campaign "Spring Launch" (c-1)',
			content: expect.stringContaining('Time: 2026-03-02T08:00:00Z') as unknown as string,
		});
		expect(writes(await calls())).toHaveLength(0);
		expect(await records()).toEqual(before);
	});
});

describe('dryRun against existing records (default scenario)', () => {
	const DEFAULT = {
		...(JSON.parse(
			readFileSync(join(__dirname, '..', 'sandbox', 'scenarios', 'default.json'), 'utf8'),
		) as IDataObject),
		initialAccessToken: SEEDED_ACCESS,
	};
	const olga = { email: 'OLGA.existing@example.com', firstName: 'Olga', lastName: 'Berg' };
	const robin = { email: 'robin(dev),jr@example.com', firstName: 'Robin', lastName: 'Dev' };

	beforeEach(async () => {
		await admin('POST', 'reset', { scenario: DEFAULT });
		await admin('DELETE', 'calls');
	});

	async function stored(email: string): Promise<IDataObject> {
		const found = (await records()).find((record) => record.Email === email);
		if (!found) throw new Error(`no ${email} in the default scenario`);
		return found;
	}

	/** Criteria per search call (ref §5.4: at most 10). */
	function searchCriteriaCounts(list: Call[]): number[] {
		return list
			.filter((call) => call.path === '/recruit/v2/Candidates/search')
			.map((call) => (String(call.query?.criteria ?? '').match(/:equals:/g) ?? []).length);
	}

	it('upsert: looks records up (≤10 criteria per call) and tells insert from update, writing nothing', async () => {
		const before = await records();
		const input = [
			{ json: person(0, { ...olga, jobTitle: 'Lead' }) },
			...people(23, (n) => person(n + 1)),
			{ json: person(99, robin) },
		];
		const { pushed, notPushed } = await push(input, { options: { dryRun: true } });
		expect(notPushed).toHaveLength(0);
		expect(pushed.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(pushed[0].json.recruit).toMatchObject({
			id: (await stored('olga.existing@example.com')).id,
			action: 'dryRun',
			wouldBe: 'updated',
			payload: { Email: 'OLGA.existing@example.com', Current_Job_Title: 'Lead' },
			request: { path: '/Candidates/upsert' },
		});
		// The escaped search matched Robin exactly, not "robin(dev)@example.com".
		expect(pushed[24].json.recruit).toMatchObject({
			id: (await stored('robin(dev),jr@example.com')).id,
			wouldBe: 'updated',
		});
		for (const item of pushed.slice(1, 24))
			expect(item.json.recruit).toMatchObject({ id: null, action: 'dryRun', wouldBe: 'inserted' });

		const list = await calls();
		expect(writes(list)).toEqual([]);
		const counts = searchCriteriaCounts(list);
		expect(counts).toEqual([10, 10, 5]);
		expect(await records()).toEqual(before);
	});

	it('fillEmpty: unchanged records show wouldBe unchanged with no payload; others only their empty fields', async () => {
		const before = await records();
		const input = [
			// Everything mapped is already set in Recruit.
			{ json: { ...olga, jobTitle: 'Something else' } },
			{ json: { email: 'rita.recruit@example.com', lastName: 'Other', city: 'Pune' } },
			{ json: { email: 'new.one@example.com', lastName: 'New' } },
		];
		const { pushed } = await push(input, {
			options: { dryRun: true, existingRecordPolicy: 'fillEmpty' },
		});
		const recruit = pushed.map((item) => item.json.recruit as IDataObject);
		expect(recruit[0]).toEqual({
			id: (await stored('olga.existing@example.com')).id,
			module: 'Candidates',
			action: 'dryRun',
			wouldBe: 'unchanged',
		});
		expect(recruit[1]).toMatchObject({
			id: (await stored('rita.recruit@example.com')).id,
			wouldBe: 'updated',
			payload: { Email: 'rita.recruit@example.com', City: 'Pune' },
		});
		expect(recruit[1].payload).not.toHaveProperty('Last_Name');
		expect(recruit[2]).toMatchObject({ id: null, wouldBe: 'inserted' });
		expect(writes(await calls())).toEqual([]);
		expect(await records()).toEqual(before);
	});

	it('create and update: the real run’s EXISTS / NOT_FOUND, and the update’s target id', async () => {
		const input = [{ json: olga }, { json: { email: 'new.two@example.com', lastName: 'New' } }];
		const create = await push(input, { operation: 'create', options: { dryRun: true } });
		expect(create.notPushed[0].json.pushError).toMatchObject({ code: 'EXISTS' });
		expect(create.pushed[0].json.recruit).toMatchObject({ id: null, wouldBe: 'inserted' });

		const olgaId = (await stored('olga.existing@example.com')).id;
		const update = await push(input, { operation: 'update', options: { dryRun: true } });
		expect(update.pushed[0].json.recruit).toMatchObject({
			id: olgaId,
			wouldBe: 'updated',
			payload: { id: olgaId, First_Name: 'Olga' },
			request: { method: 'PUT', path: '/Candidates' },
		});
		expect(update.notPushed[0].json.pushError).toMatchObject({ code: 'NOT_FOUND' });
		expect(writes(await calls())).toEqual([]);
	});
});

describe('fillEmpty packs the records that need a write into full batches', () => {
	// 300 items: every 3rd is new (100), n % 6 === 1 exists with an empty City (50), the other 150
	// exist complete. Every input batch of 100 holds writes, yet 150 writes need only 2 calls.
	const isNew = (n: number) => n % 3 === 0;
	const lacksCity = (n: number) => n % 6 === 1;
	const existing = Array.from({ length: 300 }, (_, n) => n)
		.filter((n) => !isNew(n))
		.map((n) => ({
			Email: `person${n}@example.com`,
			First_Name: `Old${n}`,
			Last_Name: `Old${n}`,
			Phone: '+1 000',
			City: lacksCity(n) ? null : 'Mumbai',
			Current_Job_Title: 'Lead',
			Current_Employer: 'Old Co',
			Campaign_Activity: 'Opened',
		}));

	it('150 changed records out of 300 → 2 write calls, each result on its own item', async () => {
		await admin('POST', 'reset', {
			scenario: { ...SCENARIO, recruit: { modules: { Candidates: { records: existing } } } },
		});
		await admin('DELETE', 'calls');
		const { pushed, notPushed } = await push(people(300), {
			options: { existingRecordPolicy: 'fillEmpty' },
		});
		expect(notPushed).toHaveLength(0);
		expect(pushed).toHaveLength(300);

		const upserts = writes(await calls());
		expect(upserts.map((call) => (call.body?.data as unknown[]).length)).toEqual([100, 50]);

		const byEmail = new Map((await records()).map((record) => [record.Email, record]));
		pushed.forEach((item, n) => {
			expect(item.pairedItem).toEqual({ item: n });
			expect(item.json.email).toBe(`person${n}@example.com`);
			const recruit = item.json.recruit as IDataObject;
			const record = byEmail.get(`person${n}@example.com`) as IDataObject;
			expect(recruit.id).toBe(record.id);
			expect(recruit.action).toBe(isNew(n) ? 'inserted' : lacksCity(n) ? 'updated' : 'unchanged');
			expect(record.City).toBe(isNew(n) || lacksCity(n) ? 'Pune' : 'Mumbai');
			expect(record.First_Name).toBe(isNew(n) ? `First${n}` : `Old${n}`);
		});
	});
});

describe('search criteria escaping', () => {
	it('an email with ( ) , is matched exactly and matches nothing else', async () => {
		const tricky = person(1, {
			email: 'a(b),c@example.com',
			firstName: 'Updated',
			lastName: 'Parens',
		});
		const created = await push([{ json: tricky }], { operation: 'create' });
		expect(created.notPushed[0].json.pushError).toMatchObject({
			code: 'EXISTS',
			id: EXISTING[1].id,
		});

		const updated = await push([{ json: tricky }], { operation: 'update' });
		expect(updated.pushed[0].json.recruit).toMatchObject({ id: EXISTING[1].id, action: 'updated' });
		const stored = await records();
		expect(stored.find((record) => record.id === EXISTING[1].id)?.First_Name).toBe('Updated');
		expect(stored.find((record) => record.id === EXISTING[2].id)?.First_Name).toBe('Decoy');
		expect(stored.find((record) => record.id === EXISTING[3].id)?.First_Name).toBe('Decoy');

		const searches = (await calls()).filter(
			(call) => call.path === '/recruit/v2/Candidates/search',
		);
		expect(searches.length).toBeGreaterThan(0);
		expect(String(searches[0].query?.criteria)).toContain('a\\(b\\)\\,c@example.com');
	});
});

describe('tags, notes and automations', () => {
	it('adds tags with one call per distinct tag set and one note per pushed record', async () => {
		const input = people(4, (n) => person(n, { tagList: n < 3 ? 'Campaign, Opened' : 'Clicked' }));
		const { pushed } = await push(input, {
			options: { tags: '={{ $json.tagList }}', addNote: true },
		});
		expect(pushed).toHaveLength(4);
		const tagCalls = writes(await calls()).filter((call) => call.path.includes('add_tags'));
		expect(tagCalls).toHaveLength(2);

		const stored = await records();
		const byEmail = (email: string) => stored.find((entry) => entry.Email === email) as IDataObject;
		expect((byEmail('person0@example.com').$tags as string[]).sort()).toEqual([
			'Campaign',
			'Opened',
		]);
		expect(byEmail('person3@example.com').$tags).toEqual(['Clicked']);

		for (let n = 0; n < 4; n++) {
			const record = byEmail(`person${n}@example.com`);
			expect(record.id).toBe((pushed[n].json.recruit as IDataObject).id);
			const notes = record.$notes as IDataObject[];
			expect(notes).toHaveLength(1);
			expect(String(notes[0].Note_Title)).toBe(
				`${n % 2 === 0 ? 'Clicked' : 'Opened'} campaign "Spring Launch" (c-1)`,
			);
			expect(String(notes[0].Note_Content)).toContain('Time: 2026-03-02T08:00:00Z');
		}
		expect(pushed[0].json.recruit).toMatchObject({ tags: ['Campaign', 'Opened'] });
		expect(typeof (pushed[0].json.recruit as IDataObject).noteId).toBe('string');
	});

	it('runAutomations false sends trigger: [] (default sends all three)', async () => {
		await push(people(1), { options: { runAutomations: false } });
		await push(people(1, (n) => person(n + 1)));
		const triggerOf = (record: IDataObject) => (record.$log as IDataObject[])[0].trigger;
		const stored = await records();
		expect(
			triggerOf(stored.find((record) => record.Email === 'person0@example.com') as IDataObject),
		).toEqual([]);
		expect(
			triggerOf(stored.find((record) => record.Email === 'person1@example.com') as IDataObject),
		).toEqual(['workflow', 'approval', 'blueprint']);
	});
});

describe('retries and failures', () => {
	async function expectExactlyOnce(count: number, from = 0): Promise<void> {
		const stored = await records();
		for (let n = from; n < count; n++) {
			expect(stored.filter((record) => record.Email === `person${n}@example.com`)).toHaveLength(1);
		}
	}

	it('429 then success: retried, everything lands once', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 429,
			count: 1,
		});
		const { pushed } = await push(people(150));
		expect(pushed).toHaveLength(150);
		await expectExactlyOnce(150);
	});

	it('a 429 whose Retry-After exceeds the in-node budget: no waiting, items retryable with retryAt', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 429,
			headers: { 'Retry-After': '3600' },
			count: 1,
		});
		const started = Date.now();
		const { result, pushed, notPushed } = await push(people(150));
		expect(result.status).toBe('success');
		expect(waits).toEqual([]);
		expect(notPushed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 100 }, (_, i) => ({ item: i })),
		);
		for (const item of notPushed) {
			const error = item.json.pushError as IDataObject;
			expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, retryable: true });
			const retryAt = Date.parse(String(error.retryAt));
			expect(retryAt - started).toBeGreaterThanOrEqual(3_590_000);
			expect(retryAt - started).toBeLessThanOrEqual(3_600_000 + (Date.now() - started));
		}
		expect(pushed).toHaveLength(50);
		const stored = await records();
		expect(stored.some((record) => record.Email === 'person0@example.com')).toBe(false);
		await expectExactlyOnce(150, 100);
	});

	it('500 twice then success: retried, everything lands once', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 500,
			count: 2,
		});
		const { pushed } = await push(people(150));
		expect(pushed).toHaveLength(150);
		await expectExactlyOnce(150);
		expect(writes(await calls()).filter((call) => call.status === 500)).toHaveLength(2);
	});

	it('create after a 500 on insert checks before resending: no record twice', async () => {
		// The sandbox applies the insert, then answers 500: the client cannot know it landed.
		await failNextInsertAfterApplying();
		const { pushed, notPushed } = await push(people(30), { operation: 'create' });
		expect(notPushed).toHaveLength(0);
		expect(pushed).toHaveLength(30);
		expect(pushed.every((item) => (item.json.recruit as IDataObject).action === 'inserted')).toBe(
			true,
		);
		await expectExactlyOnce(30);
		// All 30 were found by the follow-up search, so nothing was resent.
		expect(await insertStatuses()).toEqual([500]);
	});

	it('create after a 500 that was applied: the same email twice → one inserted, the other DUPLICATE_DATA', async () => {
		// What a successful insert of this batch returns (previous describe): the first copy is
		// added, the second gets DUPLICATE_DATA with the record's id. The recovered path must match.
		await failNextInsertAfterApplying();
		const input = [
			{ json: person(1) },
			{ json: person(7) },
			{ json: person(7, { firstName: 'Twin', email: 'PERSON7@example.com' }) },
			{ json: person(2) },
		];
		const { pushed, notPushed } = await push(input, { operation: 'create' });

		const stored = await records();
		const sevens = stored.filter((record) => /^person7@/i.test(String(record.Email)));
		expect(sevens).toHaveLength(1);
		expect(sevens[0].First_Name).toBe('First7');
		expect(pushed.map((item) => item.pairedItem)).toEqual([0, 1, 3].map((item) => ({ item })));
		expect(pushed[1].json.recruit).toMatchObject({ action: 'inserted', id: sevens[0].id });
		expect(notPushed.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'DUPLICATE_DATA',
			field: 'Email',
			id: sevens[0].id,
		});
		expect(String((notPushed[0].json.pushError as IDataObject).message)).toMatch(/duplicate/i);
		// Nothing resent: the search accounted for every item.
		expect(await insertStatuses()).toEqual([500]);
	});

	it('create after a 500 that was applied: the copy Zoho actually stored is the one reported inserted', async () => {
		// The first copy has an Origin Zoho rejects, so the second copy created the record.
		await failNextInsertAfterApplying();
		const input = [
			{ json: person(7, { Origin: 'Walk-in' }) },
			{ json: person(7, { firstName: 'Twin' }) },
		];
		const { pushed, notPushed } = await push(input, { operation: 'create' });
		const sevens = (await records()).filter((record) => record.Email === 'person7@example.com');
		expect(sevens).toHaveLength(1);
		expect(sevens[0].First_Name).toBe('Twin');
		expect(pushed.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(pushed[0].json.recruit).toMatchObject({ action: 'inserted', id: sevens[0].id });
		expect(notPushed.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(notPushed[0].json.pushError).toMatchObject({ code: 'DUPLICATE_DATA', id: sevens[0].id });
	});

	it('create after a 500 that was not applied resends the missing records once', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates',
			method: 'POST',
			status: 500,
			count: 1,
		});
		const { pushed } = await push(people(30), { operation: 'create' });
		expect(pushed).toHaveLength(30);
		await expectExactlyOnce(30);
		expect(await insertStatuses()).toEqual([500, 201]);
	});

	it('create: when every resend of the missing records fails, only they are Not Pushed (retryable)', async () => {
		// Call 1 is applied, then answered 500: the 5 valid records land, the 2 with an Origin
		// Zoho rejects do not. The search confirms the 5; both resends of the 2 get a plain 500.
		await admin('POST', 'faults', [
			{
				product: 'recruit',
				path: '/recruit/v2/Candidates',
				method: 'POST',
				status: 500,
				afterApply: true,
				count: 1,
			},
			{ product: 'recruit', path: '/recruit/v2/Candidates', method: 'POST', status: 500, count: 2 },
		]);
		const badOrigin = new Set([2, 5]);
		const input = people(7, (n) =>
			badOrigin.has(n) ? person(n, { Origin: 'Walk-in' }) : person(n),
		);
		const { result, pushed, notPushed } = await push(input, { operation: 'create' });
		expect(result.status).toBe('success');

		const stored = await records();
		expect(pushed.map((item) => item.pairedItem)).toEqual(
			[0, 1, 3, 4, 6].map((item) => ({ item })),
		);
		for (const item of pushed) {
			const recruit = item.json.recruit as IDataObject;
			const held = stored.filter((record) => record.Email === item.json.email);
			expect(held).toHaveLength(1);
			expect(recruit).toMatchObject({ action: 'inserted', id: held[0].id, module: 'Candidates' });
		}
		expect(notPushed.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 5 }]);
		for (const item of notPushed) {
			expect(item.json.pushError).toMatchObject({
				code: 'INTERNAL_ERROR',
				httpStatus: 500,
				retryable: true,
			});
			expect(stored.some((record) => record.Email === item.json.email)).toBe(false);
		}
		const log = await calls();
		const inserts = writes(log).filter((call) => call.path === '/recruit/v2/Candidates');
		expect(inserts.map((call) => call.status)).toEqual([500, 500, 500]);
		for (const resend of inserts.slice(1)) {
			expect((resend.body?.data as IDataObject[]).map((record) => record.Email)).toEqual([
				'person2@example.com',
				'person5@example.com',
			]);
		}
		// A search before each resend and one after the last: 1 lookup + 3.
		expect(log.filter((call) => call.path === '/recruit/v2/Candidates/search')).toHaveLength(4);
	});

	it('create: 503 (not applied), nothing found, the resend applied but answered 500 → all inserted, tagged, noted once', async () => {
		await admin('POST', 'faults', [
			{ product: 'recruit', path: '/recruit/v2/Candidates', method: 'POST', status: 503, count: 1 },
			{
				product: 'recruit',
				path: '/recruit/v2/Candidates',
				method: 'POST',
				status: 500,
				afterApply: true,
				count: 1,
			},
		]);
		const { pushed, notPushed } = await push(people(100), {
			operation: 'create',
			options: { tags: 'Spring', addNote: true },
		});
		expect(notPushed).toHaveLength(0);
		expect(pushed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 100 }, (_, item) => ({ item })),
		);
		const stored = await records();
		for (const item of pushed) {
			const held = stored.filter((record) => record.Email === item.json.email);
			expect(held).toHaveLength(1);
			expect(item.json.recruit).toMatchObject({
				action: 'inserted',
				id: held[0].id,
				tags: ['Spring'],
			});
			expect(held[0].$tags).toEqual(['Spring']);
			expect(held[0].$notes as IDataObject[]).toHaveLength(1);
			expect((item.json.recruit as IDataObject).noteId).toBe(
				(held[0].$notes as IDataObject[])[0].id,
			);
		}
		expect(await insertStatuses()).toEqual([503, 500]);
	});

	it('token expiry mid-run: n8n refreshes, the batch is resent once, everything lands once', async () => {
		const credentials = new SandboxCredentials(sandbox.url, { accessToken: SEEDED_ACCESS });
		// Expire the token right before the second batch's write.
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			expireToken: true,
			count: 1,
		});
		const result = await runWorkflow(
			{
				nodes: [
					{
						id: 'push',
						name: NODE,
						type: NODE_TYPE,
						typeVersion: 1,
						position: [0, 0],
						parameters: {
							module: 'Candidates',
							operation: 'upsert',
							columns: AUTO_MAP,
							options: {},
						},
					},
				],
				connections: {},
			},
			{ credentials, startNode: NODE, input: people(250) },
		);
		expect(result.status).toBe('success');
		expect(result.output(NODE, 0)).toHaveLength(250);
		expect(credentials.refreshes).toBe(1);
		await expectExactlyOnce(250);
	});

	it('a batch that keeps failing: continueOnFail → its items Not Pushed with the cause, the next batch Pushed', async () => {
		// Every attempt of batch 1 fails; batch 2 goes through.
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 500,
			count: ATTEMPTS,
		});
		const { result, pushed, notPushed } = await push(
			people(150),
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(result.status).toBe('success');
		expect(notPushed).toHaveLength(100);
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'INTERNAL_ERROR',
			httpStatus: 500,
			retryable: true,
		});
		expect(notPushed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 100 }, (_, i) => ({ item: i })),
		);
		expect(pushed).toHaveLength(50);
		expect(pushed[0].pairedItem).toEqual({ item: 100 });
		const stored = await records();
		expect(stored.some((record) => record.Email === 'person0@example.com')).toBe(false);
		expect(stored.some((record) => record.Email === 'person149@example.com')).toBe(true);
	});

	it('without continueOnFail a batch that keeps failing still goes to Not Pushed (nothing is lost)', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 503,
			count: ATTEMPTS,
		});
		// Item 0 fails validation, so batch 1 holds input items 2–101.
		const input = people(251, (n) => (n === 0 ? person(n, { lastName: null }) : person(n)));
		const { result, pushed, notPushed } = await push(input);
		expect(result.status).toBe('success');
		expect(notPushed).toHaveLength(101);
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'MANDATORY_NOT_FOUND',
			retryable: false,
		});
		expect(notPushed.slice(1).map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 100 }, (_, i) => ({ item: i + 1 })),
		);
		for (const item of notPushed.slice(1)) {
			expect(item.json.pushError).toMatchObject({
				code: 'INTERNAL_ERROR',
				httpStatus: 503,
				retryable: true,
				message: expect.stringContaining('503') as unknown as string,
			});
			expect((item.json.pushError as IDataObject).retryAt).toBeUndefined();
		}
		expect(pushed).toHaveLength(150);
		expect(pushed[0].pairedItem).toEqual({ item: 101 });
		const stored = await records();
		expect(stored.some((record) => record.Email === 'person1@example.com')).toBe(false);
		expect(stored.some((record) => record.Email === 'person250@example.com')).toBe(true);
	});

	it('a lookup that keeps failing puts its items on Not Pushed, with no write for them', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/search',
			status: 502,
			count: ATTEMPTS,
		});
		const { result, pushed, notPushed } = await push(people(3), { operation: 'create' });
		expect(result.status).toBe('success');
		expect(pushed).toHaveLength(0);
		expect(notPushed.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(notPushed[0].json.pushError).toMatchObject({ httpStatus: 502 });
		expect(String((notPushed[0].json.pushError as IDataObject).code)).toMatch(
			/^(HTTP_502|INTERNAL_ERROR)$/,
		);
		expect(writes(await calls())).toHaveLength(0);
	});

	it('a permission error on a batch fails the node naming the batch, even with continueOnFail', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 403,
			body: {
				code: 'NO_PERMISSION',
				details: {},
				message: 'permission denied',
				status: 'error',
			},
			count: 10,
		});
		const input = people(251, (n) => (n === 0 ? person(n, { lastName: null }) : person(n)));
		const { result } = await push(input, {}, { onError: 'continueRegularOutput' });
		expect(result.status).not.toBe('success');
		const error = result.nodeError(NODE);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^Batch 1 of 3 \(items 2–101\) failed: /);
		expect(error?.message).toContain('NO_PERMISSION');
		expect(String((error as unknown as IDataObject).description)).toMatch(/no permission/);
		expect((error as unknown as IDataObject).httpCode).toBe('403');
		// Not retried, and no further batch was tried.
		expect(writes(await calls())).toHaveLength(1);
	});

	it('configuration errors fail the node even with continueOnFail', async () => {
		await admin('POST', 'reset', {
			scenario: { ...SCENARIO, recruit: { ...SCENARIO.recruit, contactsModuleEnabled: false } },
		});
		const { result } = await push(
			people(2),
			{ module: 'Contacts' },
			{ onError: 'continueRegularOutput' },
		);
		expect(result.status).not.toBe('success');
		expect(String(result.nodeError(NODE)?.message ?? '')).toMatch(/INVALID_MODULE|module/i);
	});
});

describe('nothing lost, nothing twice', () => {
	/** Lost = input emails not in Recruit; duplicated = emails held by more than one record. */
	async function lostAndDuplicated(
		emails: string[],
	): Promise<{ lost: number; duplicated: number }> {
		const stored = await records();
		const count = (email: string) =>
			stored.filter((record) => String(record.Email).toLowerCase() === email.toLowerCase()).length;
		return {
			lost: emails.filter((email) => count(email) === 0).length,
			duplicated: emails.filter((email) => count(email) > 1).length,
		};
	}
	const emailsOf = (input: INodeExecutionData[]) => input.map((item) => String(item.json.email));

	it('a burst of 429s on one upsert batch: retried in the node, all land once', async () => {
		// Five in a row used to put the batch on Not Pushed; the in-node retries now outlast eight.
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 429,
			count: ATTEMPTS - 1,
		});
		const input = people(250);
		const { pushed, notPushed } = await push(input, { options: { tags: 'Burst' } });
		expect(notPushed).toHaveLength(0);
		expect(pushed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 250 }, (_, item) => ({ item })),
		);
		expect(await lostAndDuplicated(emailsOf(input))).toEqual({ lost: 0, duplicated: 0 });
		const upserts = writes(await calls()).filter((call) => call.path.endsWith('/upsert'));
		expect(upserts.map((call) => call.status)).toEqual([
			...Array<number>(ATTEMPTS - 1).fill(429),
			201,
			201,
			201,
		]);
		// Jittered, growing, within the per-request budget.
		expect(waits).toHaveLength(ATTEMPTS - 1);
		expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(
			RECRUIT_RETRY_POLICY.maxTotalWaitMs!,
		);
	});

	it('a 429 burst that outlasts the in-node budget: items retryable with retryAt; the next run lands them once', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 429,
			headers: { 'Retry-After': '20' },
			count: 50,
		});
		const input = people(250);
		const started = Date.now();
		const first = await push(input);
		expect(first.pushed).toHaveLength(0);
		expect(first.notPushed).toHaveLength(250);
		for (const item of first.notPushed) {
			const error = item.json.pushError as IDataObject;
			expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true });
			expect(Date.parse(String(error.retryAt)) - started).toBeGreaterThanOrEqual(19_000);
		}
		// Retry-After was honoured (20 s plus jitter) until the next wait no longer fit.
		expect(waits.every((ms) => ms >= 20_000)).toBe(true);
		expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(180_000);

		// The burst ends; the workflow's durable retry sends the Not Pushed items again.
		await admin('DELETE', 'faults');
		const second = await push(first.notPushed.map((item) => ({ json: item.json })));
		expect(second.notPushed).toHaveLength(0);
		expect(second.pushed).toHaveLength(250);
		expect(await lostAndDuplicated(emailsOf(input))).toEqual({ lost: 0, duplicated: 0 });
	});

	it('a Recruit outage already on the field layout read: every item Not Pushed retryable, the next run lands them once', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/settings/fields',
			status: 503,
			count: 1_000,
		});
		const input = people(30);
		const first = await push(input);
		expect(first.result.status).toBe('success');
		expect(first.pushed).toHaveLength(0);
		expect(first.notPushed.map((item) => item.pairedItem)).toEqual(
			input.map((_, item) => ({ item })),
		);
		for (const item of first.notPushed) {
			expect(item.json.pushError).toMatchObject({ httpStatus: 503, retryable: true });
		}
		expect(writes(await calls())).toHaveLength(0);

		await admin('DELETE', 'faults');
		const second = await push(first.notPushed.map((item) => ({ json: item.json })));
		expect(second.notPushed).toHaveLength(0);
		expect(second.pushed).toHaveLength(30);
		expect(await lostAndDuplicated(emailsOf(input))).toEqual({ lost: 0, duplicated: 0 });
	});

	it('credits exhausted until the daily reset: retryable with the reset time, pushed after it', async () => {
		await admin('POST', 'reset', {
			scenario: {
				...SCENARIO,
				clock: { start: '2026-11-20T22:00:00Z', mode: 'frozen' },
				limits: { ...SCENARIO.limits, recruitCredits: 2, recruitCreditsReset: 'daily' },
			},
		});
		const input = people(150);
		// 1 credit for the fields, 1 per upsert: the second batch finds the budget spent.
		const first = await push(input);
		expect(first.pushed).toHaveLength(100);
		expect(first.notPushed).toHaveLength(50);
		for (const item of first.notPushed) {
			expect(item.json.pushError).toMatchObject({
				code: 'TOO_MANY_REQUESTS',
				httpStatus: 429,
				retryable: true,
				retryAt: '2026-11-21T00:00:00.000Z',
			});
		}
		await admin('POST', 'clock', { set: '2026-11-21T00:00:01Z' });
		const second = await push(first.notPushed.map((item) => ({ json: item.json })));
		expect(second.pushed).toHaveLength(50);
		expect(await lostAndDuplicated(emailsOf(input))).toEqual({ lost: 0, duplicated: 0 });
	});

	it('backslashes and escaped parentheses in matching values: searched exactly, companions unharmed', async () => {
		const input = people(20, (n) =>
			n === 4
				? person(n, { email: 'trail@x.com\\' })
				: n === 11
					? person(n, { email: 'x\\)or(Email:equals:existing@example.com' })
					: person(n),
		);
		const { pushed, notPushed } = await push(input, { operation: 'create' });
		const log = await calls();
		const searches = log.filter((call) => call.path.endsWith('/search'));
		// Unescaped, the trailing backslash escaped the closing parenthesis: INVALID_QUERY for
		// the whole lookup group, and all 20 items were Not Pushed.
		expect(searches.every((call) => call.status === 200 || call.status === 204)).toBe(true);
		expect(String(searches[0].query?.criteria)).toContain('(Email:equals:trail@x.com\\\\)');
		expect(notPushed).toHaveLength(0);
		expect(pushed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 20 }, (_, item) => ({ item })),
		);
		// The injection attempt matched nothing: it got its own record; the existing one is untouched.
		const stored = await records();
		expect((pushed[11].json.recruit as IDataObject).id).not.toBe(EXISTING[0].id);
		expect(stored.find((record) => record.id === EXISTING[0].id)?.First_Name).toBe('Kept');
		expect(await lostAndDuplicated(emailsOf(input))).toEqual({ lost: 0, duplicated: 0 });
	});

	it('a lookup Zoho rejects as a whole (INVALID_QUERY) is split until only the culprit is left', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/search',
			queryIncludes: 'person37@',
			status: 400,
			body: {
				code: 'INVALID_QUERY',
				details: {},
				message: 'invalid query formed',
				status: 'error',
			},
			count: 100,
		});
		const input = people(100);
		const { pushed, notPushed } = await push(input, { operation: 'create' });
		expect(notPushed.map((item) => item.pairedItem)).toEqual([{ item: 37 }]);
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'INVALID_QUERY',
			field: 'Email',
			retryable: false,
			httpStatus: 400,
			message: expect.stringContaining('Email') as unknown as string,
		});
		expect(pushed).toHaveLength(99);
		expect(await lostAndDuplicated(emailsOf(input).filter((_, n) => n !== 37))).toEqual({
			lost: 0,
			duplicated: 0,
		});
		// Halving costs a few extra searches, not one per item.
		const searches = (await calls()).filter((call) => call.path.endsWith('/search'));
		expect(searches.length).toBeLessThan(40);
	});

	it('a write rejected as a whole (400 without per-record results) is split the same way', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Candidates/upsert',
			status: 400,
			body: {
				code: 'INVALID_DATA',
				details: { api_name: 'Email' },
				message: 'invalid data',
				status: 'error',
			},
			count: 8,
		});
		const input = people(100);
		const { pushed, notPushed } = await push(input);
		// 8 rejections: the whole batch (100), then the first half of each half (50, 25, … 1).
		expect(notPushed.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(notPushed[0].json.pushError).toMatchObject({
			code: 'INVALID_DATA',
			field: 'Email',
			retryable: false,
		});
		expect(pushed).toHaveLength(99);
	});

	it('a re-run of the same items adds no note twice (and tags stay as they are)', async () => {
		const input = people(5);
		const options = { tags: 'Spring', addNote: true };
		await push(input, { options });
		await admin('DELETE', 'calls');
		const again = await push(input, { options });
		expect(again.pushed).toHaveLength(5);
		const stored = await records();
		for (const item of again.pushed) {
			const held = stored.find((record) => record.Email === item.json.email) as IDataObject;
			expect(held.$notes as IDataObject[]).toHaveLength(1);
			expect(held.$tags).toEqual(['Spring']);
			expect(item.json.recruit).toMatchObject({
				action: 'updated',
				noteExisted: true,
				noteId: (held.$notes as IDataObject[])[0].id,
			});
		}
		// Cost: one notes read per updated record, no notes write.
		const log = await calls();
		expect(
			log.filter((call) => call.path.endsWith('/Notes') && call.method === 'GET'),
		).toHaveLength(5);
		expect(log.filter((call) => call.path === '/recruit/v2/Notes')).toHaveLength(0);
	});

	it('a notes call applied but answered 500: checked, not resent, one note each', async () => {
		await admin('POST', 'faults', {
			product: 'recruit',
			path: '/recruit/v2/Notes',
			method: 'POST',
			status: 500,
			afterApply: true,
			count: 1,
		});
		const { pushed } = await push(people(3), { options: { addNote: true } });
		const stored = await records();
		for (const item of pushed) {
			const held = stored.find((record) => record.Email === item.json.email) as IDataObject;
			expect(held.$notes as IDataObject[]).toHaveLength(1);
			expect((item.json.recruit as IDataObject).noteId).toBe((held.$notes as IDataObject[])[0].id);
		}
		expect((await calls()).filter((call) => call.path === '/recruit/v2/Notes')).toHaveLength(1);
	});
});
