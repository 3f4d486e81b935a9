/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// `npm run demo`: the main template, run headlessly against the sandbox's default scenario as an
// active workflow's first activation, with every recipient's outcome printed.
// ts-node --transpile-only -P tsconfig.test.json scripts/demo.ts
import { ActiveWorkflow } from '../test/harness';
import { formatCalls, formatOutcomes, formatTotals, traceOutcomes } from './demo/report';
import {
	MAIN_TEMPLATE_FILE,
	configureTemplate,
	fetchMailingLists,
	loadTemplate,
	recruitRecords,
	sandboxAdmin,
	sandboxCalls,
	startScenarioSandbox,
	templateRoles,
} from './demo/setup';

const print = (text = '') => process.stdout.write(`${text}\n`);

async function main(): Promise<number> {
	const started = performance.now();
	const run = await startScenarioSandbox('default');
	const { sandbox, clock, credentials } = run;
	try {
		const workflow = configureTemplate(
			loadTemplate(MAIN_TEMPLATE_FILE),
			await fetchMailingLists(credentials),
		);
		const roles = templateRoles(workflow);
		await sandboxAdmin(sandbox.url, 'DELETE', 'calls'); // count only the workflow's own calls

		print(
			`Sandbox ${sandbox.url}, scenario "default", clock ${new Date(clock.now()).toISOString()}`,
		);
		print(
			`"${workflow.name}": first activation, backfill ${String(roles.trigger.parameters.backfillDays)} days\n`,
		);

		const active = new ActiveWorkflow(workflow, { credentials, triggerNode: roles.trigger.name });
		const tick = await active.tick();
		if (tick.run && tick.run.status !== 'success') {
			throw tick.run.error ?? new Error(`Workflow run ended with status ${tick.run.status}`);
		}
		const rows = traceOutcomes(tick, roles);
		print(rows.length ? formatOutcomes(rows) : 'The trigger emitted nothing.');
		print(`\n${formatTotals(rows)}`);
		print(
			'Recipients who received a campaign but neither opened nor clicked are never emitted (no activity).',
		);
		const records = await Promise.all(
			(['Candidates', 'Contacts'] as const).map(
				async (module) => `${module} ${(await recruitRecords(sandbox.url, module)).length}`,
			),
		);
		print(`Recruit now holds: ${records.join(', ')}`);
		print(`\nAPI calls (from /__sandbox/calls):\n${formatCalls(await sandboxCalls(sandbox.url))}`);
		print(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		const lost = rows.filter((row) => row.outcome === 'lost');
		if (lost.length)
			process.stderr.write(`${lost.length} item(s) left no output: a node lost them\n`);
		return lost.length ? 1 : 0;
	} finally {
		await run.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
		process.stderr.write(`Demo failed: ${detail}\n`);
		process.exit(1);
	},
);
