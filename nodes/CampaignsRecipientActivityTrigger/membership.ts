import type { BudgetedCampaigns } from './client';
import { API } from './client';
import type { Rule } from './rules';
import { listsNeedingMembership, matchRules } from './rules';
import type { StoredMembers, TriggerState } from './state';
import { decodeTokens, emailToken, encodeTokens, TOKEN_LENGTH } from './state';

/**
 * Member tokens kept across polls at most, all lists together: 1,000,000 tokens of 8 characters
 * are 8 MB of static data in the worst case, which n8n writes after every poll. A read that would
 * pass it is not kept, so a list larger than that (less what other lists' reads keep) is read
 * from the start again each poll and cannot complete.
 */
export const MAX_STORED_MEMBER_TOKENS = 1_000_000;

/** How a membership load ended: short of the getlistsubscribers rate budget only, or of the poll. */
export type LoadOutcome = 'complete' | 'listBudgetSpent' | 'pollSpent';

interface ListMembers {
	tokens: Set<string>;
	/** Epoch ms when the read began. */
	readAt: number;
}

/**
 * Members (email tokens) of each list, read at most once per poll for the campaigns it covers.
 * Only a read that did not complete is kept in the state (`members`): a list larger than one
 * poll's getlistsubscribers budget (about 225,000 members) is read over several polls. A
 * complete list is never reused by a later poll, as whoever joined since would be missed.
 */
export class MembershipCache {
	private readonly members = new Map<string, ListMembers>();

	constructor(
		private readonly api: BudgetedCampaigns,
		/** The state's reads in progress, or null when nothing may be stored (manual mode). */
		private readonly stored: Record<string, StoredMembers> | null,
		/** Epoch ms when this poll began. */
		private readonly now: number,
	) {}

	/**
	 * A read covers a campaign when it began after the campaign was sent: an earlier one misses
	 * the recipients who joined in between. A read begun in this poll covers every tracked
	 * campaign (all were discovered before it), whatever the clocks' skew.
	 */
	private covers(readAt: number | undefined, sentAt: number): boolean {
		return readAt !== undefined && readAt >= Math.min(sentAt, this.now);
	}

	/** Reads the members of `listKeys` that a campaign sent at `sentAt` (epoch ms) needs. */
	async load(listKeys: string[], sentAt: number): Promise<LoadOutcome> {
		for (const listKey of listKeys) {
			if (this.covers(this.members.get(listKey)?.readAt, sentAt)) continue;
			const kept = this.stored?.[listKey];
			const resumed = kept && this.covers(kept.readAt, sentAt) ? kept : undefined;
			const readAt = resumed?.readAt ?? this.now;
			const tokens = decodeTokens(resumed?.tokens);
			let fromIndex = resumed?.from ?? 1;
			for (;;) {
				if (!this.api.allowsPage(API.listSubscribers)) {
					// A read that has not begun leaves the kept one for the campaigns it covers.
					if (fromIndex > 1) {
						this.keep(listKey, { tokens: encodeTokens(tokens), from: fromIndex, readAt });
					}
					return this.api.onlyRateSpent(API.listSubscribers) ? 'listBudgetSpent' : 'pollSpent';
				}
				const page = await this.api.listSubscribers(listKey, fromIndex);
				page.subscribers.forEach((subscriber) => tokens.add(emailToken(subscriber.email)));
				if (!page.hasMore || page.subscribers.length === 0) break;
				fromIndex += page.subscribers.length;
			}
			this.members.set(listKey, { tokens, readAt });
			if (this.stored) delete this.stored[listKey];
		}
		return 'complete';
	}

	private keep(listKey: string, progress: StoredMembers): void {
		if (!this.stored) return;
		delete this.stored[listKey];
		let total = progress.tokens.length / TOKEN_LENGTH;
		for (const other of Object.values(this.stored)) total += other.tokens.length / TOKEN_LENGTH;
		if (total <= MAX_STORED_MEMBER_TOKENS) this.stored[listKey] = progress;
	}

	isMember(listKey: string, token: string): boolean {
		return this.members.get(listKey)?.tokens.has(token) ?? false;
	}
}

/** The state with list reads in progress kept only for campaigns that wait for them. */
export function keepMembersNeeded(state: TriggerState, rules: Rule[]): TriggerState {
	const needed = new Set<string>();
	for (const campaign of Object.values(state.campaigns)) {
		if (!campaign.lists || !campaign.awaitsMembers) continue;
		listsNeedingMembership(matchRules(rules, campaign.lists)).forEach((key) => needed.add(key));
	}
	const members = Object.fromEntries(
		Object.entries(state.members ?? {}).filter(([listKey]) => needed.has(listKey)),
	);
	const next: TriggerState = { ...state, members };
	if (Object.keys(members).length === 0) delete next.members;
	return next;
}
