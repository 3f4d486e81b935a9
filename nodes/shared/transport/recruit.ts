import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chunk } from '../collections';
import { fieldsResponseSchema, listResponseSchema, usersResponseSchema } from '../schemas/recruit';
import { zohoApiError } from './http';
import {
	mapRecordResults,
	toRecruitField,
	type RecordResult,
	type RecruitField,
	type RecruitRecord,
	type WriteMode,
} from './recruitDto';
import { recruitApiRequest, type RecruitContext } from './recruitRequest';

/**
 * Zoho Recruit API v2 (docs/zoho-api.md, Recruit API v2): the only code that knows its URLs,
 * batches and retries, one function per endpoint the nodes use. The request, envelope, retries and
 * error context live in recruitRequest.ts, the record/field DTO types and mappers in recruitDto.ts;
 * everything the nodes import is re-exported from here.
 */

export * from './recruitDto';
export {
	RECRUIT_CREDENTIAL,
	recruitApiRequest,
	zohoRetryAt,
	type RecruitContext,
	type RecruitResponse,
} from './recruitRequest';

// ---------------------------------------------------------------------------------------------
// Field metadata

/**
 * GET /settings/fields?module=
 * (https://www.zoho.com/recruit/developer-guide/apiv2/field-meta.html), mapped to what the resource
 * mapper needs.
 */
export async function getRecruitFields(
	this: RecruitContext,
	module: string,
): Promise<RecruitField[]> {
	const { body } = await recruitApiRequest.call(this, 'GET', 'settings/fields', { qs: { module } });
	if (body === null) return [];
	const parsed = fieldsResponseSchema.safeParse(body);
	if (!parsed.success) {
		throw zohoApiError(this, {
			message: `Zoho Recruit returned unexpected field metadata for ${module}`,
			description: parsed.error.issues[0]?.message,
			httpCode: 200,
		});
	}
	return parsed.data.fields.map(toRecruitField);
}

// ---------------------------------------------------------------------------------------------
// Search

export interface Criterion {
	field: string;
	operator: 'equals' | 'starts_with';
	value: string;
}

/**
 * Zoho documents at most 10 criteria per search
 * (https://www.zoho.com/recruit/developer-guide/apiv2/search-records.html).
 */
export const MAX_CRITERIA = 10;

/**
 * Backslash-escapes `(`, `)` and `,` in a criteria value, as Zoho documents
 * (https://www.zoho.com/recruit/developer-guide/apiv2/search-records.html), and the backslash
 * itself: unescaped, a value ending in `\` would escape the closing parenthesis and make the whole
 * search INVALID_QUERY. URL encoding comes later.
 */
export function escapeCriteriaValue(value: string): string {
	return value.replace(/[\\(),]/g, (char) => `\\${char}`);
}

/** `((F:op:v)or(F:op:v))`, or `(F:op:v)` for one criterion. */
export function buildCriteria(criteria: Criterion[], join: 'and' | 'or'): string {
	if (criteria.length === 0) throw new RangeError('buildCriteria needs at least one criterion');
	if (criteria.length > MAX_CRITERIA) {
		throw new RangeError(`Zoho Recruit accepts at most ${MAX_CRITERIA} criteria per search`);
	}
	const parts = criteria.map((c) => `(${c.field}:${c.operator}:${escapeCriteriaValue(c.value)})`);
	return parts.length === 1 ? parts[0] : `(${parts.join(join)})`;
}

export const SEARCH_PAGE_SIZE = 200;
const MAX_SEARCH_PAGES = 500;

/** Search with any number of criteria: OR-joined chunks of ≤10, all pages; 204 → []. */
export async function searchRecords(
	this: RecruitContext,
	module: string,
	criteria: Criterion[],
): Promise<RecruitRecord[]> {
	const byId = new Map<string, RecruitRecord>();
	for (let start = 0; start < criteria.length; start += MAX_CRITERIA) {
		const part = buildCriteria(criteria.slice(start, start + MAX_CRITERIA), 'or');
		for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
			const { body } = await recruitApiRequest.call(this, 'GET', `${module}/search`, {
				qs: { criteria: part, page, per_page: SEARCH_PAGE_SIZE },
			});
			if (body === null) break;
			const parsed = listResponseSchema.safeParse(body);
			if (!parsed.success) {
				throw zohoApiError(this, {
					message: `Zoho Recruit search in ${module} returned an unexpected response`,
					description: parsed.error.issues[0]?.message,
					httpCode: 200,
				});
			}
			// A record can match several chunks; keep one copy.
			for (const record of parsed.data.data) byId.set(record.id, record as RecruitRecord);
			if (!parsed.data.info?.more_records || parsed.data.data.length === 0) break;
		}
	}
	return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------
// Writes

export const MAX_RECORDS_PER_WRITE = 100;

/**
 * Writes one batch (≤100 records, else throws NodeOperationError) and returns one result per
 * record in input order. insert is sent non-idempotent (see recruitApiRequest).
 */
export async function writeRecordsBatch(
	this: RecruitContext,
	module: string,
	mode: WriteMode,
	records: IDataObject[],
	options: { duplicateCheckFields?: string[]; trigger?: string[] } = {},
): Promise<RecordResult[]> {
	if (records.length > MAX_RECORDS_PER_WRITE) {
		throw new NodeOperationError(
			this.getNode(),
			`Zoho Recruit accepts at most ${MAX_RECORDS_PER_WRITE} records per write; got ${records.length}`,
			{ description: 'Split the records into batches of 100 before calling writeRecordsBatch.' },
		);
	}
	if (records.length === 0) return [];
	const body: IDataObject = { data: records };
	if (mode === 'upsert' && options.duplicateCheckFields?.length) {
		body.duplicate_check_fields = options.duplicateCheckFields;
	}
	// trigger: [] suppresses workflows/approvals/blueprints; omitted runs them
	// (https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html).
	if (options.trigger !== undefined) body.trigger = options.trigger;
	const response = await recruitApiRequest.call(
		this,
		mode === 'update' ? 'PUT' : 'POST',
		mode === 'upsert' ? `${module}/upsert` : module,
		// A retried insert after a 5xx could create duplicates; upsert/update are safe to repeat.
		{ body, idempotent: mode !== 'insert' },
	);
	return mapRecordResults(response, records.length, mode);
}

/**
 * POST /{module}/actions/add_tags?tag_names=…&ids=…
 * (https://www.zoho.com/recruit/developer-guide/apiv2/add-tags.html), ≤100 ids per call. Results
 * are matched to ids by position.
 */
export async function addTags(
	this: RecruitContext,
	module: string,
	ids: string[],
	tags: string[],
): Promise<RecordResult[]> {
	// tag_names is comma-separated, so a comma inside a tag name cannot be expressed.
	const tagNames = [...new Set(tags.map((t) => t.replace(/,/g, ' ').trim()).filter(Boolean))];
	if (ids.length === 0) return [];
	if (tagNames.length === 0) {
		return ids.map((id) => ({
			ok: true,
			code: 'SUCCESS',
			message: 'no tags to add',
			id,
			action: null,
			field: null,
			details: {},
		}));
	}
	const results: RecordResult[] = [];
	for (const batch of chunk(ids, MAX_RECORDS_PER_WRITE)) {
		const response = await recruitApiRequest.call(this, 'POST', `${module}/actions/add_tags`, {
			qs: { tag_names: tagNames.join(','), ids: batch.join(',') },
			idempotent: true,
		});
		// data[i] answers ids[i] (per-record results come in request order). Matching by
		// details.id is not safe: Zoho's sample sends it as a bare 18-digit number, which a JSON
		// parser may round (docs/zoho-api.md, "Record ids"). The id we sent is the record's id.
		const positional = mapRecordResults(response, batch.length, null);
		results.push(...batch.map((id, i) => ({ ...positional[i], id })));
	}
	return results;
}

/**
 * POST /Notes (https://www.zoho.com/recruit/developer-guide/apiv2/create-notes.html), ≤100 per
 * call, non-idempotent (a retried 5xx could duplicate notes).
 */
export async function createNotes(
	this: RecruitContext,
	notes: Array<{ module: string; parentId: string; title: string; content: string }>,
): Promise<RecordResult[]> {
	const results: RecordResult[] = [];
	for (const batch of chunk(notes, MAX_RECORDS_PER_WRITE)) {
		const response = await recruitApiRequest.call(this, 'POST', 'Notes', {
			body: {
				data: batch.map((note) => ({
					Note_Title: note.title,
					Note_Content: note.content,
					Parent_Id: note.parentId,
					se_module: note.module,
				})),
			},
			idempotent: false,
		});
		results.push(...mapRecordResults(response, batch.length, 'insert'));
	}
	return results;
}

/** A note already on a record: what the push needs to avoid adding it twice. */
export interface RecordNote {
	id: string;
	title: string;
}

/**
 * GET /{module}/{id}/Notes, every page: the record's notes (the related list as CRM v2 has it;
 * the Recruit path is inferred, see test/sandbox/README.md). 204 → [].
 */
export async function getRecordNotes(
	this: RecruitContext,
	module: string,
	id: string,
): Promise<RecordNote[]> {
	const notes: RecordNote[] = [];
	for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
		const { body } = await recruitApiRequest.call(this, 'GET', `${module}/${id}/Notes`, {
			qs: { page, per_page: SEARCH_PAGE_SIZE },
		});
		const parsed = listResponseSchema.safeParse(body);
		if (body === null || !parsed.success) break;
		for (const note of parsed.data.data) {
			const title = (note as IDataObject).Note_Title;
			notes.push({ id: String(note.id), title: typeof title === 'string' ? title : '' });
		}
		if (!parsed.data.info?.more_records || parsed.data.data.length === 0) break;
	}
	return notes;
}

/**
 * GET /users?type=CurrentUser (test/sandbox/README.md, Recruit API v2): the connected user, or
 * null.
 */
export async function getCurrentUser(this: RecruitContext): Promise<IDataObject | null> {
	const { body } = await recruitApiRequest.call(this, 'GET', 'users', {
		qs: { type: 'CurrentUser' },
	});
	if (body === null) return null;
	const parsed = usersResponseSchema.safeParse(body);
	return parsed.success ? ((parsed.data.users[0] as IDataObject | undefined) ?? null) : null;
}
