// Helpers for the real-n8n end-to-end tests: reading n8n's execution data and the sandbox state.
import { waitFor } from '../../scripts/n8n-runtime/n8n';
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
			(out as Record<string, unknown>)[key] =
				typeof value === 'string' ? revive(Number(value)) : value;
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
export function nodeOutputs(
	executionData: unknown,
	nodeName: string,
): Array<Array<Record<string, unknown>>> {
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

// ---- n8n Data Tables and executions through n8n's internal REST API (the editor's own calls) ----

export interface DataTableSummary {
	id: string;
	name: string;
	projectId: string;
	[key: string]: unknown;
}

export type DataTableRow = Record<string, unknown> & { id: number; updatedAt: string };

type RestRequester = {
	request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
};

/** The instance's data tables (`GET /rest/data-tables-global`); the one named `name`, or undefined. */
export async function findDataTable(
	client: RestRequester,
	name: string,
): Promise<DataTableSummary | undefined> {
	const list = await client.request<{ data?: DataTableSummary[] } | DataTableSummary[]>(
		'GET',
		'/rest/data-tables-global?take=100',
	);
	const tables = Array.isArray(list) ? list : (list.data ?? []);
	return tables.find((table) => table.name === name);
}

/** Every row of a data table, in pages of 500. */
export async function dataTableRows(
	client: RestRequester,
	table: DataTableSummary,
): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	for (;;) {
		const page = await client.request<{ count: number; data: DataTableRow[] }>(
			'GET',
			`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?skip=${rows.length}&take=500`,
		);
		rows.push(...page.data);
		if (page.data.length === 0 || rows.length >= page.count) return rows;
	}
}

/** `GET /rest/data-tables-global/limits`: the instance's data-table bytes (n8n's own measure). */
export async function dataTableSizes(client: RestRequester) {
	return await client.request<{
		totalBytes: number;
		quotaStatus: string;
		dataTables: Record<string, { sizeBytes: number; name?: string }>;
	}>('GET', '/rest/data-tables-global/limits');
}

/** An execution's custom data (`GET /rest/executions/:id` → `customData`). */
export async function executionCustomData(
	client: RestRequester,
	id: string,
): Promise<Record<string, string>> {
	const execution = await client.request<{ customData?: Record<string, string> }>(
		'GET',
		`/rest/executions/${id}`,
	);
	return execution.customData ?? {};
}

/** How many times a node ran in an execution (0 when it did not). */
export function nodeRuns(executionData: unknown, nodeName: string): number {
	const runData = (executionData as { resultData?: { runData?: Record<string, unknown[]> } })
		.resultData?.runData;
	return runData?.[nodeName]?.length ?? 0;
}

/**
 * What an operator does in the editor to a trigger's options: merge `options` into the named
 * node's `options` parameter and save (`PATCH /rest/workflows/:id`); publishing is separate.
 */
export async function saveNodeOptions(
	client: RestRequester & { getWorkflow(id: string): Promise<unknown> },
	workflowId: string,
	nodeName: string,
	options: Record<string, unknown>,
): Promise<void> {
	const workflow = (await client.getWorkflow(workflowId)) as {
		versionId: string;
		nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
		connections: Record<string, unknown>;
	};
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`no node "${nodeName}" in workflow ${workflowId}`);
	node.parameters.options = { ...(node.parameters.options as object), ...options };
	await client.request('PATCH', `/rest/workflows/${workflowId}`, {
		nodes: workflow.nodes,
		connections: workflow.connections,
		versionId: workflow.versionId,
	});
}

/** Waits until execution `id` has ended (success, error, crashed or canceled) and returns it. */
export async function executionEnd<T extends { status: string }>(
	client: { getExecution(id: string): Promise<T> },
	id: string,
	timeoutMs: number,
): Promise<T> {
	return await waitFor(
		`execution ${id} to end`,
		async () => {
			const execution = await client.getExecution(id);
			return ['success', 'error', 'crashed', 'canceled'].includes(execution.status) ? execution : undefined;
		},
		{ timeoutMs, intervalMs: 3000 },
	);
}
