import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	createNotes,
	getRecordNotes,
	MAX_RECORDS_PER_WRITE,
	type RecordNote,
} from '../shared/transport/recruit';
import { mayHaveBeenApplied } from './errors';
import { settleFailure } from './failures';
import { chunk } from '../shared/collections';
import type { Pushed } from './plan';
import type { PushSettings } from './settings';

/** Extra fields for a Pushed item, by input item index. */
export type Annotations = Map<number, Partial<Pushed>>;

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Note for the record: what happened, on which campaign, when. The title is deterministic for
 * (campaign key, activity): it is how a later run recognises the note as already added.
 */
export function buildNote(json: IDataObject, pushedAt: string): { title: string; content: string } {
	const activity = typeof json.activity === 'string' ? json.activity : null;
	const campaign = (json.campaign ?? {}) as IDataObject;
	const campaignName = typeof campaign.name === 'string' ? campaign.name : null;
	const campaignKey = typeof campaign.key === 'string' && campaign.key ? campaign.key : null;
	const when =
		(typeof json.detectedAt === 'string' && json.detectedAt) ||
		(typeof campaign.sentAt === 'string' && campaign.sentAt) ||
		pushedAt;
	const name = campaignName ? ` "${campaignName}"` : '';
	const key = campaignKey ? ` (${campaignKey})` : '';
	const title = activity
		? `${capitalise(activity)} campaign${name}${key}`
		: `Pushed from Zoho Campaigns${name}${key}`;
	const lines = [
		`Activity: ${activity ?? 'unknown'}`,
		`Campaign: ${campaignName ?? 'unknown'}${campaignKey ? ` (${campaignKey})` : ''}`,
		`Time: ${when}`,
		`Pushed by n8n at ${pushedAt}`,
	];
	return { title, content: lines.join('\n') };
}

function sameTitle(a: string, b: string): boolean {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** One note to add: a record and a title, for every item that asks for it. */
interface NoteTarget {
	parentId: string;
	title: string;
	content: string;
	indexes: number[];
	/** Not created by this run, so an earlier run may have noted it already. */
	check: boolean;
}

/**
 * Note phase: at most one note per (record, campaign, activity), ever. Records this run did not
 * insert are read first (GET /{module}/{id}/Notes, one call per record) and a note with the same
 * title counts as added. Adding notes is not idempotent: after a failed call that may have been
 * applied, the records are read again and only the missing notes are sent, once more.
 */
export async function addNotes(
	this: IExecuteFunctions,
	settings: PushSettings,
	items: INodeExecutionData[],
	pushed: Array<{ index: number; entry: Pushed }>,
	pushedAt: string,
): Promise<Annotations> {
	const annotations: Annotations = new Map();
	const mark = (target: NoteTarget, extra: Partial<Pushed>) => {
		for (const index of target.indexes) annotations.set(index, extra);
	};
	const targets = new Map<string, NoteTarget>();
	for (const { index, entry } of pushed) {
		if (!entry.id) continue;
		const note = buildNote(items[index].json, pushedAt);
		const key = `${entry.id}\u0000${note.title.trim().toLowerCase()}`;
		const target = targets.get(key) ?? { parentId: entry.id, ...note, indexes: [], check: false };
		target.indexes.push(index);
		target.check ||= entry.action !== 'inserted';
		targets.set(key, target);
	}

	const known = new Map<string, RecordNote[]>();
	/** Whether the note is on the record already (reads each record once per pass). */
	const existing = async (target: NoteTarget, fresh: boolean): Promise<RecordNote | undefined> => {
		if (fresh || !known.has(target.parentId)) {
			const what = `Reading the notes of record ${target.parentId}`;
			try {
				known.set(
					target.parentId,
					await getRecordNotes.call(this, settings.module, target.parentId),
				);
			} catch (error) {
				const cause = settleFailure(this, error, what, target.indexes[0]);
				// Unknown: leave the note out rather than risk adding it twice.
				mark(target, {
					noteError: `${cause.code}: could not check the record's notes: ${cause.message}`,
				});
				return undefined;
			}
		}
		const found = known.get(target.parentId)?.find((note) => sameTitle(note.title, target.title));
		if (found) mark(target, { noteId: found.id, noteExisted: true });
		return found;
	};

	const pending: NoteTarget[] = [];
	for (const target of targets.values()) {
		if (!target.check || !(await existing(target, false))) {
			if (!annotations.has(target.indexes[0])) pending.push(target);
		}
	}
	for (const batch of chunk(pending, MAX_RECORDS_PER_WRITE)) {
		let todo = batch;
		for (let attempt = 0; todo.length > 0; attempt++) {
			try {
				const results = await createNotes.call(
					this,
					todo.map((t) => ({
						module: settings.module,
						parentId: t.parentId,
						title: t.title,
						content: t.content,
					})),
				);
				todo.forEach((target, k) => {
					const result = results[k];
					mark(
						target,
						result?.ok && result.id
							? { noteId: result.id }
							: {
									noteError: result
										? `${result.code}: ${result.message}`
										: 'No result for this note',
								},
					);
				});
				todo = [];
			} catch (error) {
				const cause = settleFailure(this, error, 'Adding notes', todo[0].indexes[0]);
				const reason = `${cause.code}: ${cause.message}`;
				if (attempt > 0 || !mayHaveBeenApplied(cause)) {
					for (const target of todo) mark(target, { noteError: reason });
					break;
				}
				const missing: NoteTarget[] = [];
				for (const target of todo) {
					if (!(await existing(target, true)) && !annotations.has(target.indexes[0]))
						missing.push(target);
				}
				todo = missing;
			}
		}
	}
	return annotations;
}
