/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Every workflow template: loads in n8n's terms (types, versions, parameters, connections), carries
// a resource-mapper schema that matches Recruit's live field metadata (through the Push node's own
// resourceMapping method against the sandbox), and embeds no credential id or secret. The preview
// template is also run: it must show what would be pushed and write nothing.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import {
	MAIN_TEMPLATE_FILE,
	PREVIEW_TEMPLATE_FILE,
	TEMPLATES_DIR,
	configureTemplate,
	fetchMailingLists,
	loadTemplate,
	recruitRecords,
	sandboxCalls,
	startScenarioSandbox,
	templateRoles,
	type ScenarioRun,
} from '../../scripts/demo/setup';
import { ActiveWorkflow, loadOptionsContext, runWorkflow, type WorkflowJson } from '../harness';
import {
	PACKAGE_NAME,
	STOCK_NODES,
	byType,
	packageNodeTypes,
	secretProblems,
	structuralProblems,
	type NodeTypeInfo,
	type Template,
} from './templateChecks';

const files = readdirSync(TEMPLATES_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort();
const templates = files.map((file) => ({
	file,
	wf: JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as Template,
}));

const packageTypes = packageNodeTypes();
const catalog = new Map<string, NodeTypeInfo>([
	...Object.entries(STOCK_NODES),
	...[...packageTypes].map(([type, { info }]) => [type, info] as [string, NodeTypeInfo]),
]);

const PUSH_TYPE = `${PACKAGE_NAME}.recruitPush`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`;
const LIST_PARAMETERS = [
	'candidateOpenedLists',
	'candidateClickedLists',
	'contactOpenedLists',
	'contactClickedLists',
];

it('finds the templates', () => {
	expect(files).toEqual(
		expect.arrayContaining([
			'push-engagement-to-recruit.json',
			'preview-engagement-push.json',
			'why-not-pushed.json',
		]),
	);
	expect(packageTypes.size).toBe(3);
});

describe.each(templates)('$file', ({ wf }) => {
	it('uses only known node types, versions, parameters and valid connections', () => {
		expect(structuralProblems(wf, catalog)).toEqual([]);
	});

	it('embeds no secret', () => {
		expect(secretProblems(wf)).toEqual([]);
	});
});

// The templates that push (they have the Campaigns trigger).
const pushTemplates = templates.filter(({ wf }) =>
	wf.nodes.some((node) => node.type === TRIGGER_TYPE),
);

describe.each(pushTemplates)('$file', ({ wf }) => {
	it('references credentials by name only and embeds no secret', () => {
		expect(secretProblems(wf)).toEqual([]);
		const withCredentials = wf.nodes.filter((node) => node.credentials);
		expect(withCredentials.length).toBeGreaterThan(0);
	});

	it('leaves the mailing lists for the user to pick', () => {
		for (const node of wf.nodes) {
			if (node.type === TRIGGER_TYPE)
				for (const name of LIST_PARAMETERS) expect(node.parameters[name]).toEqual([]);
			if (node.type === `${PACKAGE_NAME}.eligibilityFilter`)
				expect(node.parameters.recruitSyncedLists).toEqual([]);
		}
	});

	it('explains the setup in sticky notes', () => {
		const notes = wf.nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => String(node.parameters.content))
			.join('\n');
		for (const topic of [
			/credential/i,
			/mailing lists?/i,
			/Recruit sync list/i,
			/Client_Name/,
			/mapping/i,
		])
			expect(notes).toMatch(topic);
	});
});

// ---- the main template's shape (README "Workflow templates") -----------------------------------

describe('push-engagement-to-recruit.json', () => {
	const wf = loadTemplate(MAIN_TEMPLATE_FILE);
	const roles = templateRoles(wf);

	it('wires Candidates and Contacts each through its own filter into its own push', () => {
		const main = (name: string) => wf.connections[name].main;
		const ensure = byType(wf as unknown as Template, 'n8n-nodes-base.dataTable').find(
			(node) => node.parameters.operation === 'create',
		)!;
		expect(main(roles.trigger.name)).toEqual([
			[
				{ node: roles.filters.Candidates.name, type: 'main', index: 0 },
				{ node: ensure.name, type: 'main', index: 0 },
			],
			[
				{ node: roles.filters.Contacts.name, type: 'main', index: 0 },
				{ node: ensure.name, type: 'main', index: 0 },
			],
		]);
		expect(main(roles.filters.Candidates.name)[0]).toEqual([
			{ node: roles.pushes.Candidates.name, type: 'main', index: 0 },
		]);
		expect(main(roles.filters.Contacts.name)[0]).toEqual([
			{ node: roles.pushes.Contacts.name, type: 'main', index: 0 },
		]);
	});

	it('upserts on Email, tags with the campaign and really writes', () => {
		for (const push of Object.values(roles.pushes)) {
			const { operation, columns, options } = push.parameters as IDataObject;
			expect(operation).toBe('upsert');
			expect((columns as IDataObject).mappingMode).toBe('defineBelow');
			expect((columns as IDataObject).matchingColumns).toEqual(['Email']);
			expect((options as IDataObject).tags).toBe('={{ $json.campaign.name }}');
			expect((options as IDataObject).dryRun).not.toBe(true);
		}
	});

	it('polls on a schedule and lays the canvas out left to right', () => {
		expect(roles.trigger.parameters.pollTimes).toEqual({
			item: [{ mode: 'everyX', value: 15, unit: 'minutes' }],
		});
		const x = (node: { position: [number, number] }) => node.position[0];
		for (const module of ['Candidates', 'Contacts'] as const) {
			expect(x(roles.trigger)).toBeLessThan(x(roles.filters[module]));
			expect(x(roles.filters[module])).toBeLessThan(x(roles.pushes[module]));
		}
	});
});

// ---- resource-mapper schemas against the sandbox's live field metadata ------------------------

describe('resource mapper schemas', () => {
	let run: ScenarioRun;
	const live = new Map<string, ResourceMapperFields['fields']>();

	beforeAll(async () => {
		run = await startScenarioSandbox('default');
		const push = packageTypes.get(PUSH_TYPE)!.nodeType;
		const method = push.methods!.resourceMapping!.getRecruitFields;
		for (const module of ['Candidates', 'Contacts']) {
			const context: ILoadOptionsFunctions = loadOptionsContext({
				credentials: run.credentials,
				nodeType: PUSH_TYPE,
				parameters: { module, operation: 'upsert' },
			});
			live.set(module, (await method.call(context)).fields);
		}
	});
	afterAll(async () => await run?.stop());

	const pushes = templates.flatMap(({ file, wf }) =>
		wf.nodes
			.filter((node) => node.type === PUSH_TYPE)
			.map((node) => ({ label: `${file} › ${node.name}`, node })),
	);

	it.each(pushes)('$label', ({ node }) => {
		const module = node.parameters.module as string;
		const columns = node.parameters.columns as {
			value: Record<string, string>;
			matchingColumns: string[];
			schema: Array<Record<string, unknown> & { id: string; removed?: boolean }>;
		};
		const liveFields = new Map(live.get(module)!.map((field) => [field.id, field]));
		expect(liveFields.size).toBeGreaterThan(0);

		for (const { removed, ...field } of columns.schema) {
			expect(typeof removed).toBe('boolean');
			// What the Push node's resource mapper produces for this field today.
			expect(field).toEqual(liveFields.get(field.id) ?? { missingFromLiveLayout: field.id });
		}
		const schemaById = new Map(columns.schema.map((field) => [field.id, field]));
		for (const id of Object.keys(columns.value)) {
			expect(schemaById.get(id)?.removed).toBe(false);
			expect(liveFields.get(id)?.readOnly).not.toBe(true);
		}
		for (const field of columns.schema) {
			if (!field.removed) expect(Object.keys(columns.value)).toContain(field.id);
		}
		for (const id of columns.matchingColumns)
			expect(liveFields.get(id)?.canBeUsedToMatch).toBe(true);
		for (const required of live.get(module)!.filter((field) => field.required))
			expect(Object.keys(columns.value)).toContain(required.id);

		expect(columns.value.Campaign_Activity).toMatch(/\$json\.activity/);
		expect(columns.value.Last_Campaign).toMatch(/\$json\.campaign\.name/);
		for (const id of ['First_Name', 'Last_Name', 'Email', 'Phone', 'Mobile'])
			expect(columns.value[id]).toMatch(/^=\{\{ \$json\.\w+ \}\}$/);
	});
});

// ---- the checks themselves catch broken templates ---------------------------------------------

describe('template checks reject broken templates', () => {
	const base = () => loadTemplate(MAIN_TEMPLATE_FILE) as unknown as Template;

	it('catches unknown types, versions, parameters and bad connections', () => {
		const wf = base();
		const [trigger, filter] = wf.nodes.filter((node) => node.type.startsWith(PACKAGE_NAME));
		trigger.typeVersion = 2;
		filter.parameters.notAParameter = true;
		wf.nodes.push({
			...filter,
			id: '00000000-0000-4000-8000-000000000000',
			name: 'X',
			type: `${PACKAGE_NAME}.nope`,
		});
		wf.connections[trigger.name].main.push([{ node: filter.name, type: 'main', index: 0 }]);
		wf.connections[filter.name].main[0]!.push({ node: trigger.name, type: 'main', index: 0 });
		wf.connections.Ghost = { main: [[{ node: 'Nowhere', type: 'main', index: 0 }]] };
		const problems = structuralProblems(wf, catalog).join('\n');
		expect(problems).toMatch(/typeVersion 2 not in \[1\]/);
		expect(problems).toMatch(/unknown parameter "notAParameter"/);
		expect(problems).toMatch(/unknown node type .*\.nope/);
		expect(problems).toMatch(/output 2: the node has 2 outputs/);
		expect(problems).toMatch(/input 0: the node has 0 inputs/);
		expect(problems).toMatch(/connection from unknown node "Ghost"/);
	});

	it('catches embedded credential ids, tokens and list keys', () => {
		const wf = base();
		const withCredential = wf.nodes.find((node) => node.credentials)!;
		const type = Object.keys(withCredential.credentials!)[0];
		withCredential.credentials![type] = { id: 'aB3dE5gH7jK9mN1p', name: 'Mine' };
		wf.nodes[0].parameters.content = 'token 1000.0123456789abcdef.fedcba9876543210';
		const trigger = wf.nodes.find((node) => node.type === TRIGGER_TYPE)!;
		trigger.parameters.candidateOpenedLists = ['3c20ad524dfa4af86216a5be13e238ed'];
		const problems = secretProblems(wf).join('\n');
		expect(problems).toMatch(/embeds credential id "aB3dE5gH7jK9mN1p"/);
		expect(problems).toMatch(/Zoho access\/refresh token/);
		expect(problems).toMatch(/32-hex key/);
	});
});

// ---- the preview template runs, and writes nothing ---------------------------------------------

describe('preview-engagement-push.json', () => {
	let run: ScenarioRun;
	const preview = loadTemplate(PREVIEW_TEMPLATE_FILE);
	const roles = templateRoles(preview);
	const WRITES = ['insert', 'update', 'upsert', 'addTags', 'createNotes'];

	beforeEach(async () => {
		run = await startScenarioSandbox('default');
	});
	afterEach(async () => await run?.stop());

	it('has Dry Run on in both pushes and a manual trigger path', () => {
		for (const push of Object.values(roles.pushes))
			expect((push.parameters.options as IDataObject).dryRun).toBe(true);
		const manual = preview.nodes.filter((node) => node.type === 'n8n-nodes-base.manualTrigger');
		expect(manual).toHaveLength(1);
		expect(preview.connections[manual[0].name].main[0]).toEqual([
			{ node: roles.filters.Candidates.name, type: 'main', index: 0 },
		]);
	});

	it('first activation shows exactly what the main template would push, and writes nothing', async () => {
		const lists = await fetchMailingLists(run.credentials);
		const before = {
			Candidates: await recruitRecords(run.sandbox.url, 'Candidates'),
			Contacts: await recruitRecords(run.sandbox.url, 'Contacts'),
		};
		const wf = configureTemplate(preview, lists);
		const active = new ActiveWorkflow(wf, {
			credentials: run.credentials,
			triggerNode: roles.trigger.name,
		});
		const { run: result } = await active.tick();
		expect(result?.status).toBe('success');

		const wouldPush: Record<string, IDataObject[]> = {};
		for (const module of ['Candidates', 'Contacts'] as const) {
			const pushed = result!.output(roles.pushes[module].name, 0);
			expect(result!.output(roles.pushes[module].name, 1)).toEqual([]);
			for (const item of pushed) expect((item.json.recruit as IDataObject).action).toBe('dryRun');
			wouldPush[module] = pushed.map(
				(item) => (item.json.recruit as IDataObject).payload as IDataObject,
			);
			expect(await recruitRecords(run.sandbox.url, module)).toEqual(before[module]);
		}
		const writes = (await sandboxCalls(run.sandbox.url)).filter(
			(call) => call.product === 'recruit' && WRITES.includes(call.apiMethod),
		);
		expect(writes).toEqual([]);
		expect(wouldPush.Candidates.length).toBeGreaterThan(0);
		expect(wouldPush.Contacts.length).toBeGreaterThan(0);

		// The same sandbox data through the real template: the same recipients are pushed, and each
		// Recruit record ends up holding exactly the previewed values.
		await run.stop();
		run = await startScenarioSandbox('default');
		const main = configureTemplate(loadTemplate(MAIN_TEMPLATE_FILE), lists);
		const mainRoles = templateRoles(main);
		const real = await new ActiveWorkflow(main, {
			credentials: run.credentials,
			triggerNode: mainRoles.trigger.name,
		}).tick();
		expect(real.run?.status).toBe('success');
		for (const module of ['Candidates', 'Contacts'] as const) {
			const pushed = real.run!.output(mainRoles.pushes[module].name, 0);
			expect(pushed.map((item) => String(item.json.email)).sort()).toEqual(
				wouldPush[module].map((payload) => String(payload.Email)).sort(),
			);
			const records = await recruitRecords(run.sandbox.url, module);
			for (const payload of wouldPush[module]) {
				const record = records.find((r) => r.Email === payload.Email);
				expect(record).toMatchObject(payload);
			}
		}
	});

	it('the manual path runs the pinned sample recipients through the filter and a dry run', async () => {
		const manual = preview.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
		const result = await runWorkflow(preview as WorkflowJson, {
			credentials: run.credentials,
			startNode: manual.name,
			usePinData: true,
		});
		expect(result.status).toBe('success');
		const ineligible = result.output(roles.filters.Candidates.name, 1);
		expect(
			ineligible.map((item) => [
				item.json.email,
				(item.json.ineligibleReasons as IDataObject[]).map((r) => r.code),
			]),
		).toEqual([['no.lastname@example.com', ['missing_mandatory_field']]]);
		const pushed = result.output(roles.pushes.Candidates.name, 0);
		expect(pushed).toHaveLength(1);
		const recruit = pushed[0].json.recruit as IDataObject;
		expect(recruit.action).toBe('dryRun');
		expect(recruit.payload).toMatchObject({
			Email: 'sample.candidate@example.com',
			Last_Name: 'Example',
			Campaign_Activity: 'Clicked',
			Last_Campaign: 'Sample Newsletter',
		});
		expect(result.ran(roles.trigger.name)).toBe(false);
		const writes = (await sandboxCalls(run.sandbox.url)).filter(
			(call) => call.product === 'recruit' && WRITES.includes(call.apiMethod),
		);
		expect(writes).toEqual([]);
	});
});
