/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Campaigns Recipient Activity Trigger cases: polls of an active workflow (ActiveWorkflow.tick(),
// mode 'trigger', static data kept between polls) against an in-process sandbox whose clock runs
// from real now, so the node's Date.now() and the sandbox agree without clock patching.
import { Buffer } from 'node:buffer';

import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ActiveWorkflow, PACKAGE_NAME, pollContext, SandboxCredentials } from '../../test/harness';
import { resolveNodeType } from '../../test/harness/nodeTypes';
import type { WorkflowJson } from '../../test/harness';
import type { Scenario, ScenarioCampaign, ScenarioContact } from '../../test/sandbox/scenario';
import { startSandbox } from '../../test/sandbox/server';
import { measure, type Measurement } from './measure';
import { buildResult, type CaseResult, type MinimumCalls } from './report';
import { BenchSandbox, countCalls } from './sandboxClient';

/** Rows per page of getcampaignrecipientsdata and getlistsubscribers: the largest range known
 *  to work (ref §2.5: 500 worked live; the sandbox rejects more, like campaignsMaxRange). */
export const CAMPAIGNS_PAGE = 500;
const SEEDED_TOKEN = 'bench-seeded-access-token';
const TRIGGER = 'Recipient Activity';

/**
 * Pages to read n rows. Past the last row Campaigns answers an error envelope, not a flag
 * (ref §2.5), so a pager without a trusted total only knows it is done after a short or empty
 * page: floor(n/P) + 1 calls. With a trusted total of distinct rows (unique_clicks_count, ref
 * §2.4) it can stop after ceil(n/P). 0 rows: the read is skipped altogether.
 */
export function pages(rows: number, size = CAMPAIGNS_PAGE): number {
	return rows > 0 ? Math.floor(rows / size) + 1 : 0;
}

export function pagesWithKnownTotal(rows: number, size = CAMPAIGNS_PAGE): number {
	return rows > 0 ? Math.ceil(rows / size) : 0;
}

const key = (endpoint: string) => `campaigns GET ${endpoint}`;

const TRIGGER_TYPE = `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`;
/** Candidates, opened and clicked recipients of L1; backfill 5 days, tracking 30 days. */
const PARAMETERS = { candidateOpenedLists: ['L1'], candidateClickedLists: ['L1'] };

function workflow(): WorkflowJson {
	return {
		name: 'Bench: recipient activity',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: PARAMETERS,
				credentials: { zohoCampaignsOAuth2Api: { id: 'campaigns', name: 'Zoho Campaigns' } },
			},
		],
		connections: {},
	};
}

function contact(email: string, i: number): ScenarioContact {
	return {
		email,
		firstname: `First${i}`,
		lastname: `Last${i}`,
		companyname: `Company ${i % 300}`,
		jobtitle: 'Engineer',
		city: 'Pune',
		country: 'India',
	};
}

interface Bed {
	admin: BenchSandbox;
	active: ActiveWorkflow;
	credentials: SandboxCredentials;
	close(): Promise<void>;
}

async function testBed(scenario: Scenario): Promise<Bed> {
	const sandbox = await startSandbox({
		port: 0,
		scenario: {
			...scenario,
			initialAccessToken: SEEDED_TOKEN,
			limits: { tokenRequestsPerMinute: 1000 },
		},
		// The sandbox clock runs from real now: no clock patching needed in a script.
		clockStart: new Date().toISOString(),
	});
	const credentials = new SandboxCredentials(sandbox.url, { accessToken: SEEDED_TOKEN });
	return {
		admin: new BenchSandbox(sandbox.url),
		active: new ActiveWorkflow(workflow(), { credentials }),
		credentials,
		close: () => sandbox.close(),
	};
}

function staticDataBytes(active: ActiveWorkflow): number {
	return Buffer.byteLength(JSON.stringify(active.nodeStaticData()));
}

function emittedSummary(emitted: INodeExecutionData[][] | null): {
	candidates: IDataObject[];
	contacts: IDataObject[];
} {
	return {
		candidates: (emitted?.[0] ?? []).map((item) => item.json),
		contacts: (emitted?.[1] ?? []).map((item) => item.json),
	};
}

function byActivity(items: IDataObject[]): { opened: number; clicked: number } {
	return {
		opened: items.filter((item) => item.activity === 'opened').length,
		clicked: items.filter((item) => item.activity === 'clicked').length,
	};
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}

// ---- 10,000 recipients over 4 campaigns -----------------------------------------------------

const MEMBERS = 10_000;
const CAMPAIGN_COUNT = 4;
const OPENERS_PER_CAMPAIGN = MEMBERS / CAMPAIGN_COUNT;
const CLICKERS_PER_CAMPAIGN = 500;
const OUTSIDERS = 200;
const OUTSIDER_OPENERS = 50;

interface BigCampaign {
	key: string;
	lists: string[];
	openers: string[];
	clickers: string[];
}

const member = (i: number) => `candidate${i}@example.com`;
const outsider = (i: number) => `reader${i}@example.org`;

function bigCampaigns(): BigCampaign[] {
	return Array.from({ length: CAMPAIGN_COUNT }, (_, k) => {
		const slice = Array.from({ length: OPENERS_PER_CAMPAIGN }, (_, i) =>
			member(k * OPENERS_PER_CAMPAIGN + i),
		);
		const last = k === CAMPAIGN_COUNT - 1;
		return {
			key: `BIG${k + 1}`,
			// The last one also went to a list the trigger does not watch: its openers must be
			// checked against L1's members (a membership read), and the outsiders are not emitted.
			lists: last ? ['L1', 'LX'] : ['L1'],
			openers: last
				? [...slice, ...Array.from({ length: OUTSIDER_OPENERS }, (_, i) => outsider(i))]
				: slice,
			clickers: slice.slice(0, CLICKERS_PER_CAMPAIGN),
		};
	});
}

function bigScenario(campaigns: BigCampaign[]): Scenario {
	const members = Array.from({ length: MEMBERS }, (_, i) => member(i));
	const outsiders = Array.from({ length: OUTSIDERS }, (_, i) => outsider(i));
	return {
		name: 'bench-10k',
		contacts: [...members, ...outsiders].map(contact),
		lists: [
			{ key: 'L1', name: 'Candidates pool', members, createdAt: '-60d' },
			{ key: 'LX', name: 'Newsletter', members: outsiders, createdAt: '-60d' },
		],
		campaigns: campaigns.map(
			(campaign, k): ScenarioCampaign => ({
				key: campaign.key,
				name: `Campaign ${k + 1}`,
				sentAt: `-${k + 1}d`,
				lists: campaign.lists,
				// Opens and clicks an hour after the send (the scenario default).
				opens: campaign.openers.map((email) => ({ email })),
				clicks: campaign.clickers.map((email) => ({ email })),
			}),
		),
	};
}

/** Recipient pages to read one campaign: clickers, then openers (clickers are openers too). */
function recipientPages(campaign: { openers: number; clickers: number }): number {
	// opens_count may count repeat opens, so only the clickers' total is a row count.
	return pagesWithKnownTotal(campaign.clickers) + pages(campaign.openers);
}

function firstActivationMinimum(campaigns: BigCampaign[]): MinimumCalls[] {
	const recipients = campaigns.reduce(
		(sum, c) => sum + recipientPages({ openers: c.openers.length, clickers: c.clickers.length }),
		0,
	);
	const mixed = campaigns.some((c) => c.lists.some((list) => list !== 'L1'));
	return [
		{
			key: key('recentcampaigns'),
			calls: 1,
			why: `1 page lists the ${campaigns.length} campaigns sent in the window`,
		},
		{
			key: key('getcampaigndetails'),
			calls: campaigns.length,
			why: '1 per campaign: its lists (and its report counts)',
		},
		{
			key: key('campaignreports'),
			calls: 0,
			why: 'counts already come with the details',
		},
		{
			key: key('getcampaignrecipientsdata'),
			calls: recipients,
			why: `Σ ceil(clickers/${CAMPAIGNS_PAGE}) + floor(openers/${CAMPAIGNS_PAGE})+1 per campaign`,
		},
		{
			key: key('getlistsubscribers'),
			calls: mixed ? pages(MEMBERS) : 0,
			why: `floor(${MEMBERS.toLocaleString('en-US')} L1 members/${CAMPAIGNS_PAGE})+1, once: a campaign also went to an unwatched list`,
		},
	];
}

/** The first activation's poll() alone, on a fresh sandbox: without n8n-core then running the
 *  workflow with the emitted items (which tick() does, like n8n). */
async function firstPollAlone(scenario: Scenario): Promise<Measurement<unknown>> {
	const bed = await testBed(scenario);
	try {
		const trigger = resolveNodeType(TRIGGER_TYPE) as INodeType;
		const context = pollContext({
			credentials: bed.credentials,
			nodeType: TRIGGER_TYPE,
			parameters: PARAMETERS,
			staticData: {},
			mode: 'trigger',
		});
		const polled = await measure(async () => await trigger.poll!.call(context));
		const emitted = polled.result as INodeExecutionData[][] | null;
		check((emitted?.[0] ?? []).length === MEMBERS, 'poll() alone emits every recipient');
		return polled;
	} finally {
		await bed.close();
	}
}

export async function triggerBigCases(): Promise<CaseResult[]> {
	const campaigns = bigCampaigns();
	const bed = await testBed(bigScenario(campaigns));
	const results: CaseResult[] = [];
	try {
		// 1. First activation: backfill of every campaign sent in the last 5 days.
		await bed.admin.clearCalls();
		const first = await measure(() => bed.active.tick());
		const firstItems = emittedSummary(first.result.emitted);
		const firstActivity = byActivity(firstItems.candidates);
		check(
			firstItems.candidates.length === MEMBERS,
			`emitted ${firstItems.candidates.length} ≠ ${MEMBERS}`,
		);
		check(
			firstActivity.clicked === CAMPAIGN_COUNT * CLICKERS_PER_CAMPAIGN,
			`clicked ${firstActivity.clicked}`,
		);
		check(firstItems.contacts.length === 0, 'nothing on Contacts');
		check(
			!firstItems.candidates.some((item) => String(item.email).endsWith('@example.org')),
			'an outsider (not in L1) was emitted',
		);
		const firstCalls = await bed.admin.calls();
		// Baseline: the same GETs replayed raw (read-only, so the sandbox state is unchanged).
		const replay = await measure(() => bed.admin.replay(firstCalls, SEEDED_TOKEN));
		results.push(
			buildResult({
				id: 'trigger-first-activation',
				title: 'Trigger · first activation, 10,000 recipients over 4 campaigns',
				setup:
					`L1: ${MEMBERS.toLocaleString('en-US')} members; 4 campaigns sent 1–4 days ago, each ${OPENERS_PER_CAMPAIGN.toLocaleString('en-US')} openers ` +
					`(${CLICKERS_PER_CAMPAIGN} of them clicked); the 4th also went to LX (${OUTSIDERS} members, ${OUTSIDER_OPENERS} opened)`,
				counts: countCalls(firstCalls),
				minimum: firstActivationMinimum(campaigns),
				timings: { 'same calls replayed raw (sandbox + HTTP only)': replay.wallMs },
				measurement: first,
				staticDataBytes: staticDataBytes(bed.active),
				outcome: {
					emitted: firstItems.candidates.length,
					opened: firstActivity.opened,
					clicked: firstActivity.clicked,
				},
			}),
		);

		// 2. A handful of new opens: 3 on BIG1, 2 on BIG2, from L1 members who had not opened them.
		const newOpens = [
			{ campaignKey: 'BIG1', email: member(OPENERS_PER_CAMPAIGN + 0) },
			{ campaignKey: 'BIG1', email: member(OPENERS_PER_CAMPAIGN + 1) },
			{ campaignKey: 'BIG1', email: member(OPENERS_PER_CAMPAIGN + 2) },
			{ campaignKey: 'BIG2', email: member(0) },
			{ campaignKey: 'BIG2', email: member(1) },
		].map((open) => ({ ...open, action: 'opened' as const }));
		await bed.admin.activity(newOpens);
		await bed.admin.clearCalls();
		const poll = await measure(() => bed.active.tick());
		const pollItems = emittedSummary(poll.result.emitted);
		const got = pollItems.candidates.map(
			(item) => `${(item.campaign as IDataObject).key} ${item.email}`,
		);
		check(
			got.length === newOpens.length &&
				newOpens.every((open) => got.includes(`${open.campaignKey} ${open.email}`)),
			`new opens emitted: ${got.join(', ')}`,
		);
		const changed = campaigns.filter((c) => newOpens.some((open) => open.campaignKey === c.key));
		const openerPages = changed.reduce(
			(sum, c) =>
				sum +
				pages(c.openers.length + newOpens.filter((open) => open.campaignKey === c.key).length),
			0,
		);
		results.push(
			buildResult({
				id: 'trigger-new-opens',
				title: 'Trigger · poll with 5 new opens (on 2 of the 4 tracked campaigns above)',
				setup: '3 new openers on BIG1, 2 on BIG2; no new clicks, no new campaign',
				counts: countCalls(await bed.admin.calls()),
				minimum: [
					{
						key: key('recentcampaigns'),
						calls: 1,
						why: 'newest page: no new campaign',
					},
					{
						key: key('campaignreports'),
						calls: CAMPAIGN_COUNT,
						why: '1 per tracked campaign: which counts changed',
					},
					{
						key: key('getcampaignrecipientsdata'),
						calls: openerPages,
						why: `floor(openers/${CAMPAIGNS_PAGE})+1 per campaign whose opens changed (no "since" filter, ref §2.5)`,
					},
				],
				measurement: poll,
				staticDataBytes: staticDataBytes(bed.active),
				outcome: { emitted: pollItems.candidates.length },
			}),
		);
	} finally {
		await bed.close();
	}
	const alone = await firstPollAlone(bigScenario(campaigns));
	results[0].timings = { 'poll() alone': alone.wallMs, ...results[0].timings };
	results[0].notes.push(
		`poll() alone: heap peak +${(alone.heapPeakDeltaBytes / 1024 / 1024).toFixed(1)} MB, retained +${(alone.heapRetainedDeltaBytes / 1024 / 1024).toFixed(1)} MB; the rest of the tick is n8n-core running the workflow with the 10,000 items`,
	);
	return results;
}

// ---- idle poll over 20 tracked campaigns ----------------------------------------------------

const TRACKED = 20;

export async function triggerIdleCase(): Promise<CaseResult> {
	const people = Array.from({ length: 40 }, (_, i) => member(i));
	const bed = await testBed({
		name: 'bench-idle',
		contacts: people.map(contact),
		lists: [{ key: 'L1', name: 'Candidates pool', members: people, createdAt: '-60d' }],
		campaigns: Array.from({ length: TRACKED }, (_, i) => ({
			key: `IDLE${i + 1}`,
			name: `Campaign ${i + 1}`,
			sentAt: `-${i + 1}h`,
			lists: ['L1'],
			opens: [{ email: member(2 * i), at: `-${i + 1}h` }],
			clicks: [{ email: member(2 * i + 1), at: `-${i + 1}h` }],
		})),
	});
	try {
		const activation = await bed.active.tick();
		check(
			(activation.emitted?.[0] ?? []).length === 2 * TRACKED,
			'first activation emits 2 items per campaign',
		);
		await bed.admin.clearCalls();
		const idle = await measure(() => bed.active.tick());
		check(idle.result.emitted === null, 'an idle poll returns null');
		return buildResult({
			id: 'trigger-idle-poll',
			title: `Trigger · idle poll, ${TRACKED} tracked campaigns`,
			setup: `${TRACKED} campaigns sent 1–${TRACKED} hours ago, each with 1 opener and 1 clicker, all emitted on activation; nothing new since`,
			counts: countCalls(await bed.admin.calls()),
			minimum: [
				{ key: key('recentcampaigns'), calls: 1, why: 'newest page: no new campaign' },
				{
					key: key('campaignreports'),
					calls: TRACKED,
					why: '1 per tracked campaign: no cheaper way to see new activity (ref §2.4)',
				},
			],
			measurement: idle,
			staticDataBytes: staticDataBytes(bed.active),
			outcome: { emitted: 0 },
		});
	} finally {
		await bed.close();
	}
}
