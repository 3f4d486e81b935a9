// Starts the team's sandbox (test/sandbox) with the harness tests' own scenario. The admin API
// is reached through the shared client, test/sandbox/client.ts.
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
