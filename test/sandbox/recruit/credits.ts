// ref §7 API credits: a 24-hour rolling window per org on the sandbox clock. Get Records costs 3,
// everything else 1 (the cost of insert/upsert/search is not established: 1 chosen).
import type { SandboxClock } from '../clock';

const WINDOW_MS = 24 * 3_600_000;

export class RecruitCredits {
	private spent: Array<{ at: number; cost: number }> = [];

	constructor(
		private clock: SandboxClock,
		public limit: number,
	) {}

	used(): number {
		const now = this.clock.now();
		this.spent = this.spent.filter((s) => now - s.at < WINDOW_MS);
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
		return this.spent.length ? new Date(this.spent[0].at + WINDOW_MS).toISOString() : null;
	}
}
