import type { Activity, RecruitModule } from '../shared/types';
import { ACTIVITY_RANK, RECRUIT_MODULES } from '../shared/types';
import { parseListKeys } from '../shared/listKeys';

/**
 * One "Configure Mailing List" of the native push: recipients of `module` with `activity` on a
 * campaign sent to one of `lists` (README introduction; Zoho's "Push data to Zoho Recruit",
 * https://help.zoho.com/portal/en/kb/campaigns/user-guide/import-contacts/import-from-zoho-apps/articles/setup-sync-with-zoho-recruit).
 */
export interface Rule {
	module: RecruitModule;
	activity: Activity;
	lists: string[];
}

export const RULE_PARAMETERS: ReadonlyArray<{
	parameter: string;
	module: RecruitModule;
	activity: Activity;
}> = [
	{ parameter: 'candidateOpenedLists', module: 'Candidates', activity: 'opened' },
	{ parameter: 'candidateClickedLists', module: 'Candidates', activity: 'clicked' },
	{ parameter: 'contactOpenedLists', module: 'Contacts', activity: 'opened' },
	{ parameter: 'contactClickedLists', module: 'Contacts', activity: 'clicked' },
];

export function buildRules(listsByParameter: Record<string, unknown>): Rule[] {
	return RULE_PARAMETERS.map(({ parameter, module, activity }) => ({
		module,
		activity,
		lists: parseListKeys(listsByParameter[parameter]),
	})).filter((rule) => rule.lists.length > 0);
}

/**
 * List keys configured under both Candidates and Contacts (the native push forbids it; README,
 * Campaigns Recipient Activity Trigger).
 */
export function listsInBothModules(rules: Rule[]): string[] {
	const byModule = new Map<RecruitModule, Set<string>>();
	for (const rule of rules) {
		const set = byModule.get(rule.module) ?? new Set<string>();
		rule.lists.forEach((key) => set.add(key));
		byModule.set(rule.module, set);
	}
	const candidates = byModule.get('Candidates') ?? new Set<string>();
	const contacts = byModule.get('Contacts') ?? new Set<string>();
	return [...candidates].filter((key) => contacts.has(key));
}

/** How one rule applies to one campaign. */
export interface RuleMatch {
	rule: Rule;
	/** The rule's lists the campaign was sent to. */
	campaignLists: string[];
	/**
	 * True when the campaign went only to lists of this rule: every recipient is then a member of
	 * one of them and no membership read is needed. Otherwise recipients must be checked against
	 * the members of `campaignLists` (a campaign sent to A and B with only A configured must not
	 * emit B's members).
	 */
	coversCampaign: boolean;
}

export function matchRules(rules: Rule[], campaignListKeys: string[]): RuleMatch[] {
	const sentTo = new Set(campaignListKeys);
	const matches: RuleMatch[] = [];
	for (const rule of rules) {
		const campaignLists = rule.lists.filter((key) => sentTo.has(key));
		if (campaignLists.length === 0) continue;
		const coversCampaign = campaignListKeys.every((key) => rule.lists.includes(key));
		matches.push({ rule, campaignLists, coversCampaign });
	}
	return matches;
}

/** Lists whose members must be read before recipients of this campaign can be judged. */
export function listsNeedingMembership(matches: RuleMatch[]): string[] {
	const keys = new Set<string>();
	for (const match of matches) {
		if (!match.coversCampaign) match.campaignLists.forEach((key) => keys.add(key));
	}
	return [...keys];
}

type Counts = { opens: number; uniqueClicks: number };

/**
 * Which recipient actions to read: clickers first, so a clicker is never emitted as an opener
 * first. With `previous` (the counts of the last complete read) an action whose count did not move
 * is skipped: every new clicker raises unique clicks, and every new opener raises opens (a click
 * implies an open: test/sandbox/README.md, Choices where the reference says "not established"; a
 * new click by a known clicker adds nobody). Clickers are read for every rule, "opened" ones
 * included: they qualify there as `clicked`, and an opener who clicks later must be emitted again
 * as `clicked` (README, Campaigns Recipient Activity Trigger).
 */
export function actionsToRead(
	matches: RuleMatch[],
	counts: Counts,
	previous?: Counts,
): Array<'clickedcontacts' | 'openedcontacts'> {
	if (matches.length === 0) return [];
	const actions: Array<'clickedcontacts' | 'openedcontacts'> = [];
	// Every rule wants clickers: an "opened" rule qualifies them too, as `clicked`.
	if (counts.uniqueClicks > 0 && counts.uniqueClicks !== previous?.uniqueClicks) {
		actions.push('clickedcontacts');
	}
	if (
		counts.opens > 0 &&
		counts.opens !== previous?.opens &&
		matches.some((match) => match.rule.activity === 'opened')
	) {
		actions.push('openedcontacts');
	}
	return actions;
}

export interface Qualification {
	module: RecruitModule;
	activity: Activity;
	matchedLists: string[];
}

/**
 * For one recipient row: per module, whether any rule qualifies the recipient, and which of the
 * rule's lists matched. The item's activity is what the recipient actually did (a click is
 * stronger than an open), not the rule's level: an "opened" rule qualifies anyone who opened,
 * clickers included (a click implies an open: test/sandbox/README.md, Choices where the reference
 * says "not established"), and reports a clicker as `clicked`; a
 * "clicked" rule qualifies clickers only. `matchedLists` are the lists of the rules at the
 * recipient's own level when any matched (a clicker on a "clicked" list), else those of the
 * weaker rules that qualified them (a clicker found through an "opened" list). For a campaign
 * sent only to configured lists these are the configured lists it went to. `memberOf` answers
 * list membership for lists that needed a read (see listsNeedingMembership).
 */
export function qualify(
	matches: RuleMatch[],
	rowActivity: Activity,
	memberOf: (listKey: string) => boolean,
): Qualification[] {
	/** Per module: the best rule level that qualified the recipient and its lists. */
	const best = new Map<RecruitModule, { ruleRank: number; matchedLists: string[] }>();
	for (const match of matches) {
		const { rule } = match;
		const ruleRank = ACTIVITY_RANK[rule.activity];
		if (ACTIVITY_RANK[rowActivity] < ruleRank) continue;
		const matchedLists = match.coversCampaign
			? match.campaignLists
			: match.campaignLists.filter((key) => memberOf(key));
		if (matchedLists.length === 0) continue;
		const current = best.get(rule.module);
		if (!current || ruleRank > current.ruleRank) {
			best.set(rule.module, { ruleRank, matchedLists: [...matchedLists] });
		} else if (current.ruleRank === ruleRank) {
			current.matchedLists = [...new Set([...current.matchedLists, ...matchedLists])];
		}
	}
	return RECRUIT_MODULES.flatMap((module) => {
		const qualification = best.get(module);
		return qualification
			? [{ module, activity: rowActivity, matchedLists: qualification.matchedLists }]
			: [];
	});
}

export type ReadAction = 'clickedcontacts' | 'openedcontacts';

export interface ReadUnit {
	/** The campaign key, or an A/B test-phase child key (docs/zoho-api.md, Campaigns: Endpoints). */
	source: string;
	action: ReadAction;
	/**
	 * Distinct rows the report promises (clickers only: unique_clicks_count is a count of distinct
	 * contacts, https://www.zoho.com/campaigns/help/developers/campaign-reports.html, while
	 * opens_count may count repeat opens). Reading stops once exactly this many rows were read,
	 * saving the empty page that would otherwise end the read.
	 */
	knownTotal?: number;
}

/**
 * Every (send, action) whose recipients must be read, in a fixed order so that a read stopped
 * half-way can resume at the same unit next poll. Sends without opens/clicks are skipped, and
 * with `previous` counts (last complete read) so are actions whose count did not change.
 */
export function planReads(
	matches: RuleMatch[],
	sources: string[],
	counts: Record<string, [number, number]>,
	previous?: Record<string, [number, number]>,
): ReadUnit[] {
	const units: ReadUnit[] = [];
	for (const source of sources) {
		const [opens, uniqueClicks] = counts[source] ?? [0, 0];
		const before = previous?.[source];
		const previousCounts = before ? { opens: before[0], uniqueClicks: before[1] } : undefined;
		for (const action of actionsToRead(matches, { opens, uniqueClicks }, previousCounts)) {
			units.push(
				action === 'clickedcontacts'
					? { source, action, knownTotal: uniqueClicks }
					: { source, action },
			);
		}
	}
	return units;
}

/** True when a read unit is complete after a page that brought it to `rowsRead` rows. */
export function unitComplete(
	unit: ReadUnit,
	page: { rows: unknown[]; hasMore: boolean },
	rowsRead: number,
): boolean {
	if (!page.hasMore || page.rows.length === 0) return true;
	// Only an exact match is trusted: more rows than counted means the count is stale (clicks
	// arrived after the report), so read on until the end.
	return unit.knownTotal !== undefined && rowsRead === unit.knownTotal;
}

/**
 * Every (send, action) the rules need when the report counts are not known (the manual sample
 * reads A/B children without their reports): clickers always, openers for "opened" rules.
 */
export function unplannedReads(matches: RuleMatch[], sources: string[]): ReadUnit[] {
	if (matches.length === 0) return [];
	const openers = matches.some((match) => match.rule.activity === 'opened');
	return sources.flatMap((source): ReadUnit[] => [
		{ source, action: 'clickedcontacts' },
		...(openers ? [{ source, action: 'openedcontacts' as const }] : []),
	]);
}
