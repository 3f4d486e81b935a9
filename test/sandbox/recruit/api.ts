// Zoho Recruit API v2 (ref §4–7): /recruit/v2/...
import type { AccountsServer } from '../accounts';
import {
	accessTokenFrom,
	emptyResponse,
	jsonResponse,
	type SandboxRequest,
	type SandboxResponse,
} from '../http';
import { recruitTime } from '../time';
import type { RecruitCredits } from './credits';
import { CriteriaError, criteriaFields, matchesCriteria, parseCriteria } from './criteria';
import { fieldMetadata } from './fields';
import type { ModuleState, RecordResult, RecruitStore, StoredRecord } from './store';

const PREFIX = '/recruit/v2';
/** ref §5.2/§5.6: max 100 records per write call. */
export const MAX_RECORDS_PER_CALL = 100;
/** ref §5.5: max 200 records per page. */
const MAX_PER_PAGE = 200;

class RequestError extends Error {
	constructor(
		public httpStatus: number,
		public code: string,
		message: string,
		public details: Record<string, unknown> = {},
	) {
		super(message);
	}
}

const invalidModule = (name: string) =>
	new RequestError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
		module: name,
	});

/** The operation name used in the call log and for credit costs. */
export function recruitOperation(method: string, pathname: string): string {
	const parts = pathname.slice(PREFIX.length).split('/').filter(Boolean);
	if (parts[0] === 'settings')
		return parts[1] === 'fields'
			? 'getFields'
			: parts[1] === 'modules'
				? 'getModules'
				: `settings/${parts[1] ?? ''}`;
	if (parts[0] === 'users') return 'getUsers';
	if (parts[0] === 'Notes' && parts.length === 1)
		return method === 'POST' ? 'createNotes' : 'getNotes';
	if (parts.includes('add_tags')) return 'addTags';
	if (parts.length === 3 && parts[2] === 'Notes') return 'getRecordNotes';
	if (parts[1] === 'search') return 'search';
	if (parts[1] === 'upsert') return 'upsert';
	if (parts.length === 1)
		return { GET: 'getRecords', POST: 'insert', PUT: 'update' }[method] ?? 'unknown';
	if (parts.length === 2) return { GET: 'getRecord', PUT: 'update' }[method] ?? 'unknown';
	return 'unknown';
}

/** ref §7: Get Records costs 3 credits; every other call 1. */
function creditCost(operation: string): number {
	return operation === 'getRecords' ? 3 : 1;
}

function requestLevel(error: RequestError): SandboxResponse {
	return jsonResponse(error.httpStatus, {
		code: error.code,
		details: error.details,
		message: error.message,
		status: 'error',
	});
}

/** ref §5.2 (inferred statuses): 201 all inserted, 200 all succeeded otherwise, 202 mixed, 400 all failed. */
function writeStatus(results: RecordResult[], inserting: boolean): number {
	const ok = results.filter((r) => r.status === 'success');
	if (ok.length === 0) return 400;
	if (ok.length < results.length) return 202;
	const allInserts = results.every(
		(r) => r.action === 'insert' || (r.action === undefined && inserting),
	);
	return allInserts ? 201 : 200;
}

export interface RecruitApiDeps {
	accounts: () => AccountsServer;
	store: () => RecruitStore;
	credits: () => RecruitCredits;
}

export class RecruitApi {
	constructor(private deps: RecruitApiDeps) {}

	private get store(): RecruitStore {
		return this.deps.store();
	}

	handle(req: SandboxRequest): SandboxResponse {
		// ref §7: no header → AUTHENTICATION_FAILURE; garbage/expired → INVALID_TOKEN. Both 401.
		const check = this.deps.accounts().check(accessTokenFrom(req));
		if (check === 'missing') {
			return jsonResponse(401, {
				code: 'AUTHENTICATION_FAILURE',
				details: {},
				message: 'Authentication failed',
				status: 'error',
			});
		}
		if (check !== 'valid') {
			return jsonResponse(401, {
				code: 'INVALID_TOKEN',
				details: {},
				message: 'invalid oauth token',
				status: 'error',
			});
		}
		const operation = recruitOperation(req.method, req.pathname);
		const credits = this.deps.credits();
		if (!credits.charge(creditCost(operation))) {
			// ref §7/§10: the 429 body is not established; CRM's TOO_MANY_REQUESTS shape is used.
			return jsonResponse(429, {
				code: 'TOO_MANY_REQUESTS',
				details: {
					limit: credits.limit,
					used: credits.used(),
					next_release: credits.nextRelease(),
				},
				message: `API credit limit of ${credits.limit} per 24 hours exceeded`,
				status: 'error',
			});
		}
		try {
			return this.route(req, operation);
		} catch (e) {
			if (e instanceof RequestError) return requestLevel(e);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox, not node code: unexpected errors become HTTP 500
			throw e;
		}
	}

	private route(req: SandboxRequest, operation: string): SandboxResponse {
		const parts = req.pathname.slice(PREFIX.length).split('/').filter(Boolean);
		const method = req.method;
		const wrongMethod = () =>
			new RequestError(
				400,
				'INVALID_REQUEST_METHOD',
				'The http request method type is not a valid one',
			);
		switch (operation) {
			case 'getModules':
				if (method !== 'GET') throw wrongMethod();
				return this.getModules();
			case 'getFields':
				if (method !== 'GET') throw wrongMethod();
				return this.getFields(req.query.get('module') ?? '');
			case 'getUsers':
				if (method !== 'GET') throw wrongMethod();
				return this.getUsers(req);
			case 'createNotes':
				return this.createNotes(req);
			case 'getRecordNotes':
				if (method !== 'GET') throw wrongMethod();
				return this.getRecordNotes(req, this.moduleOrThrow(parts[0]), parts[1]);
			case 'addTags':
				if (method !== 'POST') throw wrongMethod();
				return this.addTags(req, parts);
			case 'search':
				if (method !== 'GET') throw wrongMethod();
				return this.search(req, this.moduleOrThrow(parts[0]));
			case 'upsert':
				if (method !== 'POST') throw wrongMethod();
				return this.write(req, this.moduleOrThrow(parts[0]), 'upsert');
			case 'getRecords':
				return this.getRecords(req, this.moduleOrThrow(parts[0]));
			case 'insert':
				return this.write(req, this.moduleOrThrow(parts[0]), 'insert');
			case 'update':
				return this.write(req, this.moduleOrThrow(parts[0]), 'update', parts[1]);
			case 'getRecord':
				return this.getRecord(this.moduleOrThrow(parts[0]), parts[1]);
			default:
				if (
					parts.length >= 1 &&
					parts.length <= 2 &&
					!this.store.module(parts[0]) &&
					parts[0] !== 'settings'
				) {
					throw invalidModule(parts[0]);
				}
				if (parts.length <= 2 && ['DELETE', 'PATCH'].includes(method)) throw wrongMethod();
				throw new RequestError(
					404,
					'INVALID_URL_PATTERN',
					'Please check if the URL trying to access is a correct one',
				);
		}
	}

	private moduleOrThrow(name: string | undefined): ModuleState {
		const module = name ? this.store.module(name) : undefined;
		if (!module) throw invalidModule(name ?? '');
		return module;
	}

	// ref §5.1
	private getModules(): SandboxResponse {
		const modifiedTime = recruitTime(Date.parse('2026-01-15T09:00:00Z'), this.store.timeZone);
		const modules = [...this.store.modules.values()].map((m, i) => ({
			id: String(486812000000002000n + BigInt(i)),
			api_name: m.name,
			module_name: m.name,
			plural_label: m.name,
			singular_label: m.name.replace(/s$/, ''),
			api_supported: true,
			creatable: true,
			editable: true,
			deletable: true,
			viewable: true,
			modified_time: modifiedTime,
		}));
		modules.push({
			id: '486812000000002099',
			api_name: 'Notes',
			module_name: 'Notes',
			plural_label: 'Notes',
			singular_label: 'Note',
			api_supported: true,
			creatable: true,
			editable: true,
			deletable: true,
			viewable: true,
			modified_time: modifiedTime,
		});
		return jsonResponse(200, { modules });
	}

	// ref §5.1
	private getFields(moduleName: string): SandboxResponse {
		if (!moduleName)
			throw new RequestError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{ param_name: 'module' },
			);
		const module = this.moduleOrThrow(moduleName);
		return jsonResponse(200, { fields: module.fields.map(fieldMetadata) });
	}

	// ref §4.4
	private getUsers(req: SandboxRequest): SandboxResponse {
		const user = this.store.user;
		const [first, ...rest] = user.full_name.split(' ');
		const type = req.query.get('type') ?? 'AllUsers';
		if (!['CurrentUser', 'AllUsers', 'ActiveUsers', 'AdminUsers'].includes(type)) {
			throw new RequestError(400, 'INVALID_DATA', 'invalid data', { param_name: 'type' });
		}
		return jsonResponse(200, {
			users: [
				{
					id: user.id,
					full_name: user.full_name,
					first_name: first,
					last_name: rest.join(' '),
					email: user.email,
					status: 'active',
					role: { name: 'CEO', id: '486812000000015969' },
					profile: { name: 'Administrator', id: '486812000000015972' },
					time_zone: this.store.timeZone,
				},
			],
			info: { per_page: 200, count: 1, page: 1, more_records: false },
		});
	}

	/** The `data` array of a write body, or a request-level error. */
	private writeBody(req: SandboxRequest): { data: unknown[]; body: Record<string, unknown> } {
		if (req.jsonError)
			throw new RequestError(400, 'INVALID_DATA', 'body is not in json format', {
				api_name: 'data',
			});
		const body = req.json;
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw new RequestError(400, 'INVALID_DATA', 'body is not in json format', {
				api_name: 'data',
			});
		}
		const data = (body as Record<string, unknown>).data;
		if (!Array.isArray(data) || data.length === 0) {
			throw new RequestError(400, 'REQUIRED_PARAM_MISSING', 'the data array is missing or empty', {
				param_name: 'data',
			});
		}
		if (data.length > MAX_RECORDS_PER_CALL) {
			// ref §5.2: max 100 records per call; the error shape is inferred (ref §9: LIMIT_EXCEEDED).
			throw new RequestError(
				400,
				'LIMIT_EXCEEDED',
				`the maximum number of records per call is ${MAX_RECORDS_PER_CALL}`,
				{
					limit: MAX_RECORDS_PER_CALL,
					given: data.length,
				},
			);
		}
		return { data, body: body as Record<string, unknown> };
	}

	private trigger(body: Record<string, unknown>): string[] | null {
		if (!('trigger' in body)) return null;
		const trigger = body.trigger;
		if (!Array.isArray(trigger) || !trigger.every((t) => typeof t === 'string')) {
			throw new RequestError(400, 'INVALID_DATA', 'invalid data', { api_name: 'trigger' });
		}
		return trigger as string[];
	}

	// ref §5.2 insert, §5.3 upsert, §5.6 update
	private write(
		req: SandboxRequest,
		module: ModuleState,
		mode: 'insert' | 'update' | 'upsert',
		pathId?: string,
	): SandboxResponse {
		const { data, body } = this.writeBody(req);
		const trigger = this.trigger(body);
		const objects = data.map((d) =>
			d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : null,
		);
		const run = (valid: Array<Record<string, unknown>>): RecordResult[] => {
			if (mode === 'insert') return this.store.insert(module, valid, trigger);
			if (mode === 'update') {
				return this.store.update(
					module,
					pathId ? valid.map((r) => ({ ...r, id: pathId })) : valid,
					trigger,
				);
			}
			const requested = body.duplicate_check_fields;
			if (
				requested !== undefined &&
				(!Array.isArray(requested) || !requested.every((f) => typeof f === 'string'))
			) {
				throw new RequestError(400, 'INVALID_DATA', 'invalid data', {
					api_name: 'duplicate_check_fields',
				});
			}
			const order = this.store.duplicateCheckOrder(module, requested as string[] | undefined);
			if ('invalid' in order) {
				throw new RequestError(
					400,
					'INVALID_DATA',
					'the field given in duplicate_check_fields is not unique',
					{
						api_name: 'duplicate_check_fields',
						field: order.invalid,
					},
				);
			}
			return this.store.upsert(module, valid, order, trigger);
		};
		// Records are processed one by one, in order, so non-object entries get their own error.
		const results: RecordResult[] = [];
		for (const item of objects) {
			if (item === null) {
				results.push({
					code: 'INVALID_DATA',
					details: { expected_data_type: 'jsonobject' },
					message: 'invalid data',
					status: 'error',
				});
			} else {
				results.push(...run([item]));
			}
		}
		return jsonResponse(writeStatus(results, mode === 'insert'), { data: results });
	}

	private pageParams(req: SandboxRequest): { page: number; perPage: number } {
		const parse = (name: string, fallback: number) => {
			const raw = req.query.get(name);
			if (raw === null || raw === '') return fallback;
			if (!/^\d+$/.test(raw) || Number(raw) < 1)
				throw new RequestError(400, 'INVALID_DATA', 'invalid data', { param_name: name });
			return Number(raw);
		};
		// ref §5.5: max 200 per page; larger values are clamped (see README).
		return {
			page: parse('page', 1),
			perPage: Math.min(parse('per_page', MAX_PER_PAGE), MAX_PER_PAGE),
		};
	}

	private pageOf(
		req: SandboxRequest,
		module: ModuleState,
		records: StoredRecord[],
	): SandboxResponse {
		const { page, perPage } = this.pageParams(req);
		const slice = records.slice((page - 1) * perPage, page * perPage);
		// ref §5.4/§5.5: nothing there → 204 with an empty body.
		if (slice.length === 0) return emptyResponse(204);
		const fields = (req.query.get('fields') ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		const data = slice.map((r) => {
			const view = this.store.view(module, r);
			if (fields.length === 0) return view;
			const picked: Record<string, unknown> = { id: view.id };
			for (const f of fields) if (f in view) picked[f] = view[f];
			return picked;
		});
		return jsonResponse(200, {
			data,
			info: {
				per_page: perPage,
				count: slice.length,
				page,
				more_records: page * perPage < records.length,
			},
		});
	}

	// ref §5.5
	private getRecords(req: SandboxRequest, module: ModuleState): SandboxResponse {
		let records = [...module.records];
		const sortBy = req.query.get('sort_by');
		if (sortBy) {
			const dir = (req.query.get('sort_order') ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
			const key = (r: StoredRecord) => {
				if (sortBy === 'Created_Time') return r.createdAt;
				if (sortBy === 'Modified_Time') return r.modifiedAt;
				if (sortBy === 'id') return r.id;
				return String(r.values[sortBy] ?? '').toLowerCase();
			};
			records.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
		} else {
			records = records.sort((a, b) => a.serial - b.serial);
		}
		return this.pageOf(req, module, records);
	}

	private getRecord(module: ModuleState, id: string): SandboxResponse {
		const record = this.store.findById(module, id);
		// Not established for an unknown id: the sandbox answers 204 like an empty search.
		if (!record) return emptyResponse(204);
		return jsonResponse(200, { data: [this.store.view(module, record)] });
	}

	/**
	 * GET /{module}/{id}/Notes: the record's notes (the related list CRM v2 documents; for Recruit
	 * inferred, see README), `page`/`per_page` ≤ 200, 204 when there are none or the id is unknown.
	 */
	private getRecordNotes(req: SandboxRequest, module: ModuleState, id: string): SandboxResponse {
		const record = this.store.findById(module, id);
		if (!record || record.notes.length === 0) return emptyResponse(204);
		const perPage = Math.min(200, Math.max(1, Number(req.query.get('per_page') ?? 200) || 200));
		const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
		const slice = record.notes.slice((page - 1) * perPage, page * perPage);
		if (slice.length === 0) return emptyResponse(204);
		return jsonResponse(200, {
			data: slice,
			info: {
				per_page: perPage,
				count: slice.length,
				page,
				more_records: page * perPage < record.notes.length,
			},
		});
	}

	// ref §5.4: criteria > email > phone > word.
	private search(req: SandboxRequest, module: ModuleState): SandboxResponse {
		const q = req.query;
		let predicate: (values: Record<string, unknown>) => boolean;
		const criteria = q.get('criteria');
		if (criteria) {
			let parsed;
			try {
				parsed = parseCriteria(criteria);
			} catch (e) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox, not node code
				if (!(e instanceof CriteriaError)) throw e;
				const code = e.message.startsWith('at most') ? 'LIMIT_EXCEEDED' : 'INVALID_QUERY';
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- sandbox, not node code
				throw new RequestError(400, code, e.message, { criteria });
			}
			for (const field of criteriaFields(parsed.tree)) {
				if (field !== 'id' && !module.fields.some((f) => f.api_name === field)) {
					throw new RequestError(400, 'INVALID_QUERY', 'invalid query formed', {
						api_name: field,
						reason: 'unknown field',
					});
				}
			}
			predicate = (values) => matchesCriteria(parsed.tree, values);
		} else if (q.get('email')) {
			const email = q.get('email')!.toLowerCase();
			const emailFields = module.fields
				.filter((f) => f.data_type === 'email')
				.map((f) => f.api_name);
			predicate = (values) =>
				emailFields.some(
					(f) => typeof values[f] === 'string' && (values[f] as string).toLowerCase() === email,
				);
		} else if (q.get('phone')) {
			const digits = q.get('phone')!.replace(/\D/g, '');
			const phoneFields = module.fields
				.filter((f) => f.data_type === 'phone')
				.map((f) => f.api_name);
			predicate = (values) =>
				phoneFields.some(
					(f) =>
						typeof values[f] === 'string' && (values[f] as string).replace(/\D/g, '') === digits,
				);
		} else if (q.get('word')) {
			const word = q.get('word')!.toLowerCase();
			predicate = (values) =>
				Object.values(values).some((v) => typeof v === 'string' && v.toLowerCase().includes(word));
		} else {
			throw new RequestError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{
					param_name: 'criteria',
				},
			);
		}
		const matches = module.records
			.filter((r) => predicate({ ...r.values, id: r.id }))
			.sort((a, b) => a.serial - b.serial);
		return this.pageOf(req, module, matches);
	}

	// ref §5.8: bulk `/{module}/actions/add_tags?ids=` or single `/{module}/{id}/actions/add_tags`.
	private addTags(req: SandboxRequest, parts: string[]): SandboxResponse {
		const module = this.moduleOrThrow(parts[0]);
		const params = req.params;
		const tagNames = (params.get('tag_names') ?? '')
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
		if (tagNames.length === 0) {
			throw new RequestError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{ param_name: 'tag_names' },
			);
		}
		const ids =
			parts.length === 4
				? [parts[1]]
				: (params.get('ids') ?? '')
						.split(',')
						.map((t) => t.trim())
						.filter(Boolean);
		if (ids.length === 0) {
			throw new RequestError(
				400,
				'REQUIRED_PARAM_MISSING',
				'One of the expected parameter is missing',
				{ param_name: 'ids' },
			);
		}
		if (ids.length > MAX_RECORDS_PER_CALL) {
			throw new RequestError(
				400,
				'LIMIT_EXCEEDED',
				`the maximum number of ids per call is ${MAX_RECORDS_PER_CALL}`,
				{ limit: MAX_RECORDS_PER_CALL },
			);
		}
		const results = this.store.addTags(module, ids, tagNames);
		return jsonResponse(writeStatus(results, false), { data: results });
	}

	// ref §5.8
	private createNotes(req: SandboxRequest): SandboxResponse {
		if (req.method !== 'POST') {
			throw new RequestError(
				400,
				'INVALID_REQUEST_METHOD',
				'The http request method type is not a valid one',
			);
		}
		const { data } = this.writeBody(req);
		const results = data.map((d) =>
			d && typeof d === 'object' && !Array.isArray(d)
				? this.store.addNotes([d as Record<string, unknown>])[0]
				: ({
						code: 'INVALID_DATA',
						details: {},
						message: 'invalid data',
						status: 'error',
					} as RecordResult),
		);
		return jsonResponse(writeStatus(results, true), { data: results });
	}
}
