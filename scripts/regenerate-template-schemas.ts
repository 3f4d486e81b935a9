/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Rewrites the `columns.schema` array of every Recruit Push node in workflows-templates/*.json to
// what the node's resource mapper produces from the sandbox's field metadata (default scenario),
// the same comparison test/templates/templates.test.ts makes. Only `schema` changes: a field is
// `removed: false` exactly when the template maps it in `columns.value`.
//   npx ts-node --transpile-only -P tsconfig.test.json scripts/regenerate-template-schemas.ts [--check]
// --check writes nothing and exits 1 when a template is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, ResourceMapperField } from 'n8n-workflow';

// resourceMapping directly: under ts-node `RecruitPush.node` resolves to RecruitPush.node.json.
import { getRecruitFieldsMapping } from '../nodes/RecruitPush/resourceMapping';
import { loadOptionsContext } from '../test/harness';
import { PUSH_TYPE, TEMPLATES_DIR, startScenarioSandbox, type ScenarioRun } from './demo/setup';

interface TemplateNode {
	name: string;
	type: string;
	parameters: IDataObject;
}

type SchemaField = ResourceMapperField & { removed: boolean };

function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

async function liveFields(run: ScenarioRun, module: string): Promise<ResourceMapperField[]> {
	const context = loadOptionsContext({
		credentials: run.credentials,
		nodeType: PUSH_TYPE,
		parameters: { module, operation: 'upsert' },
	});
	const { fields } = await getRecruitFieldsMapping.call(context);
	return fields;
}

/** The live fields in layout order; a field the template maps but the layout lacks is an error. */
function schemaFor(node: TemplateNode, fields: ResourceMapperField[]): SchemaField[] {
	const columns = node.parameters.columns as IDataObject;
	const mapped = Object.keys((columns.value as IDataObject | null) ?? {});
	const missing = mapped.filter((id) => !fields.some((field) => field.id === id));
	if (missing.length > 0) {
		throw new Error(`${node.name} maps ${missing.join(', ')}, not writable in the live layout`);
	}
	return fields.map((field) => ({ ...field, removed: !mapped.includes(field.id) }));
}

async function main(): Promise<void> {
	const check = process.argv.includes('--check');
	const run = await startScenarioSandbox('default');
	const cache = new Map<string, ResourceMapperField[]>();
	let stale = 0;
	try {
		const files = readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('.json'));
		for (const file of files.sort()) {
			const path = join(TEMPLATES_DIR, file);
			const text = readFileSync(path, 'utf8');
			const wf = JSON.parse(text) as { nodes: TemplateNode[] };
			for (const node of wf.nodes.filter((entry) => entry.type === PUSH_TYPE)) {
				const module = node.parameters.module as string;
				if (!cache.has(module)) cache.set(module, await liveFields(run, module));
				const columns = node.parameters.columns as IDataObject;
				columns.schema = schemaFor(node, cache.get(module)!) as unknown as IDataObject[];
				print(`${file} › ${node.name}: ${(columns.schema as unknown[]).length} fields`);
			}
			const updated = `${JSON.stringify(wf, null, '\t')}\n`;
			if (updated === text) continue;
			stale++;
			if (check) print(`${file}: out of date`);
			else writeFileSync(path, updated);
		}
	} finally {
		await run.stop();
	}
	print(
		stale === 0 ? 'templates up to date' : `${stale} template(s) ${check ? 'stale' : 'updated'}`,
	);
	if (check && stale > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
