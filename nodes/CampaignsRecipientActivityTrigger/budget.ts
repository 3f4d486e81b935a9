import { DEFAULT_RETRY_POLICY } from '../shared/transport/retry';

/**
 * Campaigns allows 500 calls per 5 minutes per API method and then locks that method for 30
 * minutes (docs/zoho-api.md, Campaigns: Endpoints); no rate-limit headers exist, so the trigger
 * counts its own calls. The log
 * lives in the static data, so the count carries over from one poll to the next.
 */
export const RATE_WINDOW_MS = 5 * 60 * 1000;
/** Below 500 to leave headroom for the editor's own calls (list pickers, manual fetches). */
export const DEFAULT_CALLS_PER_WINDOW = 450;

/**
 * The log holds every HTTP request the transport sent (see observeCampaignsRequests), but the
 * pre-check runs before a call whose cost is not known yet: with retries one call may send up to
 * 1 + maxRetries requests. A call only starts while its retries would still fit, i.e. the budget
 * stops when fewer than 1 + RETRY_HEADROOM (5) calls remain. (A 6502 page-size halving is
 * another request too; the recipients page size never triggers it against Zoho's documented
 * maximum, and the 50 calls between our limit and Zoho's cover such rare extras.)
 */
export const RETRY_HEADROOM = DEFAULT_RETRY_POLICY.maxRetries;

export type CallLog = Record<string, number[]>;

export interface BudgetOptions {
	/** Calls per method per rate window this trigger may make. */
	limit?: number;
	/** Epoch ms after which no new call should start (n8n's poll budget minus a margin). */
	deadline?: number;
	clock?: () => number;
}

export class CallBudget {
	readonly limit: number;

	private readonly deadline: number;

	private readonly clock: () => number;

	/** Epoch seconds per method (seconds keep the stored log short). */
	private readonly log: CallLog;

	constructor(log: CallLog, options: BudgetOptions = {}) {
		this.limit = options.limit ?? DEFAULT_CALLS_PER_WINDOW;
		this.deadline = options.deadline ?? Number.POSITIVE_INFINITY;
		this.clock = options.clock ?? (() => Date.now());
		this.log = {};
		const windowStart = this.windowStart();
		for (const [method, stamps] of Object.entries(log ?? {})) {
			if (!Array.isArray(stamps)) continue;
			const recent = stamps.filter((stamp) => typeof stamp === 'number' && stamp > windowStart);
			if (recent.length > 0) this.log[method] = recent;
		}
	}

	private windowStart(): number {
		return Math.floor((this.clock() - RATE_WINDOW_MS) / 1000);
	}

	used(method: string): number {
		const windowStart = this.windowStart();
		return (this.log[method] ?? []).filter((stamp) => stamp > windowStart).length;
	}

	remaining(method: string): number {
		return Math.max(0, this.limit - this.used(method));
	}

	outOfTime(): boolean {
		return this.clock() >= this.deadline;
	}

	/**
	 * True when `count` more calls of `method`, the last one with all its retries, fit in the rate
	 * window, and the time budget is not spent.
	 */
	allows(method: string, count = 1): boolean {
		return !this.outOfTime() && this.remaining(method) >= count + RETRY_HEADROOM;
	}

	/** Counts one HTTP request (an attempt, not a logical call) of `method`. */
	record(method: string): void {
		(this.log[method] ??= []).push(Math.ceil(this.clock() / 1000));
	}

	/** The log to store: only calls still inside the window. */
	toJSON(): CallLog {
		const windowStart = this.windowStart();
		const out: CallLog = {};
		for (const [method, stamps] of Object.entries(this.log)) {
			const recent = stamps.filter((stamp) => stamp > windowStart);
			if (recent.length > 0) out[method] = recent;
		}
		return out;
	}
}
