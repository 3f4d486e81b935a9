/* eslint-disable @typescript-eslint/no-explicit-any -- the corpus edits arbitrary JSON shapes */
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ActiveWorkflow, PACKAGE_NAME, pollContext, SandboxCredentials } from '../harness';
import type { WorkflowJson } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import type { Scenario } from '../sandbox/scenario';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { deferAtStart } from '../../nodes/CampaignsRecipientActivityTrigger/recovery';
import { emailToken } from '../../nodes/CampaignsRecipientActivityTrigger/state';

/**
 * The corruption corpus: a real state after a first poll, damaged in every way we could think
 * of, followed by a poll with one new opener. For each variant: either the poll fails with the
 * clear "memory is damaged" error and leaves the static data as it was, or it repairs without
 * loss and emits exactly the new opener. With "Re-Baseline Damaged Parts" it never re-emits an
 * already-emitted recipient and emits later activity.
 */
const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const TRIGGER = 'Activity';
const EMITTED_FIRST = [
	'C1 ann@example.com opened',
	'C1 bob@example.com clicked',
	'C2 cat@example.com opened',
];
const NEW_OPENER = 'C1 dan@example.com opened';

let sandbox: Sandbox;
let credentials: SandboxCredentials;
/** The trigger's static data after the first poll (version 2). */
let good: IDataObject;

const scenario: Scenario = {
	name: 'trigger-state',
	contacts: ['ann', 'bob', 'cat', 'dan', 'eve'].map((name) => ({ email: `${name}@example.com` })),
	lists: [
		{
			key: 'L1',
			name: 'Candidates pool',
			members: ['ann', 'bob', 'cat', 'dan', 'eve'].map((name) => `${name}@example.com`),
		},
	],
	campaigns: [
		{
			key: 'C1',
			name: 'Two days ago',
			sentAt: '-2d',
			lists: ['L1'],
			opens: [{ email: 'ann@example.com', at: '-1d' }],
			clicks: [{ email: 'bob@example.com', at: '-1d' }],
		},
		{
			key: 'C2',
			name: 'Yesterday',
			sentAt: '-1d',
			lists: ['L1'],
			opens: [{ email: 'cat@example.com', at: '-20h' }],
		},
	],
};

function workflow(options: IDataObject = {}, nodeId = 'trigger'): WorkflowJson {
	const parameters: INodeParameters = {
		candidateOpenedLists: ['L1'],
		candidateClickedLists: ['L1'],
		options: options as INodeParameters,
	};
	return {
		name: 'Recipient activity',
		nodes: [
			{
				id: nodeId,
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

function lines(emitted: INodeExecutionData[][] | null): string[] {
	return (emitted ?? [])
		.flat()
		.map((item) => {
			const json = item.json as { campaign: { key: string }; email: string; activity: string };
			return `${json.campaign.key} ${json.email} ${json.activity}`;
		})
		.sort();
}

function activeWith(
	data: IDataObject,
	options: IDataObject = {},
	{ activation, nodeId }: { activation?: WorkflowActivateMode; nodeId?: string } = {},
): ActiveWorkflow {
	return new ActiveWorkflow(workflow(options, nodeId), {
		credentials,
		staticData: { [`node:${TRIGGER}`]: data },
		activation,
	});
}

async function activity(campaignKey: string, email: string, action: 'opened' | 'clicked') {
	await new SandboxAdmin(sandbox.url).activity({
		campaignKey,
		email,
		action,
		at: new Date(Date.now()).toISOString(),
	});
}

function clone(): Record<string, any> {
	return JSON.parse(JSON.stringify(good)) as Record<string, any>;
}

/** The version 1 shape of the good state: 9-character tokens, no index. */
function version1(): Record<string, any> {
	const v1 = clone();
	v1.v = 1;
	delete v1.index;
	delete v1.listsChecked;
	const tokens = (entries: Array<[string, number]>) =>
		entries
			.map(([email, level]) => `${emailToken(email)}${level}`)
			.sort()
			.join('');
	v1.campaigns.C1.seen = {
		Candidates: tokens([
			['ann@example.com', 1],
			['bob@example.com', 2],
		]),
	};
	v1.campaigns.C2.seen = { Candidates: tokens([['cat@example.com', 1]]) };
	return v1;
}

type Variant = [string, (state: Record<string, any>) => unknown];

/** Damage the trigger cannot undo without risk: the poll must fail clearly. */
const REFUSED: Variant[] = [
	['v missing', (s) => delete s.v],
	['v 0', (s) => (s.v = 0)],
	['v "2"', (s) => (s.v = '2')],
	['v "1"', (s) => (s.v = '1')],
	['v null', (s) => (s.v = null)],
	['v 1 on a version 2 body', (s) => (s.v = 1)],
	['activatedAt and lastPollAt missing', (s) => (delete s.activatedAt, delete s.lastPollAt)],
	[
		'activatedAt and lastPollAt strings',
		(s) => ((s.activatedAt = 'yesterday'), (s.lastPollAt = 'x')),
	],
	['campaigns null', (s) => (s.campaigns = null)],
	['campaigns string', (s) => (s.campaigns = 'C1,C2')],
	['campaigns []', (s) => (s.campaigns = [])],
	['campaigns missing', (s) => delete s.campaigns],
	['campaigns {} (all dropped)', (s) => (s.campaigns = {})],
	['one campaign dropped', (s) => delete s.campaigns.C2],
	['the campaign with new activity dropped', (s) => delete s.campaigns.C1],
	['index missing', (s) => delete s.index],
	['index a string', (s) => (s.index = 'C1')],
	['campaign entry null', (s) => (s.campaigns.C1 = null)],
	['campaign entry a string', (s) => (s.campaigns.C1 = 'C1')],
	['campaign entry []', (s) => (s.campaigns.C1 = [])],
	['campaign sentAt a string', (s) => (s.campaigns.C1.sentAt = new Date(T0).toISOString())],
	['campaign sentAt missing', (s) => delete s.campaigns.C1.sentAt],
	['campaign name missing', (s) => delete s.campaigns.C1.name],
	['campaign type unknown', (s) => (s.campaigns.C1.type = 'rss')],
	['campaign baseline "yes"', (s) => (s.campaigns.C2.baseline = 'yes')],
	['seen missing', (s) => delete s.campaigns.C1.seen],
	['seen null', (s) => (s.campaigns.C1.seen = null)],
	['seen a string', (s) => (s.campaigns.C1.seen = 'abc')],
	['seen set of one module missing', (s) => delete s.campaigns.C1.seen.Candidates],
	['seen set a number', (s) => (s.campaigns.C1.seen.Candidates = 42)],
	[
		'seen set truncated',
		(s) => (s.campaigns.C1.seen.Candidates = s.campaigns.C1.seen.Candidates.slice(0, -2)),
	],
	['seen set garbage', (s) => (s.campaigns.C1.seen.Candidates = 'garbage!!')],
	['seen set empty string', (s) => (s.campaigns.C1.seen.Candidates = '')],
	[
		'seen set one character changed',
		(s) => {
			const set: string = s.campaigns.C1.seen.Candidates;
			const last = set[set.length - 1];
			s.campaigns.C1.seen.Candidates = set.slice(0, -1) + (last === 'A' ? 'B' : 'A');
		},
	],
	[
		'seen set count edited',
		(s) =>
			(s.campaigns.C1.seen.Candidates = s.campaigns.C1.seen.Candidates.replace(
				/^42\.2\./,
				'42.1.',
			)),
	],
	['reset a number', (s) => (s.reset = 7)],
	[
		'foreign static data',
		(s) => {
			for (const key of Object.keys(s)) delete s[key];
			s.lastTimeChecked = '2026-11-19';
		},
	],
];

/** Damage repaired without loss or repeat: the poll emits exactly the new opener. */
const REPAIRED: Variant[] = [
	['activatedAt a string', (s) => (s.activatedAt = new Date(T0).toISOString())],
	['activatedAt missing', (s) => delete s.activatedAt],
	['lastPollAt a string', (s) => (s.lastPollAt = 'Invalid Date')],
	['lastPollAt missing', (s) => delete s.lastPollAt],
	['counts dropped', (s) => delete s.campaigns.C1.counts],
	['counts garbage', (s) => (s.campaigns.C1.counts = { C1: ['x'] })],
	['lists garbage', (s) => (s.campaigns.C1.lists = 'L1')],
	['children garbage', (s) => (s.campaigns.C1.children = null)],
	['resume garbage', (s) => (s.campaigns.C1.resume = { unit: -1 })],
	['calls garbage', (s) => (s.calls = 'many')],
	['calls missing', (s) => delete s.calls],
	['members garbage', (s) => (s.members = { L1: { tokens: 5 } })],
	['listsChecked garbage', (s) => (s.listsChecked = 'yes')],
];

/** Version 1 states, the shape before this version: migrated, or refused when damaged. */
const V1_REFUSED: Variant[] = [
	[
		'v1 bad level digit',
		(s) => (s.campaigns.C1.seen.Candidates = s.campaigns.C1.seen.Candidates.replace(/2$|1$/, '7')),
	],
	[
		'v1 truncated seen',
		(s) => (s.campaigns.C1.seen.Candidates = s.campaigns.C1.seen.Candidates.slice(0, -4)),
	],
	['v1 garbage seen', (s) => (s.campaigns.C1.seen.Candidates = '{}')],
	['v1 campaigns []', (s) => (s.campaigns = [])],
	['v1 campaign entry null', (s) => (s.campaigns.C2 = null)],
	['v1 v missing', (s) => delete s.v],
];

beforeAll(async () => {
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
	sandbox = await startSandbox({ port: 0, scenario, clockStart: new Date(T0).toISOString() });
	credentials = new SandboxCredentials(sandbox.url);
	const first = activeWith({});
	expect(lines((await first.tick()).emitted)).toEqual(EMITTED_FIRST);
	good = JSON.parse(JSON.stringify(first.nodeStaticData())) as IDataObject;
}, 60_000);

/** Every case starts from the first poll's world plus one new opener. */
beforeEach(async () => {
	jest.setSystemTime(T0);
	await new SandboxAdmin(sandbox.url).reset({ scenario, clockStart: new Date(T0).toISOString() });
	jest.setSystemTime(T0 + MINUTE);
	await activity('C1', 'dan@example.com', 'opened');
	jest.setSystemTime(T0 + 2 * MINUTE);
});

afterAll(async () => {
	await sandbox.close();
	jest.useRealTimers();
});

describe('trigger memory: corruption corpus', () => {
	it('the undamaged state emits exactly the new opener, and so does its version 1 form', async () => {
		expect(good).toMatchObject({ v: 2, index: ['C1', 'C2'] });
		expect(lines((await activeWith(clone()).tick()).emitted)).toEqual([NEW_OPENER]);
		const migrated = activeWith(version1());
		expect(lines((await migrated.tick()).emitted)).toEqual([NEW_OPENER]);
		expect(migrated.nodeStaticData()).toMatchObject({ v: 2, index: ['C1', 'C2'] });
	});

	const refused = (variants: Variant[], base: () => Record<string, any>) =>
		it.each(variants)(
			'%s: fails clearly, changes nothing; re-baselining repeats nobody',
			async (_name, damage) => {
				const damaged = base();
				damage(damaged);
				const active = activeWith(damaged);
				const error = await active.tick().then(
					() => null,
					(thrown: unknown) => thrown as Error & { description?: string },
				);
				expect(error?.message).toMatch(
					/^The trigger's memory \(workflow static data\) is damaged: \S/,
				);
				expect(error?.description).toMatch(/On Damaged Memory.*Reset Memory/);
				// n8n shows only the message, for a trigger that fails to activate as for an error
				// execution of a scheduled poll: it must say how to recover too.
				expect(error?.message).toMatch(
					/\. To recover, set the trigger's option "On Damaged Memory" to "Re-Baseline Damaged Parts" or "Reset Memory" to a value not used before/,
				);
				expect(active.nodeStaticData()).toEqual(damaged);

				const rebaselined = activeWith(damaged, { onDamagedMemory: 'rebaseline' });
				const emitted = lines((await rebaselined.tick()).emitted);
				expect(emitted.filter((line) => EMITTED_FIRST.includes(line))).toEqual([]);
				expect(emitted.filter((line) => line !== NEW_OPENER)).toEqual([]);
				// Later activity is emitted once, on a damaged campaign too.
				await activity('C2', 'eve@example.com', 'clicked');
				jest.setSystemTime(Date.now() + MINUTE);
				expect(lines((await rebaselined.tick()).emitted)).toEqual(['C2 eve@example.com clicked']);
				jest.setSystemTime(Date.now() + MINUTE);
				expect((await rebaselined.tick()).emitted).toBeNull();
			},
		);

	describe('refused (version 2)', () => refused(REFUSED, clone));
	describe('refused (version 1)', () => refused(V1_REFUSED, version1));

	it.each(REPAIRED)('%s: repaired, emits exactly the new opener', async (_name, damage) => {
		const damaged = clone();
		damage(damaged);
		const active = activeWith(damaged);
		expect(lines((await active.tick()).emitted)).toEqual([NEW_OPENER]);
		expect(active.nodeStaticData()).toMatchObject({ v: 2, index: ['C1', 'C2'] });
	});

	it('refuses a state from a newer version unless reset', async () => {
		const future = { ...clone(), v: 3 };
		const active = activeWith(future);
		await expect(active.tick()).rejects.toThrow(/newer version of this package \(state version 3/);
		await expect(active.tick()).rejects.toThrow(
			/Upgrade the package, or set the trigger's option "Reset Memory" to a value not used before$/,
		);
		expect(active.nodeStaticData()).toEqual(future);
		expect(
			(await activeWith(future, { onDamagedMemory: 'rebaseline' })
				.tick()
				.catch((e: Error) => e)) instanceof Error,
		).toBe(true);
	});
});

/**
 * Where n8n shows the error. n8n records an error thrown by a scheduled poll as an error
 * execution (and runs the Error Workflow), but one thrown by the activation poll only fails the
 * activation. After n8n starts ('init', 'leadershipChange'), the activation poll therefore emits
 * nothing and the trigger activates; every later poll throws. A user publishing sees the
 * activation fail at once.
 */
describe('trigger memory: where n8n shows the error', () => {
	const DAMAGED = /^The trigger's memory \(workflow static data\) is damaged: campaigns\["C1"\]\.seen\.Candidates .*\. To recover, set the trigger's option "On Damaged Memory" to "Re-Baseline Damaged Parts" or "Reset Memory" to a value not used before/;
	const FUTURE = /^The trigger's memory \(workflow static data\) was written by a newer version of this package \(state version 3; .*Upgrade the package, or set the trigger's option "Reset Memory" to a value not used before/;
	let nodes = 0;
	/** A node id not used before in this process (the activation at n8n's start is per node). */
	const freshNode = () => `state-${++nodes}`;
	const damagedSeen = () => {
		const damaged = clone();
		damaged.campaigns.C1.seen.Candidates = 'garbage!!';
		return damaged;
	};
	const failure = async (active: ActiveWorkflow) =>
		await active.tick().then(
			() => null,
			(thrown: unknown) => thrown as Error,
		);
	const logged = () => {
		// The poll context's logger is n8n's one Logger.
		const logger = pollContext({ credentials }).logger;
		return jest.spyOn(logger, 'error').mockImplementation(() => undefined);
	};
	afterEach(() => jest.restoreAllMocks());

	it.each<[string, () => Record<string, any>, RegExp]>([
		['damaged', damagedSeen, DAMAGED],
		['from a newer version', () => ({ ...clone(), v: 3 }), FUTURE],
	])(
		'%s, after n8n starts (init): the activation poll logs and emits nothing, every later poll throws',
		async (_name, memory, message) => {
			const stored = memory();
			const errors = logged();
			const active = activeWith(stored, {}, { activation: 'init', nodeId: freshNode() });
			expect(await active.tick()).toEqual({ emitted: null, run: null });
			expect(errors).toHaveBeenCalledTimes(1);
			expect(active.nodeStaticData()).toEqual(stored);

			for (let poll = 0; poll < 2; poll++) {
				jest.setSystemTime(Date.now() + MINUTE);
				const error = await failure(active);
				expect(error).toBeInstanceOf(NodeOperationError);
				expect(error?.message).toMatch(message);
				expect(errors.mock.calls[1 + poll][0]).toBe(
					`${error?.message} [workflow harness-workflow, trigger "Activity"]`,
				);
			}
			// The log of the activation poll: the same message, and what n8n does next.
			const { message: thrown } = (await failure(active))!;
			expect(errors.mock.calls[0][0]).toBe(
				`${thrown} [workflow harness-workflow, trigger "Activity": activated without polling; every scheduled poll fails with this error (an execution with status error, and the Error Workflow) until the memory is recovered]`,
			);
			expect(active.nodeStaticData()).toEqual(stored);

			// Recovered with "Reset Memory": the poll runs again.
			const reset = activeWith(
				stored,
				{ resetMemory: 'after-start' },
				{ activation: 'init', nodeId: freshNode() },
			);
			expect(lines((await reset.tick()).emitted)).toEqual([]);
			expect(reset.nodeStaticData()).toMatchObject({ v: 2, reset: 'after-start' });
		},
	);

	it('leadershipChange defers like init; once per trigger node in the process', async () => {
		const errors = logged();
		const nodeId = freshNode();
		const leader = activeWith(damagedSeen(), {}, { activation: 'leadershipChange', nodeId });
		expect((await leader.tick()).emitted).toBeNull();
		expect((await failure(leader))?.message).toMatch(DAMAGED);
		// Another activation of the same trigger in this process: no second pass.
		const again = activeWith(damagedSeen(), {}, { activation: 'init', nodeId });
		expect((await failure(again))?.message).toMatch(DAMAGED);
		// Another trigger node has its own.
		const other = activeWith(damagedSeen(), {}, { activation: 'init', nodeId: freshNode() });
		expect((await other.tick()).emitted).toBeNull();
		expect(errors).toHaveBeenCalledTimes(4);
	});

	it.each<WorkflowActivateMode>(['activate', 'update', 'create'])(
		'a user publishing (%s): the activation poll logs and throws',
		async (activation) => {
			const errors = logged();
			const stored = damagedSeen();
			const active = activeWith(stored, {}, { activation, nodeId: freshNode() });
			const error = await failure(active);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toMatch(DAMAGED);
			expect(errors.mock.calls.map(([logMessage]) => logMessage)).toEqual([
				`${error?.message} [workflow harness-workflow, trigger "Activity"]`,
			]);
			expect(active.nodeStaticData()).toEqual(stored);
		},
	);

	it('a restart after a failed publish: the first poll after it emits nothing, the next throws', async () => {
		jest.spyOn(pollContext({ credentials }).logger, 'error').mockImplementation(() => undefined);
		const active = activeWith(damagedSeen(), {}, { activation: 'activate', nodeId: freshNode() });
		expect((await failure(active))?.message).toMatch(DAMAGED);
		active.restart();
		expect(active.activationMode).toBe('init');
		expect((await active.tick()).emitted).toBeNull();
		expect((await failure(active))?.message).toMatch(DAMAGED);
	});

	it('manual runs always throw (deferAtStart never defers them)', () => {
		const errors = logged();
		const error = new NodeOperationError(
			{ id: 'n', name: 'Activity', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
			'memory unusable',
		);
		for (const activation of ['init', 'leadershipChange', 'manual'] as const) {
			const ctx = pollContext({ credentials, mode: 'manual', activation });
			expect(() => deferAtStart(ctx, error)).toThrow(error);
		}
		const trigger = pollContext({ credentials, mode: 'trigger', activation: 'manual' });
		expect(() => deferAtStart(trigger, error)).toThrow(error);
		expect(errors).toHaveBeenCalledTimes(4);
	});
});
