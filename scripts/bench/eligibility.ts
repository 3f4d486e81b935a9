/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Eligibility Filter over 100,000 trigger items: once as a workflow run by n8n-core (with a
// Recruit-synced list read from the sandbox, the only API calls this node makes), and its
// execute() alone on a real n8n-core execute context (the node's own logic time).
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { executeContext, PACKAGE_NAME, runWorkflow, SandboxCredentials } from '../../test/harness';
import { resolveNodeType } from '../../test/harness/nodeTypes';
import { SandboxAdmin } from '../../test/sandbox/client';
import type { Scenario } from '../../test/sandbox/scenario';
import { startSandbox } from '../../test/sandbox/server';
import { fullGc, measure, median } from './measure';
import { buildResult, type CaseResult } from './report';
import { countCalls } from './sandboxClient';
import { CAMPAIGNS_PAGE, pages } from './trigger';

const NODE = 'Eligibility Filter';
const NODE_TYPE = `${PACKAGE_NAME}.eligibilityFilter`;
const SEEDED_TOKEN = 'bench-seeded-eligibility-token';
const ITEMS = 100_000;
/** Members of the Recruit-synced list: their items are ineligible (imported_from_recruit). */
const SYNCED_MEMBERS = 2_000;
const LOGIC_RUNS = 3;

const person = (n: number) => `person${n}@example.com`;

/** Trigger-shaped items with a realistic share of problems: 1 in 10 repeats an email of its
 *  module, and a few lack a name, have a bad email, are unsubscribed or bounced, or matched a
 *  list the campaign was not sent to. */
function makeItems(): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (let i = 0; i < ITEMS; i++) {
		const n = i % 10 === 9 ? i - 2 : i;
		const json: IDataObject = {
			email: i % 500 === 1 ? 'not an email' : person(n),
			firstName: i % 97 === 5 ? null : `First${n}`,
			lastName: i % 89 === 5 ? '' : `Last${n}`,
			companyName: i % 3 === 0 ? null : `Company ${n % 1000}`,
			phone: null,
			mobile: null,
			jobTitle: null,
			city: 'Pune',
			state: null,
			country: 'India',
			contactStatus: i % 101 === 7 ? 'unsub' : i % 103 === 7 ? 'bounce' : 'active',
			activity: i % 4 === 0 ? 'clicked' : 'opened',
			module: i % 2 === 0 ? 'Candidates' : 'Contacts',
			campaign: {
				key: `C${i % 20}`,
				name: `Campaign ${i % 20}`,
				sentAt: new Date(Date.UTC(2026, 10, 1 + (i % 20))).toISOString(),
				lists: ['L1', 'L2'],
			},
			matchedLists: i % 211 === 11 ? ['L9'] : ['L1'],
			detectedAt: '2026-11-21T00:00:00.000Z',
			raw: { contactid: String(n) },
		};
		items.push({ json });
	}
	return items;
}

function reasonCounts(items: INodeExecutionData[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) {
		for (const reason of (item.json.ineligibleReasons ?? []) as Array<{ code: string }>) {
			counts[reason.code] = (counts[reason.code] ?? 0) + 1;
		}
	}
	return counts;
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

export async function eligibilityCase(): Promise<CaseResult> {
	const syncedMembers = Array.from({ length: SYNCED_MEMBERS }, (_, n) => person(n));
	const scenario: Scenario = {
		name: 'bench-eligibility',
		initialAccessToken: SEEDED_TOKEN,
		limits: { tokenRequestsPerMinute: 1000 },
		contacts: syncedMembers.map((email) => ({ email })),
		lists: [{ key: 'RS', name: 'Synced from Recruit', members: syncedMembers, recruitSync: true }],
	};
	const sandbox = await startSandbox({ port: 0, scenario, clockStart: new Date().toISOString() });
	const admin = new SandboxAdmin(sandbox.url);
	const credentials = new SandboxCredentials(sandbox.url, { accessToken: SEEDED_TOKEN });
	try {
		const items = makeItems();
		await admin.clearCalls();
		const run = await measure(async () => {
			const result = await runWorkflow(
				{
					nodes: [
						{
							id: 'filter',
							name: NODE,
							type: NODE_TYPE,
							typeVersion: 1,
							position: [0, 0],
							parameters: { requiredFieldsPreset: 'candidates', recruitSyncedLists: ['RS'] },
							credentials: { zohoCampaignsOAuth2Api: { id: 'campaigns', name: 'Zoho Campaigns' } },
						},
					],
					connections: {},
				},
				{ credentials, startNode: NODE, input: items },
			);
			if (result.status !== 'success') {
				throw new Error(`Eligibility Filter failed: ${result.error?.message ?? result.status}`);
			}
			return { eligible: result.output(NODE, 0), ineligible: result.output(NODE, 1) };
		});
		const { eligible, ineligible } = run.result;
		const reasons = reasonCounts(ineligible);
		check(eligible.length + ineligible.length === ITEMS, 'every item leaves on one output');
		check(eligible.length > 0 && ineligible.length > 0, 'both outputs used');
		check((reasons.imported_from_recruit ?? 0) > 0, 'synced-list members found');
		check((reasons.duplicate ?? 0) > 0, 'duplicates found');
		const counts = countCalls(await admin.calls());

		// execute() alone: a real n8n-core execute context (parameters resolved per item as in
		// n8n), no workflow engine, no synced list (no HTTP). One warm-up run for the JIT.
		const filter = resolveNodeType(NODE_TYPE) as INodeType;
		const logicMs: number[] = [];
		for (let runIndex = 0; runIndex <= LOGIC_RUNS; runIndex++) {
			const context = executeContext({
				credentials,
				nodeType: NODE_TYPE,
				parameters: { requiredFieldsPreset: 'candidates' },
				items,
			});
			fullGc();
			const started = performance.now();
			const outputs = (await filter.execute!.call(context)) as INodeExecutionData[][];
			const elapsed = performance.now() - started;
			check(outputs[0].length + outputs[1].length === ITEMS, 'execute(): every item routed');
			if (runIndex > 0) logicMs.push(elapsed);
		}

		return buildResult({
			id: 'eligibility-100k',
			title: 'Eligibility Filter · 100,000 items',
			setup:
				'trigger items (Candidates + Contacts), all checks on, candidates preset; 1 Recruit-synced list of 2,000 members read from the sandbox',
			counts,
			minimum: [
				{
					key: 'campaigns GET getlistsubscribers',
					calls: pages(SYNCED_MEMBERS),
					why: `floor(2,000 synced-list members/${CAMPAIGNS_PAGE})+1; 0 without synced lists`,
				},
			],
			measurement: run,
			outcome: {
				eligible: eligible.length,
				ineligible: ineligible.length,
				...Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => a.localeCompare(b))),
			},
			timings: {
				[`execute() alone (no engine, no synced list), median of ${LOGIC_RUNS}`]: median(logicMs),
			},
			notes: [
				`execute() alone: ${((median(logicMs) / ITEMS) * 1000).toFixed(2)} µs per item; the workflow run adds n8n-core's engine and the list read`,
			],
		});
	} finally {
		await sandbox.close();
	}
}
