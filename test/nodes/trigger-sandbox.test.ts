/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { Buffer } from 'node:buffer';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CampaignsRecipientActivityTrigger } from '../../nodes/CampaignsRecipientActivityTrigger/CampaignsRecipientActivityTrigger.node';
import { ActiveWorkflow, loadOptionsContext, PACKAGE_NAME, SandboxCredentials } from '../harness';
import type { WorkflowJson } from '../harness';
import type { Scenario, ScenarioCampaign } from '../sandbox/scenario';
import { SandboxAdmin, type SandboxCall } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import {
	DEFAULT_CALLS_PER_WINDOW,
	RETRY_HEADROOM,
} from '../../nodes/CampaignsRecipientActivityTrigger/budget';
import { emailToken } from '../../nodes/CampaignsRecipientActivityTrigger/state';

/**
 * The trigger against the sandbox over real HTTP. The node reads Date.now(); the sandbox clock
 * (mode "running") is anchored to Date.now() too, so faking Date moves both clocks together.
 */
const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TRIGGER = 'Activity';

let sandbox: Sandbox | undefined;

function useClock(): void {
	jest.useFakeTimers({
		now: T0,
		doNotFake: [
			'nextTick',
			'setImmediate',
			'clearImmediate',
			'setTimeout',
			'setInterval',
			'clearTimeout',
			'clearInterval',
			'queueMicrotask',
			'performance',
			'hrtime',
		],
	});
}

function advance(ms: number): void {
	jest.setSystemTime(Date.now() + ms);
}

/** With `accessToken` the scenario seeds it and the credentials start with it: no refresh. */
async function start(scenario: Scenario, accessToken?: string): Promise<SandboxCredentials> {
	useClock();
	sandbox = await startSandbox({
		port: 0,
		scenario: accessToken ? { ...scenario, initialAccessToken: accessToken } : scenario,
		clockStart: new Date(T0).toISOString(),
	});
	return new SandboxCredentials(sandbox.url, accessToken ? { accessToken } : undefined);
}

afterEach(async () => {
	await sandbox?.close();
	sandbox = undefined;
	jest.useRealTimers();
});

/** The current test's sandbox admin API. */
const admin = () => new SandboxAdmin(sandbox!.url);

async function activity(campaignKey: string, email: string, action: 'opened' | 'clicked') {
	await admin().activity({ campaignKey, email, action, at: new Date(Date.now()).toISOString() });
}

async function campaignCalls(): Promise<SandboxCall[]> {
	return await admin().calls('campaigns');
}

function countBy(calls: SandboxCall[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const call of calls) {
		const method = call.apiMethod ?? call.path.split('/').pop() ?? '';
		counts[method] = (counts[method] ?? 0) + 1;
	}
	return counts;
}

function workflow(parameters: INodeParameters): WorkflowJson {
	return {
		name: 'Recipient activity',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { zohoCampaignsOAuth2Api: { id: 'campaigns', name: 'Zoho Campaigns' } },
			},
		],
		connections: {},
	};
}

type Json = IDataObject & {
	email: string;
	activity: string;
	module: string;
	campaign: { key: string; name: string; sentAt: string; lists: string[] };
	matchedLists: string[];
};

function json(items: INodeExecutionData[] | undefined): Json[] {
	return (items ?? []).map((item) => item.json as Json);
}

/** "campaign email activity" per item, sorted, for one output. */
function summary(emitted: INodeExecutionData[][] | null, output: 0 | 1): string[] {
	return json(emitted?.[output])
		.map((item) => `${item.campaign.key} ${item.email} ${item.activity}`)
		.sort();
}

function people(prefix: string, count: number): string[] {
	return Array.from({ length: count }, (_, i) => `${prefix}${i}@example.com`);
}

const CONTACTS = [
	{
		email: 'ann@example.com',
		firstname: 'Ann',
		lastname: 'Lee',
		companyname: 'Acme',
		city: 'Oslo',
	},
	{ email: 'bob@example.com', firstname: 'Bob', lastname: 'Ray' },
	{ email: 'cat@example.com', firstname: 'Cat', lastname: 'Moe' },
	{ email: 'dan@example.com', firstname: 'Dan', lastname: 'Poe' },
];

function baseScenario(campaigns: ScenarioCampaign[]): Scenario {
	return {
		name: 'trigger',
		contacts: CONTACTS,
		lists: [
			{
				key: 'L1',
				name: 'Candidates pool',
				members: ['ann@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com'],
			},
		],
		campaigns,
	};
}

const CANDIDATES_L1 = { candidateOpenedLists: ['L1'], candidateClickedLists: ['L1'] };

describe('Campaigns Recipient Activity Trigger (sandbox)', () => {
	const backfillCampaigns: ScenarioCampaign[] = [
		{
			key: 'C4',
			name: 'Sent 4 days ago',
			sentAt: '-4d',
			lists: ['L1'],
			opens: [{ email: 'ann@example.com', at: '-3d' }],
			clicks: [{ email: 'bob@example.com', at: '-3d' }],
		},
		{
			key: 'C6',
			name: 'Sent 6 days ago',
			sentAt: '-6d',
			lists: ['L1'],
			opens: [{ email: 'cat@example.com', at: '-5d' }],
		},
	];

	it('backfills campaigns sent within backfillDays (4 days in, 6 days out) with full items', async () => {
		const credentials = await start(baseScenario(backfillCampaigns));
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		const { emitted } = await active.tick();
		expect(summary(emitted, 0)).toEqual([
			'C4 ann@example.com opened',
			'C4 bob@example.com clicked',
		]);
		expect(emitted![1]).toEqual([]);
		const ann = json(emitted![0]).find((item) => item.email === 'ann@example.com')!;
		expect(ann).toMatchObject({
			firstName: 'Ann',
			lastName: 'Lee',
			companyName: 'Acme',
			city: 'Oslo',
			phone: null,
			activity: 'opened',
			module: 'Candidates',
			campaign: {
				key: 'C4',
				name: 'Sent 4 days ago',
				sentAt: new Date(T0 - 4 * DAY).toISOString(),
				lists: ['L1'],
			},
			matchedLists: ['L1'],
			detectedAt: new Date(T0).toISOString(),
		});
		// Zoho's whole row only on request: it is more than half of an item.
		expect(ann.raw).toEqual({});
		const withRaw = new ActiveWorkflow(
			workflow({ ...CANDIDATES_L1, options: { includeRaw: true } }),
			{ credentials },
		);
		const rawAnn = json((await withRaw.tick()).emitted![0]).find(
			(item) => item.email === 'ann@example.com',
		)!;
		expect((rawAnn.raw as IDataObject).contactemailaddress).toBe('ann@example.com');

		// C6 was recorded as a baseline: only activity after activation is emitted for it.
		advance(5 * MINUTE);
		await activity('C6', 'dan@example.com', 'opened');
		const second = await active.tick();
		expect(summary(second.emitted, 0)).toEqual(['C6 dan@example.com opened']);
	});

	it('moves the backfill edge with backfillDays', async () => {
		const credentials = await start(baseScenario(backfillCampaigns));
		const active = new ActiveWorkflow(workflow({ ...CANDIDATES_L1, backfillDays: 7 }), {
			credentials,
		});
		const { emitted } = await active.tick();
		expect(summary(emitted, 0)).toEqual([
			'C4 ann@example.com opened',
			'C4 bob@example.com clicked',
			'C6 cat@example.com opened',
		]);
		const narrow = new ActiveWorkflow(workflow({ ...CANDIDATES_L1, backfillDays: 3 }), {
			credentials,
		});
		expect((await narrow.tick()).emitted).toBeNull();
	});

	it('emits only new activity on later polls, upgrades opened to clicked, never repeats, survives restarts', async () => {
		const credentials = await start(
			baseScenario([
				{
					key: 'C1',
					name: 'Yesterday',
					sentAt: '-1d',
					lists: ['L1'],
					opens: [{ email: 'ann@example.com', at: '-20h' }],
				},
			]),
		);
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C1 ann@example.com opened']);

		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();

		advance(MINUTE);
		await activity('C1', 'bob@example.com', 'opened');
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C1 bob@example.com opened']);

		advance(MINUTE);
		await activity('C1', 'ann@example.com', 'clicked');
		await activity('C1', 'ann@example.com', 'opened');
		const upgraded = await active.tick();
		expect(summary(upgraded.emitted, 0)).toEqual(['C1 ann@example.com clicked']);

		advance(MINUTE);
		await activity('C1', 'bob@example.com', 'opened');
		expect((await active.tick()).emitted).toBeNull();

		active.restart();
		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();

		await activity('C1', 'bob@example.com', 'clicked');
		await activity('C1', 'cat@example.com', 'opened');
		advance(MINUTE);
		expect(summary((await active.tick()).emitted, 0)).toEqual([
			'C1 bob@example.com clicked',
			'C1 cat@example.com opened',
		]);

		// A campaign sent after activation is emitted in full.
		await admin().sendCampaign({
			key: 'CNEW',
			name: 'Sent after activation',
			sentAt: new Date(Date.now()).toISOString(),
			lists: ['L1'],
		});
		advance(MINUTE);
		await activity('CNEW', 'dan@example.com', 'clicked');
		advance(MINUTE);
		expect(summary((await active.tick()).emitted, 0)).toEqual(['CNEW dan@example.com clicked']);

		// Past trackingDays the campaigns are dropped from the state.
		advance(31 * DAY);
		await active.tick();
		const state = active.nodeStaticData() as { campaigns: Record<string, unknown> };
		expect(Object.keys(state.campaigns)).toEqual([]);
	});

	it('with only an Opened list: a clicker is emitted as clicked, an opener who clicks later once more as clicked', async () => {
		const credentials = await start(
			baseScenario([
				{
					key: 'C1',
					name: 'Yesterday',
					sentAt: '-1d',
					lists: ['L1'],
					opens: [
						{ email: 'ann@example.com', at: '-20h' },
						{ email: 'bob@example.com', at: '-20h' },
					],
					clicks: [{ email: 'bob@example.com', at: '-19h' }],
				},
			]),
		);
		const active = new ActiveWorkflow(workflow({ candidateOpenedLists: ['L1'] }), { credentials });
		const first = await active.tick();
		expect(summary(first.emitted, 0)).toEqual([
			'C1 ann@example.com opened',
			'C1 bob@example.com clicked',
		]);
		for (const item of json(first.emitted![0])) expect(item.matchedLists).toEqual(['L1']);

		advance(MINUTE);
		await admin().clearCalls();
		await activity('C1', 'ann@example.com', 'clicked');
		advance(MINUTE);
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C1 ann@example.com clicked']);
		// Only unique clicks moved: the clickers are read, the openers are not.
		expect(countBy(await campaignCalls()).getcampaignrecipientsdata).toBe(1);

		advance(MINUTE);
		await activity('C1', 'ann@example.com', 'clicked');
		await activity('C1', 'ann@example.com', 'opened');
		expect((await active.tick()).emitted).toBeNull();
		active.restart();
		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();
	});

	it('checks list membership for campaigns sent to configured and unconfigured lists, per module', async () => {
		const scenario: Scenario = {
			contacts: [
				{ email: 'ann@example.com', firstname: 'Ann' },
				{ email: 'max@example.com', firstname: 'Max' },
				{ email: 'kim@example.com', firstname: 'Kim' },
				{ email: 'xav@example.com', firstname: 'Xav' },
			],
			lists: [
				{ key: 'L1', name: 'Candidates pool', members: ['ann@example.com', 'max@example.com'] },
				{ key: 'L3', name: 'Clients', members: ['max@example.com', 'kim@example.com'] },
				{ key: 'LX', name: 'Newsletter', members: ['xav@example.com', 'ann@example.com'] },
			],
			campaigns: [
				{
					key: 'CM',
					name: 'Mixed',
					sentAt: '-1d',
					lists: ['L1', 'LX'],
					opens: [
						{ email: 'ann@example.com', at: '-20h' },
						{ email: 'xav@example.com', at: '-20h' },
					],
				},
				{
					key: 'CB',
					name: 'Both modules',
					sentAt: '-2d',
					lists: ['L1', 'L3'],
					opens: ['max@example.com', 'kim@example.com', 'ann@example.com'].map((email) => ({
						email,
						at: '-40h',
					})),
				},
			],
		};
		const credentials = await start(scenario);
		const active = new ActiveWorkflow(
			workflow({ candidateOpenedLists: ['L1'], contactOpenedLists: ['L3'] }),
			{ credentials },
		);
		const { emitted } = await active.tick();
		expect(summary(emitted, 0)).toEqual([
			'CB ann@example.com opened',
			'CB max@example.com opened',
			'CM ann@example.com opened',
		]);
		expect(summary(emitted, 1)).toEqual(['CB kim@example.com opened', 'CB max@example.com opened']);
		for (const item of json(emitted![0])) expect(item.matchedLists).toEqual(['L1']);
		for (const item of json(emitted![1])) expect(item.matchedLists).toEqual(['L3']);
		expect(json(emitted![0]).find((i) => i.campaign.key === 'CM')!.campaign.lists).toEqual([
			'L1',
			'LX',
		]);
		// Each configured list's members are read once per poll, the unconfigured one never.
		const reads = (await campaignCalls()).filter((call) => call.apiMethod === 'getlistsubscribers');
		const listKeys = reads.map((call) => call.query?.listkey);
		expect(new Set(listKeys)).toEqual(new Set(['L1', 'L3']));
		expect(listKeys.filter((key) => key === 'L1')).toHaveLength(1);
	});

	it("a list too large for one poll's getlistsubscribers budget is read over several polls without blocking other campaigns", async () => {
		const big = people('member', 1_100);
		const credentials = await start({
			contacts: [...big.map((email) => ({ email })), { email: 'out@example.com' }],
			lists: [
				{ key: 'LBIG', name: 'Big pool', members: big },
				{ key: 'LX', name: 'Newsletter', members: ['out@example.com', 'member1099@example.com'] },
				{ key: 'L2', name: 'Small pool', members: ['member1@example.com'] },
			],
			campaigns: [],
		});
		const active = new ActiveWorkflow(workflow({ candidateOpenedLists: ['LBIG', 'L2'] }), {
			credentials,
		});
		expect((await active.tick()).emitted).toBeNull();
		const sendCampaign = async (key: string, lists: string[], openers: string[]) => {
			await admin().sendCampaign({
				key,
				name: key,
				sentAt: new Date(Date.now()).toISOString(),
				lists,
			});
			for (const email of openers) await activity(key, email, 'opened');
		};
		advance(MINUTE);
		await sendCampaign('CSMALL', ['L2'], ['member1@example.com']);
		advance(MINUTE);
		// Newest, so read first: it went to an unconfigured list too, so LBIG's members are needed.
		await sendCampaign('CMIX', ['LBIG', 'LX'], ['member1099@example.com', 'out@example.com']);
		/**
		 * Leaves one getlistsubscribers call (plus its retry headroom) in the rate window (the list
		 * needs three pages).
		 */
		const spendListBudget = () => {
			const state = active.nodeStaticData() as { calls: Record<string, number[]> };
			state.calls.getlistsubscribers = new Array(
				DEFAULT_CALLS_PER_WINDOW - 1 - RETRY_HEADROOM,
			).fill(Math.ceil(Date.now() / 1000));
		};
		const listReads = async () =>
			(await campaignCalls())
				.filter((call) => call.apiMethod === 'getlistsubscribers')
				.map((call) => `${call.query?.listkey}@${call.query?.fromindex}`);

		const emitted: string[] = [];
		for (let poll = 1; poll <= 3; poll++) {
			advance(6 * MINUTE);
			spendListBudget();
			await admin().clearCalls();
			emitted.push(...summary((await active.tick()).emitted, 0));
			// One page per poll, continuing where the previous poll stopped.
			expect(await listReads()).toEqual([`LBIG@${(poll - 1) * 500 + 1}`]);
			if (poll === 1) {
				// The campaign waiting for members does not hold up the other one.
				expect(emitted).toEqual(['CSMALL member1@example.com opened']);
				const state = active.nodeStaticData() as { members: Record<string, { from: number }> };
				expect(state.members.LBIG.from).toBe(501);
			}
		}
		expect(emitted).toEqual([
			'CSMALL member1@example.com opened',
			'CMIX member1099@example.com opened',
		]);
		// The stored members are dropped once no campaign waits for them.
		expect(active.nodeStaticData().members).toBeUndefined();
		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();
	});

	it('refuses a list configured for both modules, naming it, unless allowed', async () => {
		const credentials = await start(
			baseScenario([
				{
					key: 'C1',
					name: 'Yesterday',
					sentAt: '-1d',
					lists: ['L1'],
					opens: [{ email: 'ann@example.com', at: '-20h' }],
				},
			]),
		);
		const refused = new ActiveWorkflow(
			workflow({ candidateOpenedLists: ['L1'], contactClickedLists: ['L1'] }),
			{ credentials },
		);
		await expect(refused.tick()).rejects.toThrow(
			/"Candidates pool" \(L1\).*both Candidates and Contacts/,
		);
		// Only the call log of the list read that found the overlap is kept.
		expect(Object.keys(refused.nodeStaticData())).toEqual(['calls']);

		const allowed = new ActiveWorkflow(
			workflow({
				candidateOpenedLists: ['L1'],
				contactOpenedLists: ['L1'],
				options: { allowSameListInBothModules: true },
			}),
			{ credentials },
		);
		const { emitted } = await allowed.tick();
		expect(summary(emitted, 0)).toEqual(['C1 ann@example.com opened']);
		expect(summary(emitted, 1)).toEqual(['C1 ann@example.com opened']);
	});

	it('reads every page: a campaign with 1,234 openers', async () => {
		const emails = people('opener', 1234);
		const credentials = await start({
			lists: [{ key: 'BIG', name: 'Big list', members: emails }],
			campaigns: [
				{
					key: 'CBIG',
					name: 'Big',
					sentAt: '-1d',
					lists: ['BIG'],
					opens: emails.map((email) => ({ email, at: '-20h' })),
				},
			],
		});
		const active = new ActiveWorkflow(workflow({ candidateOpenedLists: ['BIG'] }), { credentials });
		const { emitted } = await active.tick();
		const got = json(emitted![0]).map((item) => item.email);
		expect(got).toHaveLength(1234);
		expect(new Set(got)).toEqual(new Set(emails));
		const stateBytes = Buffer.byteLength(JSON.stringify(active.nodeStaticData()));
		process.stdout.write(`trigger state after 1,234 openers: ${stateBytes} bytes\n`);
		expect(stateBytes).toBeLessThan(1234 * 9 + 2_000);
	});

	it('reads A/B test-phase recipients through the child keys', async () => {
		const credentials = await start({
			contacts: CONTACTS,
			lists: baseScenario([]).lists,
			campaigns: [
				{
					key: 'CAB',
					name: 'A/B test',
					type: 'abtesting',
					sentAt: '-1d',
					lists: ['L1'],
					recipients: ['ann@example.com', 'dan@example.com'],
					opens: [{ email: 'ann@example.com', at: '-20h' }],
					abTest: {
						a: {
							key: 'CAB-A',
							sentAt: '-2d',
							recipients: ['bob@example.com'],
							opens: [{ email: 'bob@example.com', at: '-40h' }],
						},
						b: {
							key: 'CAB-B',
							sentAt: '-2d',
							recipients: ['cat@example.com'],
							clicks: [{ email: 'cat@example.com', at: '-40h' }],
						},
					},
				},
			],
		});
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		const { emitted } = await active.tick();
		expect(summary(emitted, 0)).toEqual([
			'CAB ann@example.com opened',
			'CAB bob@example.com opened',
			'CAB cat@example.com clicked',
		]);
		advance(MINUTE);
		await activity('CAB-A', 'bob@example.com', 'clicked');
		expect(summary((await active.tick()).emitted, 0)).toEqual(['CAB bob@example.com clicked']);
	});

	it('an idle poll costs one recentcampaigns page and one report per tracked campaign', async () => {
		const campaigns: ScenarioCampaign[] = Array.from({ length: 20 }, (_, i) => ({
			key: `CI${i}`,
			name: `Campaign ${i}`,
			sentAt: `-${i + 1}h`,
			lists: ['L1'],
			opens: [{ email: 'ann@example.com', at: 'now' }],
			clicks: [{ email: 'bob@example.com', at: 'now' }],
		}));
		const credentials = await start(baseScenario(campaigns));
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		expect(json((await active.tick()).emitted![0])).toHaveLength(40);

		await admin().clearCalls();
		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();
		const counts = countBy(await campaignCalls());
		expect(counts).toEqual({ recentcampaigns: 1, campaignreports: 20 });
	});

	it('makes no avoidable call: details stand in for the report, clickers stop at the count, unchanged actions are not re-read', async () => {
		const members = people('member', 700);
		const [fullPageClicker] = members;
		// A seeded token: no 401 + refresh in the call log, so every logged call is the trigger's.
		const credentials = await start(
			{
				lists: [{ key: 'BIG', name: 'Big list', members }],
				campaigns: [
					{
						// Exactly one full page of clickers (500) among 600 openers.
						key: 'CP',
						name: 'Full page of clickers',
						sentAt: '-1d',
						lists: ['BIG'],
						opens: members.slice(0, 600).map((email) => ({ email, at: '-20h' })),
						clicks: members.slice(0, 500).map((email) => ({ email, at: '-20h' })),
					},
					{
						key: 'CS',
						name: 'Small',
						sentAt: '-2d',
						lists: ['BIG'],
						opens: members.slice(0, 3).map((email) => ({ email, at: '-40h' })),
						clicks: [{ email: members[0], at: '-40h' }],
					},
					{
						// No activity: zero counts in the details may also mean "no report" (ref §2.3,
						// wrong campaigntype), so campaignreports is asked.
						key: 'CZ',
						name: 'Quiet',
						sentAt: '-3d',
						lists: ['BIG'],
					},
					{
						key: 'CAB',
						name: 'A/B test',
						type: 'abtesting',
						sentAt: '-1d',
						lists: ['BIG'],
						recipients: members.slice(0, 10),
						opens: [{ email: members[0], at: '-20h' }],
						abTest: {
							a: {
								key: 'CAB-A',
								sentAt: '-2d',
								recipients: [members[10]],
								opens: [{ email: members[10], at: '-40h' }],
							},
							b: {
								key: 'CAB-B',
								sentAt: '-2d',
								recipients: [members[11]],
								clicks: [{ email: members[11], at: '-40h' }],
							},
						},
					},
				],
			},
			'1000.trigger-calls.seeded',
		);
		const active = new ActiveWorkflow(
			workflow({ candidateOpenedLists: ['BIG'], candidateClickedLists: ['BIG'] }),
			{
				credentials,
			},
		);
		/** Calls per method, and recipient reads per "campaignkey action". */
		const callsOfLastStep = async () => {
			const calls = await campaignCalls();
			await admin().clearCalls();
			const reads: Record<string, number> = {};
			for (const call of calls.filter((c) => c.apiMethod === 'getcampaignrecipientsdata')) {
				const read = `${call.query?.campaignkey} ${call.query?.action}`;
				reads[read] = (reads[read] ?? 0) + 1;
			}
			return { methods: countBy(calls), reads };
		};

		const first = await active.tick();
		const emitted = summary(first.emitted, 0);
		expect(emitted).toHaveLength(600 + 3 + 3);
		expect(
			emitted.filter((line) => line.startsWith('CP ') && line.endsWith(' clicked')),
		).toHaveLength(500);
		expect(emitted).toContain(`CAB ${members[11]} clicked`);
		expect(await callsOfLastStep()).toEqual({
			methods: {
				recentcampaigns: 1,
				getcampaigndetails: 4,
				// The A/B test-phase children and the quiet campaign: the details carry the main
				// sends' reports.
				campaignreports: 3,
				getcampaignrecipientsdata: 9,
				// The configured lists are checked to exist on activation.
				getmailinglists: 1,
			},
			reads: {
				// 500 clickers = unique_clicks_count: one page, no empty page after it.
				'CP clickedcontacts': 1,
				// 600 openers: opens_count is no distinct total, so the reader needs the short page.
				'CP openedcontacts': 2,
				'CS clickedcontacts': 1,
				'CS openedcontacts': 1,
				'CAB openedcontacts': 1,
				'CAB-A openedcontacts': 1,
				'CAB-B clickedcontacts': 1,
				'CAB-B openedcontacts': 1,
			},
		});

		// Only opens changed on CP (a new opener): its clickers are not re-read.
		advance(MINUTE);
		await activity('CP', members[650], 'opened');
		expect(summary((await active.tick()).emitted, 0)).toEqual([`CP ${members[650]} opened`]);
		expect(await callsOfLastStep()).toEqual({
			methods: { recentcampaigns: 1, campaignreports: 6, getcampaignrecipientsdata: 2 },
			reads: { 'CP openedcontacts': 2 },
		});

		// A known opener of CS clicks: unique clicks rise, opens do not (that opener's open is
		// already counted), so only the clickers are read, and the click is still emitted.
		advance(MINUTE);
		await activity('CS', members[1], 'clicked');
		expect(summary((await active.tick()).emitted, 0)).toEqual([`CS ${members[1]} clicked`]);
		expect(await callsOfLastStep()).toEqual({
			methods: { recentcampaigns: 1, campaignreports: 6, getcampaignrecipientsdata: 1 },
			reads: { 'CS clickedcontacts': 1 },
		});

		// A new clicker with no recorded open raises both counts (a click implies an open), so both
		// lists are read; a repeat click by a known clicker changes nothing and costs no read.
		advance(MINUTE);
		await activity('CS', members[5], 'clicked');
		await activity('CP', fullPageClicker, 'clicked');
		expect(summary((await active.tick()).emitted, 0)).toEqual([`CS ${members[5]} clicked`]);
		expect(await callsOfLastStep()).toEqual({
			methods: { recentcampaigns: 1, campaignreports: 6, getcampaignrecipientsdata: 2 },
			reads: { 'CS clickedcontacts': 1, 'CS openedcontacts': 1 },
		});
	});

	it('reads a list again for a campaign sent after its members were read', async () => {
		// A recipient read left half done must not freeze the list's members: whoever joined
		// since qualifies for a campaign sent after they joined.
		const seededAccess = '1000.trigger-members.seeded';
		const scenario = (l1: string[], campaigns: ScenarioCampaign[]): Scenario => ({
			name: 'members',
			initialAccessToken: seededAccess,
			contacts: [...CONTACTS, { email: 'zoe@example.com' }, { email: 'xav@example.com' }],
			lists: [
				{ key: 'L1', name: 'Candidates pool', members: l1 },
				// An unconfigured list too, so L1's members must be read.
				{ key: 'LX', name: 'Newsletter', members: ['xav@example.com'] },
			],
			campaigns,
		});
		const before = ['ann@example.com', 'bob@example.com'];
		const credentials = await start(scenario(before, []), seededAccess);
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		expect((await active.tick()).emitted).toBeNull();

		const older = (sentAt: string): ScenarioCampaign => ({
			key: 'CA',
			name: 'Older',
			sentAt,
			lists: ['L1', 'LX'],
			opens: [{ email: 'bob@example.com', at: sentAt }],
			clicks: [{ email: 'ann@example.com', at: sentAt }],
		});
		advance(MINUTE);
		await admin().loadScenario(scenario(before, [older('now')]));
		// Room for one recipients page only: CA's read stops after its clickers.
		const state = active.nodeStaticData() as { calls: Record<string, number[]> };
		state.calls.getcampaignrecipientsdata = new Array(
			DEFAULT_CALLS_PER_WINDOW - 1 - RETRY_HEADROOM,
		).fill(Math.ceil(Date.now() / 1000));
		expect(summary((await active.tick()).emitted, 0)).toEqual(['CA ann@example.com clicked']);
		const stopped = active.nodeStaticData() as { campaigns: Record<string, IDataObject> };
		expect(stopped.campaigns.CA.resume).toBeDefined();

		// Zoe joins L1, then CB goes to L1 and she opens it.
		advance(MINUTE);
		await admin().loadScenario(
			scenario(
				[...before, 'zoe@example.com'],
				[
					older('-1m'),
					{
						key: 'CB',
						name: 'Newer',
						sentAt: 'now',
						lists: ['L1', 'LX'],
						opens: [{ email: 'zoe@example.com', at: 'now' }],
					},
				],
			),
		);
		(active.nodeStaticData() as { calls: IDataObject }).calls = {};
		await admin().clearCalls();
		expect(summary((await active.tick()).emitted, 0)).toEqual([
			'CA bob@example.com opened',
			'CB zoe@example.com opened',
		]);
		const reads = (await campaignCalls()).filter((call) => call.apiMethod === 'getlistsubscribers');
		expect(reads.filter((call) => call.query?.listkey === 'L1')).toHaveLength(1);
		expect(active.nodeStaticData().members).toBeUndefined();
		advance(MINUTE);
		expect((await active.tick()).emitted).toBeNull();
	});

	it('resumes a stopped read with the plan it began: unchanged actions stay skipped', async () => {
		const credentials = await start(
			baseScenario([
				{
					key: 'C1',
					name: 'Yesterday',
					sentAt: '-1d',
					lists: ['L1'],
					opens: [{ email: 'bob@example.com', at: '-20h' }],
					clicks: [{ email: 'ann@example.com', at: '-20h' }],
				},
			]),
			'1000.trigger-resume.seeded',
		);
		// Last complete read: Ann's click. Then a read that began when opens had moved (unique
		// clicks had not) stopped before its first unit: unit 0 is the openers, not the clickers.
		const now = Date.now();
		const staticData = {
			[`node:${TRIGGER}`]: {
				v: 1,
				activatedAt: now - DAY,
				lastPollAt: now - MINUTE,
				calls: {},
				campaigns: {
					C1: {
						name: 'Yesterday',
						type: 'normal',
						sentAt: now - DAY,
						lists: ['L1'],
						children: [],
						counts: { C1: [1, 1] },
						resume: { counts: { C1: [2, 1] }, unit: 0, from: 1 },
						seen: { Candidates: `${emailToken('ann@example.com')}2` },
					},
				},
			},
		};
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials, staticData });
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C1 bob@example.com opened']);
		const reads = (await campaignCalls())
			.filter((call) => call.apiMethod === 'getcampaignrecipientsdata')
			.map((call) => call.query?.action);
		expect(reads).toEqual(['openedcontacts']);
		const state = active.nodeStaticData() as { campaigns: { C1: IDataObject } };
		expect(state.campaigns.C1.resume).toBeUndefined();
		expect(state.campaigns.C1.counts).toEqual({ C1: [2, 1] });
	});

	it('stays inside the rate limit: a backlog of >500 recipient calls completes over several polls', async () => {
		const campaigns: ScenarioCampaign[] = Array.from({ length: 260 }, (_, i) => ({
			key: `CR${i}`,
			name: `Campaign ${i}`,
			sentAt: `-${i + 1}m`,
			lists: ['L1'],
			opens: [{ email: 'ann@example.com', at: 'now' }],
			clicks: [{ email: 'bob@example.com', at: 'now' }],
		}));
		const credentials = await start(baseScenario(campaigns));
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		const emitted: string[] = [];
		// One poll a minute: the rate window (5 minutes) spans several polls, so the budget carried
		// in the static data is what keeps the trigger below the sandbox's lockout.
		let polls = 0;
		while (polls < 15 && emitted.length < 520) {
			const { emitted: items } = await active.tick();
			polls++;
			emitted.push(...summary(items, 0));
			advance(MINUTE);
		}
		expect(emitted).toHaveLength(520);
		expect(new Set(emitted).size).toBe(520);
		for (let i = 0; i < 260; i++) {
			expect(emitted).toContain(`CR${i} ann@example.com opened`);
			expect(emitted).toContain(`CR${i} bob@example.com clicked`);
		}
		const calls = await campaignCalls();
		const recipientCalls = calls.filter((call) => call.apiMethod === 'getcampaignrecipientsdata');
		expect(recipientCalls.length).toBeGreaterThan(500);
		// Never a rejected call (the sandbox locks the endpoint after the 501st call in 5 minutes).
		const state = await admin().state();
		expect(state.campaigns.rateLimits.locked).toEqual({});
		expect(polls).toBeGreaterThan(1);
		expect((await active.tick()).emitted).toBeNull();
	});

	it('counts every HTTP request it sends, retries included, exactly as the sandbox logged them', async () => {
		// A seeded token: no 401 → refresh → repeat inside n8n, which the transport cannot see.
		const credentials = await start(baseScenario(backfillCampaigns), '1000.seeded.accesstoken');
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		const stored = () =>
			Object.fromEntries(
				Object.entries((active.nodeStaticData() as { calls: Record<string, number[]> }).calls).map(
					([method, stamps]) => [method, stamps.length],
				),
			);
		// Two transient failures: the transport retries, so one logical call costs three requests.
		await admin().fault({
			product: 'campaigns',
			path: 'getcampaignrecipientsdata',
			status: 500,
			count: 2,
		});
		expect(summary((await active.tick()).emitted, 0)).toEqual([
			'C4 ann@example.com opened',
			'C4 bob@example.com clicked',
		]);
		const logged = await campaignCalls();
		expect(
			logged.filter(
				(call) => call.apiMethod === 'getcampaignrecipientsdata' && call.status === 500,
			),
		).toHaveLength(2);
		expect(stored()).toEqual(countBy(logged));

		// A later poll adds to the same window; a failure on another endpoint counts as well.
		advance(MINUTE);
		await activity('C4', 'cat@example.com', 'opened');
		await admin().fault({ product: 'campaigns', path: 'campaignreports', status: 503, count: 1 });
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C4 cat@example.com opened']);
		const all = countBy(await campaignCalls());
		expect(all.campaignreports).toBeGreaterThanOrEqual(2);
		expect(stored()).toEqual(all);

		// An expired token: n8n refreshes it and repeats the rejected request by itself. Only that
		// unauthenticated 401 attempt is not in the trigger's log (and not in Zoho's rate count).
		advance(MINUTE);
		await admin().expireTokens();
		await activity('C4', 'dan@example.com', 'opened');
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C4 dan@example.com opened']);
		const afterRefresh = await campaignCalls();
		expect(afterRefresh.filter((call) => call.status === 401)).toHaveLength(1);
		expect(credentials.refreshes).toBe(1);
		expect(stored()).toEqual(countBy(afterRefresh.filter((call) => call.status !== 401)));
	});

	it('a failed poll names the call and Zoho code, keeps only its call log and loses nothing', async () => {
		const credentials = await start(baseScenario(backfillCampaigns));
		const zohoError = {
			status: 200,
			body: { status: 'error', code: '6607', message: 'Insufficient privileges' },
		};
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		// First activation: the error fails the activation.
		await admin().fault({
			product: 'campaigns',
			path: 'getcampaignrecipientsdata',
			...zohoError,
		});
		await expect(active.tick()).rejects.toThrow(
			/getcampaignrecipientsdata.*Insufficient privileges.*6607/,
		);
		// No state, so the next activation backfills as a first one, but the calls are booked (all
		// but the unauthenticated 401 attempt that n8n repeats after its token refresh).
		const booked = async () =>
			countBy((await campaignCalls()).filter((call) => call.status !== 401));
		const lengths = (calls: Record<string, number[]>) =>
			Object.fromEntries(Object.entries(calls).map(([method, stamps]) => [method, stamps.length]));
		const failedFirst = active.nodeStaticData() as { calls: Record<string, number[]> };
		expect(Object.keys(failedFirst)).toEqual(['calls']);
		expect(lengths(failedFirst.calls)).toEqual(await booked());
		expect(failedFirst.calls.getcampaignrecipientsdata).toHaveLength(1);
		await admin().clearFaults();
		expect(summary((await active.tick()).emitted, 0)).toEqual([
			'C4 ann@example.com opened',
			'C4 bob@example.com clicked',
		]);
		const firstState = active.nodeStaticData() as { calls: Record<string, number[]> };
		expect(lengths(firstState.calls)).toEqual(await booked());

		type StoredState = IDataObject & { calls: Record<string, number[]> };
		const before = JSON.parse(JSON.stringify(active.nodeStaticData())) as StoredState;
		advance(MINUTE);
		await activity('C4', 'cat@example.com', 'opened');
		// Discovered by the failing poll, but not kept: the next poll discovers it again.
		await admin().sendCampaign({
			key: 'CNEW',
			name: 'Sent after activation',
			sentAt: new Date(Date.now()).toISOString(),
			lists: ['L1'],
		});
		await admin().clearCalls();
		await admin().fault({
			product: 'campaigns',
			path: 'getcampaignrecipientsdata',
			...zohoError,
		});
		await expect(active.tick()).rejects.toThrow(/6607/);
		// No cursor moved, but the calls the failed poll made count against the rate window.
		const after = active.nodeStaticData() as StoredState;
		expect({ ...after, calls: {} }).toEqual({ ...before, calls: {} });
		const made = countBy(await campaignCalls());
		expect(made.getcampaignrecipientsdata).toBeGreaterThan(0);
		for (const [method, count] of Object.entries(made)) {
			expect(after.calls[method]).toHaveLength((before.calls[method]?.length ?? 0) + count);
		}
		advance(MINUTE);
		expect(summary((await active.tick()).emitted, 0)).toEqual(['C4 cat@example.com opened']);
		const tracked = active.nodeStaticData() as { campaigns: Record<string, unknown> };
		expect(Object.keys(tracked.campaigns).sort()).toEqual(['C4', 'C6', 'CNEW']);
	});

	it('loads the mailing lists for the list pickers', async () => {
		const credentials = await start(baseScenario([]));
		const node = new CampaignsRecipientActivityTrigger();
		const options = await node.methods.loadOptions.getMailingLists.call(
			loadOptionsContext({
				credentials,
				nodeType: `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`,
			}),
		);
		expect(options).toEqual([{ name: 'Candidates pool (4)', value: 'L1' }]);
	});

	it('manual mode returns a few real items and leaves the static data untouched', async () => {
		const credentials = await start(baseScenario(backfillCampaigns));
		const active = new ActiveWorkflow(workflow(CANDIDATES_L1), { credentials });
		const sample = await active.manualPoll();
		expect(sample).not.toBeNull();
		const items = [...json(sample![0]), ...json(sample![1])];
		expect(items.length).toBeGreaterThan(0);
		expect(items.length).toBeLessThanOrEqual(5);
		expect(items[0]).toMatchObject({ module: 'Candidates', campaign: { key: 'C4' } });
		expect(active.nodeStaticData()).toEqual({});

		await active.tick();
		const before = JSON.stringify(active.staticData);
		advance(MINUTE);
		expect(await active.manualPoll()).not.toBeNull();
		expect(JSON.stringify(active.staticData)).toBe(before);
	});
});
