/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Eligibility Filter against the local Zoho sandbox over real HTTP: Recruit-synced lists are read
// with getlistsubscribers (all pages) once per execution, their members become
// imported_from_recruit, and the list picker loads the account's mailing lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { EligibilityFilter } from '../../nodes/EligibilityFilter/EligibilityFilter.node';
import type { IneligibleReason } from '../../nodes/EligibilityFilter/rules';
import { SandboxCredentials, loadOptionsContext, runWorkflow } from '../harness';
import { SandboxAdmin, type SandboxCall } from '../sandbox/client';
import { startSandbox, type Sandbox, type Scenario } from '../sandbox/server';
import { eligibilityWorkflow as workflow, seedNodeTypes } from './fixtures/eligibility-seed';
import { activityItem } from './fixtures/eligibility-table';

const DEFAULT_SCENARIO = JSON.parse(
	readFileSync(join(__dirname, '..', 'sandbox', 'scenarios', 'default.json'), 'utf8'),
) as Scenario;
const DEFAULT_LISTS = DEFAULT_SCENARIO.lists ?? [];
const recruitSyncList = DEFAULT_LISTS.find((list) => list.name === 'Recruit Sync')!;
const RECRUIT_SYNC_KEY = recruitSyncList.key;
const RECRUIT_MEMBER = recruitSyncList.members[0]; // rita.recruit@example.com

/** Answered getlistsubscribers calls. A first attempt may get 401 (the scenario's initial token
 * is expired) and be retried by n8n after a refresh: those are not reads. */
async function subscriberCalls(sandbox: Sandbox): Promise<SandboxCall[]> {
	const calls = await new SandboxAdmin(sandbox.url).calls({ apiMethod: 'getlistsubscribers' });
	return calls.filter((call) => call.status !== 401);
}

const reasonCodes = (item: INodeExecutionData) =>
	(item.json.ineligibleReasons as IneligibleReason[]).map((r) => r.code);

describe('Eligibility Filter against the sandbox (default scenario)', () => {
	let sandbox: Sandbox;
	let credentials: SandboxCredentials;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: 'default' });
		credentials = new SandboxCredentials(sandbox.url);
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		await new SandboxAdmin(sandbox.url).clearCalls();
	});

	it('reads the Recruit Sync list once per execution and marks its members', async () => {
		const items = [
			activityItem({ email: RECRUIT_MEMBER }),
			activityItem({ email: 'ana.opener@example.com' }),
			// same member, other spelling and module: still from Recruit, and no second read
			activityItem({ email: ` ${RECRUIT_MEMBER.toUpperCase()}`, module: 'Contacts' }),
			activityItem({ email: 'ben.clicker@example.com', activity: 'clicked' }),
		];
		const result = await runWorkflow(
			workflow(items, { recruitSyncedLists: [RECRUIT_SYNC_KEY] }),
			{ credentials, nodeTypes: seedNodeTypes() },
		);
		expect(result.error).toBeUndefined();

		const calls = await subscriberCalls(sandbox);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			status: 200,
			query: expect.objectContaining({ listkey: RECRUIT_SYNC_KEY, fromindex: '1' }),
		});

		const eligible = result.output('Eligibility Filter', 0);
		const ineligible = result.output('Eligibility Filter', 1);
		expect(eligible.map((i) => i.json.email)).toEqual(['ana.opener@example.com', 'ben.clicker@example.com']);
		expect(ineligible.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		for (const item of ineligible) {
			expect(reasonCodes(item)).toEqual(['imported_from_recruit']);
			expect((item.json.ineligibleReasons as IneligibleReason[])[0].message).toContain(RECRUIT_SYNC_KEY);
		}
	});

	it('reads nothing when the check is off or no list is set', async () => {
		const nodeTypes = seedNodeTypes();
		const off = await runWorkflow(
			workflow([activityItem({ email: RECRUIT_MEMBER })], {
				recruitSyncedLists: [RECRUIT_SYNC_KEY],
				checks: ['mandatoryFields', 'validEmail'],
			}),
			{ credentials, nodeTypes },
		);
		const unset = await runWorkflow(workflow([activityItem({ email: RECRUIT_MEMBER })], {}), {
			credentials,
			nodeTypes,
		});
		expect(off.output('Eligibility Filter', 0)).toHaveLength(1);
		expect(unset.output('Eligibility Filter', 0)).toHaveLength(1);
		expect(await subscriberCalls(sandbox)).toHaveLength(0);
	});

	it('reads each list once even when an expression names lists per item', async () => {
		const partners = DEFAULT_LISTS.find((list) => list.name === 'Partners')!;
		const items = [
			activityItem({ email: RECRUIT_MEMBER, module: 'Candidates' }),
			activityItem({ email: partners.members[0], module: 'Contacts' }),
			activityItem({ email: partners.members[0], module: 'Candidates' }),
			activityItem({ email: RECRUIT_MEMBER, module: 'Contacts' }),
		];
		const result = await runWorkflow(
			workflow(items, {
				// Candidates: only the Recruit Sync list; Contacts: both
				recruitSyncedLists: `={{ $json.module === "Contacts" ? ["${RECRUIT_SYNC_KEY}", "${partners.key}"] : ["${RECRUIT_SYNC_KEY}"] }}`,
			}),
			{ credentials, nodeTypes: seedNodeTypes() },
		);
		expect(result.error).toBeUndefined();
		const calls = await subscriberCalls(sandbox);
		expect(calls.map((call) => call.query.listkey).sort()).toEqual([partners.key, RECRUIT_SYNC_KEY].sort());
		expect(result.output('Eligibility Filter', 0).map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(result.output('Eligibility Filter', 1).map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 3 },
		]);
	});

	it('offers the account\'s mailing lists in the list picker', async () => {
		const context = loadOptionsContext({ credentials });
		const options = await new EligibilityFilter().methods.loadOptions.getMailingLists.call(context);
		expect(options).toContainEqual({ name: expect.stringContaining('Recruit Sync'), value: RECRUIT_SYNC_KEY });
		expect(options).toHaveLength(DEFAULT_LISTS.length);
	});
});

describe('Eligibility Filter against a sandbox with a large Recruit-synced list', () => {
	const MEMBERS = 1203; // more than two pages of getlistsubscribers
	let sandbox: Sandbox;

	beforeAll(async () => {
		const scenario = structuredClone(DEFAULT_SCENARIO);
		const synced = (scenario.lists ?? []).find((list) => list.key === RECRUIT_SYNC_KEY)!;
		synced.members = Array.from({ length: MEMBERS }, (_, i) => `synced${i}@example.com`);
		sandbox = await startSandbox({ port: 0, scenario });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('reads every page and marks a member found only on the last page', async () => {
		const credentials = new SandboxCredentials(sandbox.url);
		const items = [
			activityItem({ email: 'synced0@example.com' }),
			activityItem({ email: `synced${MEMBERS - 1}@example.com` }),
			activityItem({ email: `synced${MEMBERS}@example.com` }),
		];
		const result = await runWorkflow(workflow(items, { recruitSyncedLists: [RECRUIT_SYNC_KEY] }), {
			credentials,
			nodeTypes: seedNodeTypes(),
		});
		expect(result.error).toBeUndefined();
		const calls = await subscriberCalls(sandbox);
		// one read per page, each page once
		expect(calls.map((call) => [call.status, call.query.listkey, call.query.fromindex])).toEqual([
			[200, RECRUIT_SYNC_KEY, '1'],
			[200, RECRUIT_SYNC_KEY, '501'],
			[200, RECRUIT_SYNC_KEY, '1001'],
		]);
		expect(result.output('Eligibility Filter', 0).map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(result.output('Eligibility Filter', 1).map(reasonCodes)).toEqual([
			['imported_from_recruit'],
			['imported_from_recruit'],
		]);
	});
});
