import type { RecipientRow } from '../shared/transport/campaigns';
import type { ActivityItem, RecruitModule } from '../shared/types';
import { ACTIVITY_RANK } from '../shared/types';
import type { CampaignInfo } from './items';
import { toActivityItem } from './items';
import type { MembershipCache } from './membership';
import type { ReadUnit, RuleMatch } from './rules';
import { qualify } from './rules';
import type { SeenByModule } from './state';
import { emailToken } from './state';

export type Outputs = Record<RecruitModule, ActivityItem[]>;

export function emptyOutputs(): Outputs {
	return { Candidates: [], Contacts: [] };
}

/**
 * Judges one page of recipients: per module, the strongest matching activity, emitted only when
 * it is stronger than what was already emitted for that (module, campaign, email).
 */
export function absorbRows(
	rows: RecipientRow[],
	unit: ReadUnit,
	matches: RuleMatch[],
	membership: MembershipCache,
	seen: SeenByModule,
	campaign: CampaignInfo,
	detectedAt: string,
	emit: ((item: ActivityItem) => void) | null,
): void {
	const rowActivity = unit.action === 'clickedcontacts' ? 'clicked' : 'opened';
	for (const row of rows) {
		const email = row.email?.trim().toLowerCase();
		if (!email) continue;
		const token = emailToken(email);
		const qualifications = qualify(matches, rowActivity, (listKey) =>
			membership.isMember(listKey, token),
		);
		for (const qualification of qualifications) {
			const moduleSeen = seen.get(qualification.module) as Map<string, number>;
			const rank = ACTIVITY_RANK[qualification.activity];
			if ((moduleSeen.get(token) ?? 0) >= rank) continue;
			moduleSeen.set(token, rank);
			emit?.(toActivityItem(row, qualification, campaign, detectedAt));
		}
	}
}
