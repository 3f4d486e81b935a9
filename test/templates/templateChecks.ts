/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// Static checks of a workflow template against what n8n would load: the package's registered
// nodes (package.json n8n.nodes, imported from TS source) and an allow-list of stock nodes.
// Pure functions returning problem strings, so tests can also prove each check can fail.
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-zoho-campaigns-recruit';

/** What the checks need to know about one node type. */
export interface NodeTypeInfo {
	versions: number[];
	inputs: number;
	outputs: number;
	/** Top-level parameter names, with the option names of `collection` parameters. */
	parameters: Map<string, Set<string> | null>;
	credentials: string[];
	polling: boolean;
}

/** Stock n8n-nodes-base nodes a template may use (facts from n8n-nodes-base 2.40.7: versions,
 * top-level parameters, options of `collection` parameters across all operations). */
export const STOCK_NODES: Record<string, NodeTypeInfo> = {
	'n8n-nodes-base.manualTrigger': {
		versions: [1],
		inputs: 0,
		outputs: 1,
		parameters: new Map([['notice', null]]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.stickyNote': {
		versions: [1],
		inputs: 0,
		outputs: 0,
		parameters: new Map([
			['content', null],
			['height', null],
			['width', null],
			['color', null],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.code': {
		versions: [1, 2],
		inputs: 1,
		outputs: 1,
		parameters: new Map<string, Set<string> | null>([
			['mode', null],
			['language', null],
			['jsCode', null],
			['notice', null],
			['pythonCode', null],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.if': {
		versions: [1, 2, 2.1, 2.2, 2.3],
		inputs: 1,
		outputs: 2,
		parameters: new Map<string, Set<string> | null>([
			['conditions', null],
			['looseTypeValidation', null],
			['options', new Set(['ignoreCase', 'looseTypeValidation'])],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.wait': {
		versions: [1, 1.1],
		inputs: 1,
		outputs: 1,
		parameters: new Map<string, Set<string> | null>([
			['resume', null],
			['incomingAuthentication', null],
			['dateTime', null],
			['amount', null],
			['unit', null],
			['webhookNotice', null],
			['formNotice', null],
			['formTitle', null],
			['formDescription', null],
			['formFields', null],
			['responseMode', null],
			['httpMethod', null],
			['responseCode', null],
			['responseData', null],
			['responseBinaryPropertyName', null],
			['limitWaitTime', null],
			['limitType', null],
			['resumeAmount', null],
			['resumeUnit', null],
			['maxDateAndTime', null],
			[
				'options',
				new Set([
					'binaryData',
					'binaryPropertyName',
					'ignoreBots',
					'onlyRunIf',
					'ipWhitelist',
					'noResponseBody',
					'rawBody',
					'responseData',
					'responseContentType',
					'responseHeaders',
					'responsePropertyName',
					'webhookSuffix',
					'appendAttribution',
					'respondWithOptions',
				]),
			],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.dataTable': {
		versions: [1, 1.1],
		inputs: 1,
		outputs: 1,
		parameters: new Map<string, Set<string> | null>([
			['resource', null],
			['operation', null],
			['dataTableId', null],
			['matchType', null],
			['filters', null],
			[
				'options',
				new Set([
					'dryRun',
					'optimizeBulk',
					'createIfNotExists',
					'filterName',
					'sortField',
					'sortDirection',
				]),
			],
			['columns', null],
			['returnAll', null],
			['limit', null],
			['orderBy', null],
			['orderByColumn', null],
			['orderByDirection', null],
			['clearWarning', null],
			['tableName', null],
			['deleteWarning', null],
			['newName', null],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.formTrigger': {
		versions: [1, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6],
		inputs: 0,
		outputs: 1,
		parameters: new Map<string, Set<string> | null>([
			['authentication', null],
			['requireExecuteAccess', null],
			['path', null],
			['formTitle', null],
			['formDescription', null],
			['formFields', null],
			['responseMode', null],
			['formNotice', null],
			['addFormPage', null],
			[
				'options',
				new Set([
					'appendAttribution',
					'ipWhitelist',
					'buttonLabel',
					'path',
					'respondWithOptions',
					'ignoreBots',
					'includeUserInOutput',
					'useWorkflowTimezone',
					'customCss',
					'showHeaders',
				]),
			],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.form': {
		versions: [1, 2.3, 2.4, 2.5],
		inputs: 1,
		outputs: 1,
		parameters: new Map<string, Set<string> | null>([
			['triggerNotice', null],
			['operation', null],
			['defineForm', null],
			['jsonOutput', null],
			['formFields', null],
			['limitWaitTime', null],
			['limitType', null],
			['resumeAmount', null],
			['resumeUnit', null],
			['maxDateAndTime', null],
			[
				'options',
				new Set(['formTitle', 'formDescription', 'buttonLabel', 'customCss', 'appendAttribution']),
			],
			['respondWith', null],
			['redirectUrl', null],
			['completionTitle', null],
			['completionMessage', null],
			['responseText', null],
			['inputDataFieldName', null],
		]),
		credentials: [],
		polling: false,
	},
	'n8n-nodes-base.noOp': {
		versions: [1],
		inputs: 1,
		outputs: 1,
		parameters: new Map(),
		credentials: [],
		polling: false,
	},
};

function countConnections(value: INodeTypeDescription['inputs']): number {
	if (!Array.isArray(value)) throw new Error('Expression-based inputs/outputs are not supported');
	return value.length;
}

export function describeNodeType(description: INodeTypeDescription): NodeTypeInfo {
	const parameters = new Map<string, Set<string> | null>();
	for (const property of description.properties as INodeProperties[]) {
		const nested =
			property.type === 'collection' && Array.isArray(property.options)
				? new Set((property.options as INodeProperties[]).map((option) => option.name))
				: null;
		parameters.set(property.name, nested);
	}
	// n8n's loader adds pollTimes to polling nodes (n8n-nodes §3).
	if (description.polling) parameters.set('pollTimes', null);
	return {
		versions: Array.isArray(description.version) ? description.version : [description.version],
		inputs: countConnections(description.inputs),
		outputs: countConnections(description.outputs),
		parameters,
		credentials: (description.credentials ?? []).map((credential) => credential.name),
		polling: description.polling === true,
	};
}

/** The package's node types as n8n would register them: package.json n8n.nodes, whose dist
 * paths map onto the TS sources, keyed `<package>.<description.name>`. */
export function packageNodeTypes(): Map<string, { info: NodeTypeInfo; nodeType: INodeType }> {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[] };
	};
	const types = new Map<string, { info: NodeTypeInfo; nodeType: INodeType }>();
	for (const distPath of pkg.n8n.nodes) {
		const source = join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(source) as Record<string, new () => INodeType>;
		const classes = Object.values(exported).filter((value) => typeof value === 'function');
		const nodeType = classes.map((Class) => new Class()).find((n) => n.description?.name);
		if (!nodeType) throw new Error(`${distPath}: no node class exported by ${source}`);
		types.set(`${pkg.name}.${nodeType.description.name}`, {
			info: describeNodeType(nodeType.description),
			nodeType,
		});
	}
	return types;
}

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	disabled?: boolean;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }> | null>>
	>;
	settings?: Record<string, unknown>;
	meta?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Everything that would make n8n refuse or mis-load the template, as readable problems. */
export function structuralProblems(wf: Template, catalog: Map<string, NodeTypeInfo>): string[] {
	const problems: string[] = [];
	if (!wf.name) problems.push('workflow has no name');
	if (wf.settings?.executionOrder !== 'v1') problems.push('settings.executionOrder is not "v1"');
	if (wf.meta?.templateCredsSetupCompleted !== false)
		problems.push('meta.templateCredsSetupCompleted is not false');

	const byName = new Map<string, TemplateNode>();
	const ids = new Set<string>();
	for (const node of wf.nodes) {
		const where = `node "${node.name}"`;
		if (byName.has(node.name)) problems.push(`${where}: duplicate name`);
		byName.set(node.name, node);
		if (!UUID.test(node.id)) problems.push(`${where}: id "${node.id}" is not a uuid`);
		if (ids.has(node.id)) problems.push(`${where}: duplicate id ${node.id}`);
		ids.add(node.id);
		if (
			!Array.isArray(node.position) ||
			node.position.length !== 2 ||
			!node.position.every(Number.isFinite)
		)
			problems.push(`${where}: position is not [x, y]`);

		const info = catalog.get(node.type);
		if (!info) {
			problems.push(`${where}: unknown node type ${node.type}`);
			continue;
		}
		if (!info.versions.includes(node.typeVersion))
			problems.push(
				`${where}: typeVersion ${node.typeVersion} not in [${info.versions.join(', ')}]`,
			);
		for (const [name, value] of Object.entries(node.parameters ?? {})) {
			if (!info.parameters.has(name)) {
				problems.push(`${where}: unknown parameter "${name}"`);
				continue;
			}
			const nested = info.parameters.get(name);
			if (nested && value && typeof value === 'object') {
				for (const option of Object.keys(value))
					if (!nested.has(option)) problems.push(`${where}: unknown option "${name}.${option}"`);
			}
		}
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!info.credentials.includes(type))
				problems.push(`${where}: credential type ${type} is not declared by ${node.type}`);
		}
	}

	for (const [source, byType] of Object.entries(wf.connections)) {
		const sourceNode = byName.get(source);
		if (!sourceNode) {
			problems.push(`connection from unknown node "${source}"`);
			continue;
		}
		const sourceInfo = catalog.get(sourceNode.type);
		for (const [type, outputs] of Object.entries(byType)) {
			if (type !== 'main') problems.push(`connection from "${source}": type ${type}`);
			outputs.forEach((targets, outputIndex) => {
				if (sourceInfo && outputIndex >= sourceInfo.outputs && (targets ?? []).length > 0)
					problems.push(
						`connection from "${source}" output ${outputIndex}: the node has ${sourceInfo.outputs} outputs`,
					);
				for (const target of targets ?? []) {
					const targetNode = byName.get(target.node);
					if (!targetNode) {
						problems.push(`connection from "${source}" to unknown node "${target.node}"`);
						continue;
					}
					const targetInfo = catalog.get(targetNode.type);
					if (target.type !== 'main')
						problems.push(`connection "${source}" → "${target.node}": type ${target.type}`);
					if (targetInfo && target.index >= targetInfo.inputs)
						problems.push(
							`connection "${source}" → "${target.node}" input ${target.index}: the node has ${targetInfo.inputs} inputs`,
						);
				}
			});
		}
	}
	return problems;
}

/** Credentials by name only: no id, no token, no client secret, no account data anywhere. */
export function secretProblems(wf: Template): string[] {
	const problems: string[] = [];
	for (const node of wf.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			const where = `node "${node.name}" credential ${type}`;
			if (reference.id !== null && reference.id !== '')
				problems.push(`${where}: embeds credential id "${reference.id}"`);
			if (typeof reference.name !== 'string' || reference.name.trim() === '')
				problems.push(`${where}: has no name to match on import`);
			const extra = Object.keys(reference).filter((key) => key !== 'id' && key !== 'name');
			if (extra.length) problems.push(`${where}: unexpected keys ${extra.join(', ')}`);
		}
	}
	const text = JSON.stringify(wf);
	const patterns: Array<[RegExp, string]> = [
		[/1000\.[0-9a-f]{8,}/i, 'a Zoho access/refresh token'],
		[/\b[0-9a-f]{32}\b/i, 'a 32-hex key (mailing-list key, client secret, …)'],
		[
			/"(?:access_token|refresh_token|client_secret|clientSecret|clientId|oauthTokenData|apiKey|password)"/i,
			'a secret field',
		],
		[/Zoho-oauthtoken|Bearer\s+\w/i, 'an Authorization header value'],
		[/sandbox-(?:client|refresh|initial)/i, 'sandbox credential data'],
		[/"instanceId"/, 'an n8n instance id'],
	];
	for (const [pattern, what] of patterns) {
		const match = pattern.exec(text);
		if (match) problems.push(`embeds ${what}: "${match[0]}"`);
	}
	return problems;
}

export const byType = (wf: Template | { nodes: TemplateNode[] }, type: string): TemplateNode[] =>
	wf.nodes.filter((node) => node.type === type);

export type CodeItem = { json: Record<string, unknown>; pairedItem?: unknown };

/**
 * Runs a Code node's JavaScript ("Run Once for All Items") the way n8n calls it: `$input.all()`
 * gives the items, `$('Node').first()` / `.all()` the items of another node.
 */
export function runCodeNode(
	node: TemplateNode,
	items: Array<Record<string, unknown>>,
	otherNodes: Record<string, Array<Record<string, unknown>>> = {},
): CodeItem[] {
	const wrap = (jsons: Array<Record<string, unknown>>) => jsons.map((json) => ({ json }));
	const $input = { all: () => wrap(structuredClone(items)) };
	const $ = (name: string) => {
		const jsons = otherNodes[name];
		if (!jsons) throw new Error(`the code reads node "${name}", which the test did not provide`);
		return { all: () => wrap(jsons), first: () => wrap(jsons)[0] };
	};
	const run = new Function('$input', '$', String(node.parameters.jsCode)) as (
		input: typeof $input,
		dollar: typeof $,
	) => CodeItem[];
	return run($input, $);
}
