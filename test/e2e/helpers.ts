// Helpers for the real-n8n end-to-end tests: reading n8n's execution data and the sandbox state.
import { sandboxRecruitRecords } from '../../scripts/n8n-runtime/stack';
import { SandboxAdmin } from '../sandbox/client';

export type RecruitRecord = Record<string, unknown> & { id?: string; Email?: string };

/**
 * n8n's REST API returns execution data in the `flatted` format (an array whose first entry is the
 * root; every string inside an object/array is an index into that array). A minimal reader, so the
 * tests need no extra dependency.
 */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const raw = table[index];
		if (raw === null || typeof raw !== 'object') {
			revived.set(index, raw);
			return raw;
		}
		const out: Record<string, unknown> | unknown[] = Array.isArray(raw) ? [] : {};
		revived.set(index, out);
		for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
			(out as Record<string, unknown>)[key] = typeof value === 'string' ? revive(Number(value)) : value;
		}
		return out;
	};
	return revive(0);
}

interface RunDataEntry {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string };
}

/** Output items (json) of `nodeName`'s last run in an execution, per output index. */
export function nodeOutputs(executionData: unknown, nodeName: string): Array<Array<Record<string, unknown>>> {
	const runData = (executionData as { resultData?: { runData?: Record<string, RunDataEntry[]> } })
		.resultData?.runData;
	const runs = runData?.[nodeName];
	if (!runs?.length) return [];
	const main = runs[runs.length - 1].data?.main ?? [];
	return main.map((items) => (items ?? []).map((item) => item.json));
}

export async function recruitSnapshot(sandboxUrl: string) {
	const [Candidates, Contacts] = await Promise.all([
		sandboxRecruitRecords(sandboxUrl, 'Candidates'),
		sandboxRecruitRecords(sandboxUrl, 'Contacts'),
	]);
	return { Candidates: Candidates as RecruitRecord[], Contacts: Contacts as RecruitRecord[] };
}

export const emailOf = (r: RecruitRecord) => String(r.Email ?? '').toLowerCase();

export function byEmail(records: RecruitRecord[]): Map<string, RecruitRecord[]> {
	const map = new Map<string, RecruitRecord[]>();
	for (const r of records) map.set(emailOf(r), [...(map.get(emailOf(r)) ?? []), r]);
	return map;
}

/** Records that are new or whose content differs from `before` (by id). */
export function changedRecords(before: RecruitRecord[], after: RecruitRecord[]): RecruitRecord[] {
	const old = new Map(before.map((r) => [String(r.id), JSON.stringify(r)]));
	return after.filter((r) => old.get(String(r.id)) !== JSON.stringify(r));
}

/** POST to an admin endpoint; `path` may include the /__sandbox/ prefix. */
export async function sandboxPost(sandboxUrl: string, path: string, body: unknown) {
	return await new SandboxAdmin(sandboxUrl).request('POST', path, body);
}

export async function sandboxCalls(sandboxUrl: string) {
	return await new SandboxAdmin(sandboxUrl).calls();
}

export async function clearSandboxCalls(sandboxUrl: string) {
	await new SandboxAdmin(sandboxUrl).clearCalls();
}
