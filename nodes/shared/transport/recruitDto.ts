import type { IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import {
	recordResultEntrySchema,
	writeResponseSchema,
	type fieldSchema,
	type RecordResultEntry,
} from '../schemas/recruit';
import { isObject } from '../collections';
import type { RecruitResponse } from './recruitRequest';

/**
 * What the Recruit transport hands to the nodes (field metadata, records, per-record write
 * results) and the pure mappers from Zoho's parsed responses to it. No HTTP here: recruit.ts
 * fetches, these shape.
 */

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

/** One entry of GET /settings/fields, mapped to what the resource mapper needs. */
export function toRecruitField(field: z.infer<typeof fieldSchema>): RecruitField {
	return {
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
	};
}

export type RecruitRecord = IDataObject & { id: string };

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

function inferAction(entry: RecordResultEntry, mode: WriteMode | null): 'insert' | 'update' | null {
	if (entry.action === 'insert' || entry.action === 'update') return entry.action;
	if (mode === 'insert') return 'insert';
	if (mode === 'update') return 'update';
	if (/added|inserted|created/i.test(entry.message)) return 'insert';
	if (/updated/i.test(entry.message)) return 'update';
	return null;
}

/**
 * details.id as a string. A number is only trusted while it is a safe integer: a larger one was
 * rounded by whatever parsed it, and a wrong id is worse than none (docs/zoho-api.md, "Record ids").
 */
function recordId(id: unknown): string | null {
	if (typeof id === 'string') return id.trim() === '' ? null : id.trim();
	if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
	return null;
}

/**
 * One data[] entry → RecordResult. `status` decides success, not the HTTP code
 * (https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html).
 */
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
		id: recordId(id),
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

/**
 * data[i] belongs to input i (docs/zoho-api.md, Recruit: Other facts the nodes use); a short or
 * missing data[] leaves NO_RESULT entries.
 */
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
