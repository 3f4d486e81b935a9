// What happened to each recipient the trigger emitted in one active-workflow tick, traced through
// the Eligibility Filter and the Recruit Push by pairedItem, and a plain-text table of it.
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { TickResult } from '../../test/harness';
import { MODULES, type RecruitModule, type SandboxCall, type TemplateRoles } from './setup';

export type OutcomeKind =
	| 'inserted'
	| 'updated'
	| 'unchanged'
	| 'dryRun'
	| 'ineligible'
	| 'notPushed'
	| 'lost';

export interface RecipientOutcome {
	module: RecruitModule;
	email: string;
	name: string;
	campaign: string;
	activity: string;
	outcome: OutcomeKind;
	/** Recruit record id (pushed) or the existing record's id when Zoho names one. */
	recruitId: string | null;
	/** Eligibility reason codes, or the push error code. */
	reasons: string[];
}

function pairedIndex(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	const first = Array.isArray(paired) ? paired[0] : paired;
	if (typeof first === 'number') return first;
	if (first && typeof (first as IPairedItemData).item === 'number')
		return (first as IPairedItemData).item;
	throw new Error(`Item without pairedItem: ${JSON.stringify(item.json).slice(0, 120)}`);
}

function text(value: unknown): string {
	return value === null || value === undefined ? '' : String(value);
}

/** One row per emitted item, in the trigger's order. Throws when a tick ran nothing. */
export function traceOutcomes(tick: TickResult, roles: TemplateRoles): RecipientOutcome[] {
	const { emitted, run } = tick;
	if (!emitted) return [];
	if (!run) throw new Error('The trigger emitted items but the workflow did not run');
	const rows: RecipientOutcome[] = [];
	MODULES.forEach((module, outputIndex) => {
		const items = emitted[outputIndex] ?? [];
		const filter = roles.filters[module].name;
		const push = roles.pushes[module].name;
		const byEmitted = new Map<number, Partial<RecipientOutcome>>();

		run.output(filter, 1).forEach((item) => {
			const reasons = (item.json.ineligibleReasons as IDataObject[] | undefined) ?? [];
			byEmitted.set(pairedIndex(item), {
				outcome: 'ineligible',
				// The missing field is what a user has to fix; other codes say it all.
				reasons: reasons.map((r) =>
					r.code === 'missing_mandatory_field' && r.field
						? `${text(r.code)} (${text(r.field)})`
						: text(r.code),
				),
			});
		});
		const eligible = run.output(filter, 0);
		const toEmitted = (pushItem: INodeExecutionData) =>
			pairedIndex(eligible[pairedIndex(pushItem)]);
		run.output(push, 0).forEach((item) => {
			const recruit = item.json.recruit as IDataObject;
			byEmitted.set(toEmitted(item), {
				outcome: text(recruit.action) as OutcomeKind,
				recruitId: recruit.id === null ? null : text(recruit.id),
				reasons: [],
			});
		});
		run.output(push, 1).forEach((item) => {
			const error = item.json.pushError as IDataObject;
			byEmitted.set(toEmitted(item), {
				outcome: 'notPushed',
				recruitId: error.id === undefined ? null : text(error.id),
				reasons: [text(error.code)],
			});
		});

		items.forEach((item, index) => {
			const json = item.json;
			const campaign = (json.campaign as IDataObject | undefined) ?? {};
			rows.push({
				module,
				email: text(json.email),
				name: [json.firstName, json.lastName].filter((part) => part).join(' '),
				campaign: text(campaign.name),
				activity: text(json.activity),
				outcome: 'lost',
				recruitId: null,
				reasons: [],
				...byEmitted.get(index),
			});
		});
	});
	return rows;
}

function renderTable(header: string[], body: string[][]): string {
	const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, c) => cell.padEnd(widths[c]))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const OUTCOME_LABEL: Record<OutcomeKind, string> = {
	inserted: 'inserted',
	updated: 'updated',
	unchanged: 'unchanged',
	dryRun: 'dry run',
	ineligible: 'not pushed',
	notPushed: 'push failed',
	lost: 'LOST (no output)',
};

export function formatOutcomes(rows: RecipientOutcome[]): string {
	const body = rows.map((row) => [
		row.email,
		row.name,
		row.module,
		row.campaign,
		row.activity,
		OUTCOME_LABEL[row.outcome],
		row.reasons.length ? row.reasons.join(', ') : row.recruitId ? `id ${row.recruitId}` : '',
	]);
	return renderTable(
		['Recipient', 'Name', 'Module', 'Campaign', 'Activity', 'Outcome', 'Recruit id / reasons'],
		body,
	);
}

export function formatTotals(rows: RecipientOutcome[]): string {
	const count = (pick: (row: RecipientOutcome) => string[]) => {
		const counts = new Map<string, number>();
		for (const row of rows)
			for (const key of pick(row)) counts.set(key, (counts.get(key) ?? 0) + 1);
		return [...counts].map(([key, n]) => `${key} ${n}`).join(', ');
	};
	const perModule = MODULES.map((module) => {
		const mine = rows.filter((row) => row.module === module);
		return `${module}: ${mine.length} emitted → ${count((row) => (row.module === module ? [OUTCOME_LABEL[row.outcome]] : [])) || 'nothing'}`;
	});
	const reasons = count((row) => row.reasons.map((reason) => reason.replace(/ \(.*\)$/, '')));
	return [...perModule, `Reasons: ${reasons || 'none'}`].join('\n');
}

export function formatCalls(calls: SandboxCall[]): string {
	const products = new Map<string, Map<string, number>>();
	for (const call of calls) {
		const methods = products.get(call.product) ?? new Map<string, number>();
		methods.set(call.apiMethod, (methods.get(call.apiMethod) ?? 0) + 1);
		products.set(call.product, methods);
	}
	return [...products]
		.map(([product, methods]) => {
			const total = [...methods.values()].reduce((a, b) => a + b, 0);
			const detail = [...methods].map(([method, n]) => `${method} ${n}`).join(', ');
			return `${product.padEnd(10)} ${String(total).padStart(4)}  (${detail})`;
		})
		.join('\n');
}
