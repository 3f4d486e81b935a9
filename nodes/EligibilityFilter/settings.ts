import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { eventLoopTurns } from '../shared/eventLoop';
import { parseListKeys } from '../shared/listKeys';
import { parameterError } from '../shared/parameterError';
import { CAMPAIGNS_CREDENTIAL, getListSubscribers } from '../shared/transport/campaigns';
import {
	CHECK_NAMES,
	REQUIRED_FIELD_PRESETS,
	compileRequiredFields,
	normalizeEmail,
	type CheckName,
	type RuleSettings,
} from './rules';

/** Parameters that may differ per item when the user writes them as an expression. */
const ITEM_PARAMETERS = ['requiredFieldsPreset', 'requiredFields', 'checks', 'recruitSyncedLists'];

interface RawSettings {
	requiredFields: string[];
	checks: CheckName[];
	recruitSyncedLists: string[];
}

const PRESETS = ['candidates', 'contacts', 'custom'];

/**
 * A list parameter set by expression may come back as an array or a comma-separated string;
 * anything else (a number, an object, a list holding objects) is a parameter error.
 */
function toStringList(
	this: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	value: unknown,
): string[] {
	const valid =
		value === null ||
		value === undefined ||
		typeof value === 'string' ||
		(Array.isArray(value) &&
			value.every((part) => part === null || ['string', 'number'].includes(typeof part)));
	if (!valid) {
		throw parameterError(
			this.getNode(),
			parameter,
			value,
			'a list of names, or a comma-separated string',
			itemIndex,
		);
	}
	const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return parts
		.filter((part) => part !== null && part !== undefined)
		.map((part) => String(part).trim())
		.filter((part) => part.length > 0);
}

function readRawSettings(this: IExecuteFunctions, itemIndex: number): RawSettings {
	const preset = this.getNodeParameter('requiredFieldsPreset', itemIndex, 'candidates') as string;
	if (!PRESETS.includes(preset)) {
		throw parameterError(
			this.getNode(),
			'requiredFieldsPreset',
			preset,
			`one of ${PRESETS.join(', ')}`,
			itemIndex,
		);
	}
	const requiredFields =
		preset === 'candidates' || preset === 'contacts'
			? [...REQUIRED_FIELD_PRESETS[preset]]
			: toStringList.call(
					this,
					itemIndex,
					'requiredFields',
					this.getNodeParameter('requiredFields', itemIndex, []),
				);
	const checks = toStringList.call(
		this,
		itemIndex,
		'checks',
		this.getNodeParameter('checks', itemIndex, [...CHECK_NAMES]),
	);
	const unknown = checks.filter((check) => !(CHECK_NAMES as readonly string[]).includes(check));
	if (unknown.length > 0) {
		throw parameterError(
			this.getNode(),
			'checks',
			unknown.join(', '),
			`only ${CHECK_NAMES.join(', ')}`,
			itemIndex,
		);
	}
	const recruitSyncedLists = checks.includes('notImportedFromRecruit')
		? parseListKeys(
				toStringList.call(
					this,
					itemIndex,
					'recruitSyncedLists',
					this.getNodeParameter('recruitSyncedLists', itemIndex, []),
				),
			)
		: [];
	return { requiredFields, checks: checks as CheckName[], recruitSyncedLists };
}

/** Reads every Recruit-synced list once (all pages) → lower-cased email → list key. */
async function readListMembers(
	this: IExecuteFunctions,
	listKeys: readonly string[],
): Promise<Map<string, Map<string, string>>> {
	const byList = new Map<string, Map<string, string>>();
	if (listKeys.length === 0) return byList;
	if (!this.getNode().credentials?.[CAMPAIGNS_CREDENTIAL]) {
		throw new NodeOperationError(
			this.getNode(),
			'Recruit-Synced Lists need a Zoho Campaigns credential',
			{
				description:
					'Select a "Zoho Campaigns OAuth2 API" credential on this node, or clear "Recruit-Synced Lists" (or turn off the "Not Imported From Recruit" check).',
			},
		);
	}
	for (const listKey of listKeys) {
		const members = new Map<string, string>();
		for (const subscriber of await getListSubscribers.call(this, listKey)) {
			const email = normalizeEmail(subscriber.email);
			if (email !== null) members.set(email, listKey);
		}
		byList.set(listKey, members);
	}
	return byList;
}

function mergeMembers(
	lists: readonly string[],
	byList: Map<string, Map<string, string>>,
): Map<string, string> {
	if (lists.length === 1) return byList.get(lists[0]) ?? new Map();
	const merged = new Map<string, string>();
	for (const list of lists) {
		for (const [email, key] of byList.get(list) ?? [])
			if (!merged.has(email)) merged.set(email, key);
	}
	return merged;
}

/**
 * Resolves the node's parameters into RuleSettings. Parameters are read once, at item 0, unless
 * one of them is an expression (value starting with "="), because reading them per item dominates
 * the node's time on large inputs. Identical per-item values share one RuleSettings object, and
 * each Recruit-synced list is fetched once per execution however many items name it.
 */
export async function resolveSettings(
	this: IExecuteFunctions,
	itemCount: number,
): Promise<(itemIndex: number) => RuleSettings> {
	const parameters = this.getNode().parameters;
	const perItem = ITEM_PARAMETERS.some((name) => {
		const value = parameters[name];
		return typeof value === 'string' && value.startsWith('=');
	});
	const raws: RawSettings[] = [];
	// Expressions are evaluated per item here: give the event loop turns (nodes/shared/eventLoop.ts).
	const turn = eventLoopTurns();
	for (let i = 0; i < (perItem ? itemCount : 1); i++) {
		await turn();
		raws.push(readRawSettings.call(this, i));
	}

	const allLists = [...new Set(raws.flatMap((raw) => raw.recruitSyncedLists))];
	const membersByList = await readListMembers.call(this, allLists);

	const cache = new Map<string, RuleSettings>();
	const settings = raws.map((raw) => {
		const cacheKey = JSON.stringify(raw);
		let built = cache.get(cacheKey);
		if (built === undefined) {
			built = {
				checks: new Set(raw.checks),
				requiredFields: compileRequiredFields(raw.requiredFields),
				recruitSyncedMembers: mergeMembers(raw.recruitSyncedLists, membersByList),
			};
			cache.set(cacheKey, built);
		}
		return built;
	});
	return perItem ? (itemIndex) => settings[itemIndex] : () => settings[0];
}
