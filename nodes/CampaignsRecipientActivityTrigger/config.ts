import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseDateValue } from '../shared/dates';
import { getMailingLists } from '../shared/transport/campaigns';
import type { Rule } from './rules';
import { buildRules, listsInBothModules, RULE_PARAMETERS } from './rules';

/** Bounds of every numeric parameter: description.ts shows the same ones in the UI. */
export const BOUNDS = {
	backfillDays: { min: 0, max: 365, fallback: 5 },
	trackingDays: { min: 1, max: 365, fallback: 30 },
	// At least 2: one recipient may qualify on both outputs and a row is never split.
	maxItemsPerPoll: { min: 2, max: 100_000, fallback: 5_000 },
} as const;

export type DamagePolicy = 'fail' | 'rebaseline';
export const DAMAGE_POLICIES: readonly DamagePolicy[] = ['fail', 'rebaseline'];

export interface TriggerConfig {
	rules: Rule[];
	backfillDays: number;
	trackingDays: number;
	allowSameListInBothModules: boolean;
	maxItemsPerPoll: number;
	/** Whether items carry Zoho's row as `raw` (else `raw` is `{}`). */
	includeRaw: boolean;
	onDamagedMemory: DamagePolicy;
	/** A new value makes the next poll forget the memory (see recovery.ts); '' never resets. */
	resetMemory: string;
	/**
	 * With a reset: campaigns sent at or after this time (epoch ms) are emitted again, in full;
	 * null: the reset emits nothing.
	 */
	reEmitSentSince: number | null;
}

/** Reads one option's value; `zone` is the workflow's time zone, for date-times without an offset. */
type OptionReader = (name: string, value: unknown, zone: string) => unknown;

const OPTIONS: Record<string, OptionReader> = {
	allowSameListInBothModules: (name, value) =>
		typeof value === 'boolean' ? value : invalid(name, 'true or false'),
	maxItemsPerPoll: (_name, value) => bounded('maxItemsPerPoll', value),
	includeRaw: (name, value) =>
		typeof value === 'boolean' ? value : invalid(name, 'true or false'),
	onDamagedMemory: (name, value) =>
		DAMAGE_POLICIES.includes(value as DamagePolicy)
			? value
			: invalid(name, DAMAGE_POLICIES.map((p) => `"${p}"`).join(' or ')),
	resetMemory: (name, value) =>
		typeof value === 'string' || typeof value === 'number'
			? String(value).trim()
			: invalid(name, 'a text'),
	reEmitSentSince: (name, value, zone) => readTime(name, value, zone),
};

/**
 * A dateTime parameter, read like Recruit Push reads dates (nodes/shared/dates.ts): ISO text from
 * the UI (without an offset it is in the workflow's time zone), or a Date or Luxon DateTime from an
 * expression. Empty means "not set".
 */
function readTime(name: string, value: unknown, zone: string): number | null {
	if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
		return null;
	const parsed = parseDateValue(value, zone);
	return 'value' in parsed
		? parsed.value.toMillis()
		: invalid(name, `a date and time, e.g. 2026-12-01T00:00:00Z (${JSON.stringify(value)} ${parsed.problem})`);
}

class ConfigProblem extends Error {}

function invalid(name: string, expected: string): never {
	throw new ConfigProblem(`"${name}" must be ${expected}`);
}

function bounded(name: keyof typeof BOUNDS, value: unknown): number {
	const { min, max } = BOUNDS[name];
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		invalid(name, `a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
	}
	return number;
}

/**
 * n8n drops option keys its description does not know before the node runs; a key known here
 * but not to the description would be a bug, so it is refused too.
 */
function readOptions(options: IDataObject, zone: string): Partial<TriggerConfig> {
	const read: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(options)) {
		const reader = OPTIONS[name];
		if (!reader) {
			throw new ConfigProblem(
				`Unknown option "${name}" (known: ${Object.keys(OPTIONS).join(', ')})`,
			);
		}
		read[name] = reader(name, value, zone);
	}
	return read as Partial<TriggerConfig>;
}

export function readConfig(ctx: IPollFunctions): TriggerConfig {
	let problem: unknown;
	try {
		const lists: Record<string, unknown> = {};
		for (const { parameter } of RULE_PARAMETERS)
			lists[parameter] = ctx.getNodeParameter(parameter, []);
		const options = readOptions(ctx.getNodeParameter('options', {}) as IDataObject, ctx.getTimezone());
		const days = (name: 'backfillDays' | 'trackingDays') =>
			bounded(name, ctx.getNodeParameter(name, BOUNDS[name].fallback));
		const config: TriggerConfig = {
			rules: buildRules(lists),
			backfillDays: days('backfillDays'),
			trackingDays: days('trackingDays'),
			allowSameListInBothModules: options.allowSameListInBothModules ?? false,
			maxItemsPerPoll: options.maxItemsPerPoll ?? BOUNDS.maxItemsPerPoll.fallback,
			includeRaw: options.includeRaw ?? false,
			onDamagedMemory: options.onDamagedMemory ?? 'fail',
			resetMemory: options.resetMemory ?? '',
			reEmitSentSince: options.reEmitSentSince ?? null,
		};
		// Campaigns stop being watched after trackingDays: a shorter window would drop backfilled
		// campaigns at once, and activity after the first poll would never be read.
		if (config.trackingDays < config.backfillDays) {
			invalid('trackingDays', `at least "backfillDays" (${config.backfillDays})`);
		}
		return config;
	} catch (error) {
		problem = error;
	}
	if (!(problem instanceof ConfigProblem))
		throw new NodeOperationError(ctx.getNode(), problem as Error);
	throw new NodeOperationError(ctx.getNode(), problem.message, {
		description: 'Fix the parameter in the trigger node (or in the imported workflow JSON).',
	});
}

/**
 * Fails activation on a configuration the native push would refuse (README, Campaigns Recipient
 * Activity Trigger).
 */
export function checkRules(ctx: IPollFunctions, config: TriggerConfig): void {
	if (config.rules.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No mailing list is configured', {
			description:
				'Choose at least one mailing list under Candidates or Contacts, for opened or clicked recipients.',
		});
	}
}

/**
 * Fails naming a list configured for both modules unless allowed, and with `existence`, every
 * configured key that does not exist (a deleted list, a wrong key in imported JSON). Reads the
 * account's mailing lists (getmailinglists) only then.
 */
export async function checkLists(
	ctx: IPollFunctions,
	config: TriggerConfig,
	existence: boolean,
): Promise<void> {
	const overlap = config.allowSameListInBothModules ? [] : listsInBothModules(config.rules);
	if (!existence && overlap.length === 0) return;
	const names = new Map((await getMailingLists.call(ctx)).map((list) => [list.key, list.name]));
	const configured = [...new Set(config.rules.flatMap((rule) => rule.lists))];
	const unknown = configured.filter((key) => !names.has(key));
	if (unknown.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Mailing list ${unknown.map((key) => `"${key}"`).join(', ')} does not exist in Zoho Campaigns`,
			{
				description:
					'The list was deleted, or its key is wrong (e.g. in imported workflow JSON). Choose existing lists under Candidates or Contacts; the trigger polls nothing until then.',
			},
		);
	}
	if (overlap.length === 0) return;
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
