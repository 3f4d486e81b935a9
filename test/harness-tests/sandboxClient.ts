// Starts the team's sandbox (test/sandbox) for the harness tests and talks to its admin API.
import { startSandbox, type Sandbox, type Scenario } from '../sandbox/server';

/** Small, self-contained scenario: the harness tests only need the accounts server and Recruit. */
export const HARNESS_SCENARIO: Scenario = {
	name: 'harness',
	description: 'Harness tests: a known initial access token, room for several refreshes',
	initialAccessToken: 'harness-initial-access-token',
	limits: { tokenRequestsPerMinute: 50 },
};

export async function startHarnessSandbox(): Promise<Sandbox> {
	return await startSandbox({ port: 0, scenario: HARNESS_SCENARIO });
}

export interface SandboxCall {
	at: string;
	product: string;
	method: string;
	path: string;
	apiMethod?: string;
	status: number;
}

export async function admin<T = unknown>(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

export async function sandboxCalls(sandbox: Sandbox): Promise<SandboxCall[]> {
	return (await admin<{ calls: SandboxCall[] }>(sandbox, 'GET', '/__sandbox/calls')).calls;
}
