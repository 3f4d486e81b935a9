import type { RecipientRow } from '../shared/transport/campaigns';
import type { ActivityItem, RecruitModule } from '../shared/types';
import { ACTIVITY_RANK } from '../shared/types';
import type { CampaignInfo } from './items';
import { toActivityItem } from './items';
import type { MembershipCache } from './membership';
import type { ReadAction, RuleMatch } from './rules';
import { qualify } from './rules';
import type { SeenSet } from './seen';
import type { SeenByModule } from './state';
import { emailToken } from './state';

export type Outputs = Record<RecruitModule, ActivityItem[]>;

export function emptyOutputs(): Outputs {
	return { Candidates: [], Contacts: [] };
}

/**
 * The items one poll emits, at most `limit` (options.maxItemsPerPoll). Items of the campaign being
 * read are pending until `commit`, so a campaign that fails half-way adds nothing (`discard`).
 */
export class ItemSink {
	readonly outputs = emptyOutputs();

	private pending: ActivityItem[] = [];

	private committed = 0;

	constructor(readonly limit: number) {}

	get count(): number {
		return this.committed + this.pending.length;
	}

	get full(): boolean {
		return this.count >= this.limit;
	}

	fits(items: number): boolean {
		return this.count + items <= this.limit;
	}

	add(item: ActivityItem): void {
		this.pending.push(item);
	}

	commit(): void {
		for (const item of this.pending) this.outputs[item.module].push(item);
		this.committed += this.pending.length;
		this.pending = [];
	}

	discard(): void {
		this.pending = [];
	}
}

/** Everything needed to judge the rows of one campaign's read. */
export interface RowJudge {
	matches: RuleMatch[];
	membership: MembershipCache;
	seen: SeenByModule;
	campaign: CampaignInfo;
	detectedAt: string;
	includeRaw: boolean;
	/** Where items go; null for a baseline read, which records recipients without emitting. */
	sink: ItemSink | null;
}

/**
 * Judges one page of recipients: per module, the strongest matching activity, emitted only when
 * it is stronger than what was already emitted for that (module, campaign, email). Stops before
 * a row whose items do not fit the sink; returns how many rows were taken (recorded as seen).
 */
export function absorbRows(rows: RecipientRow[], action: ReadAction, judge: RowJudge): number {
	const rowActivity = action === 'clickedcontacts' ? 'clicked' : 'opened';
	for (const [index, row] of rows.entries()) {
		const email = row.email?.trim().toLowerCase();
		if (!email) continue;
		const token = emailToken(email);
		const fresh = qualify(judge.matches, rowActivity, (listKey) =>
			judge.membership.isMember(listKey, token),
		).filter(
			(qualification) =>
				(judge.seen.get(qualification.module) as SeenSet).level(token) <
				ACTIVITY_RANK[qualification.activity],
		);
		if (judge.sink && !judge.sink.fits(fresh.length)) return index;
		for (const qualification of fresh) {
			(judge.seen.get(qualification.module) as SeenSet).raise(
				token,
				ACTIVITY_RANK[qualification.activity],
			);
			judge.sink?.add(
				toActivityItem(row, qualification, {
					campaign: judge.campaign,
					detectedAt: judge.detectedAt,
					includeRaw: judge.includeRaw,
				}),
			);
		}
	}
	return rows.length;
}
