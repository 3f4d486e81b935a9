/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Wall time, CPU time and heap of one piece of work. The heap is sampled every few
// milliseconds while the work runs (peak) and measured after a forced full GC before and after
// (retained). Everything runs in one process, so the figures include the in-process sandbox
// building its responses; see docs/BENCHMARKS.md.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export function fullGc(): void {
	collectGarbage();
	collectGarbage();
}

export interface Measurement<T> {
	result: T;
	wallMs: number;
	/** User + system CPU of the whole process (node logic, n8n-core, the sandbox, GC threads). */
	cpuMs: number;
	/** Peak heapUsed while running minus heapUsed before (after a full GC). */
	heapPeakDeltaBytes: number;
	/** heapUsed after a full GC minus before: what the work left behind (its output included). */
	heapRetainedDeltaBytes: number;
	rssPeakBytes: number;
	heapSamples: number;
}

const SAMPLE_EVERY_MS = 5;

export async function measure<T>(work: () => Promise<T>): Promise<Measurement<T>> {
	fullGc();
	const before = process.memoryUsage();
	let heapPeak = before.heapUsed;
	let rssPeak = before.rss;
	let heapSamples = 0;
	const sample = () => {
		const now = process.memoryUsage();
		heapSamples++;
		if (now.heapUsed > heapPeak) heapPeak = now.heapUsed;
		if (now.rss > rssPeak) rssPeak = now.rss;
	};
	const timer = setInterval(sample, SAMPLE_EVERY_MS);
	const cpuStart = process.cpuUsage();
	const started = performance.now();
	let result: T;
	try {
		result = await work();
	} finally {
		clearInterval(timer);
	}
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuStart);
	// Synchronous work (the Eligibility Filter) gives the timer no chance to fire: sample once
	// more before the garbage is collected.
	sample();
	fullGc();
	const after = process.memoryUsage();
	return {
		result,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		heapPeakDeltaBytes: heapPeak - before.heapUsed,
		heapRetainedDeltaBytes: after.heapUsed - before.heapUsed,
		rssPeakBytes: rssPeak,
		heapSamples,
	};
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}
