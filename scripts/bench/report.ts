// One benchmark case's result (what goes into .test-artifacts/bench.json) and its printed table.
import type { Measurement } from './measure';
import type { CallCounts } from './sandboxClient';

/** Calls a case needs at the least on one endpoint, and why (see docs/BENCHMARKS.md). */
export interface MinimumCalls {
	/** Same key as countCalls(): "<product> <METHOD> <endpoint>". */
	key: string;
	calls: number;
	why: string;
}

export interface EndpointRow {
	product: string;
	endpoint: string;
	calls: number;
	minimum: number;
	why: string | null;
}

export interface CaseResult {
	id: string;
	title: string;
	setup: string;
	endpoints: EndpointRow[];
	totalCalls: number;
	minimumCalls: number;
	/** Actual / minimum (null when the minimum is 0). */
	ratio: number | null;
	wallMs: number;
	cpuMs: number;
	heapPeakDeltaBytes: number;
	heapRetainedDeltaBytes: number;
	rssPeakBytes: number;
	/** JSON size of the trigger's node static data after the poll. */
	staticDataBytes?: number;
	/** What came out (items per output, actions, ...): checked, so the figures are of real work. */
	outcome: Record<string, number | string>;
	/** Extra timings, e.g. the Eligibility Filter's logic-only time. */
	timings?: Record<string, number>;
	notes: string[];
	warnings: string[];
}

/** Generous bound: more than this many times the minimum is worth a look (not a failure). */
export const WARN_FACTOR = 2;

export function buildResult(input: {
	id: string;
	title: string;
	setup: string;
	counts: CallCounts;
	minimum: MinimumCalls[];
	measurement: Measurement<unknown>;
	staticDataBytes?: number;
	outcome: Record<string, number | string>;
	timings?: Record<string, number>;
	notes?: string[];
}): CaseResult {
	const keys = new Set([...input.counts.keys(), ...input.minimum.map((entry) => entry.key)]);
	const endpoints: EndpointRow[] = [...keys].sort().map((key) => {
		const [product, ...rest] = key.split(' ');
		const minimum = input.minimum.find((entry) => entry.key === key);
		return {
			product,
			endpoint: rest.join(' '),
			calls: input.counts.get(key) ?? 0,
			minimum: minimum?.calls ?? 0,
			why: minimum?.why ?? null,
		};
	});
	const totalCalls = endpoints.reduce((sum, row) => sum + row.calls, 0);
	const minimumCalls = endpoints.reduce((sum, row) => sum + row.minimum, 0);
	const warnings: string[] = [];
	if (totalCalls > WARN_FACTOR * minimumCalls) {
		warnings.push(
			`${totalCalls} API calls, more than ${WARN_FACTOR}× the minimum of ${minimumCalls}`,
		);
	}
	for (const row of endpoints) {
		if (row.minimum > 0 && row.calls > WARN_FACTOR * row.minimum) {
			warnings.push(
				`${row.product} ${row.endpoint}: ${row.calls} calls, more than ${WARN_FACTOR}× the minimum of ${row.minimum}`,
			);
		}
	}
	const m = input.measurement;
	return {
		id: input.id,
		title: input.title,
		setup: input.setup,
		endpoints,
		totalCalls,
		minimumCalls,
		ratio: minimumCalls > 0 ? totalCalls / minimumCalls : null,
		wallMs: m.wallMs,
		cpuMs: m.cpuMs,
		heapPeakDeltaBytes: m.heapPeakDeltaBytes,
		heapRetainedDeltaBytes: m.heapRetainedDeltaBytes,
		rssPeakBytes: m.rssPeakBytes,
		...(input.staticDataBytes !== undefined ? { staticDataBytes: input.staticDataBytes } : {}),
		outcome: input.outcome,
		...(input.timings ? { timings: input.timings } : {}),
		notes: input.notes ?? [],
		warnings,
	};
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${value < 100 ? value.toFixed(1) : int(value)} ms`;
function mb(bytes: number): string {
	const sign = bytes < 0 ? '−' : '+';
	return `${sign}${(Math.abs(bytes) / 1024 / 1024).toFixed(1)} MB`;
}

function pad(text: string, width: number, right = false): string {
	return right ? text.padStart(width) : text.padEnd(width);
}

export function formatCase(result: CaseResult): string {
	const lines: string[] = [];
	lines.push(`■ ${result.title}`);
	lines.push(`  ${result.setup}`);
	const endpointWidth = Math.max(24, ...result.endpoints.map((row) => row.endpoint.length));
	lines.push(
		`  ${pad('product', 10)} ${pad('endpoint', endpointWidth)} ${pad('calls', 7, true)} ${pad('minimum', 8, true)}`,
	);
	for (const row of result.endpoints) {
		lines.push(
			`  ${pad(row.product, 10)} ${pad(row.endpoint, endpointWidth)} ${pad(int(row.calls), 7, true)} ${pad(int(row.minimum), 8, true)}${row.why ? `   ${row.why}` : ''}`,
		);
	}
	if (result.endpoints.length === 0)
		lines.push(`  ${pad('(no API calls)', 10 + endpointWidth + 1)}`);
	const ratio = result.ratio === null ? '' : `   ×${result.ratio.toFixed(2)} of minimum`;
	lines.push(
		`  ${pad('total', 10 + endpointWidth + 1)} ${pad(int(result.totalCalls), 7, true)} ${pad(int(result.minimumCalls), 8, true)}${ratio}`,
	);
	const memory = [
		`wall ${ms(result.wallMs)}`,
		`cpu ${ms(result.cpuMs)}`,
		`heap peak ${mb(result.heapPeakDeltaBytes)}`,
		`retained ${mb(result.heapRetainedDeltaBytes)}`,
		`rss peak ${int(result.rssPeakBytes / 1024 / 1024)} MB`,
	];
	if (result.staticDataBytes !== undefined)
		memory.push(`static data ${int(result.staticDataBytes)} B`);
	lines.push(`  ${memory.join(' · ')}`);
	if (result.timings) {
		lines.push(
			`  ${Object.entries(result.timings)
				.map(([name, value]) => `${name} ${ms(value)}`)
				.join(' · ')}`,
		);
	}
	lines.push(
		`  outcome: ${Object.entries(result.outcome)
			.map(([name, value]) => `${name} ${typeof value === 'number' ? int(value) : value}`)
			.join(', ')}`,
	);
	for (const note of result.notes) lines.push(`  note: ${note}`);
	for (const warning of result.warnings) lines.push(`  WARNING: ${warning}`);
	return lines.join('\n');
}
