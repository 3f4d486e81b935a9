// A generated sandbox scenario for large first activations (the queue-mode e2e suite: 10,000
// recipients; the scale bench: 100,000): one Candidates list, one campaign sent a day ago that
// every member opened, some clicked, and a few members the Eligibility Filter must hold back.
import type { Scenario } from '../../test/sandbox/server';

export interface ScaleScenario {
	scenario: Scenario;
	/** The trigger's and the filter's list parameters for this scenario. */
	listSelection: {
		candidateOpenedLists: string[];
		candidateClickedLists: string[];
		contactOpenedLists: string[];
		contactClickedLists: string[];
		recruitSyncedLists: string[];
	};
	/** Lower-cased emails the template must push to Candidates (each exactly once). */
	eligible: string[];
	/** Members the filter holds back (no last name: Candidates need one). */
	ineligible: string[];
	campaignKey: string;
	listKey: string;
}

export const scaleEmail = (i: number) => `person${String(i).padStart(6, '0')}@example.com`;

/**
 * `recipients` members of list L1, all opened campaign BIG1 (sent a day ago); every 10th clicked;
 * every 100th has no last name. Recruit credits are raised to what a paid edition has per day
 * (the sandbox's default is the Free edition's 5,000, which 10,000 pushes exceed by design).
 */
export function scaleScenario(recipients: number, opts: { recruitCredits?: number } = {}): ScaleScenario {
	const members = Array.from({ length: recipients }, (_, i) => scaleEmail(i));
	const noLastName = (i: number) => i % 100 === 99;
	const scenario: Scenario = {
		name: `scale-${recipients}`,
		limits: {
			tokenRequestsPerMinute: 100,
			recruitCredits: opts.recruitCredits ?? 250_000,
		},
		contacts: members.map((email, i) => ({
			email,
			firstname: `First${i}`,
			lastname: noLastName(i) ? null : `Last${i}`,
			companyname: `Company ${i % 500}`,
			jobtitle: 'Engineer',
			city: 'Pune',
			country: 'India',
		})),
		lists: [{ key: 'L1', name: 'Candidates - Scale pool', members, createdAt: '-60d' }],
		campaigns: [
			{
				key: 'BIG1',
				name: 'Scale campaign',
				sentAt: '-1d',
				lists: ['L1'],
				opens: members.map((email) => ({ email })),
				clicks: members.filter((_, i) => i % 10 === 0).map((email) => ({ email })),
			},
		],
	};
	return {
		scenario,
		listSelection: {
			candidateOpenedLists: ['L1'],
			candidateClickedLists: ['L1'],
			contactOpenedLists: [],
			contactClickedLists: [],
			recruitSyncedLists: [],
		},
		eligible: members.filter((_, i) => !noLastName(i)),
		ineligible: members.filter((_, i) => noLastName(i)),
		campaignKey: 'BIG1',
		listKey: 'L1',
	};
}
