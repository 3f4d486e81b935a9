// The one typed client for the sandbox's admin API (/__sandbox/..., see README.md and admin.ts),
// shared by tests, the demo, the bench and the e2e stack. Response types come from the server's
// own types wherever the server has them, so a change to what the sandbox logs or returns breaks
// the type-check instead of silently drifting in a copy.
import type { CampaignsRateLimiter } from './campaigns/rateLimit';
import type { ClockMode } from './clock';
import type { ActiveFault, FaultSpec } from './faults';
import type { RecordLogEntry, StoredNote } from './recruit/store';
import type { Scenario, ScenarioCampaign, TimeSpec } from './scenario';
import type { CallRecord } from './world';

/** One request the sandbox logged (GET /__sandbox/calls), exactly as world.ts records it. */
export type SandboxCall = CallRecord;
export type SandboxProduct = CallRecord['product'];
export type { FaultSpec };
/** A registered fault as the admin API echoes it (without its PRNG). */
export type SandboxFault = Omit<ActiveFault, 'random'>;

/** A Recruit record as GET /__sandbox/recruit/<Module> returns it: the API view plus bookkeeping. */
export interface SandboxRecord {
	id: string;
	$tags: string[];
	$notes: StoredNote[];
	/** Every write that touched the record, with the request's `trigger` array (ref §5.2). */
	$log: RecordLogEntry[];
	[field: string]: unknown;
}

/** POST /__sandbox/activity: one open or click by a recipient (`at` defaults to the sandbox's now). */
export interface SandboxActivity {
	campaignKey: string;
	email: string;
	action: 'opened' | 'clicked';
	at?: TimeSpec | number;
}

/** POST /__sandbox/campaigns: a campaign sent now (key, name and sentAt have defaults). */
export type SandboxCampaignInput = Partial<ScenarioCampaign> & { lists: string[] };
export interface SentCampaign {
	key: string;
	name: string;
	status: string;
	type: 'normal' | 'abtesting';
	sentAt: string | null;
	lists: string[];
	recipients: number;
	abChildKeys: string[];
}

export interface SandboxClockState {
	now: string;
	mode: ClockMode;
}
/** POST /__sandbox/clock: applied in this order: mode, set, advanceMs, advance. */
export interface ClockChange {
	mode?: ClockMode;
	set?: TimeSpec | number;
	advanceMs?: number;
	/** A duration such as '5m', '2d', '1h30m'. */
	advance?: string;
}

export interface SandboxResetResult {
	ok: true;
	now: string;
	scenario: string | null;
}

interface SendStats {
	recipients: number;
	openers: number;
	clickers: number;
}
/** GET /__sandbox/state (admin.ts state()). */
export interface SandboxState {
	now: string;
	clockMode: ClockMode;
	clockStart: string | null;
	scenario: string | null;
	timeZone: string;
	campaigns: {
		contacts: number;
		lists: Array<{ key: string; name: string; recruitSync: boolean; members: number }>;
		campaigns: Array<
			SendStats & {
				key: string;
				name: string;
				type: 'normal' | 'abtesting';
				status: string;
				sentAt: string | null;
				lists: string[];
				abChildren: Array<SendStats & { key: string }>;
			}
		>;
		rateLimits: ReturnType<CampaignsRateLimiter['snapshot']>;
	};
	recruit: {
		modules: Record<string, number>;
		credits: { limit: number; used: number };
	};
	tokens: { active: number; issued: number };
	faults: SandboxFault[];
	calls: number;
}

/** Narrows GET /__sandbox/calls; a bare product is shorthand for `{ product }`. */
export interface CallFilter {
	product?: SandboxProduct;
	apiMethod?: string;
	method?: string;
	status?: number;
}

export type AdminMethod = 'GET' | 'POST' | 'DELETE';

/** A raw admin answer, whatever its status (for tests of the admin API's own errors). */
export interface AdminReply<T> {
	status: number;
	text: string;
	/** Parsed JSON, or null when the body is empty or not JSON. */
	body: T;
	headers: Headers;
}

export class SandboxAdminError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly text: string,
	) {
		super(`sandbox ${method} /__sandbox/${path} → HTTP ${status}: ${text}`);
		this.name = 'SandboxAdminError';
	}
}

export class SandboxAdmin {
	/** `baseUrl`: the sandbox's origin, e.g. `sandbox.url` (http://127.0.0.1:<port>). */
	constructor(readonly baseUrl: string) {}

	/** One admin call, never throwing on the HTTP status. `path` is below /__sandbox/ (a leading
	 *  "/__sandbox/" is accepted too) and may carry a query string. */
	async send<T = unknown>(method: AdminMethod, path: string, body?: unknown): Promise<AdminReply<T>> {
		const response = await fetch(`${this.baseUrl}/__sandbox/${adminPath(path)}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = null;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			parsed = null;
		}
		return { status: response.status, text, body: parsed as T, headers: response.headers };
	}

	/** One admin call; a non-2xx answer throws SandboxAdminError (the admin API answers 400 with
	 *  {error} for bad input, 404 for an unknown endpoint or module). */
	async request<T = unknown>(method: AdminMethod, path: string, body?: unknown): Promise<T> {
		const reply = await this.send<T>(method, path, body);
		if (reply.status < 200 || reply.status > 299)
			throw new SandboxAdminError(method, adminPath(path), reply.status, reply.text);
		return reply.body;
	}

	/** The call log, oldest first (accounts, Campaigns and Recruit; admin calls are not logged). */
	async calls(filter: CallFilter | SandboxProduct = {}): Promise<SandboxCall[]> {
		const f: CallFilter = typeof filter === 'string' ? { product: filter } : filter;
		const query = f.product ? `?product=${encodeURIComponent(f.product)}` : '';
		const { calls } = await this.request<{ calls: SandboxCall[] }>('GET', `calls${query}`);
		return calls.filter(
			(call) =>
				(f.apiMethod === undefined || call.apiMethod === f.apiMethod) &&
				(f.method === undefined || call.method === f.method) &&
				(f.status === undefined || call.status === f.status),
		);
	}

	async clearCalls(): Promise<void> {
		await this.request('DELETE', 'calls');
	}

	/** Records the emulated Recruit holds in `module` (Candidates, Contacts, Clients). */
	async records<R extends SandboxRecord = SandboxRecord>(module: string): Promise<R[]> {
		return (await this.request<{ records: R[] }>('GET', `recruit/${module}`)).records;
	}

	/** Registers one or more faults; returns them with their ids. */
	async fault(spec: FaultSpec | FaultSpec[]): Promise<SandboxFault[]> {
		return (await this.request<{ faults: SandboxFault[] }>('POST', 'faults', spec)).faults;
	}

	async faults(): Promise<SandboxFault[]> {
		return (await this.request<{ faults: SandboxFault[] }>('GET', 'faults')).faults;
	}

	async clearFaults(): Promise<void> {
		await this.request('DELETE', 'faults');
	}

	/** Expires every access token (the next product call with one gets 401). Returns how many. */
	async expireTokens(): Promise<number> {
		return (await this.request<{ expired: number }>('POST', 'tokens/expire')).expired;
	}

	/** Recruit's API credits: change the budget, its reset, or spend what is left (`exhaust`). */
	async credits(change: {
		limit?: number;
		reset?: 'rolling' | 'daily';
		resetTime?: string;
		exhaust?: boolean;
	} = {}): Promise<{ limit: number; used: number; reset: string; nextRelease: string | null }> {
		return await this.request('POST', 'credits', change);
	}

	async clock(): Promise<SandboxClockState> {
		return await this.request<SandboxClockState>('GET', 'clock');
	}

	async moveClock(change: ClockChange): Promise<SandboxClockState> {
		return await this.request<SandboxClockState>('POST', 'clock', change);
	}

	/** Moves the sandbox clock forward by a duration ('5m', '2d') or a number of milliseconds. */
	async advance(by: string | number): Promise<SandboxClockState> {
		return await this.moveClock(typeof by === 'number' ? { advanceMs: by } : { advance: by });
	}

	/** Adds opens/clicks to sent campaigns. Returns how many were added. */
	async activity(activity: SandboxActivity | SandboxActivity[]): Promise<number> {
		return (await this.request<{ added: number }>('POST', 'activity', activity)).added;
	}

	/** Sends a new campaign (to existing lists) at the sandbox's now unless `sentAt` says otherwise. */
	async sendCampaign(campaign: SandboxCampaignInput): Promise<SentCampaign> {
		return (await this.request<{ campaign: SentCampaign }>('POST', 'campaigns', campaign)).campaign;
	}

	/** Rebuilds the whole state from a scenario (default: the current one) and clock start. */
	async reset(
		options: { scenario?: string | Scenario; clockStart?: string } = {},
	): Promise<SandboxResetResult> {
		return await this.request<SandboxResetResult>('POST', 'reset', options);
	}

	/** Replaces the data and limits, keeping tokens, faults and the call log; the clock jumps to
	 *  `scenario.clock.start` when given (world.ts replaceScenario). */
	async loadScenario(scenario: Scenario): Promise<SandboxResetResult> {
		return await this.request<SandboxResetResult>('POST', 'scenario', scenario);
	}

	async state(): Promise<SandboxState> {
		return await this.request<SandboxState>('GET', 'state');
	}
}

function adminPath(path: string): string {
	return path.replace(/^\/?(__sandbox\/)?/, '');
}
