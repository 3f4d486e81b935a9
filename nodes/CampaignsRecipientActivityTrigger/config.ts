import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getMailingLists } from '../shared/transport/campaigns';
import type { Rule } from './rules';
import { buildRules, listsInBothModules, RULE_PARAMETERS } from './rules';

export interface TriggerConfig {
	rules: Rule[];
	backfillDays: number;
	trackingDays: number;
	allowSameListInBothModules: boolean;
}

export function readConfig(ctx: IPollFunctions): TriggerConfig {
	const lists: Record<string, unknown> = {};
	for (const { parameter } of RULE_PARAMETERS)
		lists[parameter] = ctx.getNodeParameter(parameter, []);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const days = (name: string, fallback: number): number => {
		const value = Number(ctx.getNodeParameter(name, fallback));
		if (!Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(ctx.getNode(), `"${name}" must be a number of days (0 or more)`);
		}
		return value;
	};
	return {
		rules: buildRules(lists),
		backfillDays: days('backfillDays', 5),
		trackingDays: days('trackingDays', 30),
		allowSameListInBothModules: options.allowSameListInBothModules === true,
	};
}

/** Fails activation on a configuration the native push would refuse (SPEC §3). */
export async function validateConfig(ctx: IPollFunctions, config: TriggerConfig): Promise<void> {
	if (config.rules.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No mailing list is configured', {
			description:
				'Choose at least one mailing list under Candidates or Contacts, for opened or clicked recipients.',
		});
	}
	if (config.allowSameListInBothModules) return;
	const overlap = listsInBothModules(config.rules);
	if (overlap.length === 0) return;
	// Names only matter for the message, so the list of lists is read only in this case.
	const names = new Map((await getMailingLists.call(ctx)).map((list) => [list.key, list.name]));
	const described = overlap.map((key) => `"${names.get(key) ?? 'unknown list'}" (${key})`);
	throw new NodeOperationError(
		ctx.getNode(),
		`Mailing list ${described.join(', ')} is configured for both Candidates and Contacts`,
		{
			description:
				'A list should feed only one Recruit module. Remove it from one module, or turn on "Allow Same List in Both Modules" to emit its recipients on both outputs.',
		},
	);
}
