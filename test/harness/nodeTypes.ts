/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Node-type registry for the harness: this package's node classes (imported from TS source at
// runtime), minimal stand-ins for the n8n-nodes-base nodes our templates use, and test-only extras.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { DirectoryLoader } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-zoho-campaigns-recruit';
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

type AnyNodeType = INodeType | IVersionedNodeType;

/** n8n-core's loader adds `pollTimes` to `polling: true` nodes (DirectoryLoader's private
 * applySpecialNodeParameters). Calling the real method keeps us in step with n8n. */
function applySpecialNodeParameters(nodeType: AnyNodeType): void {
	const loader = DirectoryLoader.prototype as unknown as {
		applySpecialNodeParameters(this: unknown, type: INodeType): void;
	};
	const versions: INodeType[] =
		'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
	for (const version of versions) {
		const alreadyApplied = version.description.properties.some((p) => p.name === 'pollTimes');
		if (!alreadyApplied) loader.applySpecialNodeParameters.call(null, version);
	}
}

function findNodeFiles(dir: string): string[] {
	let found: string[] = [];
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return found;
	}
	for (const entry of entries) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) found = found.concat(findNodeFiles(full));
		else if (entry.endsWith('.node.ts')) found.push(full);
	}
	return found.sort();
}

interface Discovered {
	types: Map<string, AnyNodeType>;
	/** files that could not be imported (another helper's work in progress, a syntax error...) */
	failures: Map<string, Error>;
}

let discovered: Discovered | undefined;

/** Imports every nodes/**\/*.node.ts once; a file that fails to load is remembered, not thrown,
 * so one broken node does not take down tests of the others. */
export function discoverPackageNodes(): Discovered {
	if (discovered) return discovered;
	const types = new Map<string, AnyNodeType>();
	const failures = new Map<string, Error>();
	for (const file of findNodeFiles(join(PACKAGE_ROOT, 'nodes'))) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(file) as Record<string, unknown>;
			let foundOne = false;
			for (const value of Object.values(exported)) {
				if (typeof value !== 'function') continue;
				let instance: AnyNodeType;
				try {
					instance = new (value as new () => AnyNodeType)();
				} catch {
					continue;
				}
				const name = instance?.description?.name;
				if (typeof name !== 'string') continue;
				applySpecialNodeParameters(instance);
				types.set(`${PACKAGE_NAME}.${name}`, instance);
				foundOne = true;
			}
			if (!foundOne) {
				failures.set(relative(PACKAGE_ROOT, file), new Error('exports no node class'));
			}
		} catch (error) {
			failures.set(relative(PACKAGE_ROOT, file), error as Error);
		}
	}
	discovered = { types, failures };
	return discovered;
}

// ---- stand-ins for n8n-nodes-base -------------------------------------------------------------

/** Same contract as n8n's Manual Trigger: in manual mode it emits one empty item. */
class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

class StickyNoteStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1],
		description: 'Make your workflow easier to understand',
		defaults: { name: 'Sticky Note' },
		usableAsTool: true,
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class NoOpStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Used by executeContext/loadOptionsContext/pollContext when no real node type is named: it
 * accepts both Zoho credentials and declares no parameters. */
export const HARNESS_NODE_TYPE = 'n8n-nodes-harness.harnessNode';
class HarnessNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Node',
		name: 'harnessNode',
		group: ['transform'],
		version: 1,
		description: 'Host node for contexts created directly by tests',
		defaults: { name: 'Harness Node' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'zohoCampaignsOAuth2Api', required: false },
			{ name: 'zohoRecruitOAuth2Api', required: false },
		],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const builtIns = new Map<string, AnyNodeType>([
	['n8n-nodes-base.manualTrigger', new ManualTriggerStandIn()],
	['n8n-nodes-base.stickyNote', new StickyNoteStandIn()],
	['n8n-nodes-base.noOp', new NoOpStandIn()],
	[HARNESS_NODE_TYPE, new HarnessNode()],
]);

const registered = new Map<string, AnyNodeType>();

/** Registers an extra node type (e.g. a test-only node) for every later run in this process. A
 * bare name ("probe") is put under this package's prefix. */
export function registerNodeType(typeName: string, nodeType: AnyNodeType): string {
	const fullName = typeName.includes('.') ? typeName : `${PACKAGE_NAME}.${typeName}`;
	applySpecialNodeParameters(nodeType);
	registered.set(fullName, nodeType);
	return fullName;
}

export function unregisterNodeType(typeName: string): void {
	registered.delete(typeName.includes('.') ? typeName : `${PACKAGE_NAME}.${typeName}`);
}

/** Finds a node type or throws an error that says why it is missing. */
export function resolveNodeType(
	typeName: string,
	extra?: Record<string, AnyNodeType>,
): AnyNodeType {
	const fromExtra = extra?.[typeName];
	if (fromExtra) return fromExtra;
	const found = registered.get(typeName) ?? builtIns.get(typeName);
	if (found) return found;
	const { types, failures } = discoverPackageNodes();
	const packaged = types.get(typeName);
	if (packaged) return packaged;
	const failureNotes = [...failures.entries()]
		.map(([file, error]) => `  ${file}: ${error.message.split('\n')[0]}`)
		.join('\n');
	throw new Error(
		`Unknown node type "${typeName}". Known: ${listKnownNodeTypes(extra).join(', ')}` +
			(failureNotes ? `\nNode files that failed to load:\n${failureNotes}` : ''),
	);
}

export function listKnownNodeTypes(extra?: Record<string, AnyNodeType>): string[] {
	return [
		...new Set([
			...Object.keys(extra ?? {}),
			...registered.keys(),
			...builtIns.keys(),
			...discoverPackageNodes().types.keys(),
		]),
	].sort();
}

/** n8n's INodeTypes over the registry; `extra` (per run) wins over everything else. */
export function createNodeTypes(extra?: Record<string, AnyNodeType>): INodeTypes {
	return {
		getByName: (typeName: string) => resolveNodeType(typeName, extra),
		getByNameAndVersion: (typeName: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(resolveNodeType(typeName, extra), version),
		getKnownTypes: (): IDataObject => ({}),
	};
}

export type { AnyNodeType };
