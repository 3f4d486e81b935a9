import type { IExecuteFunctions } from 'n8n-workflow';

import { addTags, type RecordResult } from '../shared/transport/recruit';
import { settleFailure } from './failures';
import { tagSetKey } from './mapping';
import type { Annotations } from './notes';
import type { Pushed } from './plan';
import type { Candidate } from './prepare';
import type { PushSettings } from './settings';

/**
 * Tag phase: add_tags once per distinct tag set, after the writes. Adding a tag a record already
 * has changes nothing, so a retried or re-run push never tags twice.
 */
export async function tagRecords(
	this: IExecuteFunctions,
	settings: PushSettings,
	pushed: Array<{ candidate: Candidate; entry: Pushed }>,
): Promise<Annotations> {
	const annotations: Annotations = new Map();
	const groups = new Map<
		string,
		{ tags: string[]; entries: Array<{ index: number; id: string }> }
	>();
	for (const { candidate, entry } of pushed) {
		if (!entry.id || candidate.tags.length === 0) continue;
		const key = tagSetKey(candidate.tags);
		const group = groups.get(key) ?? { tags: candidate.tags, entries: [] };
		group.entries.push({ index: candidate.index, id: entry.id });
		groups.set(key, group);
	}
	for (const { tags, entries } of groups.values()) {
		const ids = [...new Set(entries.map((entry) => entry.id))];
		let results: RecordResult[];
		try {
			results = await addTags.call(this, settings.module, ids, tags);
		} catch (error) {
			const cause = settleFailure(this, error, `Adding tags ${tags.join(', ')}`, entries[0].index);
			for (const entry of entries) {
				annotations.set(entry.index, { tagError: `${cause.code}: ${cause.message}` });
			}
			continue;
		}
		const byId = new Map(ids.map((id, k) => [id, results[k]]));
		for (const entry of entries) {
			const result = byId.get(entry.id);
			annotations.set(
				entry.index,
				result?.ok
					? { tags }
					: {
							tagError: result ? `${result.code}: ${result.message}` : 'No result for this record',
						},
			);
		}
	}
	return annotations;
}
