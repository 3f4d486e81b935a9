import {
	CallBudget,
	RATE_WINDOW_MS,
	RETRY_HEADROOM,
} from '../../nodes/CampaignsRecipientActivityTrigger/budget';
import {
	actionsToRead,
	buildRules,
	listsInBothModules,
	listsNeedingMembership,
	matchRules,
	planReads,
	qualify,
	unitComplete,
} from '../../nodes/CampaignsRecipientActivityTrigger/rules';
import { parseListKeys } from '../../nodes/shared/listKeys';
import {
	commitState,
	emailToken,
	newState,
	pruneCampaigns,
} from '../../nodes/CampaignsRecipientActivityTrigger/state';
import { readStoredState } from '../../nodes/CampaignsRecipientActivityTrigger/stateSchema';

describe('rules', () => {
	const rules = buildRules({
		candidateOpenedLists: ['A'],
		candidateClickedLists: 'B, C',
		contactOpenedLists: [],
		contactClickedLists: ['D'],
	});

	it('builds one rule per non-empty parameter and accepts expression strings', () => {
		expect(rules).toEqual([
			{ module: 'Candidates', activity: 'opened', lists: ['A'] },
			{ module: 'Candidates', activity: 'clicked', lists: ['B', 'C'] },
			{ module: 'Contacts', activity: 'clicked', lists: ['D'] },
		]);
		expect(parseListKeys(undefined)).toEqual([]);
		expect(parseListKeys(['x', ' x ', '', 'y'])).toEqual(['x', 'y']);
		// An expression's string splits on commas, semicolons and whitespace, as in the filter.
		expect(parseListKeys('a, b;c\nd a')).toEqual(['a', 'b', 'c', 'd']);
		expect(parseListKeys(['a,b', null, 7])).toEqual(['a', 'b', '7']);
	});

	it('finds lists configured under both modules', () => {
		expect(listsInBothModules(rules)).toEqual([]);
		const overlapping = buildRules({
			candidateOpenedLists: ['A', 'B'],
			contactClickedLists: ['B'],
		});
		expect(listsInBothModules(overlapping)).toEqual(['B']);
	});

	it('matches a campaign to rules and says when membership must be read', () => {
		const onlyA = matchRules(rules, ['A']);
		expect(onlyA).toHaveLength(1);
		expect(onlyA[0].coversCampaign).toBe(true);
		expect(listsNeedingMembership(onlyA)).toEqual([]);

		const mixed = matchRules(rules, ['A', 'Z']);
		expect(mixed[0].coversCampaign).toBe(false);
		expect(listsNeedingMembership(mixed)).toEqual(['A']);

		expect(matchRules(rules, ['Z'])).toEqual([]);
	});

	it('reads clickers first and openers only for opened rules', () => {
		const clickedOnly = matchRules(rules, ['B']);
		expect(actionsToRead(clickedOnly, { opens: 9, uniqueClicks: 3 })).toEqual(['clickedcontacts']);
		const opened = matchRules(rules, ['A']);
		expect(actionsToRead(opened, { opens: 9, uniqueClicks: 3 })).toEqual([
			'clickedcontacts',
			'openedcontacts',
		]);
		expect(actionsToRead(opened, { opens: 0, uniqueClicks: 0 })).toEqual([]);
		expect(planReads(opened, ['K', 'child'], { K: [2, 0], child: [1, 1] })).toEqual([
			{ source: 'K', action: 'openedcontacts' },
			{ source: 'child', action: 'clickedcontacts', knownTotal: 1 },
			{ source: 'child', action: 'openedcontacts' },
		]);
	});

	it('skips an action whose count did not move since the last complete read', () => {
		const opened = matchRules(rules, ['A']);
		// Opens moved, unique clicks did not: no new clicker, only openers are read.
		expect(
			actionsToRead(opened, { opens: 10, uniqueClicks: 3 }, { opens: 9, uniqueClicks: 3 }),
		).toEqual(['openedcontacts']);
		// Unique clicks moved, opens did not: the new clicker comes from the clicker read.
		expect(
			actionsToRead(opened, { opens: 9, uniqueClicks: 4 }, { opens: 9, uniqueClicks: 3 }),
		).toEqual(['clickedcontacts']);
		expect(
			actionsToRead(opened, { opens: 9, uniqueClicks: 3 }, { opens: 9, uniqueClicks: 3 }),
		).toEqual([]);
		// Per send: a child never read before is read in full.
		expect(planReads(opened, ['K', 'child'], { K: [5, 2], child: [1, 1] }, { K: [4, 2] })).toEqual([
			{ source: 'K', action: 'openedcontacts' },
			{ source: 'child', action: 'clickedcontacts', knownTotal: 1 },
			{ source: 'child', action: 'openedcontacts' },
		]);
	});

	it('ends a clicker read at the unique-clicks count, an opener read only at the end', () => {
		const clickers = { source: 'K', action: 'clickedcontacts' as const, knownTotal: 500 };
		const openers = { source: 'K', action: 'openedcontacts' as const };
		const full = { rows: new Array(500).fill({}), hasMore: true };
		expect(unitComplete(clickers, full, 500)).toBe(true);
		expect(unitComplete(openers, full, 500)).toBe(false);
		// More rows than counted: the count is stale, read on.
		expect(unitComplete({ ...clickers, knownTotal: 499 }, full, 500)).toBe(false);
		expect(unitComplete(clickers, { rows: [{}], hasMore: false }, 1)).toBe(true);
		expect(unitComplete(openers, { rows: [], hasMore: true }, 0)).toBe(true);
	});

	it('qualifies a recipient per module with the activity they actually have', () => {
		const all = matchRules(rules, ['A', 'B', 'D']);
		const member = () => true;
		expect(qualify(all, 'opened', member)).toEqual([
			{ module: 'Candidates', activity: 'opened', matchedLists: ['A'] },
		]);
		expect(qualify(all, 'clicked', member)).toEqual([
			{ module: 'Candidates', activity: 'clicked', matchedLists: ['B'] },
			{ module: 'Contacts', activity: 'clicked', matchedLists: ['D'] },
		]);
		// An "opened" rule alone qualifies a clicker with what they did: clicked (README, Campaigns Recipient Activity Trigger).
		expect(qualify(matchRules(rules, ['A']), 'clicked', member)).toEqual([
			{ module: 'Candidates', activity: 'clicked', matchedLists: ['A'] },
		]);
		// A "clicked" rule alone never qualifies a mere opener.
		expect(qualify(matchRules(rules, ['B']), 'opened', member)).toEqual([]);
		// Opened on A and clicked on B: a clicker who is only on A still counts, as clicked.
		const both = matchRules(rules, ['A', 'B', 'Z']);
		expect(qualify(both, 'clicked', (list) => list === 'A')).toEqual([
			{ module: 'Candidates', activity: 'clicked', matchedLists: ['A'] },
		]);
		expect(qualify(both, 'clicked', member)).toEqual([
			{ module: 'Candidates', activity: 'clicked', matchedLists: ['B'] },
		]);
		// Mixed campaign: only members of the configured list qualify.
		const mixed = matchRules(rules, ['A', 'Z']);
		expect(qualify(mixed, 'opened', () => false)).toEqual([]);
		expect(qualify(mixed, 'opened', (list) => list === 'A')).toEqual([
			{ module: 'Candidates', activity: 'opened', matchedLists: ['A'] },
		]);
	});
});

describe('state', () => {
	it('hashes e-mails case- and space-insensitively into 8-character tokens', () => {
		expect(emailToken(' ANN@example.com')).toBe(emailToken('ann@example.com'));
		expect(emailToken('ann@example.com')).toMatch(/^[A-Za-z0-9_-]{8}$/);
	});

	it('reads nothing from missing static data and a deep copy otherwise', () => {
		expect(readStoredState({})).toEqual({ kind: 'none', calls: {} });
		const stored = newState(1000);
		stored.campaigns.k = { name: 'n', type: 'normal', sentAt: 5, lists: ['A'] };
		const staticData = {};
		commitState(staticData, stored);
		const read = readStoredState(staticData);
		if (read.kind !== 'stored') throw new Error(read.kind);
		expect(read.damage).toEqual([]);
		expect(read.state).toEqual({ ...stored, index: ['k'] });
		read.state.campaigns.k.lists!.push('B');
		const again = readStoredState(staticData);
		expect(again.kind === 'stored' && again.state.campaigns.k.lists).toEqual(['A']);
	});

	it('drops campaigns past the tracking window unless a read is pending', () => {
		const state = newState(0);
		state.campaigns.old = { name: 'o', type: 'normal', sentAt: 10 };
		state.campaigns.oldPending = {
			name: 'p',
			type: 'normal',
			sentAt: 10,
			resume: { counts: {}, unit: 0, from: 501 },
		};
		state.campaigns.recent = { name: 'r', type: 'normal', sentAt: 100 };
		const pruned = pruneCampaigns(state, 50);
		expect(Object.keys(pruned.campaigns).sort()).toEqual(['oldPending', 'recent']);
		expect(Object.keys(state.campaigns)).toHaveLength(3);
	});
});

describe('call budget', () => {
	it('counts calls per method within the rate window and respects the deadline', () => {
		let now = 1_000_000_000;
		const limit = 3 + RETRY_HEADROOM;
		const budget = new CallBudget({}, { limit, clock: () => now, deadline: now + 60_000 });
		expect(budget.allows('x', 3)).toBe(true);
		expect(budget.allows('x', 4)).toBe(false);
		budget.record('x');
		budget.record('x');
		budget.record('x');
		expect(budget.remaining('x')).toBe(RETRY_HEADROOM);
		expect(budget.allows('x')).toBe(false);
		expect(budget.allows('y')).toBe(true);
		const stored = budget.toJSON();
		now += 30_000;
		const next = new CallBudget(stored, { limit, clock: () => now });
		expect(next.remaining('x')).toBe(RETRY_HEADROOM);
		now += RATE_WINDOW_MS;
		expect(next.remaining('x')).toBe(limit);
		expect(next.toJSON()).toEqual({});
		expect(budget.outOfTime()).toBe(true);
	});

	it('starts a call only while all its retries still fit: stops when fewer than 5 remain', () => {
		const now = 1_000_000_000;
		const budget = new CallBudget({}, { limit: 450, clock: () => now });
		expect(RETRY_HEADROOM).toBe(4);
		for (let i = 0; i < 445; i++) budget.record('x');
		expect(budget.allows('x')).toBe(true);
		budget.record('x');
		expect(budget.remaining('x')).toBe(4);
		expect(budget.allows('x')).toBe(false);
	});
});
