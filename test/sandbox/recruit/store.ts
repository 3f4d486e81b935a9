// In-memory Recruit org: records per module, validation and the write operations (ref §5.2–5.8,
// §7 per-record results).
import { resolveTime, type SandboxClock } from '../clock';
import type { Scenario } from '../scenario';
import { recruitTime } from '../time';
import { buildLayout, RECORD_MODULES, type FieldDef } from './fields';
import { RecordIndex } from './recordIndex';

export interface RecordResult {
	code: string;
	details: Record<string, unknown>;
	message: string;
	status: 'success' | 'error';
	action?: 'insert' | 'update';
	duplicate_field?: string | null;
}

export interface RecordLogEntry {
	at: string;
	operation: 'insert' | 'update' | 'add_tags' | 'note';
	/** The request's `trigger` array; null when the request omitted it (automations run). */
	trigger?: string[] | null;
	fields?: string[];
	tags?: string[];
	noteId?: string;
}

export interface StoredNote {
	id: string;
	Note_Title: string | null;
	Note_Content: string;
	Parent_Id: { name: string | null; id: string };
	$se_module: string;
	Created_Time: string;
	Modified_Time: string;
	Created_By: { name: string; id: string };
	Note_Owner: { name: string; id: string };
}

export interface StoredRecord {
	id: string;
	values: Record<string, unknown>;
	tags: string[];
	notes: StoredNote[];
	log: RecordLogEntry[];
	createdAt: number;
	modifiedAt: number;
	serial: number;
}

export interface ModuleState {
	name: string;
	fields: FieldDef[];
	records: StoredRecord[];
	tagIds: Map<string, string>;
	/** By id and by field value, kept in step with `records` (recordIndex.ts). */
	index: RecordIndex;
}

export interface RecruitUser {
	id: string;
	full_name: string;
	email: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// At least one digit: "()" or "+" alone is not a phone number.
const PHONE_PATTERN = /^[0-9+()\-.\s/xX#*]*[0-9][0-9+()\-.\s/xX#*]*$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))?$/;

/**
 * Zoho's date fields take yyyy-MM-dd and date-time fields an ISO date-time
 * (https://www.zoho.com/recruit/developer-guide/apiv2/insert-records.html); a date that does not
 * exist (2026-02-30) or a time such as 24:61 is INVALID_DATA, never rolled over.
 */
function isCalendarValue(raw: string, type: 'date' | 'datetime'): boolean {
	const match = (type === 'date' ? DATE_PATTERN : DATETIME_PATTERN).exec(raw);
	if (!match) return false;
	const [year, month, day, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] =
		match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day &&
		hour < 24 &&
		minute < 60 &&
		second < 60 &&
		offsetHour <= 14 &&
		offsetMinute < 60
	);
}

function isEmpty(value: unknown): boolean {
	return (
		value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
	);
}

function success(message: string, details: Record<string, unknown>): RecordResult {
	return { code: 'SUCCESS', details, message, status: 'success' };
}

function failure(code: string, message: string, details: Record<string, unknown>): RecordResult {
	return { code, details, message, status: 'error' };
}

/** ref §5.3: upsert successes carry `action` and `duplicate_field`; errors stay plain. */
function withAction(
	result: RecordResult,
	action: 'insert' | 'update',
	field: string | null,
): RecordResult {
	if (result.status !== 'success') return result;
	return {
		code: result.code,
		duplicate_field: field,
		action,
		details: result.details,
		message: result.message,
		status: result.status,
	};
}

export class RecruitStore {
	modules = new Map<string, ModuleState>();
	user: RecruitUser;
	timeZone: string;
	private nextId = 486812000001000000n;
	private serial = 0;

	constructor(
		scenario: Scenario,
		private clock: SandboxClock,
		baseMs: number,
	) {
		const recruit = scenario.recruit ?? {};
		this.timeZone = recruit.timeZone ?? scenario.account?.timeZone ?? 'UTC';
		this.user = {
			id: recruit.user?.id ?? '486812000000216003',
			full_name: recruit.user?.full_name ?? 'Sandbox Recruiter',
			email: recruit.user?.email ?? 'recruiter@sandbox.example.com',
		};
		const enabled = RECORD_MODULES.filter(
			(m) => m !== 'Contacts' || recruit.contactsModuleEnabled !== false,
		);
		for (const name of enabled) {
			const config = recruit.modules?.[name];
			const records: StoredRecord[] = [];
			this.modules.set(name, {
				name,
				fields: buildLayout(name, config?.fields, recruit),
				records,
				tagIds: new Map(),
				index: new RecordIndex(records),
			});
		}
		for (const [name, config] of Object.entries(recruit.modules ?? {})) {
			const module = this.modules.get(name);
			if (!module) {
				if (name === 'Contacts' && recruit.contactsModuleEnabled === false) continue;
				throw new Error(
					`Scenario: unknown Recruit module "${name}" (known: ${RECORD_MODULES.join(', ')})`,
				);
			}
			for (const input of config.records ?? []) this.seed(module, input, baseMs);
		}
	}

	private newId(): string {
		this.nextId += 1n;
		return String(this.nextId);
	}

	private owner(): { name: string; id: string } {
		return { name: this.user.full_name, id: this.user.id };
	}

	private seed(module: ModuleState, input: Record<string, unknown>, baseMs: number): void {
		const { id, Created_Time, Modified_Time, Tag, ...values } = input;
		const createdAt =
			typeof Created_Time === 'string'
				? resolveTime(Created_Time, baseMs)
				: baseMs - 30 * 86_400_000;
		const modifiedAt =
			typeof Modified_Time === 'string' ? resolveTime(Modified_Time, baseMs) : createdAt;
		const check = this.validate(module, values, 'insert', undefined);
		if ('error' in check) {
			throw new Error(
				`Scenario: invalid ${module.name} record ${JSON.stringify(input)}: ${check.error.code} ${JSON.stringify(check.error.details)}`,
			);
		}
		const record: StoredRecord = {
			id: typeof id === 'string' ? id : this.newId(),
			values: check.values,
			tags: Array.isArray(Tag) ? Tag.map(String) : [],
			notes: [],
			log: [],
			createdAt,
			modifiedAt,
			serial: ++this.serial,
		};
		for (const tag of record.tags) this.tagId(module, tag);
		module.records.push(record);
		module.index.added(record);
	}

	module(name: string): ModuleState | undefined {
		return this.modules.get(name);
	}

	findById(module: ModuleState, id: unknown): StoredRecord | undefined {
		const wanted = typeof id === 'object' && id !== null ? (id as Record<string, unknown>).id : id;
		return module.index.findById(String(wanted));
	}

	private tagId(module: ModuleState, name: string): string {
		let id = module.tagIds.get(name);
		if (!id) {
			id = this.newId();
			module.tagIds.set(name, id);
		}
		return id;
	}

	/** The record as GET returns it: every layout field (null when unset) plus system fields. */
	view(module: ModuleState, record: StoredRecord): Record<string, unknown> {
		const out: Record<string, unknown> = { id: record.id };
		for (const field of module.fields) out[field.api_name] = record.values[field.api_name] ?? null;
		const v = record.values;
		if ('Full_Name' in out)
			out.Full_Name = [v.First_Name, v.Last_Name].filter((x) => !isEmpty(x)).join(' ') || null;
		if ('Candidate_ID' in out) out.Candidate_ID = `ZR_${record.serial}_CAND`;
		const ownerField = module.fields.find((f) => f.data_type === 'ownerlookup' && !f.read_only);
		if (ownerField && out[ownerField.api_name] === null) out[ownerField.api_name] = this.owner();
		out.Created_Time = recruitTime(record.createdAt, this.timeZone);
		out.Modified_Time = recruitTime(record.modifiedAt, this.timeZone);
		out.Created_By = this.owner();
		out.Modified_By = this.owner();
		out.Tag = record.tags.map((name) => ({ name, id: module.tagIds.get(name) }));
		return out;
	}

	/**
	 * Mandatory fields first (MANDATORY_NOT_FOUND), then each given value (INVALID_DATA).
	 * Unknown and read-only keys are ignored, as Zoho ignores them.
	 */
	validate(
		module: ModuleState,
		input: Record<string, unknown>,
		mode: 'insert' | 'update',
		existing: StoredRecord | undefined,
	): { values: Record<string, unknown> } | { error: RecordResult } {
		for (const field of module.fields) {
			if (!field.system_mandatory || field.read_only) continue;
			const given = Object.prototype.hasOwnProperty.call(input, field.api_name);
			const missing =
				mode === 'insert'
					? isEmpty(input[field.api_name])
					: given && isEmpty(input[field.api_name]);
			if (missing) {
				return {
					error: failure('MANDATORY_NOT_FOUND', 'required field not found', {
						api_name: field.api_name,
					}),
				};
			}
		}
		const values: Record<string, unknown> =
			mode === 'update' && existing ? { ...existing.values } : {};
		for (const [key, raw] of Object.entries(input)) {
			const field = module.fields.find((f) => f.api_name === key);
			if (!field || field.read_only) continue;
			if (raw === null || (typeof raw === 'string' && raw === '' && field.data_type !== 'lookup')) {
				values[key] = null;
				continue;
			}
			const checked = this.checkValue(field, raw);
			if ('error' in checked) return { error: checked.error };
			values[key] = checked.value;
		}
		return { values };
	}

	private checkValue(field: FieldDef, raw: unknown): { value: unknown } | { error: RecordResult } {
		const invalid = (extra: Record<string, unknown> = {}) => ({
			error: failure('INVALID_DATA', 'invalid data', {
				api_name: field.api_name,
				expected_data_type: field.data_type,
				...extra,
			}),
		});
		switch (field.data_type) {
			case 'text':
			case 'textarea':
			case 'website':
			case 'email':
			case 'phone':
			case 'picklist': {
				if (typeof raw !== 'string') return invalid();
				// ref §5.2: an over-length value is an error.
				if (field.length !== null && raw.length > field.length)
					return invalid({ maximum_length: field.length });
				if (field.data_type === 'email' && !EMAIL_PATTERN.test(raw)) return invalid();
				if (field.data_type === 'phone' && !PHONE_PATTERN.test(raw)) return invalid();
				if (
					field.data_type === 'picklist' &&
					field.restricted &&
					!field.pick_list_values.some((p) => p.actual_value === raw)
				) {
					return invalid();
				}
				return { value: raw };
			}
			case 'integer':
				if (typeof raw !== 'number' || !Number.isInteger(raw)) return invalid();
				if (field.length !== null && String(Math.abs(raw)).length > field.length)
					return invalid({ maximum_length: field.length });
				return { value: raw };
			case 'double':
			case 'currency':
				return typeof raw === 'number' && Number.isFinite(raw) ? { value: raw } : invalid();
			case 'boolean':
				return typeof raw === 'boolean' ? { value: raw } : invalid();
			case 'date':
			case 'datetime':
				return typeof raw === 'string' && isCalendarValue(raw, field.data_type)
					? { value: raw }
					: invalid();
			case 'multiselectpicklist':
				return Array.isArray(raw) && raw.every((x) => typeof x === 'string')
					? { value: raw }
					: invalid();
			case 'ownerlookup':
				if (typeof raw === 'string' || (typeof raw === 'object' && raw !== null && 'id' in raw)) {
					const id = typeof raw === 'string' ? raw : String((raw as Record<string, unknown>).id);
					return id === this.user.id ? { value: this.owner() } : invalid();
				}
				return invalid();
			case 'lookup':
				return this.resolveLookup(field, raw, invalid);
			default:
				return { value: raw };
		}
	}

	/** A lookup takes a record id, `{id}` or `{name}` of an existing record of the looked-up module. */
	private resolveLookup(
		field: FieldDef,
		raw: unknown,
		invalid: () => { error: RecordResult },
	): { value: unknown } | { error: RecordResult } {
		const target = 'module' in field.lookup ? this.modules.get(field.lookup.module) : undefined;
		if (!target) return invalid();
		const nameField = target.fields.find((f) => f.system_mandatory)?.api_name ?? 'Name';
		let found: StoredRecord | undefined;
		if (typeof raw === 'string') {
			found =
				this.findById(target, raw) ??
				target.records.find(
					(r) => String(r.values[nameField] ?? '').toLowerCase() === raw.toLowerCase(),
				);
		} else if (typeof raw === 'object' && raw !== null) {
			const obj = raw as Record<string, unknown>;
			if (obj.id !== undefined) found = this.findById(target, obj.id);
			else if (typeof obj.name === 'string') {
				found = target.records.find(
					(r) => String(r.values[nameField] ?? '').toLowerCase() === String(obj.name).toLowerCase(),
				);
			}
		}
		return found ? { value: { name: found.values[nameField] ?? null, id: found.id } } : invalid();
	}

	private uniqueFields(module: ModuleState): FieldDef[] {
		return module.fields.filter((f) => f.unique);
	}

	/** DUPLICATE_DATA on a unique field held by another record (ref §5.2: checked on every insert). */
	private duplicateOf(
		module: ModuleState,
		values: Record<string, unknown>,
		selfId?: string,
	): RecordResult | undefined {
		for (const field of this.uniqueFields(module)) {
			const clash = module.index
				.withValue(field.api_name, values[field.api_name])
				.find((r) => r.id !== selfId);
			if (clash) {
				return failure('DUPLICATE_DATA', 'duplicate data', {
					api_name: field.api_name,
					id: clash.id,
				});
			}
		}
		return undefined;
	}

	private createdDetails(record: StoredRecord): Record<string, unknown> {
		return {
			id: record.id,
			Created_Time: recruitTime(record.createdAt, this.timeZone),
			Modified_Time: recruitTime(record.modifiedAt, this.timeZone),
			Created_By: this.owner(),
			Modified_By: this.owner(),
		};
	}

	private insertOne(
		module: ModuleState,
		input: Record<string, unknown>,
		trigger: string[] | null,
	): RecordResult {
		const checked = this.validate(module, input, 'insert', undefined);
		if ('error' in checked) return checked.error;
		const duplicate = this.duplicateOf(module, checked.values);
		if (duplicate) return duplicate;
		const now = this.clock.now();
		const record: StoredRecord = {
			id: this.newId(),
			values: checked.values,
			tags: [],
			notes: [],
			log: [],
			createdAt: now,
			modifiedAt: now,
			serial: ++this.serial,
		};
		record.log.push({
			at: new Date(now).toISOString(),
			operation: 'insert',
			trigger,
			fields: Object.keys(checked.values),
		});
		module.records.push(record);
		module.index.added(record);
		return success('record added', this.createdDetails(record));
	}

	private updateOne(
		module: ModuleState,
		record: StoredRecord,
		input: Record<string, unknown>,
		trigger: string[] | null,
	): RecordResult {
		const fields = { ...input };
		delete fields.id;
		const checked = this.validate(module, fields, 'update', record);
		if ('error' in checked) return checked.error;
		const duplicate = this.duplicateOf(module, checked.values, record.id);
		if (duplicate) return duplicate;
		const now = this.clock.now();
		const previous = record.values;
		record.values = checked.values;
		module.index.updated(record, previous);
		record.modifiedAt = now;
		record.log.push({
			at: new Date(now).toISOString(),
			operation: 'update',
			trigger,
			fields: Object.keys(fields),
		});
		return success('record updated', this.createdDetails(record));
	}

	insert(
		module: ModuleState,
		data: Array<Record<string, unknown>>,
		trigger: string[] | null,
	): RecordResult[] {
		return data.map((input) => this.insertOne(module, input, trigger));
	}

	update(
		module: ModuleState,
		data: Array<Record<string, unknown>>,
		trigger: string[] | null,
	): RecordResult[] {
		return data.map((input) => {
			if (isEmpty(input.id))
				return failure('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id' });
			const record = this.findById(module, input.id);
			if (!record)
				return failure('INVALID_DATA', 'the id given seems to be invalid', {
					api_name: 'id',
					id: String(input.id),
				});
			return this.updateOne(module, record, input, trigger);
		});
	}

	/** Fields allowed in duplicate_check_fields: the unique ones (ref §5.3). */
	duplicateCheckOrder(
		module: ModuleState,
		requested: string[] | undefined,
	): string[] | { invalid: string } {
		const unique = this.uniqueFields(module).map((f) => f.api_name);
		if (!requested || requested.length === 0) return unique;
		for (const name of requested) if (!unique.includes(name)) return { invalid: name };
		// ref §5.3 table: the requested fields first, then the remaining unique fields.
		return [...requested, ...unique.filter((u) => !requested.includes(u))];
	}

	upsert(
		module: ModuleState,
		data: Array<Record<string, unknown>>,
		checkOrder: string[],
		trigger: string[] | null,
	): RecordResult[] {
		return data.map((input) => {
			for (const fieldName of checkOrder) {
				const match = module.index.withValue(fieldName, input[fieldName])[0];
				if (match)
					return withAction(this.updateOne(module, match, input, trigger), 'update', fieldName);
			}
			return withAction(this.insertOne(module, input, trigger), 'insert', null);
		});
	}

	/** ref §5.8: add_tags; unknown tag names are created on the fly (see README). */
	addTags(module: ModuleState, ids: string[], tagNames: string[]): RecordResult[] {
		return ids.map((id) => {
			const record = this.findById(module, id);
			if (!record) return failure('INVALID_DATA', 'the id given seems to be invalid', { id });
			for (const tag of tagNames) {
				this.tagId(module, tag);
				if (!record.tags.includes(tag)) record.tags.push(tag);
			}
			record.log.push({ at: this.clock.nowIso(), operation: 'add_tags', tags: tagNames });
			// The id is serialised as a bare number by the API layer (ids.ts), as in Zoho's sample.
			return success('tags updated successfully', { id: record.id, tags: [...record.tags] });
		});
	}

	/** ref §5.8: POST /Notes. */
	addNotes(data: Array<Record<string, unknown>>): RecordResult[] {
		return data.map((input) => {
			for (const name of ['Parent_Id', 'se_module', 'Note_Content']) {
				if (isEmpty(input[name]))
					return failure('MANDATORY_NOT_FOUND', 'required field not found', { api_name: name });
			}
			const parentModule = this.modules.get(String(input.se_module));
			if (!parentModule)
				return failure('INVALID_MODULE', 'the module name given seems to be invalid', {
					api_name: 'se_module',
				});
			const parent = this.findById(parentModule, input.Parent_Id);
			if (!parent)
				return failure('INVALID_DATA', 'the related id given seems to be invalid', {
					api_name: 'Parent_Id',
				});
			if (typeof input.Note_Content !== 'string') {
				return failure('INVALID_DATA', 'invalid data', {
					api_name: 'Note_Content',
					expected_data_type: 'textarea',
				});
			}
			const now = this.clock.now();
			const at = recruitTime(now, this.timeZone);
			const fullName = [parent.values.First_Name, parent.values.Last_Name]
				.filter((x) => !isEmpty(x))
				.join(' ');
			const note: StoredNote = {
				id: this.newId(),
				Note_Title: typeof input.Note_Title === 'string' ? input.Note_Title : null,
				Note_Content: input.Note_Content,
				Parent_Id: { name: fullName || null, id: parent.id },
				$se_module: parentModule.name,
				Created_Time: at,
				Modified_Time: at,
				Created_By: this.owner(),
				Note_Owner: this.owner(),
			};
			parent.notes.push(note);
			parent.log.push({ at: new Date(now).toISOString(), operation: 'note', noteId: note.id });
			return success('record added', {
				id: note.id,
				Created_Time: at,
				Modified_Time: at,
				Created_By: this.owner(),
				Modified_By: this.owner(),
			});
		});
	}
}
