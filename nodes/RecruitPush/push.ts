import {
	NodeApiError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { getRecruitFields, type RecruitField } from '../shared/transport/recruit';
import type { RecruitModule } from '../shared/types';
import { requestError, settleFailure, type ItemOutcomes } from './failures';
import { planWrites } from './lookup';
import { addNotes, type Annotations } from './notes';
import { allNotPushed, nowIso, previewOutcomes, toOutput } from './output';
import type { Pushed } from './plan';
import { prepareCandidates, type Candidate } from './prepare';
import { readSettings } from './settings';
import { tagRecords } from './tags';
import { writeAll } from './write';

export { ALL_AUTOMATIONS, type PushSettings } from './settings';

/**
 * execute() of Recruit Push: returns [Pushed, Not Pushed]; every item lands on one of them.
 * Phases, each returning its results by item: prepare (map and validate), plan (look existing
 * records up), write (with insert recovery), tag, note; toOutput turns them into items.
 */
export async function pushItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[], []];
	const module = this.getNodeParameter('module', 0) as RecruitModule;
	// Live layout: mandatory flags and data types decide validation and value formats.
	let fields: RecruitField[];
	try {
		fields = await getRecruitFields.call(this, module);
	} catch (error) {
		// An outage, a 429 or exhausted credits already on the layout read: every item goes to Not
		// Pushed as retryable, so the workflow's retry path brings it back. Anything else is
		// configuration or authentication and fails the node.
		const cause = settleFailure(this, error, 'Reading the Recruit field layout', 0);
		if (!cause.retryable) throw new NodeApiError(this.getNode(), error as JsonObject);
		return allNotPushed(items, requestError(cause));
	}
	const settings = readSettings.call(this, new Map(fields.map((field) => [field.apiName, field])));

	const prepared = await prepareCandidates.call(this, items, settings, fields);
	const planned = await planWrites.call(this, settings, prepared.candidates);
	if (settings.dryRun) {
		const preview = previewOutcomes(settings, items, planned, prepared.candidates);
		return toOutput(items, settings, new Map([...prepared.outcomes, ...preview]));
	}

	const written = await writeAll.call(this, settings, planned.writes);
	const outcomes: ItemOutcomes = new Map([...prepared.outcomes, ...planned.outcomes, ...written]);
	const pushed = pushedCandidates(prepared.candidates, outcomes);
	const annotations: Annotations[] = [await tagRecords.call(this, settings, pushed)];
	if (settings.addNote) {
		const notes = pushed.map(({ candidate, entry }) => ({ index: candidate.index, entry }));
		annotations.push(await addNotes.call(this, settings, items, notes, nowIso()));
	}
	return toOutput(items, settings, outcomes, annotations);
}

/** Candidates whose record is in Recruit after the writes (tags and notes go to those). */
function pushedCandidates(
	candidates: Candidate[],
	outcomes: ItemOutcomes,
): Array<{ candidate: Candidate; entry: Pushed }> {
	return candidates.flatMap((candidate) => {
		const outcome = outcomes.get(candidate.index);
		return outcome && 'pushed' in outcome ? [{ candidate, entry: outcome.pushed }] : [];
	});
}
