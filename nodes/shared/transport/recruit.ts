import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	fieldsResponseSchema,
	listResponseSchema,
	recordResultEntrySchema,
	requestErrorSchema,
	usersResponseSchema,
	writeResponseSchema,
	type RecordResultEntry,
} from '../schemas/recruit';
import {
	isObject,
	REQUEST_TIMEOUT_MS,
	resolveApiOrigin,
	sendAuthenticated,
	thrownBody,
	thrownHeaders,
	thrownNetworkCode,
	thrownStatus,
	zohoApiError,
	type RawResponse,
} from './http';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	RECRUIT_EXECUTION_WAIT_BUDGET_MS,
	RECRUIT_RETRY_POLICY,
	retryRuntime,
	serverWaitMs,
	withRetry,
	type WaitBudget,
} from './retry';

/**
 * Zoho Recruit API v2 (ref §4–§7): the only code that knows its URLs, batches and retries.
 * Every call goes through recruitApiRequest, which returns the status code because Recruit
 * signals meaning with it: 204 = nothing found, 202/400 = per-record results in data[].
 */

export type RecruitContext = IExecuteFunctions | ILoadOptionsFunctions;

export const RECRUIT_CREDENTIAL = 'zohoRecruitOAuth2Api';

export interface RecruitResponse {
	statusCode: number;
	/** null on 204. */
	body: IDataObject | null;
}

/** Hints for request-level errors a user can act on (ref §7). */
const ERROR_HINTS: Record<string, string> = {
	INVALID_TOKEN:
		'Zoho rejected the access token even after n8n refreshed it. Reconnect the Zoho Recruit credential and check its data centre.',
	AUTHENTICATION_FAILURE:
		'Zoho did not accept the authentication. Reconnect the Zoho Recruit credential and check its data centre.',
	OAUTH_SCOPE_MISMATCH:
		'The connected token lacks a scope this operation needs. Reconnect the credential so Zoho grants all of its scopes.',
	NO_PERMISSION: 'The connected Zoho user has no permission for this operation.',
	INVALID_MODULE: 'The module does not exist or is not available in this Zoho Recruit account.',
	INVALID_URL_PATTERN: 'Zoho does not know this API path.',
	LIMIT_EXCEEDED: 'Too many records or criteria in one request.',
	INVALID_QUERY: 'Zoho could not parse the search criteria.',
};

function queryString(qs: IDataObject | undefined): string {
	if (!qs) return '';
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		const text = Array.isArray(value) ? value.join(',') : String(value);
		// encodeURIComponent (unlike axios' default serializer) also encodes "," and "\", which is
		// what Zoho documents for criteria values: "Burns\,B" → "Burns%5C%2CB" (ref §5.4).
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
	}
	return parts.length ? `?${parts.join('&')}` : '';
}

function requestLevelError(body: unknown): { code: string; message: string } | null {
	if (!isObject(body) || Array.isArray(body.data)) return null;
	const parsed = requestErrorSchema.safeParse(body);
	return parsed.success ? { code: parsed.data.code, message: parsed.data.message } : null;
}

/**
 * When Zoho says the call may be tried again, in epoch ms: Retry-After (seconds or an HTTP date)
 * or x-ratelimit-reset headers, else a time in the error's details (Recruit's 429 body is not
 * documented; `next_release` / `reset_time` / `retry_after` are accepted as ISO, epoch or
 * seconds). null when Zoho is silent.
 */
export function zohoRetryAt(
	headers: Record<string, unknown> | undefined,
	body: unknown,
	nowMs: number,
): number | null {
	const wait = serverWaitMs(headers, nowMs);
	if (wait !== null) return nowMs + wait;
	const details = isObject(body) && isObject(body.details) ? body.details : null;
	if (!details) return null;
	for (const key of ['next_release', 'reset_time', 'resets_at']) {
		const value = details[key];
		const at =
			typeof value === 'number'
				? value > 1e12
					? value
					: value * 1000
				: typeof value === 'string'
					? Date.parse(value)
					: NaN;
		// Zoho's time as given, even when it is already past by our clock (skew): "now".
		if (Number.isFinite(at)) return at;
	}
	const seconds = Number(details.retry_after);
	return Number.isFinite(seconds) && seconds >= 0 ? nowMs + seconds * 1000 : null;
}

/**
 * The error a failed request throws. Besides Zoho's code (context.zohoCode, set by
 * zohoApiError) it carries what the push needs to classify it without reading the message:
 * context.networkCode (ECONNRESET, ETIMEDOUT, …) and context.retryAt (ISO, when Zoho said).
 */
function requestFailure(
	ctx: RecruitContext,
	request: { method: string; path: string },
	failure: {
		status: number | null;
		body: unknown;
		headers?: Record<string, unknown>;
		networkCode?: string;
		fallback: string;
	},
) {
	const { status, body } = failure;
	const zoho = requestLevelError(body);
	const what = zoho ? `${zoho.code}${zoho.message ? ` – ${zoho.message}` : ''}` : failure.fallback;
	let hint = zoho ? ERROR_HINTS[zoho.code] : undefined;
	if (!hint && status === 429) {
		hint =
			'Zoho Recruit is rate limiting this account (API credits or concurrency); retried with backoff and gave up.';
	} else if (!hint && status !== null && status >= 500) {
		hint = 'Zoho Recruit failed to process the request.';
	}
	const error = zohoApiError(ctx, {
		message: `Zoho Recruit ${request.method} /${request.path} failed: ${what}${status ? ` (HTTP ${status})` : ''}`,
		description: hint,
		httpCode: status,
		zohoCode: zoho?.code,
		body,
	});
	if (failure.networkCode) error.context.networkCode = failure.networkCode;
	const retryAt = zohoRetryAt(failure.headers, body, retryRuntime().now());
	if (retryAt !== null) error.context.retryAt = new Date(retryAt).toISOString();
	return error;
}

/** How long Zoho asked to wait before the next attempt (headers or the 429 body), or null. */
function serverWait(response: RawResponse): number | null {
	const now = retryRuntime().now();
	const at = zohoRetryAt(response.headers, response.body, now);
	return at === null ? null : Math.max(0, at - now);
}

// One wait budget per execution: a long outage must not hold one run for minutes per batch.
const waitBudgets = new WeakMap<object, WaitBudget>();

function waitBudget(ctx: RecruitContext): WaitBudget {
	let budget = waitBudgets.get(ctx);
	if (!budget) {
		budget = { remainingMs: RECRUIT_EXECUTION_WAIT_BUDGET_MS };
		waitBudgets.set(ctx, budget);
	}
	return budget;
}

/**
 * One call. Retries 429 and 5xx with capped, jittered backoff (sleep from n8n-workflow) when
 * `idempotent` (default true); when false only 429 is retried (a 5xx may have been applied).
 * Per-record error arrays (HTTP 202/400 with data[]) are returned, not thrown. Throws
 * NodeApiError with httpCode for auth errors (INVALID_TOKEN after n8n's refresh,
 * AUTHENTICATION_FAILURE, OAUTH_SCOPE_MISMATCH), request-level errors (INVALID_MODULE,
 * INVALID_QUERY, LIMIT_EXCEEDED, ...), and 429/5xx after the last retry. Every request has a
 * timeout.
 */
export async function recruitApiRequest(
	this: RecruitContext,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	options: { qs?: IDataObject; body?: IDataObject; idempotent?: boolean; timeoutMs?: number } = {},
): Promise<RecruitResponse> {
	const origin = await resolveApiOrigin(this, RECRUIT_CREDENTIAL, 'recruit');
	const cleanPath = path.replace(/^\/+/, '');
	const idempotent = options.idempotent ?? true;
	const url = `${origin}/recruit/v2/${cleanPath}${queryString(options.qs)}`;

	let response: RawResponse;
	const request = { method, path: cleanPath };
	try {
		response = await withRetry(
			async () =>
				await sendAuthenticated(this, RECRUIT_CREDENTIAL, {
					method,
					url,
					body: options.body,
					json: true,
					timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
				}),
			({ value, error }) =>
				value
					? {
							retryable: isRetryableStatus(value.statusCode, idempotent),
							serverWaitMs: serverWait(value),
						}
					: {
							retryable: isRetryableNetworkError(thrownNetworkCode(error), idempotent),
							serverWaitMs: null,
						},
			RECRUIT_RETRY_POLICY,
			undefined,
			waitBudget(this),
		);
	} catch (error) {
		// A 401 that survived n8n's refresh-and-retry, a timeout, a refused connection.
		throw requestFailure(this, request, {
			status: thrownStatus(error),
			body: thrownBody(error),
			headers: thrownHeaders(error),
			networkCode: thrownNetworkCode(error),
			fallback: (error as Error).message || 'request failed',
		});
	}

	const { statusCode, body } = response;
	if (statusCode === 204) return { statusCode, body: null };
	if (statusCode >= 200 && statusCode < 300) {
		return { statusCode, body: isObject(body) ? body : null };
	}
	// 400 (or any 4xx) with data[] = per-record validation results, e.g. an all-failed batch.
	if (
		statusCode >= 400 &&
		statusCode < 500 &&
		statusCode !== 429 &&
		isObject(body) &&
		Array.isArray(body.data)
	) {
		return { statusCode, body };
	}
	throw requestFailure(this, request, {
		status: statusCode,
		body,
		headers: response.headers,
		fallback: `HTTP ${statusCode}`,
	});
}

// ---------------------------------------------------------------------------------------------
// Field metadata

export interface RecruitField {
	apiName: string;
	label: string;
	dataType: string;
	jsonType: string | null;
	mandatory: boolean;
	readOnly: boolean;
	custom: boolean;
	unique: boolean;
	length: number | null;
	picklistValues: Array<{ display: string; actual: string }>;
	lookupModule: string | null;
}

function lookupModuleOf(lookup: unknown): string | null {
	if (!isObject(lookup)) return null;
	const module = lookup.module;
	if (typeof module === 'string') return module;
	if (isObject(module)) {
		const name = module.api_name ?? module.module_name ?? module.name;
		return typeof name === 'string' ? name : null;
	}
	return null;
}

function isUnique(unique: unknown): boolean {
	if (typeof unique === 'boolean') return unique;
	// CRM-style metadata: unique: { casesensitive: "false" } for unique fields, {} otherwise.
	return isObject(unique) && Object.keys(unique).length > 0;
}

/** GET /settings/fields?module= (ref §5.1), mapped to what the resource mapper needs. */
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
	return parsed.data.fields.map((field) => ({
		apiName: field.api_name,
		label: field.field_label ?? field.display_label ?? field.api_name,
		dataType: field.data_type ?? 'text',
		jsonType: field.json_type ?? null,
		mandatory: Boolean(field.system_mandatory ?? field.mandatory ?? field.required ?? false),
		readOnly: Boolean(field.read_only ?? false),
		custom: Boolean(field.custom_field ?? false),
		unique: isUnique(field.unique),
		length: field.length,
		picklistValues: field.pick_list_values ?? [],
		lookupModule: lookupModuleOf(field.lookup),
	}));
}

// ---------------------------------------------------------------------------------------------
// Search

export type RecruitRecord = IDataObject & { id: string };

export interface Criterion {
	field: string;
	operator: 'equals' | 'starts_with';
	value: string;
}

/** Zoho documents at most 10 criteria per search (ref §5.4). */
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
		const chunk = buildCriteria(criteria.slice(start, start + MAX_CRITERIA), 'or');
		for (let page = 1; page <= MAX_SEARCH_PAGES; page++) {
			const { body } = await recruitApiRequest.call(this, 'GET', `${module}/search`, {
				qs: { criteria: chunk, page, per_page: SEARCH_PAGE_SIZE },
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

export type WriteMode = 'insert' | 'update' | 'upsert';

export interface RecordResult {
	ok: boolean;
	code: string;
	message: string;
	id: string | null;
	action: 'insert' | 'update' | null;
	field: string | null;
	details: IDataObject;
}

export const MAX_RECORDS_PER_WRITE = 100;

function inferAction(entry: RecordResultEntry, mode: WriteMode | null): 'insert' | 'update' | null {
	if (entry.action === 'insert' || entry.action === 'update') return entry.action;
	if (mode === 'insert') return 'insert';
	if (mode === 'update') return 'update';
	if (/added|inserted|created/i.test(entry.message)) return 'insert';
	if (/updated/i.test(entry.message)) return 'update';
	return null;
}

/** One data[] entry → RecordResult. `status` decides success, not the HTTP code (ref §5.2). */
export function toRecordResult(raw: unknown, mode: WriteMode | null): RecordResult {
	const parsed = recordResultEntrySchema.safeParse(raw);
	if (!parsed.success) {
		return {
			ok: false,
			code: 'UNEXPECTED_RESULT',
			message: 'Zoho returned a per-record result this node cannot read',
			id: null,
			action: null,
			field: null,
			details: isObject(raw) ? raw : {},
		};
	}
	const entry = parsed.data;
	const status = entry.status?.toLowerCase();
	const ok = status === undefined ? entry.code.toUpperCase() === 'SUCCESS' : status === 'success';
	const details = entry.details as IDataObject;
	const id = details.id;
	const field = details.api_name;
	return {
		ok,
		code: entry.code || (ok ? 'SUCCESS' : 'UNKNOWN_ERROR'),
		message: entry.message,
		id: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
		action: ok ? inferAction(entry, mode) : null,
		field: !ok && typeof field === 'string' ? field : null,
		details,
	};
}

function missingResult(statusCode: number): RecordResult {
	return {
		ok: false,
		code: 'NO_RESULT',
		message: `Zoho answered HTTP ${statusCode} without a result for this record`,
		id: null,
		action: null,
		field: null,
		details: {},
	};
}

/** data[i] belongs to input i (ref §7); a short or missing data[] leaves NO_RESULT entries. */
export function mapRecordResults(
	response: RecruitResponse,
	count: number,
	mode: WriteMode | null,
): RecordResult[] {
	const parsed = writeResponseSchema.safeParse(response.body);
	const entries: unknown[] = parsed.success ? parsed.data.data : [];
	return Array.from({ length: count }, (_, i) =>
		i < entries.length ? toRecordResult(entries[i], mode) : missingResult(response.statusCode),
	);
}

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
	// trigger: [] suppresses workflows/approvals/blueprints; omitted runs them (ref §5.2).
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

function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * POST /{module}/actions/add_tags?tag_names=…&ids=… (ref §5.8), ≤100 ids per call. Results are
 * matched to ids by details.id (which the sample sends as a number), else by position.
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
	for (const chunk of chunks(ids, MAX_RECORDS_PER_WRITE)) {
		const response = await recruitApiRequest.call(this, 'POST', `${module}/actions/add_tags`, {
			qs: { tag_names: tagNames.join(','), ids: chunk.join(',') },
			idempotent: true,
		});
		const positional = mapRecordResults(response, chunk.length, null);
		const byId = new Map(positional.filter((r) => r.id !== null).map((r) => [r.id as string, r]));
		const matchById = byId.size === positional.length;
		results.push(
			...chunk.map((id, i) => {
				const result = matchById
					? (byId.get(id) ?? missingResult(response.statusCode))
					: positional[i];
				return { ...result, id: result.id ?? id };
			}),
		);
	}
	return results;
}

/** POST /Notes (ref §5.8), ≤100 per call, non-idempotent (a retried 5xx could duplicate notes). */
export async function createNotes(
	this: RecruitContext,
	notes: Array<{ module: string; parentId: string; title: string; content: string }>,
): Promise<RecordResult[]> {
	const results: RecordResult[] = [];
	for (const chunk of chunks(notes, MAX_RECORDS_PER_WRITE)) {
		const response = await recruitApiRequest.call(this, 'POST', 'Notes', {
			body: {
				data: chunk.map((note) => ({
					Note_Title: note.title,
					Note_Content: note.content,
					Parent_Id: note.parentId,
					se_module: note.module,
				})),
			},
			idempotent: false,
		});
		results.push(...mapRecordResults(response, chunk.length, 'insert'));
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

/** GET /users?type=CurrentUser (ref §4.4): the connected user, or null. */
export async function getCurrentUser(this: RecruitContext): Promise<IDataObject | null> {
	const { body } = await recruitApiRequest.call(this, 'GET', 'users', {
		qs: { type: 'CurrentUser' },
	});
	if (body === null) return null;
	const parsed = usersResponseSchema.safeParse(body);
	return parsed.success ? ((parsed.data.users[0] as IDataObject | undefined) ?? null) : null;
}
