/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a test timer measures whether the event loop got turns */
// Long per-item loops give the event loop turns: in n8n's queue mode a worker renews its job lock
// on a timer, and a loop that never yields lets the lock expire (README, "Running at scale").
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prepareCandidates } from '../../nodes/RecruitPush/prepare';
import type { PushSettings } from '../../nodes/RecruitPush/settings';
import { eventLoopTurns } from '../../nodes/shared/eventLoop';
import type { RecruitField } from '../../nodes/shared/transport/recruit';
import { field } from './pushFixtures';

const busyFor = (ms: number) => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// an expression evaluation's worth of synchronous work
	}
};

/** Counts how often a 10 ms timer fires while `work` runs. */
async function timerTicksDuring(work: () => Promise<unknown>): Promise<number> {
	let ticks = 0;
	const timer = setInterval(() => ticks++, 10);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	return ticks;
}

const layout: RecruitField[] = [
	field('Last_Name', { mandatory: true }),
	field('Email', { dataType: 'email' }),
];

const settings: PushSettings = {
	module: 'Candidates',
	operation: 'upsert',
	matchingColumns: ['Email'],
	dryRun: false,
	fillEmpty: false,
	trigger: [],
	addNote: false,
};

/** Timer ticks during `slices` slices of 5 ms of synchronous work, each followed by `turn()`. */
const ticksForSlices = (turn: () => Promise<void>, slices: number) =>
	timerTicksDuring(async () => {
		for (let i = 0; i < slices; i++) {
			busyFor(5);
			await turn();
		}
	});

describe('eventLoopTurns', () => {
	it('waits a macrotask only once its budget of synchronous work is spent', async () => {
		// 200 ms of work in 30 ms slices: the timer ran between slices, not only at the end.
		expect(await ticksForSlices(eventLoopTurns(30), 40)).toBeGreaterThanOrEqual(3);
	});

	it('costs no macrotask while under budget', async () => {
		expect(await ticksForSlices(eventLoopTurns(10_000), 20)).toBe(0);
	});
});

describe('Recruit Push preparation', () => {
	it('lets timers run while it evaluates the mapping item by item', async () => {
		const items: INodeExecutionData[] = Array.from({ length: 300 }, (_, i) => ({
			json: { email: `p${i}@example.com`, lastName: `L${i}` },
		}));
		const ctx = {
			getNode: () => ({ name: 'Push', type: 'recruitPush', parameters: {} }),
			getTimezone: () => 'UTC',
			getNodeParameter: (name: string, index: number, fallback?: unknown) => {
				if (name === 'columns.value') {
					busyFor(1);
					return { Last_Name: items[index].json.lastName, Email: items[index].json.email };
				}
				return fallback;
			},
		} as unknown as IExecuteFunctions;

		let prepared: Awaited<ReturnType<typeof prepareCandidates>> | undefined;
		const ticks = await timerTicksDuring(async () => {
			prepared = await prepareCandidates.call(ctx, items, settings, layout);
		});

		expect(prepared?.candidates).toHaveLength(300);
		expect(prepared?.outcomes.size).toBe(0);
		// 300 ms of expression work: a 10 ms timer got turns along the way (0 before the change).
		expect(ticks).toBeGreaterThanOrEqual(3);
	});
});
