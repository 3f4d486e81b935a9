import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ActiveWorkflow, PACKAGE_NAME, SandboxCredentials } from '../harness';
import type { WorkflowJson } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import type { Scenario } from '../sandbox/scenario';
import { startSandbox } from '../sandbox/server';
import type { Sandbox } from '../sandbox/server';
import { BOUNDS } from '../../nodes/CampaignsRecipientActivityTrigger/config';
import { triggerProperties } from '../../nodes/CampaignsRecipientActivityTrigger/description';

/** Settings checks, Reset Memory and maxItemsPerPoll, against the sandbox over real HTTP. */
const T0 = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const TRIGGER = 'Activity';

let sandbox: Sandbox | undefined;

const people = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@example.com`);

function scenario(openers: number): Scenario {
	const members = people(Math.max(openers + 2, 4));
	return {
		name: 'trigger-settings',
		contacts: members.map((email) => ({ email })),
		lists: [
			{ key: 'L1', name: 'Candidates pool', members },
			{ key: 'L2', name: 'Other pool', members },
		],
		campaigns: [
			{
				key: 'C1',
				name: 'Yesterday',
				sentAt: '-1d',
				lists: ['L1'],
				opens: members.slice(0, openers).map((email) => ({ email, at: '-20h' })),
			},
		],
	};
}

async function start(openers = 3): Promise<SandboxCredentials> {
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
	sandbox = await startSandbox({
		port: 0,
		scenario: scenario(openers),
		clockStart: new Date(T0).toISOString(),
	});
	return new SandboxCredentials(sandbox.url);
}

afterEach(async () => {
	await sandbox?.close();
	sandbox = undefined;
	jest.useRealTimers();
});

function workflow(parameters: IDataObject): WorkflowJson {
	return {
		name: 'Recipient activity',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { candidateOpenedLists: ['L1'], ...parameters } as INodeParameters,
				credentials: { zohoCampaignsOAuth2Api: { id: 'campaigns', name: 'Zoho Campaigns' } },
			},
		],
		connections: {},
	};
}

function emails(emitted: INodeExecutionData[][] | null): string[] {
	return (emitted ?? []).flat().map((item) => item.json.email as string);
}

async function opened(email: string) {
	await new SandboxAdmin(sandbox!.url).activity({
		campaignKey: 'C1',
		email,
		action: 'opened',
		at: new Date(Date.now()).toISOString(),
	});
}

function advance(ms = MINUTE) {
	jest.setSystemTime(Date.now() + ms);
}

describe('trigger settings', () => {
	it.each<[string, IDataObject, RegExp]>([
		['trackingDays 0', { trackingDays: 0 }, /"trackingDays" must be a whole number from 1 to 365/],
		[
			'trackingDays below backfillDays',
			{ backfillDays: 10, trackingDays: 5 },
			/"trackingDays" must be at least "backfillDays" \(10\)/,
		],
		[
			'backfillDays negative',
			{ backfillDays: -1 },
			/"backfillDays" must be a whole number from 0 to 365/,
		],
		['backfillDays a fraction', { backfillDays: 1.5 }, /"backfillDays" must be a whole number/],
		['trackingDays text', { trackingDays: 'thirty' }, /"trackingDays" must be a whole number/],
		[
			'maxItemsPerPoll 1',
			{ options: { maxItemsPerPoll: 1 } },
			/"maxItemsPerPoll" must be a whole number from 2 to 100000/,
		],
		[
			'maxItemsPerPoll huge',
			{ options: { maxItemsPerPoll: 10_000_000 } },
			/"maxItemsPerPoll" must be a whole number/,
		],
		[
			'an unknown damage policy',
			{ options: { onDamagedMemory: 'ignore' } },
			/"onDamagedMemory" must be "fail" or "rebaseline"/,
		],
		['includeRaw text', { options: { includeRaw: 'yes' } }, /"includeRaw" must be true or false/],
	])(
		'refuses %s naming the parameter, on activation and in Fetch Test Event',
		async (_name, parameters, message) => {
			const credentials = await start();
			const active = new ActiveWorkflow(workflow(parameters), { credentials });
			await expect(active.tick()).rejects.toThrow(message);
			await expect(active.manualPoll()).rejects.toThrow(message);
			expect(active.nodeStaticData()).toEqual({});
		},
	);

	it('shows the same bounds in the UI as the code enforces', () => {
		const byName = new Map(triggerProperties.map((property) => [property.name, property]));
		const options = byName.get('options')!.options as Array<{
			name: string;
			typeOptions?: IDataObject;
			default?: unknown;
		}>;
		const ui = (name: string) =>
			name === 'maxItemsPerPoll'
				? options.find((option) => option.name === name)!
				: byName.get(name)!;
		for (const [name, bounds] of Object.entries(BOUNDS)) {
			expect(ui(name).typeOptions).toMatchObject({
				minValue: bounds.min,
				maxValue: bounds.max,
				numberPrecision: 0,
			});
			expect(ui(name).default).toBe(bounds.fallback);
		}
	});

	it('fails naming unknown list keys, in Fetch Test Event, on activation and when a list is deleted later', async () => {
		const credentials = await start();
		const unknown = new ActiveWorkflow(workflow({ candidateOpenedLists: ['L1', 'NOPE', 'GONE'] }), {
			credentials,
		});
		const message = /Mailing list "NOPE", "GONE" does not exist in Zoho Campaigns/;
		await expect(unknown.manualPoll()).rejects.toThrow(message);
		await expect(unknown.tick()).rejects.toThrow(message);

		const active = new ActiveWorkflow(workflow({ candidateOpenedLists: ['L1', 'L2'] }), {
			credentials,
		});
		expect(emails((await active.tick()).emitted)).toHaveLength(3);
		// L2 is deleted: within the hourly check the poll fails naming it, and keeps failing.
		const withoutL2 = scenario(3);
		withoutL2.lists = withoutL2.lists!.filter((list) => list.key !== 'L2');
		await new SandboxAdmin(sandbox!.url).loadScenario(withoutL2);
		advance(61 * MINUTE);
		await expect(active.tick()).rejects.toThrow(
			/Mailing list "L2" does not exist in Zoho Campaigns/,
		);
		advance();
		await expect(active.tick()).rejects.toThrow(/Mailing list "L2" does not exist/);
	});

	it('Reset Memory forgets once per new value, without re-emitting anyone', async () => {
		const credentials = await start();
		const first = new ActiveWorkflow(workflow({}), { credentials });
		expect(emails((await first.tick()).emitted).sort()).toEqual([
			'p0@example.com',
			'p1@example.com',
			'p2@example.com',
		]);
		const stored = JSON.parse(JSON.stringify(first.nodeStaticData())) as IDataObject;

		advance();
		await opened('p3@example.com');
		const reset = new ActiveWorkflow(workflow({ options: { resetMemory: '2026-11-20' } }), {
			credentials,
			staticData: { [`node:${TRIGGER}`]: stored },
		});
		advance();
		// Current openers (p3 included) are recorded without being emitted.
		expect((await reset.tick()).emitted).toBeNull();
		expect(reset.nodeStaticData()).toMatchObject({ reset: '2026-11-20' });
		advance();
		await opened('p3@example.com');
		await opened('p0@example.com');
		advance();
		expect((await reset.tick()).emitted).toBeNull();
		advance();
		await new SandboxAdmin(sandbox!.url).activity({
			campaignKey: 'C1',
			email: 'p1@example.com',
			action: 'clicked',
			at: new Date(Date.now()).toISOString(),
		});
		advance();
		// The same value does not reset again: new activity is emitted once.
		expect(emails((await reset.tick()).emitted)).toEqual(['p1@example.com']);
		reset.restart();
		advance();
		expect((await reset.tick()).emitted).toBeNull();
	});

	it('Reset Memory with "Re-Emit Campaigns Sent Since": campaigns sent since then are emitted again once, in full', async () => {
		const credentials = await start();
		const first = new ActiveWorkflow(workflow({}), { credentials });
		expect(emails((await first.tick()).emitted).sort()).toEqual([
			'p0@example.com',
			'p1@example.com',
			'p2@example.com',
		]);
		const stored = JSON.parse(JSON.stringify(first.nodeStaticData())) as IDataObject;
		advance();
		await opened('p3@example.com');
		// C1 was sent a day before T0: a time before it re-emits C1; a time after it does not (here
		// without an offset, as n8n's date picker gives it: the workflow's time zone).
		const after = new ActiveWorkflow(
			workflow({ options: { resetMemory: 'a', reEmitSentSince: '2026-11-20T11:00:00' } }),
			{ credentials, staticData: { [`node:${TRIGGER}`]: JSON.parse(JSON.stringify(stored)) } },
		);
		advance();
		expect((await after.tick()).emitted).toBeNull();
		const recover = new ActiveWorkflow(
			workflow({ options: { resetMemory: 'b', reEmitSentSince: '2026-11-18T00:00:00Z' } }),
			{ credentials, staticData: { [`node:${TRIGGER}`]: stored } },
		);
		advance();
		// Everyone who opened C1 so far, the ones emitted before included, once.
		expect(emails((await recover.tick()).emitted).sort()).toEqual([
			'p0@example.com',
			'p1@example.com',
			'p2@example.com',
			'p3@example.com',
		]);
		advance();
		expect((await recover.tick()).emitted).toBeNull();
		recover.restart();
		advance();
		expect((await recover.tick()).emitted).toBeNull();
	});

	it.each([['yesterday'], [true], [{}]])('refuses Re-Emit Campaigns Sent Since = %p', async (value) => {
		const credentials = await start();
		const active = new ActiveWorkflow(
			workflow({ options: { resetMemory: 'x', reEmitSentSince: value as never } }),
			{ credentials },
		);
		await expect(active.tick()).rejects.toThrow(/"reEmitSentSince" must be a date and time/);
	});

	it('maxItemsPerPoll: 1,234 openers leave in polls of at most 500, in order, none lost or repeated, across restarts', async () => {
		const credentials = await start(1234);
		const active = new ActiveWorkflow(workflow({ options: { maxItemsPerPoll: 500 } }), {
			credentials,
		});
		const seen: string[] = [];
		const sizes: number[] = [];
		for (let poll = 0; poll < 6; poll++) {
			const batch = emails((await active.tick()).emitted);
			sizes.push(batch.length);
			seen.push(...batch);
			active.restart();
			advance();
		}
		expect(sizes).toEqual([500, 500, 234, 0, 0, 0]);
		expect(new Set(seen).size).toBe(1234);
		expect([...seen].sort()).toEqual(people(1234).sort());
		// In Zoho's order: the same sequence as one unbounded poll.
		const unbounded = new ActiveWorkflow(workflow({}), { credentials });
		expect(seen).toEqual(emails((await unbounded.tick()).emitted));
		const state = active.nodeStaticData() as { campaigns: Record<string, { resume?: unknown }> };
		expect(state.campaigns.C1.resume).toBeUndefined();
	});

	it('maxItemsPerPoll stops mid-page and resumes at the first row not emitted', async () => {
		const credentials = await start(10);
		const active = new ActiveWorkflow(workflow({ options: { maxItemsPerPoll: 4 } }), {
			credentials,
		});
		const first = emails((await active.tick()).emitted);
		expect(first).toHaveLength(4);
		expect(active.nodeStaticData()).toMatchObject({
			campaigns: { C1: { resume: { unit: 0, from: 5 } } },
		});
		advance();
		await opened('p10@example.com');
		const rest: string[] = [];
		for (let poll = 0; poll < 4; poll++) {
			rest.push(...emails((await active.tick()).emitted));
			advance();
		}
		expect([...first, ...rest].sort()).toEqual(people(11).sort());
		expect(new Set([...first, ...rest]).size).toBe(11);
	});
});
