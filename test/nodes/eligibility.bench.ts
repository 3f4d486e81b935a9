/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Times the Eligibility Filter's own logic (execute(): parameter reads, every rule, dedupe,
// routing) on 100,000 generated trigger items, through a minimal fake n8n context so that no
// engine overhead is counted. Not a test (no timing assertions); run it by hand:
//   npx ts-node --transpile-only -P tsconfig.test.json test/nodes/eligibility.bench.ts [count]
import { performance } from 'node:perf_hooks';

import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import type { EligibilityFilter as EligibilityFilterClass } from '../../nodes/EligibilityFilter/EligibilityFilter.node';

// Under plain ts-node, Node's resolver would pick EligibilityFilter.node.json (the codex) over
// the .ts source for an extension-less path, so name the file exactly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EligibilityFilter } = require('../../nodes/EligibilityFilter/EligibilityFilter.node.ts') as {
	EligibilityFilter: typeof EligibilityFilterClass;
};

const COUNT = Number(process.argv[2] ?? 100_000);
const RUNS = 7;

/** A realistic mix: ~1 in 10 items is a duplicate email, a few have each kind of problem. */
function makeItems(count: number): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		const person = i % 10 === 9 ? i - 2 : i; // every tenth item repeats an email of its module
		const json: IDataObject = {
			email: `Person.${person}@Example${person % 50}.com`,
			firstName: i % 97 === 0 ? 'null' : `First${i}`,
			lastName: i % 89 === 0 ? '  ' : `Last${i}`,
			companyName: i % 3 === 0 ? null : `Company ${i % 1000}`,
			phone: null,
			mobile: null,
			jobTitle: null,
			city: 'Chennai',
			state: null,
			country: 'India',
			contactStatus: i % 101 === 0 ? 'unsub' : i % 103 === 0 ? 'hardbounce' : 'active',
			activity: i % 4 === 0 ? 'clicked' : 'opened',
			module: i % 2 === 0 ? 'Candidates' : 'Contacts',
			campaign: {
				key: `C${i % 20}`,
				name: `Campaign ${i % 20}`,
				sentAt: new Date(Date.UTC(2026, 10, 1 + (i % 20))).toISOString(),
				lists: ['L1', 'L2'],
			},
			matchedLists: i % 211 === 0 ? ['L9'] : ['L1'],
			detectedAt: '2026-11-21T00:00:00.000Z',
			raw: { contactid: String(i) },
		};
		if (i % 500 === 0) json.email = 'not an email';
		if (i % 307 === 0) json.importedFromRecruit = true;
		items.push({ json });
	}
	return items;
}

function fakeContext(items: INodeExecutionData[]): IExecuteFunctions {
	const node = {
		id: 'bench',
		name: 'Eligibility Filter',
		type: 'n8n-nodes-zoho-campaigns-recruit.eligibilityFilter',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as INode;
	return {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: (_name: string, _i: number, fallback?: unknown) => fallback,
	} as unknown as IExecuteFunctions;
}

async function main(): Promise<void> {
	const items = makeItems(COUNT);
	const filter = new EligibilityFilter();
	const wall: number[] = [];
	const cpu: number[] = [];
	let counts = [0, 0];
	for (let run = 0; run <= RUNS; run++) {
		const context = fakeContext(items);
		const cpuStart = process.cpuUsage();
		const started = performance.now();
		const [eligible, ineligible] = await filter.execute.call(context);
		const elapsed = performance.now() - started;
		const cpuUsed = process.cpuUsage(cpuStart);
		if (run > 0) {
			// run 0 warms up the JIT
			wall.push(elapsed);
			cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
		}
		counts = [eligible.length, ineligible.length];
	}
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
	process.stdout.write(
		`Eligibility Filter, ${COUNT} items (node ${process.version}, ${RUNS} runs after 1 warm-up): ` +
			`wall median ${median(wall).toFixed(1)} ms (min ${Math.min(...wall).toFixed(1)}, ` +
			`max ${Math.max(...wall).toFixed(1)}), process CPU median ${median(cpu).toFixed(1)} ms ` +
			`(includes GC threads); eligible ${counts[0]}, ineligible ${counts[1]}\n`,
	);
}

void main();
