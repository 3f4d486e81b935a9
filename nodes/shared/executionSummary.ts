import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

// Execution custom data (https://docs.n8n.io/workflows/executions/custom-executions-data/): counts
// that make an execution readable at a glance and filterable in n8n's execution list. n8n keeps at
// most 10 keys per execution (letters, digits, underscores; values cut at 512 characters; n8n-core
// execution-metadata.js), so every count shares the keys below and a breakdown by reason is one
// value ("unsubscribed 2, bounced 1"). Both Eligibility Filters and both Recruit Pushes of the main
// template run in one execution, and a push runs again after each retry Wait: counts add up across
// runs, so `notPushed` counts every failed attempt.

export const SUMMARY_KEYS = {
	emitted: 'emitted',
	eligible: 'eligible',
	notEligible: 'notEligible',
	notEligibleBy: 'notEligibleBy',
	pushed: 'pushed',
	pushedBy: 'pushedBy',
	notPushed: 'notPushed',
	notPushedBy: 'notPushedBy',
} as const;

const MAX_VALUE_LENGTH = 255;

/** "a 2, b 1" ⇄ { a: 2, b: 1 }; the largest counts first. */
export function parseBreakdown(value: string | undefined): Map<string, number> {
	const counts = new Map<string, number>();
	for (const part of (value ?? '').split(',')) {
		const match = /^\s*(\S+)\s+(\d+)\s*$/.exec(part);
		if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + Number(match[2]));
	}
	return counts;
}

export function formatBreakdown(counts: Map<string, number>): string {
	const text = [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.map(([code, count]) => `${code} ${count}`)
		.join(', ');
	return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Adds `count` to a numeric key and `codes` (one entry per occurrence) to a breakdown key. */
export function mergeSummary(
	current: Record<string, string>,
	total: { key: string; count: number },
	breakdown?: { key: string; codes: string[] },
): Record<string, string> {
	const next: Record<string, string> = {};
	next[total.key] = String((Number(current[total.key]) || 0) + total.count);
	if (breakdown) {
		const counts = parseBreakdown(current[breakdown.key]);
		for (const code of breakdown.codes) counts.set(code, (counts.get(code) ?? 0) + 1);
		next[breakdown.key] = formatBreakdown(counts);
	}
	return next;
}

/** Custom data is a convenience: a context without it (older n8n, tests) is not an error. */
function addToCustomData(
	ctx: IExecuteFunctions,
	updates: Array<[{ key: string; count: number }, { key: string; codes: string[] }?]>,
): void {
	let customData: IExecuteFunctions['customData'];
	try {
		customData = ctx.customData;
	} catch {
		return;
	}
	if (!customData) return;
	let current = customData.getAll();
	for (const [total, breakdown] of updates) {
		const next = mergeSummary(current, total, breakdown);
		customData.setAll(next);
		current = { ...current, ...next };
	}
}

const codesOf = (items: INodeExecutionData[], read: (json: IDataObject) => string[]) =>
	items.flatMap((item) => read(item.json));

/** Eligibility Filter: items in, eligible, not eligible by reason code. */
export function recordEligibility(
	ctx: IExecuteFunctions,
	eligible: INodeExecutionData[],
	ineligible: INodeExecutionData[],
): void {
	const reasonCodes = (json: IDataObject) =>
		Array.isArray(json.ineligibleReasons)
			? (json.ineligibleReasons as IDataObject[]).map((reason) => String(reason.code))
			: [];
	addToCustomData(ctx, [
		[{ key: SUMMARY_KEYS.emitted, count: eligible.length + ineligible.length }],
		[{ key: SUMMARY_KEYS.eligible, count: eligible.length }],
		[
			{ key: SUMMARY_KEYS.notEligible, count: ineligible.length },
			{ key: SUMMARY_KEYS.notEligibleBy, codes: codesOf(ineligible, reasonCodes) },
		],
	]);
}

/** Recruit Push: pushed by action (inserted, updated, unchanged, dryRun), not pushed by code. */
export function recordPush(
	ctx: IExecuteFunctions,
	outputs: INodeExecutionData[][],
): INodeExecutionData[][] {
	const [pushed, notPushed] = outputs;
	const action = (json: IDataObject) => [String((json.recruit as IDataObject | undefined)?.action)];
	const errorCode = (json: IDataObject) => [
		String((json.pushError as IDataObject | undefined)?.code),
	];
	addToCustomData(ctx, [
		[
			{ key: SUMMARY_KEYS.pushed, count: pushed.length },
			{ key: SUMMARY_KEYS.pushedBy, codes: codesOf(pushed, action) },
		],
		[
			{ key: SUMMARY_KEYS.notPushed, count: notPushed.length },
			{ key: SUMMARY_KEYS.notPushedBy, codes: codesOf(notPushed, errorCode) },
		],
	]);
	return outputs;
}
