/* eslint-disable @n8n/community-nodes/no-restricted-globals -- CLI: process env, signals, stdout */
// `npm run sandbox`: the sandbox on a fixed port for a real n8n or manual poking.
//   SANDBOX_PORT (8787), SANDBOX_HOST (127.0.0.1), SANDBOX_SCENARIO (default | name | path),
//   SANDBOX_CLOCK_START ("now" by default, "scenario" = the scenario's clock.start, or ISO).
import { SANDBOX_OAUTH, startSandbox } from './server';

async function main(): Promise<void> {
	const port = Number(process.env.SANDBOX_PORT ?? 8787);
	const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
	const scenario = process.env.SANDBOX_SCENARIO ?? 'default';
	const clockEnv = process.env.SANDBOX_CLOCK_START ?? 'now';
	// A real n8n judges "the last 5 days" by the real clock, so the CLI anchors the scenario's
	// relative times at real now unless told otherwise.
	const clockStart = clockEnv === 'scenario' ? undefined : clockEnv;
	const sandbox = await startSandbox({ port, host, scenario, clockStart });
	const lines = [
		`Zoho sandbox listening on ${sandbox.url}`,
		`  scenario:      ${sandbox.world.scenario.name ?? scenario}`,
		`  sandbox clock: ${sandbox.world.clock.nowIso()} (${sandbox.world.clock.mode})`,
		`  accounts:      ${sandbox.url}/oauth/v2/auth  ${sandbox.url}/oauth/v2/token`,
		`  campaigns:     ${sandbox.url}/api/v1.1/<method>`,
		`  recruit:       ${sandbox.url}/recruit/v2/<path>`,
		`  admin:         ${sandbox.url}/__sandbox/state`,
		`  client id:     ${SANDBOX_OAUTH.clientId}`,
		`  client secret: ${SANDBOX_OAUTH.clientSecret}`,
		`  refresh token: ${SANDBOX_OAUTH.refreshToken}`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the sandbox\n`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
	process.stderr.write(`sandbox failed to start: ${error.message}\n`);
	process.exit(1);
});
