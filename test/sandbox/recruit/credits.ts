// ref §7 API credits: a 24-hour rolling window per org on the sandbox clock (or, with
// `limits.recruitCreditsReset: "daily"`, a budget that comes back whole once a day, at
// `limits.recruitCreditsResetTime` UTC, default 00:00: Zoho's page says "24-hour window" without
// saying which, and an org's day may start at its own midnight). Get Records costs 3, everything
// else 1 (the cost of insert/upsert/search is not established: 1 chosen).
import type { SandboxClock } from '../clock';

const WINDOW_MS = 24 * 3_600_000;

export type CreditReset = 'rolling' | 'daily';

/** "HH:MM" or "HH:MM:SS" (UTC) → ms after 00:00 UTC, or null for anything else. */
export function resetTimeMs(value: string): number | null {
	const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
	if (!match) return null;
	const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
	return h > 23 || m > 59 || s > 59 ? null : ((h * 60 + m) * 60 + s) * 1000;
}

export const RESET_TIME_FORMAT = '"HH:MM" or "HH:MM:SS" (UTC)';

/** resetTimeMs for a scenario: throws on a bad value. */
export function parseResetTime(value: string): number {
	const ms = resetTimeMs(value);
	if (ms === null) {
		throw new Error(`recruitCreditsResetTime must be ${RESET_TIME_FORMAT}, got ${JSON.stringify(value)}`);
	}
	return ms;
}

export class RecruitCredits {
	private spent: Array<{ at: number; cost: number }> = [];

	constructor(
		private clock: SandboxClock,
		public limit: number,
		public reset: CreditReset = 'rolling',
		/** Daily mode: when the day's budget comes back, ms after 00:00 UTC. */
		public resetOffsetMs = 0,
	) {}

	/** Daily mode: the start of the budget day that holds `at`. */
	private dayStart(at: number): number {
		const shifted = at - this.resetOffsetMs;
		return shifted - (((shifted % WINDOW_MS) + WINDOW_MS) % WINDOW_MS) + this.resetOffsetMs;
	}

	used(): number {
		const now = this.clock.now();
		const dayStart = this.dayStart(now);
		this.spent = this.spent.filter((s) =>
			this.reset === 'daily' ? s.at >= dayStart : now - s.at < WINDOW_MS,
		);
		return this.spent.reduce((sum, s) => sum + s.cost, 0);
	}

	/** Charges `cost` when available; false when the window has no room left. */
	charge(cost: number): boolean {
		if (this.used() + cost > this.limit) return false;
		this.spent.push({ at: this.clock.now(), cost });
		return true;
	}

	/** Spends whatever is left now (admin: "credits exhausted"); returns what was spent. */
	exhaust(): number {
		const left = Math.max(0, this.limit - this.used());
		if (left > 0) this.spent.push({ at: this.clock.now(), cost: left });
		return left;
	}

	/** When the oldest charge leaves the window (ISO), or null when nothing is spent. */
	nextRelease(): string | null {
		this.used();
		if (!this.spent.length) return null;
		const at = this.spent[0].at;
		return new Date(this.reset === 'daily' ? this.dayStart(at) + WINDOW_MS : at + WINDOW_MS).toISOString();
	}
}
