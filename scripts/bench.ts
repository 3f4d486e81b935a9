/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// `npm run bench`: API calls, wall time and memory of the three nodes against the in-process
// sandbox, each case next to the theoretical minimum of calls (derivations: docs/BENCHMARKS.md).
// Prints a table per case and writes .test-artifacts/bench.json. No timing assertions: the exit
// code is non-zero only when a case fails (an error, or output that is not what the case built);
// more than 2× the minimum of calls is a WARNING line.
//   npm run bench [-- case-id-prefix ...]     e.g. npm run bench -- trigger push-dry
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { eligibilityCase } from './bench/eligibility';
import { pushCases } from './bench/push';
import { formatCase, WARN_FACTOR, type CaseResult } from './bench/report';
import { triggerBigCases, triggerIdleCase } from './bench/trigger';

interface Group {
	/** Case ids the group produces (for selecting groups on the command line). */
	ids: string[];
	run: () => Promise<CaseResult[]>;
}

const GROUPS: Group[] = [
	{ ids: ['trigger-first-activation', 'trigger-new-opens'], run: triggerBigCases },
	{ ids: ['trigger-idle-poll'], run: async () => [await triggerIdleCase()] },
	{ ids: ['eligibility-100k'], run: async () => [await eligibilityCase()] },
	{ ids: ['push-upsert', 'push-fill-empty', 'push-dry-run'], run: pushCases },
];

const OUTPUT = join(__dirname, '..', '.test-artifacts', 'bench.json');

async function main(): Promise<number> {
	const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
	const selected = GROUPS.filter(
		(group) =>
			filters.length === 0 || group.ids.some((id) => filters.some((f) => id.startsWith(f))),
	);
	const environment = {
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
	};
	process.stdout.write(
		`Benchmarks against the in-process sandbox · node ${environment.node} · ${environment.cpus} CPUs (${environment.cpuModel})\n` +
			'calls = requests the sandbox logged (GET /__sandbox/calls); minimum = the fewest calls the case needs (docs/BENCHMARKS.md)\n\n',
	);

	const started = performance.now();
	const results: CaseResult[] = [];
	const errors: Array<{ group: string; error: string }> = [];
	for (const group of selected) {
		try {
			for (const result of await group.run()) {
				results.push(result);
				process.stdout.write(`${formatCase(result)}\n\n`);
			}
		} catch (error) {
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			errors.push({ group: group.ids.join(', '), error: message });
			process.stderr.write(`ERROR in ${group.ids.join(', ')}:\n${message}\n\n`);
		}
	}
	const totalMs = performance.now() - started;

	const warnings = results.flatMap((result) => result.warnings.map((w) => `${result.id}: ${w}`));
	process.stdout.write(
		`${results.length} case(s) in ${(totalMs / 1000).toFixed(1)} s · ${warnings.length} warning(s) (> ${WARN_FACTOR}× minimum) · ${errors.length} error(s)\n`,
	);
	for (const warning of warnings) process.stdout.write(`WARNING ${warning}\n`);

	mkdirSync(join(OUTPUT, '..'), { recursive: true });
	writeFileSync(
		OUTPUT,
		`${JSON.stringify(
			{
				generatedAt: new Date().toISOString(),
				command: 'npm run bench',
				environment,
				totalMs,
				warnFactor: WARN_FACTOR,
				cases: results,
				warnings,
				errors,
			},
			null,
			2,
		)}\n`,
	);
	process.stdout.write(`JSON: ${OUTPUT}\n`);
	return errors.length > 0 ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
