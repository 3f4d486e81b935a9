import { sleep } from 'n8n-workflow';

/**
 * Backoff for transient Zoho failures. Small defaults keep a stuck workflow responsive (and tests
 * fast); a server-sent wait (Retry-After / x-ratelimit-reset) is honoured up to maxServerWaitMs,
 * beyond that (e.g. a daily credit budget exhausted, ref §7) retrying inside one execution is
 * pointless and we give up at once.
 */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	maxServerWaitMs: number;
	/** Total wait across the retries of one request; a delay that does not fit ends them. */
	maxTotalWaitMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 200,
	maxDelayMs: 5_000,
	maxServerWaitMs: 30_000,
};

/**
 * Zoho Recruit: long enough to ride out a short burst of 429s or a restart (up to a minute of
 * waiting per request, jittered), short enough to stay far inside n8n's execution timeout. What
 * lasts longer goes to Not Pushed as retryable, for the workflow's durable retry (README "When
 * Zoho fails").
 */
export const RECRUIT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 8,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxServerWaitMs: 60_000,
	maxTotalWaitMs: 60_000,
};

/** All in-node waiting of one execution of a node (many requests), in ms. */
export const RECRUIT_EXECUTION_WAIT_BUDGET_MS = 180_000;

/**
 * Time and randomness of the retries. Tests replace it (useRetryRuntime) so no test waits for
 * real; production uses n8n's sleep and the wall clock.
 */
export interface RetryRuntime {
	wait: (ms: number) => Promise<void>;
	now: () => number;
	random: () => number;
}

const defaultRuntime: RetryRuntime = {
	wait: async (ms) => await sleep(ms),
	now: () => Date.now(),
	random: () => Math.random(),
};

let runtime: RetryRuntime = defaultRuntime;

export function retryRuntime(): RetryRuntime {
	return runtime;
}

/** Replaces parts of the retry runtime; returns a function that restores the previous one. */
export function useRetryRuntime(overrides: Partial<RetryRuntime>): () => void {
	const previous = runtime;
	runtime = { ...previous, ...overrides };
	return () => {
		runtime = previous;
	};
}

/** Network-level failures worth retrying when the request is idempotent. */
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * 429 is always safe to retry: Zoho rejected the request before doing anything. A 5xx (or a
 * dropped connection) may have been applied, so it is retried only for idempotent requests.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
	if (status === 429) return true;
	return idempotent && status >= 500 && status <= 599;
}

export function isRetryableNetworkError(code: string | undefined, idempotent: boolean): boolean {
	return idempotent && code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
	if (!headers) return null;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === null ? null : String(first).trim();
	}
	return null;
}

/**
 * How long the server asked us to wait, in ms, or null. Retry-After is seconds or an HTTP date;
 * x-ratelimit-reset is seen as epoch milliseconds (ref §7); epoch seconds and small "seconds
 * from now" values are accepted too.
 */
export function serverWaitMs(
	headers: Record<string, unknown> | undefined,
	nowMs: number,
): number | null {
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter) {
		if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const at = Date.parse(retryAfter);
		if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
	}
	const reset = headerValue(headers, 'x-ratelimit-reset');
	if (reset && /^\d+(\.\d+)?$/.test(reset)) {
		const n = Number(reset);
		if (n > 1e12) return Math.max(0, Math.round(n - nowMs));
		if (n > 1e9) return Math.max(0, Math.round(n * 1000 - nowMs));
		return Math.round(n * 1000);
	}
	return null;
}

/**
 * Delay before retry number `retry` (0-based), or null to give up. "Full jitter": uniform in
 * [0, min(cap, base·2^retry)], so concurrent executions don't retry in lockstep. A server-sent
 * wait is a floor (plus a little jitter), not capped by maxDelayMs.
 */
export function retryDelayMs(
	retry: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	serverWait: number | null = null,
	random: () => number = Math.random,
): number | null {
	if (retry >= policy.maxRetries) return null;
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	const jittered = Math.floor(random() * ceiling);
	if (serverWait === null) return jittered;
	if (serverWait > policy.maxServerWaitMs) return null;
	return serverWait + Math.floor(random() * policy.baseDelayMs);
}

/** What one attempt produced, as far as retrying is concerned. */
export interface AttemptVerdict {
	retryable: boolean;
	serverWaitMs: number | null;
}

/** Waiting left to one execution; shared by every request it makes. */
export interface WaitBudget {
	remainingMs: number;
}

/**
 * Runs `attempt` until `judge` says its outcome is final or the policy gives up. `judge` sees the
 * resolved value or the thrown error; the last outcome is returned or rethrown unchanged. A wait
 * that does not fit the policy's total or the shared `budget` ends the retries at once: the
 * caller reports the failure as retryable later (with the server's time when it gave one).
 */
export async function withRetry<T>(
	attempt: (attemptNumber: number) => Promise<T>,
	judge: (outcome: { value?: T; error?: unknown }) => AttemptVerdict,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	wait?: (ms: number) => Promise<void>,
	budget?: WaitBudget,
): Promise<T> {
	const clock = retryRuntime();
	const pause = wait ?? clock.wait;
	let waited = 0;
	for (let retry = 0; ; retry++) {
		let outcome: { value?: T; error?: unknown };
		try {
			outcome = { value: await attempt(retry) };
		} catch (error) {
			outcome = { error };
		}
		const verdict = judge(outcome);
		let delay = verdict.retryable
			? retryDelayMs(retry, policy, verdict.serverWaitMs, clock.random)
			: null;
		const room = Math.min(
			(policy.maxTotalWaitMs ?? Infinity) - waited,
			budget?.remainingMs ?? Infinity,
		);
		if (delay !== null && delay > room) delay = null;
		if (delay === null) {
			if ('error' in outcome) throw outcome.error;
			return outcome.value as T;
		}
		waited += delay;
		if (budget) budget.remainingMs -= delay;
		await pause(delay);
	}
}
