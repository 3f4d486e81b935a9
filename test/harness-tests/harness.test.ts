import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import packageJson from '../../package.json';

import {
	ActiveWorkflow,
	PACKAGE_NAME,
	discoverPackageNodes,
	SandboxCredentials,
	executeContext,
	listKnownNodeTypes,
	loadOptionsContext,
	pollContext,
	registerNodeType,
	runWorkflow,
	type WorkflowJson,
} from '../harness';
import { MAPPER_PROBE_TYPE, MapperProbe } from '../harness/testNodes/MapperProbe';
import { PROBE_TRIGGER_TYPE, ProbeTrigger } from '../harness/testNodes/ProbeTrigger';
import { RECRUIT_PROBE_TYPE, RecruitProbe } from '../harness/testNodes/RecruitProbe';
import { SandboxAdmin } from '../sandbox/client';
import type { Sandbox } from '../sandbox/server';
import { HARNESS_SCENARIO, startHarnessSandbox } from './harnessSandbox';

registerNodeType(RECRUIT_PROBE_TYPE, new RecruitProbe());
registerNodeType(PROBE_TRIGGER_TYPE, new ProbeTrigger());
registerNodeType(MAPPER_PROBE_TYPE, new MapperProbe());

const RECRUIT = 'zohoRecruitOAuth2Api';

function node(
	name: string,
	type: string,
	parameters: IDataObject = {},
	extra: Partial<INode> = {},
): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra } as INode;
}

function to(target: string, index = 0) {
	return { node: target, type: 'main' as const, index };
}

const pairedIndexes = (items: INodeExecutionData[]) =>
	items.map((item) => (item.pairedItem as { item: number }).item);

let server: Sandbox;
let admin: SandboxAdmin;
let credentials: SandboxCredentials;

/** Inserts Candidates through the Recruit API with a harness execute context. */
async function insertCandidates(rows: IDataObject[]): Promise<string[]> {
	const ctx = executeContext({ credentials });
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, RECRUIT, {
		method: 'POST',
		url: `${server.url}/recruit/v2/Candidates`,
		body: { data: rows },
		json: true,
	})) as { data: Array<{ code: string; details: { id: string } }> };
	expect(response.data.map((r) => r.code)).toEqual(rows.map(() => 'SUCCESS'));
	return response.data.map((r) => r.details.id);
}

beforeAll(async () => {
	server = await startHarnessSandbox();
	admin = new SandboxAdmin(server.url);
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	credentials = new SandboxCredentials(server.url, {
		accessToken: HARNESS_SCENARIO.initialAccessToken,
	});
});

describe('node types', () => {
	it('knows the n8n-nodes-base stand-ins and registered test nodes', () => {
		const known = listKnownNodeTypes();
		expect(known).toEqual(
			expect.arrayContaining([
				'n8n-nodes-base.manualTrigger',
				'n8n-nodes-base.stickyNote',
				'n8n-nodes-base.noOp',
				RECRUIT_PROBE_TYPE,
			]),
		);
		for (const type of known.filter((t) => t.startsWith(`${PACKAGE_NAME}.`))) {
			expect(type).toMatch(/^n8n-nodes-zoho-campaigns-recruit\.[a-z][A-Za-z]+$/);
		}
	});

	it('loads every node listed in package.json from its TS source, keyed by package name', () => {
		const { types, failures } = discoverPackageNodes();
		const listed = (packageJson as { n8n: { nodes: string[] } }).n8n.nodes.map((dist) =>
			dist.replace(/^dist\//, '').replace(/\.js$/, '.ts'),
		);
		expect(listed.length).toBeGreaterThan(0);
		for (const file of listed)
			expect([file, failures.get(file)?.message]).toEqual([file, undefined]);
		expect(types.size).toBeGreaterThanOrEqual(listed.length);
		for (const [typeName, nodeType] of types) {
			expect(typeName).toBe(`${PACKAGE_NAME}.${nodeType.description.name}`);
			const described =
				'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
			for (const version of described) {
				const hasPollTimes = version.description.properties.some((p) => p.name === 'pollTimes');
				expect([typeName, hasPollTimes]).toEqual([typeName, !!version.description.polling]);
			}
		}
	});

	it('adds n8n’s pollTimes parameter to polling nodes, so workflows that set it load', async () => {
		const trigger = new ProbeTrigger();
		registerNodeType('n8n-nodes-harness.probeTriggerCopy', trigger);
		expect(trigger.description.properties[0].name).toBe('pollTimes');

		const ctx = pollContext({
			credentials,
			nodeType: PROBE_TRIGGER_TYPE,
			parameters: { pollTimes: { item: [{ mode: 'everyHour', minute: 5 }] } },
		});
		expect(ctx.getNodeParameter('pollTimes')).toEqual({ item: [{ mode: 'everyHour', minute: 5 }] });
	});

	it('rejects an unknown node type with a message naming it', async () => {
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('X', `${PACKAGE_NAME}.doesNotExist`),
			],
			connections: { Start: { main: [[to('X')]] } },
		};
		await expect(runWorkflow(wf, { credentials })).rejects.toThrow(
			`Unknown node type "${PACKAGE_NAME}.doesNotExist"`,
		);
	});
});

describe('credentials', () => {
	it('hands n8n resolved sandbox URLs, the sandbox client and a refresh token', () => {
		const data = credentials.data(RECRUIT);
		expect(data).toMatchObject({
			dataCenter: 'custom',
			customAccountsUrl: server.url,
			customApiUrl: server.url,
			authUrl: `${server.url}/oauth/v2/auth`,
			accessTokenUrl: `${server.url}/oauth/v2/token`,
			clientId: 'sandbox-client-id',
			clientSecret: 'sandbox-client-secret',
			authentication: 'body',
			grantType: 'authorizationCode',
			oauthTokenData: { refresh_token: 'sandbox-refresh-token', token_type: 'Bearer' },
		});
		expect(String(data.scope)).toMatch(/ZohoRecruit\./);
		expect(credentials.getParentTypes(RECRUIT)).toEqual(['oAuth2Api']);
		expect(credentials.data('zohoCampaignsOAuth2Api').scope).toMatch(/ZohoCampaigns\./);
	});
});

describe('runWorkflow', () => {
	it('runs a manual workflow and returns each node’s output with pairedItem', async () => {
		const wf: WorkflowJson = {
			name: 'probe',
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE, { path: '/recruit/v2/Candidates' }),
				node('Note', 'n8n-nodes-base.stickyNote', { content: 'ignored' }),
			],
			connections: { Start: { main: [[to('Recruit Probe')]] } },
		};
		const result = await runWorkflow(wf, { credentials });

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.output('Start')).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		const [probed] = result.output('Recruit Probe');
		expect([200, 204]).toContain(probed.json.statusCode);
		expect(probed.pairedItem).toEqual({ item: 0 });
		expect(result.output('Recruit Probe', 1)).toEqual([]);
		expect(result.ran('Note')).toBe(false);
		expect(() => result.output('No Such Node')).toThrow('No node named "No Such Node"');

		const calls = await admin.calls();
		expect(calls.some((c) => c.method === 'GET' && c.path === '/recruit/v2/Candidates')).toBe(true);
	});

	it('keeps a two-output node’s outputs apart and routes each to its own branch', async () => {
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE, { output: '={{ $json.target }}' }),
				node('After First', 'n8n-nodes-base.noOp'),
				node('After Second', 'n8n-nodes-base.noOp'),
			],
			connections: {
				Start: { main: [[to('Recruit Probe')]] },
				'Recruit Probe': { main: [[to('After First')], [to('After Second')]] },
			},
		};
		const input = [
			{ json: { target: 'second' } },
			{ json: { target: 'first' } },
			{ json: { target: 'second' } },
		];
		const result = await runWorkflow(wf, { credentials, startNode: 'Recruit Probe', input });

		expect(result.status).toBe('success');
		expect(result.output('Recruit Probe', 0).map((i) => i.json.index)).toEqual([1]);
		expect(result.output('Recruit Probe', 1).map((i) => i.json.index)).toEqual([0, 2]);
		expect(pairedIndexes(result.output('Recruit Probe', 1))).toEqual([0, 2]);
		expect(result.output('After First').map((i) => i.json.index)).toEqual([1]);
		expect(result.output('After Second').map((i) => i.json.index)).toEqual([0, 2]);
		expect(result.ran('Start')).toBe(false);
	});

	it('uses pinData only when asked, like the editor does', async () => {
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE),
				node('After', 'n8n-nodes-base.noOp'),
			],
			connections: {
				Start: { main: [[to('Recruit Probe')]] },
				'Recruit Probe': { main: [[to('After')]] },
			},
			pinData: { 'Recruit Probe': [{ json: { pinned: true } }] },
		};
		await admin.clearCalls();
		const pinned = await runWorkflow(wf, { credentials, usePinData: true });
		expect(pinned.output('After').map((i) => i.json)).toEqual([{ pinned: true }]);
		expect(await admin.calls()).toEqual([]);

		const live = await runWorkflow(wf, { credentials });
		expect(live.output('After')[0].json).toMatchObject({ index: 0 });
		expect((await admin.calls()).length).toBe(1);
	});

	it('reports a node failure as an error status with the node’s error', async () => {
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE, { path: '/recruit/v2/NoSuchThing/at/all' }),
			],
			connections: { Start: { main: [[to('Recruit Probe')]] } },
		};
		const result = await runWorkflow(wf, { credentials });
		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(result.nodeError('Recruit Probe')).toBeDefined();
	});

	it('lets n8n refresh an expired token through the sandbox token endpoint and retry', async () => {
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE),
			],
			connections: { Start: { main: [[to('Recruit Probe')]] } },
		};
		// The scenario's initial token is valid: no refresh, however many runs.
		expect((await runWorkflow(wf, { credentials })).status).toBe('success');
		expect((await runWorkflow(wf, { credentials })).status).toBe('success');
		expect(credentials.refreshes).toBe(0);
		const tokenBefore = credentials.accessToken(RECRUIT);
		expect(tokenBefore).toBe(HARNESS_SCENARIO.initialAccessToken);

		await admin.clearCalls();
		await admin.expireTokens();
		const result = await runWorkflow(wf, { credentials });

		expect(result.status).toBe('success');
		expect([200, 204]).toContain(result.output('Recruit Probe')[0].json.statusCode);
		expect(credentials.refreshes).toBe(1);
		expect(credentials.accessToken(RECRUIT)).not.toBe(tokenBefore);
		expect(credentials.refreshLog.at(-1)).toMatchObject({
			type: RECRUIT,
			accessToken: credentials.accessToken(RECRUIT),
		});
		// n8n keeps the refresh token (Zoho does not send a new one) and records the expiry.
		expect(credentials.data(RECRUIT).oauthTokenData).toMatchObject({
			refresh_token: 'sandbox-refresh-token',
			n8n_expires_at: expect.any(String),
		});

		const calls = (await admin.calls()).map((c) => `${c.method} ${c.path} ${c.status}`);
		expect(calls).toEqual([
			'GET /recruit/v2/Candidates 401',
			'POST /oauth/v2/token 200',
			expect.stringMatching(/^GET \/recruit\/v2\/Candidates 20[04]$/),
		]);
	});

	it('refreshes once when the stored token is unknown to the server, then reuses the new one', async () => {
		const fresh = new SandboxCredentials(server.url); // default token: not issued by the sandbox
		const wf: WorkflowJson = {
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger'),
				node('Recruit Probe', RECRUIT_PROBE_TYPE),
			],
			connections: { Start: { main: [[to('Recruit Probe')]] } },
		};
		expect((await runWorkflow(wf, { credentials: fresh })).status).toBe('success');
		expect(fresh.refreshes).toBe(1);
		expect((await runWorkflow(wf, { credentials: fresh })).status).toBe('success');
		expect(fresh.refreshes).toBe(1);
	});
});

describe('ActiveWorkflow', () => {
	const activeWf = (parameters: IDataObject = {}): WorkflowJson => ({
		nodes: [
			node('Probe Trigger', PROBE_TRIGGER_TYPE, {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				...parameters,
			}),
			node('Downstream', 'n8n-nodes-base.noOp'),
		],
		connections: { 'Probe Trigger': { main: [[to('Downstream')]] } },
	});

	it('persists static data across ticks and restarts; manualPoll leaves it untouched', async () => {
		const stamp = Date.now();
		const firstIds = await insertCandidates([
			{ First_Name: 'Ada', Last_Name: `Lovelace${stamp}`, Email: `ada.${stamp}@example.com` },
			{ First_Name: 'Alan', Last_Name: `Turing${stamp}`, Email: `alan.${stamp}@example.com` },
		]);
		const active = new ActiveWorkflow(activeWf(), { credentials });

		const first = await active.tick();
		const firstEmitted = first.emitted![0].map((i) => String(i.json.id));
		expect(firstEmitted).toEqual(expect.arrayContaining(firstIds));
		// The downstream run got the emitted items as the trigger's output, n8n-style.
		expect(first.run!.status).toBe('success');
		expect(first.run!.output('Probe Trigger').map((i) => String(i.json.id))).toEqual(firstEmitted);
		const downstream = first.run!.output('Downstream');
		expect(downstream.map((i) => String(i.json.id))).toEqual(firstEmitted);
		expect(pairedIndexes(downstream)).toEqual(firstEmitted.map((_, k) => k));
		expect(active.staticData['node:Probe Trigger']).toMatchObject({
			polls: 1,
			activations: ['activate'],
		});

		const second = await active.tick();
		expect(second).toEqual({ emitted: null, run: null });
		expect(active.staticData['node:Probe Trigger']).toMatchObject({ polls: 2 });

		const [newId] = await insertCandidates([
			{ First_Name: 'Grace', Last_Name: `Hopper${stamp}`, Email: `grace.${stamp}@example.com` },
		]);
		const before = JSON.parse(JSON.stringify(active.staticData)) as IDataObject;
		const sample = await active.manualPoll();
		expect(sample![0].map((i) => String(i.json.id))).toEqual([newId]);
		expect(JSON.parse(JSON.stringify(active.staticData))).toEqual(before);

		const live = active.staticData;
		active.restart();
		expect(active.staticData).not.toBe(live);
		expect(JSON.parse(JSON.stringify(active.staticData))).toEqual(before);
		expect(active.activationMode).toBe('init');

		const third = await active.tick();
		expect(third.emitted![0].map((i) => String(i.json.id))).toEqual([newId]);
		expect(third.run!.output('Downstream').map((i) => String(i.json.id))).toEqual([newId]);
		expect(active.staticData['node:Probe Trigger']).toMatchObject({
			polls: 3,
			activations: ['activate', 'activate', 'init'],
		});
		expect((await active.tick()).emitted).toBeNull();
	});

	it('shows when a trigger moves its cursor in manual mode (the check can fail)', async () => {
		const stamp = Date.now();
		await insertCandidates([
			{ First_Name: 'Bad', Last_Name: `Cursor${stamp}`, Email: `bad.${stamp}@example.com` },
		]);
		const active = new ActiveWorkflow(activeWf({ moveCursorInManualMode: true }), { credentials });
		const before = JSON.stringify(active.staticData);
		await active.manualPoll();
		expect(JSON.stringify(active.staticData)).not.toEqual(before);
	});

	it('starts from given static data, and a manual run of the trigger polls in manual mode', async () => {
		const stamp = Date.now();
		const [id] = await insertCandidates([
			{ First_Name: 'Edsger', Last_Name: `Dijkstra${stamp}`, Email: `edsger.${stamp}@example.com` },
		]);
		const all = (await pollRecords()).map(String);
		const seenAllButNew = all.filter((x) => x !== id);
		const wf = { ...activeWf(), staticData: { 'node:Probe Trigger': { seen: seenAllButNew } } };

		const manual = await runWorkflow(wf, { credentials });
		expect(manual.output('Downstream').map((i) => String(i.json.id))).toEqual([id]);
		expect(wf.staticData['node:Probe Trigger']).toEqual({ seen: seenAllButNew }); // caller's JSON untouched

		const active = new ActiveWorkflow(wf, { credentials });
		expect((await active.tick()).emitted![0].map((i) => String(i.json.id))).toEqual([id]);
	});

	async function pollRecords(): Promise<string[]> {
		const ctx = pollContext({ credentials, mode: 'manual' });
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, RECRUIT, {
			method: 'GET',
			url: `${server.url}/recruit/v2/Candidates`,
			json: true,
		})) as { data?: IDataObject[] } | '';
		return response ? (response.data ?? []).map((r) => String(r.id)) : [];
	}
});

describe('direct contexts', () => {
	it('executeContext reads resource-mapper values like n8n (resolved, converted to the schema)', () => {
		const items = [{ json: { email: 'a@x.io', years: '7' } }];
		const ctx = executeContext({
			credentials,
			nodeType: MAPPER_PROBE_TYPE,
			items,
			parameters: {
				columns: {
					mappingMode: 'defineBelow',
					value: { Email: '={{ $json.email }}', Experience: '={{ $json.years }}' },
					matchingColumns: ['Email'],
					schema: [
						{
							id: 'Email',
							displayName: 'Email',
							required: true,
							defaultMatch: true,
							display: true,
							type: 'string',
							canBeUsedToMatch: true,
						},
						{
							id: 'Experience',
							displayName: 'Experience',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'number',
						},
					],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
		});
		expect(ctx.getInputData()).toEqual(items);
		expect(ctx.getNodeParameter('columns.value', 0)).toEqual({ Email: 'a@x.io', Experience: 7 });
		expect(ctx.getNodeParameter('columns.matchingColumns', 0)).toEqual(['Email']);
		expect((ctx.getNodeParameter('columns', 0) as IDataObject).value).toEqual({
			Email: 'a@x.io',
			Experience: '7',
		});
	});

	it('loadOptionsContext and pollContext make authenticated calls and expose parameters', async () => {
		const lo = loadOptionsContext({ credentials, parameters: { module: 'Candidates' } });
		expect(lo.getCurrentNodeParameter('module')).toBe('Candidates');
		const loResponse = (await lo.helpers.httpRequestWithAuthentication.call(lo, RECRUIT, {
			method: 'GET',
			url: `${server.url}/recruit/v2/Candidates`,
			json: true,
			returnFullResponse: true,
		})) as { statusCode: number };
		expect([200, 204]).toContain(loResponse.statusCode);

		const nodeState: IDataObject = { cursor: 'c0' };
		const poll = pollContext({ credentials, staticData: nodeState, parameters: { lookback: 5 } });
		expect(poll.getMode()).toBe('trigger');
		expect(poll.getNodeParameter('lookback')).toBe(5);
		(poll.getWorkflowStaticData('node') as IDataObject).cursor = 'c1';
		expect(nodeState.cursor).toBe('c1');
		expect(pollContext({ credentials, mode: 'manual' }).getActivationMode()).toBe('manual');
	});
});
