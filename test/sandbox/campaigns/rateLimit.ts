// ref §3.2: per endpoint, 500 calls / 5 min (contact/allfields 100); exceeding locks THAT endpoint
// for 30 minutes while the other endpoints keep working. Measured on the sandbox clock.
import type { SandboxClock } from '../clock';

const WINDOW_MS = 5 * 60_000;

export interface RateLimitConfig {
	callsPer5Min: number;
	allFieldsCallsPer5Min: number;
	lockoutMinutes: number;
}

export type RateDecision = { allowed: true } | { allowed: false; lockedUntil: number };

export class CampaignsRateLimiter {
	private calls = new Map<string, number[]>();
	private lockedUntil = new Map<string, number>();

	constructor(
		private clock: SandboxClock,
		public config: RateLimitConfig,
	) {}

	private limitFor(endpoint: string): number {
		return endpoint === 'contact/allfields' || endpoint === 'custom/add'
			? this.config.allFieldsCallsPer5Min
			: this.config.callsPer5Min;
	}

	/** Records the call when allowed. The call that exceeds the limit starts the lockout. */
	check(endpoint: string): RateDecision {
		const now = this.clock.now();
		const locked = this.lockedUntil.get(endpoint);
		if (locked !== undefined) {
			if (now < locked) return { allowed: false, lockedUntil: locked };
			this.lockedUntil.delete(endpoint);
			this.calls.set(endpoint, []);
		}
		const recent = (this.calls.get(endpoint) ?? []).filter((t) => now - t < WINDOW_MS);
		if (recent.length >= this.limitFor(endpoint)) {
			const until = now + this.config.lockoutMinutes * 60_000;
			this.lockedUntil.set(endpoint, until);
			this.calls.set(endpoint, recent);
			return { allowed: false, lockedUntil: until };
		}
		recent.push(now);
		this.calls.set(endpoint, recent);
		return { allowed: true };
	}

	snapshot(): { locked: Record<string, string>; callsInWindow: Record<string, number> } {
		const now = this.clock.now();
		const locked: Record<string, string> = {};
		for (const [endpoint, until] of this.lockedUntil) {
			if (now < until) locked[endpoint] = new Date(until).toISOString();
		}
		const callsInWindow: Record<string, number> = {};
		for (const [endpoint, times] of this.calls) {
			callsInWindow[endpoint] = times.filter((t) => now - t < WINDOW_MS).length;
		}
		return { locked, callsInWindow };
	}
}
