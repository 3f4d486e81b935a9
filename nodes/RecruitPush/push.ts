import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import {
	addTags,
	createNotes,
	getRecruitFields,
	MAX_RECORDS_PER_WRITE,
	searchRecords,
	writeRecordsBatch,
	type RecordResult,
	type RecruitField,
	type RecruitRecord,
	type WriteMode,
} from '../shared/transport/recruit';
import type { RecruitModule } from '../shared/types';
import { describeFailure, mayHaveBeenApplied, type FailureCause } from './errors';
import {
	attributeRecoveredInserts,
	autoMapItem,
	buildNote,
	buildRecord,
	chunk,
	matchingCriteria,
	parseTags,
	tagSetKey,
	validateRecord,
	type PushError,
	type PushRecord,
} from './mapping';
import {
	planBatch,
	plannedAction,
	type Outcome,
	type PushAction,
	type PushOperation,
	type Pushed,
} from './plan';
import { isAutoMappable } from './fieldSchema';
import { MAPPED_VALUES, readValidationOptions } from './parameters';

/** Zoho's `trigger` array: all automations, or none (ref §5.2). */
export const ALL_AUTOMATIONS = ['workflow', 'approval', 'blueprint'];

export interface PushSettings {
	module: RecruitModule;
	operation: PushOperation;
	matchingColumns: string[];
	dryRun: boolean;
	fillEmpty: boolean;
	trigger: string[];
	addNote: boolean;
}

interface Candidate {
	index: number;
	record: PushRecord;
	tags: string[];
}

const WRITE_MODE: Record<PushOperation, WriteMode> = {
	upsert: 'upsert',
	create: 'insert',
	update: 'update',
};

/** A per-record result, or the cause of a call that finally failed for this record. */
type WriteResult = RecordResult & { httpStatus?: number };

/** The result of a record whose write call failed as a whole (same shape as failCandidates). */
function failedResult(cause: FailureCause): WriteResult {
	const result: WriteResult = {
		ok: false,
		code: cause.code,
		message: cause.message,
		id: null,
		action: null,
		field: null,
		details: {},
	};
	if (cause.status !== null) result.httpStatus = cause.status;
	return result;
}

function toError(result: WriteResult): PushError {
	const error: PushError = { code: result.code, message: result.message };
	if (result.field) error.field = result.field;
	if (result.httpStatus !== undefined) error.httpStatus = result.httpStatus;
	// DUPLICATE_DATA keeps Zoho's code; the clashing record's id is what the user needs next.
	const existingId = result.details?.id ?? (result.code === 'DUPLICATE_DATA' ? result.id : null);
	if (existingId !== null && existingId !== undefined && existingId !== '') {
		error.id = String(existingId);
	}
	return error;
}

function toAction(result: RecordResult, mode: WriteMode): PushAction {
	if (result.action === 'insert') return 'inserted';
	if (result.action === 'update') return 'updated';
	return mode === 'insert' ? 'inserted' : 'updated';
}

async function searchExisting(
	this: IExecuteFunctions,
	settings: PushSettings,
	records: PushRecord[],
): Promise<RecruitRecord[]> {
	const criteria = matchingCriteria(records, settings.matchingColumns);
	if (criteria.length === 0) return [];
	return await searchRecords.call(this, settings.module, criteria);
}

/**
 * Insert is not idempotent, so the transport does not resend it after a 5xx or timeout
 * (ref §5.2). Whether Zoho applied the failed call is unknown: look the records up and resend
 * only the missing ones, once, so no record is created twice.
 */
async function insertWithoutDuplicates(
	this: IExecuteFunctions,
	settings: PushSettings,
	payloads: IDataObject[],
): Promise<WriteResult[]> {
	const options = { trigger: settings.trigger };
	try {
		return await writeRecordsBatch.call(this, settings.module, 'insert', payloads, options);
	} catch (error) {
		const cause = describeFailure(error);
		if (cause.fatal || !mayHaveBeenApplied(cause)) {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}

		const records = payloads as PushRecord[];
		const found = await searchExisting.call(this, settings, records);
		const recovered = attributeRecoveredInserts(records, settings.matchingColumns, found);
		const results: Array<WriteResult | undefined> = recovered.map((match) => {
			if (!match) return undefined;
			if (match.inserted) {
				return {
					ok: true,
					code: 'SUCCESS',
					message: 'record added (confirmed by a search after the insert call failed)',
					id: match.id,
					action: 'insert',
					field: null,
					details: {},
				};
			}
			// The shape Zoho gives the later copy when the call succeeds (ref §5.2).
			return {
				ok: false,
				code: 'DUPLICATE_DATA',
				message:
					'duplicate data: another item of this batch with the same value created the record (confirmed by a search after the insert call failed)',
				id: match.id,
				action: null,
				field: match.field,
				details: { api_name: match.field, id: match.id },
			};
		});
		const missing = results.flatMap((result, position) => (result ? [] : [position]));
		if (missing.length > 0) {
			let resent: WriteResult[];
			try {
				resent = await writeRecordsBatch.call(
					this,
					settings.module,
					'insert',
					missing.map((position) => payloads[position]),
					options,
				);
			} catch (resendError) {
				// Only the missing records failed: the ones the search confirmed are in Recruit and
				// must stay Pushed, or a re-run would report them EXISTS and the user would lose them.
				const resendCause = describeFailure(resendError);
				if (resendCause.fatal) throw new NodeApiError(this.getNode(), resendError as JsonObject);
				resent = missing.map(() => failedResult(resendCause));
			}
			missing.forEach((position, k) => (results[position] = resent[k]));
		}
		return results as WriteResult[];
	}
}

function requestPreview(settings: PushSettings): IDataObject {
	const mode = WRITE_MODE[settings.operation];
	const preview: IDataObject = {
		method: mode === 'update' ? 'PUT' : 'POST',
		path: mode === 'upsert' ? `/${settings.module}/upsert` : `/${settings.module}`,
		trigger: settings.trigger,
	};
	if (mode === 'upsert') preview.duplicate_check_fields = settings.matchingColumns;
	return preview;
}

/** A record that needs a write call, with the item it came from. */
interface PlannedWrite {
	candidate: Candidate;
	payload: IDataObject;
	existingId: string | null;
}

/**
 * Lookups run for create/update (EXISTS / NOT_FOUND), fillEmpty (what is empty) and dry runs
 * (so a preview tells insert from update; reads are not writes). A plain upsert needs none:
 * Zoho's duplicate check does the matching (ref §5.3).
 */
function needsLookup(settings: PushSettings): boolean {
	return settings.operation !== 'upsert' || settings.fillEmpty || settings.dryRun;
}

/** Items first–last (1-based) of a run of candidates in input order, for error messages. */
function itemRange(candidates: Candidate[]): string {
	return `items ${candidates[0].index + 1}–${candidates[candidates.length - 1].index + 1}`;
}

/**
 * A lookup or write for `candidates` finally failed (SPEC §5). Configuration and authentication
 * causes fail the node: no other batch can succeed. Anything else (429/5xx after the retries,
 * timeouts) puts the items on Not Pushed with the cause, whatever "continue on fail" says: the
 * trigger has already moved its cursor past them, so failing the node would lose them for good.
 */
function failCandidates(
	this: IExecuteFunctions,
	error: unknown,
	what: string,
	candidates: Candidate[],
	outcomes: Array<Outcome | undefined>,
): void {
	const cause = describeFailure(error);
	if (cause.fatal) {
		throw batchError.call(this, error, cause, what, candidates[0].index);
	}
	const pushError: PushError = { code: cause.code, message: cause.message };
	if (cause.status !== null) pushError.httpStatus = cause.status;
	for (const candidate of candidates) outcomes[candidate.index] = { error: { ...pushError } };
}

/**
 * Phase 1: look existing records up (per group of 100 items; searchRecords splits the criteria
 * into calls of ≤10, ref §5.4) and plan every item. Items decided without a write get their
 * outcome; the rest are returned in input order.
 */
async function planWrites(
	this: IExecuteFunctions,
	settings: PushSettings,
	candidates: Candidate[],
	outcomes: Array<Outcome | undefined>,
): Promise<PlannedWrite[]> {
	const writes: PlannedWrite[] = [];
	for (const group of chunk(candidates, MAX_RECORDS_PER_WRITE)) {
		const records = group.map((candidate) => candidate.record);
		let existing: RecruitRecord[] = [];
		if (needsLookup(settings)) {
			try {
				existing = await searchExisting.call(this, settings, records);
			} catch (error) {
				const what = `Looking up existing records for ${itemRange(group)}`;
				failCandidates.call(this, error, what, group, outcomes);
				continue;
			}
		}
		planBatch(records, existing, settings).forEach((plan, k) => {
			const candidate = group[k];
			if ('outcome' in plan) outcomes[candidate.index] = plan.outcome;
			else writes.push({ candidate, payload: plan.payload, existingId: plan.existingId });
		});
	}
	return writes;
}

/**
 * dryRun: what a real run would report, with everything it would send (payload, tags, note),
 * and no write.
 */
function previewOutcomes(
	settings: PushSettings,
	items: INodeExecutionData[],
	writes: PlannedWrite[],
	candidates: Candidate[],
	outcomes: Array<Outcome | undefined>,
): void {
	for (const candidate of candidates) {
		const outcome = outcomes[candidate.index];
		if (outcome && 'pushed' in outcome && outcome.pushed.action === 'unchanged') {
			outcomes[candidate.index] = {
				pushed: { id: outcome.pushed.id, action: 'dryRun', wouldBe: 'unchanged' },
			};
		}
	}
	for (const write of writes) {
		outcomes[write.candidate.index] = {
			pushed: {
				id: write.existingId,
				action: 'dryRun',
				wouldBe: plannedAction(write),
				payload: write.payload,
			},
		};
	}
	const pushedAt = nowIso();
	for (const candidate of candidates) {
		const outcome = outcomes[candidate.index];
		if (!outcome || !('pushed' in outcome)) continue;
		// Same rule as the real run: tags and a note go to every record that is (or would be) pushed.
		if (candidate.tags.length > 0) outcome.pushed.tags = candidate.tags;
		if (settings.addNote) outcome.pushed.note = buildNote(items[candidate.index].json, pushedAt);
	}
}

function nowIso(): string {
	return DateTime.now().toUTC().toISO({ suppressMilliseconds: true }) as string;
}

/** One write call for ≤100 planned records; each result goes back to its item. */
async function writeBatch(
	this: IExecuteFunctions,
	settings: PushSettings,
	batch: PlannedWrite[],
	outcomes: Array<Outcome | undefined>,
): Promise<void> {
	const mode = WRITE_MODE[settings.operation];
	const payloads = batch.map((write) => write.payload);
	const results: WriteResult[] =
		mode === 'insert'
			? await insertWithoutDuplicates.call(this, settings, payloads)
			: await writeRecordsBatch.call(this, settings.module, mode, payloads, {
					trigger: settings.trigger,
					duplicateCheckFields: mode === 'upsert' ? settings.matchingColumns : undefined,
				});
	batch.forEach((write, k) => {
		const result = results[k];
		outcomes[write.candidate.index] = result.ok
			? { pushed: { id: result.id ?? write.existingId, action: toAction(result, mode) } }
			: { error: toError(result) };
	});
}

function batchError(
	this: IExecuteFunctions,
	error: unknown,
	cause: FailureCause,
	what: string,
	itemIndex: number,
): NodeApiError {
	const description =
		error !== null &&
		typeof error === 'object' &&
		typeof (error as IDataObject).description === 'string'
			? ((error as IDataObject).description as string)
			: undefined;
	return new NodeApiError(
		this.getNode(),
		{ message: cause.message, code: cause.code } as JsonObject,
		{
			message: `${what} failed: ${cause.message}`,
			description: description ?? `Cause: ${cause.code}`,
			httpCode: cause.status !== null ? String(cause.status) : undefined,
			itemIndex,
		},
	);
}

function readSettings(
	this: IExecuteFunctions,
	fieldsById: Map<string, RecruitField>,
): PushSettings {
	const module = this.getNodeParameter('module', 0) as RecruitModule;
	const operation = this.getNodeParameter('operation', 0) as PushOperation;
	let matchingColumns = (this.getNodeParameter('columns.matchingColumns', 0, []) as string[]) ?? [];
	if (matchingColumns.length === 0) matchingColumns = ['Email'];
	const unknown = matchingColumns.filter((column) => !fieldsById.has(column));
	if (unknown.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Matching column ${unknown.join(', ')} is not a field of the Recruit ${module} layout`,
			{ description: 'Refresh the field list of "Columns" and choose the matching column again' },
		);
	}
	return {
		module,
		operation,
		matchingColumns,
		dryRun: this.getNodeParameter('options.dryRun', 0, false) as boolean,
		fillEmpty:
			this.getNodeParameter('options.existingRecordPolicy', 0, 'overwrite') === 'fillEmpty',
		trigger: (this.getNodeParameter('options.runAutomations', 0, true) as boolean)
			? ALL_AUTOMATIONS
			: [],
		addNote: this.getNodeParameter('options.addNote', 0, false) as boolean,
	};
}

/** The resource mapper reports a value of the wrong type as "Invalid input for 'X' [item i]". */
function invalidInputError(error: unknown): PushError {
	const message = error instanceof Error ? error.message : String(error);
	const field = /for '([^']+)'/.exec(message)?.[1];
	return field ? { code: 'INVALID_DATA', message, field } : { code: 'INVALID_DATA', message };
}

/** Builds and validates each item's record; invalid items get their outcome right away. */
function prepareCandidates(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: PushSettings,
	fields: RecruitField[],
	outcomes: Array<Outcome | undefined>,
): Candidate[] {
	const fieldsById = new Map(fields.map((field) => [field.apiName, field]));
	const autoMappable = new Map(
		fields.filter(isAutoMappable).map((field) => [field.apiName, field]),
	);
	const mandatory = fields.filter((field) => field.mandatory).map((field) => field.apiName);
	const autoMap =
		this.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	// Issue 12: every value is checked against the live layout here, before any lookup or write.
	const validation = readValidationOptions.call(this);

	const candidates: Candidate[] = [];
	for (let i = 0; i < items.length; i++) {
		let mapped: IDataObject;
		let tags: string[];
		try {
			mapped = autoMap
				? autoMapItem(items[i].json, settings.module, autoMappable)
				: ((this.getNodeParameter('columns.value', i, {}, MAPPED_VALUES) as IDataObject | null) ??
					{});
			tags = parseTags(this.getNodeParameter('options.tags', i, ''));
		} catch (error) {
			outcomes[i] = { error: invalidInputError(error) };
			continue;
		}
		const { record, invalid: unsupported } = buildRecord(mapped, fieldsById, validation);
		const invalid =
			unsupported ??
			validateRecord(record, settings.matchingColumns, mandatory, settings.operation !== 'update');
		if (invalid) {
			outcomes[i] = { error: invalid };
			continue;
		}
		candidates.push({ index: i, record, tags });
	}
	return candidates;
}

/** add_tags once per distinct tag set (ref §5.8), after the writes. */
async function tagRecords(
	this: IExecuteFunctions,
	settings: PushSettings,
	candidates: Candidate[],
	outcomes: Array<Outcome | undefined>,
): Promise<void> {
	const groups = new Map<string, { tags: string[]; entries: Pushed[] }>();
	for (const candidate of candidates) {
		const outcome = outcomes[candidate.index];
		if (!outcome || !('pushed' in outcome) || !outcome.pushed.id || candidate.tags.length === 0)
			continue;
		const key = tagSetKey(candidate.tags);
		const group = groups.get(key) ?? { tags: candidate.tags, entries: [] };
		group.entries.push(outcome.pushed);
		groups.set(key, group);
	}
	for (const { tags, entries } of groups.values()) {
		const ids = [...new Set(entries.map((entry) => entry.id as string))];
		let results: RecordResult[];
		try {
			results = await addTags.call(this, settings.module, ids, tags);
		} catch (error) {
			const cause = describeFailure(error);
			if (cause.fatal)
				throw batchError.call(this, error, cause, `Adding tags ${tags.join(', ')}`, 0);
			for (const entry of entries) entry.tagError = `${cause.code}: ${cause.message}`;
			continue;
		}
		const byId = new Map(ids.map((id, k) => [id, results[k]]));
		for (const entry of entries) {
			const result = byId.get(entry.id as string);
			if (result?.ok) entry.tags = tags;
			else
				entry.tagError = result ? `${result.code}: ${result.message}` : 'No result for this record';
		}
	}
}

/** One note per written record (ref §5.8); a failed note does not undo the push. */
async function addNotes(
	this: IExecuteFunctions,
	settings: PushSettings,
	items: INodeExecutionData[],
	candidates: Candidate[],
	outcomes: Array<Outcome | undefined>,
): Promise<void> {
	const pushedAt = nowIso();
	const targets: Array<{
		entry: Pushed;
		note: { module: string; parentId: string; title: string; content: string };
	}> = [];
	for (const candidate of candidates) {
		const outcome = outcomes[candidate.index];
		if (!outcome || !('pushed' in outcome) || !outcome.pushed.id) continue;
		const { title, content } = buildNote(items[candidate.index].json, pushedAt);
		targets.push({
			entry: outcome.pushed,
			note: { module: settings.module, parentId: outcome.pushed.id, title, content },
		});
	}
	if (targets.length === 0) return;
	let results: RecordResult[];
	try {
		results = await createNotes.call(
			this,
			targets.map((target) => target.note),
		);
	} catch (error) {
		const cause = describeFailure(error);
		if (cause.fatal) throw batchError.call(this, error, cause, 'Adding notes', 0);
		for (const { entry } of targets) entry.noteError = `${cause.code}: ${cause.message}`;
		return;
	}
	targets.forEach(({ entry }, k) => {
		const result = results[k];
		if (result?.ok && result.id) entry.noteId = result.id;
		else entry.noteError = result ? `${result.code}: ${result.message}` : 'No result for this note';
	});
}

/** execute() of Recruit Push: returns [Pushed, Not Pushed]; every item lands on one of them. */
export async function pushItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[], []];
	const module = this.getNodeParameter('module', 0) as RecruitModule;
	// Live layout: mandatory flags and data types decide validation and value formats.
	const fields = await getRecruitFields.call(this, module);
	const settings = readSettings.call(this, new Map(fields.map((field) => [field.apiName, field])));

	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	const candidates = prepareCandidates.call(this, items, settings, fields, outcomes);

	const writes = await planWrites.call(this, settings, candidates, outcomes);
	if (settings.dryRun) {
		previewOutcomes(settings, items, writes, candidates, outcomes);
	} else {
		// Phase 2: only records that need a write, packed into full batches (fillEmpty and
		// create/update leave gaps in the input's batches of 100).
		const batches = chunk(writes, MAX_RECORDS_PER_WRITE);
		for (let b = 0; b < batches.length; b++) {
			const batch = batches[b];
			const batchCandidates = batch.map((write) => write.candidate);
			try {
				await writeBatch.call(this, settings, batch, outcomes);
			} catch (error) {
				const what = `Batch ${b + 1} of ${batches.length} (${itemRange(batchCandidates)})`;
				failCandidates.call(this, error, what, batchCandidates, outcomes);
			}
		}
	}

	if (!settings.dryRun) {
		await tagRecords.call(this, settings, candidates, outcomes);
		if (settings.addNote) await addNotes.call(this, settings, items, candidates, outcomes);
	}

	const pushed: INodeExecutionData[] = [];
	const notPushed: INodeExecutionData[] = [];
	items.forEach((item, i) => {
		const outcome = outcomes[i] ?? {
			error: { code: 'NOT_PROCESSED', message: 'Item was not processed' },
		};
		if ('pushed' in outcome) {
			const { id, action, ...details } = outcome.pushed;
			const recruit: IDataObject = { id, module: settings.module, action, ...details };
			if (outcome.pushed.payload) recruit.request = requestPreview(settings);
			pushed.push({ json: { ...item.json, recruit }, pairedItem: { item: i } });
		} else {
			notPushed.push({
				json: { ...item.json, pushError: { ...outcome.error } as IDataObject },
				pairedItem: { item: i },
			});
		}
	});
	return [pushed, notPushed];
}
