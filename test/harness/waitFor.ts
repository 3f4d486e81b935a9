/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Polls until a condition holds instead of sleeping a fixed time: a test waiting for the sandbox
 * to log a slow call is then as fast as the call and does not flake on a loaded machine.
 */
export async function waitFor<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
	{ timeoutMs = 5_000, intervalMs = 20, what = 'condition' } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() >= deadline)
			throw new Error(
				`waitFor: ${what} not reached in ${timeoutMs} ms; last value ${JSON.stringify(value)}`,
			);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
