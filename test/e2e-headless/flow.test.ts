// The main template end to end, headless: the default scenario (test/sandbox/README.md has the
// cast), lists configured by name as in `npm run demo`, run as an active workflow. Asserts the
// exact Recruit records the sandbox holds and the exact skipped recipients with their reasons,
// then a second poll after new activity: only the new recipients, and an open→click upgrade on
// the same record.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	MAIN_TEMPLATE_FILE,
	advanceClocks,
	configureTemplate,
	fetchMailingLists,
	loadTemplate,
	recruitRecords,
	sandboxAdmin,
	startScenarioSandbox,
	templateRoles,
	type RecruitModule,
	type SandboxRecord,
	type ScenarioRun,
	type TemplateRoles,
} from '../../scripts/demo/setup';
import { ActiveWorkflow, type RunResult } from '../harness';

const NOVEMBER = 'f70c4878c4a47169407e63917ad24497';
const CLIENT_UPDATE = '1679091c5a880faf6fb5e6087eb1b2dc';
const FIFTEEN_MINUTES = 15 * 60_000;

/** What a record looks like to someone filtering Recruit views on the pushed data. */
function summary(record: SandboxRecord) {
	return {
		Email: record.Email,
		First_Name: record.First_Name ?? null,
		Last_Name: record.Last_Name,
		Campaign_Activity: record.Campaign_Activity ?? null,
		Last_Campaign: record.Last_Campaign ?? null,
		tags: record.$tags,
	};
}

const byEmail = (a: { Email?: string }, b: { Email?: string }) =>
	String(a.Email).localeCompare(String(b.Email));

async function recordSummaries(url: string, module: RecruitModule) {
	return (await recruitRecords(url, module)).map(summary).sort(byEmail);
}

function pushed(email: string, first: string, last: string, activity: string, campaign: string) {
	return {
		Email: email,
		First_Name: first,
		Last_Name: last,
		Campaign_Activity: activity,
		Last_Campaign: campaign,
		tags: [campaign],
	};
}

function untouched(email: string, first: string, last: string) {
	return {
		Email: email,
		First_Name: first,
		Last_Name: last,
		Campaign_Activity: null,
		Last_Campaign: null,
		tags: [],
	};
}

function skipped(run: RunResult, roles: TemplateRoles) {
	return (['Candidates', 'Contacts'] as const)
		.flatMap((module) =>
			run.output(roles.filters[module].name, 1).map((item) => ({
				module,
				email: item.json.email,
				campaign: (item.json.campaign as IDataObject).name,
				// Which field is missing matters; for the other codes the field is always the email/status.
				reasons: (item.json.ineligibleReasons as IDataObject[]).map((r) =>
					r.code === 'missing_mandatory_field' ? `${r.code}:${String(r.field)}` : r.code,
				),
			})),
		)
		.sort((a, b) =>
			`${a.email}${String(a.campaign)}`.localeCompare(`${b.email}${String(b.campaign)}`),
		);
}

const emails = (items: INodeExecutionData[] | undefined) =>
	(items ?? []).map((item) => `${String(item.json.email)} ${String(item.json.activity)}`).sort();

describe('main template, headless, default scenario', () => {
	let run: ScenarioRun;
	let active: ActiveWorkflow;
	let roles: TemplateRoles;
	let first: Awaited<ReturnType<ActiveWorkflow['tick']>>;
	let originalIds: Map<string, string>;

	beforeAll(async () => {
		run = await startScenarioSandbox('default');
		const workflow = configureTemplate(
			loadTemplate(MAIN_TEMPLATE_FILE),
			await fetchMailingLists(run.credentials),
		);
		roles = templateRoles(workflow);
		originalIds = new Map(
			(await recruitRecords(run.sandbox.url, 'Candidates')).map((r) => [String(r.Email), r.id]),
		);
		active = new ActiveWorkflow(workflow, {
			credentials: run.credentials,
			triggerNode: roles.trigger.name,
		});
		first = await active.tick();
	});
	afterAll(async () => await run?.stop());

	it('first activation runs the whole flow without errors', () => {
		expect(first.run?.status).toBe('success');
		for (const module of ['Candidates', 'Contacts'] as const)
			expect(first.run!.output(roles.pushes[module].name, 1)).toEqual([]);
	});

	it('leaves exactly these Candidates in Recruit', async () => {
		const NOV = 'November Newsletter';
		const OPEN_DAY = 'Open Day Invitation';
		const JOB_ALERT = 'Job Alert A/B';
		expect(await recordSummaries(run.sandbox.url, 'Candidates')).toEqual(
			[
				// opened November (October Digest is outside the 5-day backfill)
				pushed('ana.opener@example.com', 'Ana', 'Lopez', 'Opened', NOV),
				// opened and clicked: the click wins
				pushed('ben.clicker@example.com', 'Ben', 'Carter', 'Clicked', NOV),
				// opened November, Open Day and the Job Alert: one record, the latest campaign
				pushed('eve.twice@example.com', 'Eve', 'Park', 'Opened', OPEN_DAY),
				// A/B test phase: child A opener, child B clicker
				pushed('gia.alpha@example.com', 'Gia', 'Rossi', 'Opened', JOB_ALERT),
				pushed('hal.alpha@example.com', 'Hal', 'Jensen', 'Clicked', OPEN_DAY),
				pushed('jon.beta@example.com', 'Jon', 'Diaz', 'Clicked', JOB_ALERT),
				// max.case@ and MAX.CASE@ are one person: one record
				pushed('max.case@example.com', 'Max', 'Case', 'Opened', OPEN_DAY),
				pushed('nina.null@example.com', 'Nina', 'Novak', 'Opened', NOV),
				// already a candidate: updated in place
				pushed('olga.existing@example.com', 'Olga', 'Berg', 'Opened', NOV),
				// imported from Recruit: left alone
				untouched('rita.recruit@example.com', 'Rita', 'Singh'),
				untouched('robin(dev),jr@example.com', 'Robin', 'Dev'),
				untouched('robin(dev)@example.com', 'Robin', 'Dev Sr'),
			].sort(byEmail),
		);
		const records = await recruitRecords(run.sandbox.url, 'Candidates');
		const olga = records.find((r) => r.Email === 'olga.existing@example.com')!;
		expect(olga.id).toBe(originalIds.get('olga.existing@example.com'));
		expect(olga.Source).toBe('Added by User'); // not mapped, so not overwritten
		// Zoho's literal "null" values never reach Recruit.
		const nina = records.find((r) => r.Email === 'nina.null@example.com')!;
		expect([nina.Phone, nina.City, nina.Current_Employer]).toEqual([null, null, null]);
		const ana = records.find((r) => r.Email === 'ana.opener@example.com')!;
		expect(ana).toMatchObject({
			Phone: '+49 30 1234567',
			City: 'Berlin',
			State: 'Berlin',
			Country: 'Germany',
			Current_Employer: 'Lopez Design',
			Current_Job_Title: 'UX Designer',
		});
	});

	it('leaves exactly these Contacts in Recruit', async () => {
		expect(await recordSummaries(run.sandbox.url, 'Contacts')).toEqual(
			[
				pushed('clara.client@example.com', 'Clara', 'Diaz', 'Clicked', 'Client Update Q4'),
				untouched('hank.contact@example.com', 'Hank', 'Hill'),
				pushed('kim.contact@example.com', 'Kim', 'Young', 'Opened', 'Client Update Q4'),
			].sort(byEmail),
		);
		const clara = (await recruitRecords(run.sandbox.url, 'Contacts')).find(
			(r) => r.Email === 'clara.client@example.com',
		)!;
		expect(clara).toMatchObject({
			Phone: '+1 555 0100',
			Job_Title: 'HR Manager',
			Mailing_City: 'Springfield',
			Mailing_State: 'IL',
			Mailing_Country: 'USA',
		});
	});

	it('skips exactly these recipients, with these reasons', () => {
		expect(skipped(first.run!, roles)).toEqual([
			{
				module: 'Candidates',
				email: 'bob.bounce@example.com',
				campaign: 'November Newsletter',
				reasons: ['bounced'],
			},
			{
				module: 'Contacts',
				email: 'dan.nocompany@example.com',
				campaign: 'Client Update Q4',
				reasons: ['missing_mandatory_field:companyName'],
			},
			{
				module: 'Candidates',
				email: 'eve.twice@example.com',
				campaign: 'Job Alert A/B',
				reasons: ['duplicate'],
			},
			{
				module: 'Candidates',
				email: 'eve.twice@example.com',
				campaign: 'November Newsletter',
				reasons: ['duplicate'],
			},
			{
				module: 'Candidates',
				email: 'lee.nolast@example.com',
				campaign: 'November Newsletter',
				reasons: ['missing_mandatory_field:lastName'],
			},
			{
				module: 'Candidates',
				email: 'max.case@example.com',
				campaign: 'November Newsletter',
				reasons: ['duplicate'],
			},
			{
				module: 'Candidates',
				email: 'not-an-email',
				campaign: 'November Newsletter',
				reasons: ['invalid_email'],
			},
			{
				module: 'Candidates',
				email: 'rita.recruit@example.com',
				campaign: 'November Newsletter',
				reasons: ['imported_from_recruit'],
			},
			{
				module: 'Candidates',
				email: 'uma.unsub@example.com',
				campaign: 'November Newsletter',
				reasons: ['unsubscribed'],
			},
		]);
	});

	it('never emits recipients without activity, outside the backfill or not on a configured list', async () => {
		const emitted = [...(first.emitted?.[0] ?? []), ...(first.emitted?.[1] ?? [])].map((item) =>
			String(item.json.email).toLowerCase(),
		);
		const inRecruit = [
			...(await recruitRecords(run.sandbox.url, 'Candidates')),
			...(await recruitRecords(run.sandbox.url, 'Contacts')),
		].map((r) => String(r.Email).toLowerCase());
		for (const email of [
			'sam.silent@example.com', // received November, no activity
			'ivy.beta@example.com', // received the A/B test, no activity
			'carl.quiet@example.com', // received Client Update, no activity
			'otto.october@example.com', // opened only the October Digest (6 days ago)
			'pat.partner@example.com', // opened Open Day, sent to Partners: not a configured list
		]) {
			expect(emitted).not.toContain(email);
			expect(inRecruit).not.toContain(email);
		}
	});

	describe('after new activity', () => {
		let before: { Candidates: SandboxRecord[]; Contacts: SandboxRecord[] };
		let second: Awaited<ReturnType<ActiveWorkflow['tick']>>;

		beforeAll(async () => {
			before = {
				Candidates: await recruitRecords(run.sandbox.url, 'Candidates'),
				Contacts: await recruitRecords(run.sandbox.url, 'Contacts'),
			};
			await sandboxAdmin(run.sandbox.url, 'POST', 'activity', [
				{ campaignKey: NOVEMBER, email: 'ana.opener@example.com', action: 'clicked' }, // open → click
				{ campaignKey: NOVEMBER, email: 'sam.silent@example.com', action: 'opened' }, // new
				{ campaignKey: CLIENT_UPDATE, email: 'kim.contact@example.com', action: 'clicked' }, // open → click
				{ campaignKey: CLIENT_UPDATE, email: 'carl.quiet@example.com', action: 'opened' }, // new
			]);
			await advanceClocks(run.sandbox.url, run.clock, FIFTEEN_MINUTES);
			second = await active.tick();
		});

		it('emits and pushes only the new activity', () => {
			expect(second.run?.status).toBe('success');
			expect(emails(second.emitted?.[0])).toEqual([
				'ana.opener@example.com clicked',
				'sam.silent@example.com opened',
			]);
			expect(emails(second.emitted?.[1])).toEqual([
				'carl.quiet@example.com opened',
				'kim.contact@example.com clicked',
			]);
			const actions = (module: RecruitModule) =>
				second
					.run!.output(roles.pushes[module].name, 0)
					.map(
						(item) =>
							`${String(item.json.email)} ${String((item.json.recruit as IDataObject).action)}`,
					)
					.sort();
			expect(actions('Candidates')).toEqual([
				'ana.opener@example.com updated',
				'sam.silent@example.com inserted',
			]);
			expect(actions('Contacts')).toEqual([
				'carl.quiet@example.com inserted',
				'kim.contact@example.com updated',
			]);
		});

		it('upgrades Opened to Clicked on the same record and adds only the new people', async () => {
			for (const module of ['Candidates', 'Contacts'] as const) {
				const after = await recruitRecords(run.sandbox.url, module);
				const lower = after.map((r) => String(r.Email).toLowerCase());
				expect(new Set(lower).size).toBe(lower.length); // no duplicate records
				const changed = new Set([
					'ana.opener@example.com',
					'sam.silent@example.com',
					'kim.contact@example.com',
					'carl.quiet@example.com',
				]);
				// Everyone else is exactly as the first poll left them.
				expect(after.filter((r) => !changed.has(String(r.Email)))).toEqual(
					before[module].filter((r) => !changed.has(String(r.Email))),
				);
			}
			const candidates = await recruitRecords(run.sandbox.url, 'Candidates');
			const contacts = await recruitRecords(run.sandbox.url, 'Contacts');
			const find = (records: SandboxRecord[], email: string) =>
				records.filter((r) => r.Email === email);

			const anaBefore = find(before.Candidates, 'ana.opener@example.com')[0];
			const ana = find(candidates, 'ana.opener@example.com');
			expect(ana).toHaveLength(1);
			expect(ana[0].id).toBe(anaBefore.id);
			expect(summary(ana[0])).toEqual(
				pushed('ana.opener@example.com', 'Ana', 'Lopez', 'Clicked', 'November Newsletter'),
			);
			const kimBefore = find(before.Contacts, 'kim.contact@example.com')[0];
			const kim = find(contacts, 'kim.contact@example.com');
			expect(kim).toHaveLength(1);
			expect(kim[0].id).toBe(kimBefore.id);
			expect(summary(kim[0])).toEqual(
				pushed('kim.contact@example.com', 'Kim', 'Young', 'Clicked', 'Client Update Q4'),
			);

			expect(candidates).toHaveLength(before.Candidates.length + 1);
			expect(summary(find(candidates, 'sam.silent@example.com')[0])).toEqual(
				pushed('sam.silent@example.com', 'Sam', 'Ward', 'Opened', 'November Newsletter'),
			);
			expect(contacts).toHaveLength(before.Contacts.length + 1);
			expect(summary(find(contacts, 'carl.quiet@example.com')[0])).toEqual(
				pushed('carl.quiet@example.com', 'Carl', 'Stone', 'Opened', 'Client Update Q4'),
			);
		});

		it('a poll an hour later, with nothing new, emits nothing (after refreshing the token)', async () => {
			const now = await advanceClocks(run.sandbox.url, run.clock, 60 * 60_000);
			const sandboxNow = await sandboxAdmin<{ now: string }>(run.sandbox.url, 'GET', 'clock');
			expect(Math.abs(Date.parse(sandboxNow.now) - now)).toBeLessThan(1000);
			const refreshesBefore = run.credentials.refreshes;
			const third = await active.tick();
			expect(third.emitted).toBeNull();
			expect(third.run).toBeNull();
			// The scenario's initial token lived 3600 s: n8n refreshed it through the template's
			// (configured) credential reference.
			expect(run.credentials.refreshes).toBeGreaterThan(refreshesBefore);
		});
	});
});
