import { sleep } from 'n8n-workflow';

/**
 * Gives the event loop a turn during a long synchronous loop over items.
 *
 * Reading a mapped parameter evaluates its expressions item by item (about ten per item in the
 * main template), which for a 5,000-item execution is tens of seconds of uninterrupted work.
 * In n8n's queue mode a worker renews its job lock on a timer (every 10 s, lock 60 s by
 * default: QUEUE_WORKER_LOCK_RENEW_TIME, QUEUE_WORKER_LOCK_DURATION); a loop that never yields
 * starves that timer, the lock expires and n8n fails the job as stalled while the worker is
 * still running it (README, "Running at scale"). The returned function resolves at once until
 * `budgetMs` of work has passed since the last turn, then waits one macrotask.
 */
export function eventLoopTurns(budgetMs = 50): () => Promise<void> {
	let since = Date.now();
	return async () => {
		if (Date.now() - since < budgetMs) return;
		await sleep(0);
		since = Date.now();
	};
}
