// The sandbox clock: every time-dependent rule (token lifetime, rate-limit windows, API credits,
// relative scenario times) reads this clock, never Date.now() directly, so tests can jump hours
// ahead with POST /__sandbox/clock instead of waiting.

const UNIT_MS: Record<string, number> = {
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000,
};

/** '5m', '-4d', '+10m', '1h30m', '250ms' → milliseconds. Throws on anything else. */
export function parseDuration(text: string): number {
	const trimmed = text.trim();
	const match = /^([+-])?((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/.exec(trimmed);
	if (!match) throw new Error(`Invalid duration "${text}" (use e.g. "-4d", "+10m", "1h30m")`);
	const sign = match[1] === '-' ? -1 : 1;
	let total = 0;
	for (const part of match[2].matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
		total += Number(part[1]) * UNIT_MS[part[2]];
	}
	return sign * Math.round(total);
}

/** A scenario time: relative to `baseMs` ("-4d", "+10m", "now") or absolute ISO-8601 / epoch ms. */
export function resolveTime(value: string | number, baseMs: number): number {
	if (typeof value === 'number') return value;
	const trimmed = value.trim();
	if (trimmed === 'now' || trimmed === '') return baseMs;
	if (/^[+-]/.test(trimmed)) return baseMs + parseDuration(trimmed);
	const parsed = Date.parse(trimmed);
	if (Number.isNaN(parsed))
		throw new Error(`Invalid time "${value}" (use ISO-8601 or "-4d"/"+10m")`);
	return parsed;
}

export type ClockMode = 'running' | 'frozen';

/**
 * `running` (default): sandbox time = start + real time elapsed + manual advances, so a long-lived
 * sandbox behind a real n8n sees tokens expire. `frozen`: time moves only through advance/set.
 */
export class SandboxClock {
	private anchorSandboxMs: number;
	private anchorRealMs: number;

	constructor(
		startMs: number,
		public mode: ClockMode = 'running',
	) {
		this.anchorSandboxMs = startMs;
		this.anchorRealMs = Date.now();
	}

	now(): number {
		if (this.mode === 'frozen') return this.anchorSandboxMs;
		return this.anchorSandboxMs + (Date.now() - this.anchorRealMs);
	}

	nowIso(): string {
		return new Date(this.now()).toISOString();
	}

	set(ms: number): void {
		this.anchorSandboxMs = ms;
		this.anchorRealMs = Date.now();
	}

	advance(ms: number): void {
		this.set(this.now() + ms);
	}

	setMode(mode: ClockMode): void {
		const current = this.now();
		this.mode = mode;
		this.set(current);
	}
}
