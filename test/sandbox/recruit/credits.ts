// ref §7 API credits: a 24-hour rolling window per org on the sandbox clock (or, with
// `limits.recruitCreditsReset: "daily"`, a budget that comes back whole at 00:00 UTC: Zoho's page
// says "24-hour window" without saying which). Get Records costs 3, everything else 1 (the cost of
// insert/upsert/search is not established: 1 chosen).
import type { SandboxClock } from '../clock';

const WINDOW_MS = 24 * 3_600_000;

export type CreditReset = 'rolling' | 'daily';

export class RecruitCredits {
	private spent: Array<{ at: number; cost: number }> = [];

	constructor(
		private clock: SandboxClock,
		public limit: number,
		public reset: CreditReset = 'rolling',
	) {}

	used(): number {
		const now = this.clock.now();
		const dayStart = now - (now % WINDOW_MS);
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

	/** When the oldest charge leaves the window (ISO), or null when nothing is spent. */
	nextRelease(): string | null {
		this.used();
		if (!this.spent.length) return null;
		const at = this.spent[0].at;
		return new Date(
			this.reset === 'daily' ? at - (at % WINDOW_MS) + WINDOW_MS : at + WINDOW_MS,
		).toISOString();
	}
}
