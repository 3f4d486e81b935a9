/**
 * Headless n8n for tests and dev scripts: runs workflow JSON (n8n export format) through
 * n8n-core's WorkflowExecute with this package's node classes (imported from TS source) and a
 * credentials helper that points both Zoho credentials at the sandbox and lets n8n-core perform
 * real OAuth2 refreshes there. Works under jest and from a plain ts-node script.
 *
 * How the two run modes map onto n8n:
 * - runWorkflow = the editor's "Execute workflow": mode 'manual', the start node goes on the
 *   execution stack with one empty item; a polling start node is polled by WorkflowExecute
 *   itself in manual mode (PollContext mode 'manual', activation 'manual'), a manual trigger
 *   emits one empty item through its trigger() function, like n8n.
 * - ActiveWorkflow = an activated workflow. n8n creates one PollContext per activation
 *   (mode 'trigger'; activation 'activate' when the user turns it on, 'init' when n8n starts with
 *   it already active) and calls poll() on every cron tick. When poll() returns non-null, n8n
 *   starts a 'trigger'-mode execution whose stack holds the trigger node with the emitted data
 *   as its input; WorkflowExecute.executePollNode then passes that input through as the
 *   trigger's output (it only calls poll() itself in manual mode). tick() does exactly that,
 *   with the same Workflow object so static data persists in memory across ticks.
 */
import './env';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IPinData,
	type IPollFunctions,
	type IRun,
	type IRunData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { SandboxCredentials, SUPPORTED_CREDENTIAL_TYPES } from './credentials';
import {
	HARNESS_NODE_TYPE,
	PACKAGE_NAME,
	createNodeTypes,
	discoverPackageNodes,
	listKnownNodeTypes,
	registerNodeType,
	resolveNodeType,
	unregisterNodeType,
	type AnyNodeType,
} from './nodeTypes';

export {
	PACKAGE_NAME,
	SandboxCredentials,
	SUPPORTED_CREDENTIAL_TYPES,
	discoverPackageNodes,
	listKnownNodeTypes,
	registerNodeType,
	unregisterNodeType,
};
export { CAMPAIGNS_CREDENTIAL_TYPE, RECRUIT_CREDENTIAL_TYPE } from './credentials';
export type { RefreshRecord, SandboxCredentialOverrides } from './credentials';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
	staticData?: IDataObject;
	pinData?: IDataObject;
	[key: string]: unknown;
}

export interface RunResult {
	status: string;
	error?: Error;
	runData: IRunData;
	/** Items on `outputIndex` (default 0) of the node's last run; [] when it did not run or that
	 * output is empty. Throws for a name that is not in the workflow (catches typos). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** Whether the node ran at all in this execution. */
	ran(nodeName: string): boolean;
	/** The node's error from its last run, if any. */
	nodeError(nodeName: string): Error | undefined;
	/** The raw IRun from n8n-core. */
	run: IRun;
}

/** Options shared by every entry point. */
export interface HarnessOptions {
	credentials: SandboxCredentials;
	/** Extra node types for this run only, keyed by full type name ("pkg.name"). */
	nodeTypes?: Record<string, AnyNodeType>;
}

export interface RunWorkflowOptions extends HarnessOptions {
	/** Node to start at; default: the workflow's trigger (a node without inputs). */
	startNode?: string;
	/** Items given to the start node (default one empty item, like n8n does for triggers). */
	input?: INodeExecutionData[];
	/** Honour the workflow's pinData, like the editor does (default false: templates may ship
	 * sample data, and tests want the real nodes to run). */
	usePinData?: boolean;
	/** Default 'manual' (the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
}

// ---- internals ----------------------------------------------------------------------------------

const WAITING_URLS = {
	restApiUrl: 'http://localhost:5678/rest',
	instanceBaseUrl: 'http://localhost:5678/',
	formBaseUrl: 'http://localhost:5678/form',
	formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
	formTestBaseUrl: 'http://localhost:5678/form-test',
	webhookBaseUrl: 'http://localhost:5678/webhook',
	// Required: getNodeParameter builds $execution.resumeUrl from it ("Invalid URL" otherwise).
	webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
	webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
	mcpBaseUrl: 'http://localhost:5678/mcp',
	mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
};

let executionCounter = 0;

function notAvailable(what: string) {
	return async () => {
		throw new Error(`${what} is not available in the test harness`);
	};
}

/** Built like the recipes' additionalData, but as a plain object with explicit values: a
 * catch-all mock would make optional features (eval mocks, JWE, runners) look switched on. */
function buildAdditionalData(
	credentials: SandboxCredentials,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const base = {
		...WAITING_URLS,
		credentialsHelper: credentials,
		executionId: String(++executionCounter),
		currentNodeExecutionIndex: 0,
		variables: {},
		executeWorkflow: notAvailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: notAvailable('startRunnerTask (Code node runners)'),
		currentNodeParameters: undefined,
		parentCallbackManager: undefined,
		evalLlmMockHandler: undefined,
		ssrfBridge: undefined,
		executionContext: undefined,
		encryptedRunnerIdentity: undefined,
		...extra,
	};
	return base as unknown as IWorkflowExecuteAdditionalData;
}

function credentialIdFor(type: string): { id: string; name: string } {
	return { id: `sandbox-${type}`, name: `Sandbox ${type}` };
}

/** Resolves every node's type up front (a clear error instead of n8n's silent skip) and attaches
 * the sandbox credential to nodes that declare one but have none set (templates may ship without
 * credentials; in n8n the user would pick one). A copy: the caller's JSON is not changed. */
function prepareNodes(nodes: INode[], extraTypes?: Record<string, AnyNodeType>): INode[] {
	return nodes.map((original) => {
		const node = structuredClone(original);
		const nodeType = resolveNodeType(node.type, extraTypes);
		const versions: INodeType[] =
			'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
		for (const version of versions) {
			for (const cred of version.description.credentials ?? []) {
				if (!SUPPORTED_CREDENTIAL_TYPES.includes(cred.name)) continue;
				node.credentials ??= {};
				node.credentials[cred.name] ??= credentialIdFor(cred.name);
			}
		}
		return node;
	});
}

function buildWorkflow(
	wf: WorkflowJson,
	extraTypes: Record<string, AnyNodeType> | undefined,
	staticData: IDataObject,
	active: boolean,
): Workflow {
	return new Workflow({
		id: 'harness-workflow',
		name: wf.name ?? 'Harness workflow',
		nodes: prepareNodes(wf.nodes, extraTypes),
		connections: wf.connections,
		nodeTypes: createNodeTypes(extraTypes),
		active,
		settings: { executionOrder: 'v1', ...(wf.settings ?? {}) },
		staticData,
	});
}

function hasNoInputs(workflow: Workflow, node: INode): boolean {
	const type = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const { inputs, outputs } = type.description;
	return (
		Array.isArray(inputs) &&
		inputs.length === 0 &&
		!(Array.isArray(outputs) && outputs.length === 0)
	);
}

function findTrigger(workflow: Workflow, requested?: string): INode {
	if (requested) {
		const node = workflow.getNode(requested);
		if (!node) {
			throw new Error(
				`No node named "${requested}" (nodes: ${Object.keys(workflow.nodes).join(', ')})`,
			);
		}
		return node;
	}
	const triggers = Object.values(workflow.nodes).filter(
		(node) => !node.disabled && hasNoInputs(workflow, node),
	);
	if (triggers.length === 0) {
		throw new Error('The workflow has no trigger node; pass startNode/triggerNode');
	}
	if (triggers.length > 1) {
		throw new Error(
			`The workflow has several triggers (${triggers.map((t) => t.name).join(', ')}); pass startNode/triggerNode`,
		);
	}
	return triggers[0];
}

function toResult(workflow: Workflow, run: IRun): RunResult {
	const runData = run.data.resultData.runData;
	const assertKnown = (nodeName: string) => {
		if (!workflow.getNode(nodeName)) {
			throw new Error(
				`No node named "${nodeName}" in the workflow (nodes: ${Object.keys(workflow.nodes).join(', ')})`,
			);
		}
	};
	return {
		status: run.status,
		error: run.data.resultData.error as Error | undefined,
		runData,
		run,
		output(nodeName: string, outputIndex = 0) {
			assertKnown(nodeName);
			const last = runData[nodeName]?.at(-1);
			return last?.data?.main?.[outputIndex] ?? [];
		},
		ran(nodeName: string) {
			assertKnown(nodeName);
			return (runData[nodeName]?.length ?? 0) > 0;
		},
		nodeError(nodeName: string) {
			assertKnown(nodeName);
			return runData[nodeName]?.at(-1)?.error as Error | undefined;
		},
	};
}

async function execute(
	workflow: Workflow,
	credentials: SandboxCredentials,
	mode: WorkflowExecuteMode,
	nodeExecutionStack: IExecuteData[],
	pinData?: IPinData,
): Promise<RunResult> {
	const executionId = String(++executionCounter);
	const workflowData = {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: workflow.active,
		settings: workflow.settings,
		staticData: workflow.staticData,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	// WorkflowExecute runs the lifecycle hooks (workflowExecuteBefore/After, nodeExecute*) on it.
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = buildAdditionalData(credentials, { hooks, executionId });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack },
		resultData: { runData: {}, pinData },
	});
	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	return toResult(workflow, run);
}

// ---- public API ---------------------------------------------------------------------------------

/** Manual run (like the editor's "Execute workflow"): start at `startNode` (default: the trigger). */
export async function runWorkflow(wf: WorkflowJson, opts: RunWorkflowOptions): Promise<RunResult> {
	const staticData = structuredClone(wf.staticData ?? {});
	const workflow = buildWorkflow(wf, opts.nodeTypes, staticData, false);
	const start = findTrigger(workflow, opts.startNode);
	const input = opts.input ?? [{ json: {} }];
	return await execute(
		workflow,
		opts.credentials,
		opts.mode ?? 'manual',
		[{ node: start, data: { main: [input] }, source: null }],
		opts.usePinData ? (wf.pinData as IPinData | undefined) : undefined,
	);
}

export interface ActiveWorkflowOptions extends HarnessOptions {
	triggerNode?: string;
	/** Workflow static data to start from (keys like "node:<Node Name>"); default wf.staticData. */
	staticData?: IDataObject;
	/** Activation mode of the first PollContext (default 'activate': the user turned it on). */
	activation?: WorkflowActivateMode;
}

export interface TickResult {
	emitted: INodeExecutionData[][] | null;
	run: RunResult | null;
}

/** An active workflow: each tick() polls the trigger with persisted static data (mode 'trigger'),
 * and when it returns items runs the downstream nodes with them, like n8n does. restart()
 * round-trips static data through JSON (a simulated n8n restart). */
export class ActiveWorkflow {
	/** Number of ticks so far (since construction, across restarts). */
	ticks = 0;

	private workflow: Workflow;

	private pollFunctions: PollContext | undefined;

	private activation: WorkflowActivateMode;

	constructor(
		private readonly wf: WorkflowJson,
		private readonly opts: ActiveWorkflowOptions,
	) {
		this.activation = opts.activation ?? 'activate';
		this.workflow = buildWorkflow(
			wf,
			opts.nodeTypes,
			structuredClone(opts.staticData ?? wf.staticData ?? {}),
			true,
		);
		this.triggerNode(); // fail fast on a workflow without a (unique) polling trigger
	}

	/** The live workflow static data (what n8n would persist), e.g. staticData['node:My Trigger']. */
	get staticData(): IDataObject {
		return this.workflow.staticData;
	}

	/** Replaces the static data (like editing it in the database while the workflow is active). */
	set staticData(value: IDataObject) {
		this.workflow.overrideStaticData(structuredClone(value));
	}

	/** The trigger node's own static data (what getWorkflowStaticData('node') returns). */
	nodeStaticData(): IDataObject {
		return this.workflow.getStaticData('node', this.triggerNode());
	}

	/** The activation mode the current PollContext was created with. */
	get activationMode(): WorkflowActivateMode {
		return this.activation;
	}

	private triggerNode(): INode {
		const node = findTrigger(this.workflow, this.opts.triggerNode);
		const type = this.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!type.poll) throw new Error(`Node "${node.name}" (${node.type}) is not a polling trigger`);
		return node;
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		return buildAdditionalData(this.opts.credentials);
	}

	async tick(): Promise<TickResult> {
		const node = this.triggerNode();
		const nodeType = this.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		// One PollContext per activation, reused by every tick (as n8n's activatePollTrigger does).
		this.pollFunctions ??= new PollContext(
			this.workflow,
			node,
			this.additionalData(),
			'trigger',
			this.activation,
			() => undefined,
			(error: Error) => {
				throw error;
			},
		);
		this.ticks++;
		const emitted = (await nodeType.poll!.call(this.pollFunctions)) ?? null;
		if (emitted === null) return { emitted: null, run: null };
		const run = await execute(this.workflow, this.opts.credentials, 'trigger', [
			{ node, data: { main: emitted }, source: null },
		]);
		return { emitted, run };
	}

	/** "Fetch test event": poll() in mode 'manual'. It runs against the LIVE static data, so a
	 * node that moves its cursor in manual mode is caught by asserting staticData is unchanged
	 * (n8n would silently discard such a change, hiding the bug). */
	async manualPoll(): Promise<INodeExecutionData[][] | null> {
		const node = this.triggerNode();
		const nodeType = this.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const context = new PollContext(this.workflow, node, this.additionalData(), 'manual', 'manual');
		return (await nodeType.poll!.call(context)) ?? null;
	}

	/** A simulated n8n restart: static data survives only as JSON; the next tick polls through a
	 * new PollContext with activation 'init'. */
	restart(): void {
		const persisted = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		this.workflow = buildWorkflow(this.wf, this.opts.nodeTypes, persisted, true);
		this.pollFunctions = undefined;
		this.activation = 'init';
	}
}

// ---- direct contexts ----------------------------------------------------------------------------

export interface ContextOptions extends HarnessOptions {
	parameters?: IDataObject;
	/** Node type whose description backs the context (so resource mappers, options and
	 * credentials behave as in that node). Default: a neutral node that accepts both Zoho
	 * credentials and declares no parameters. */
	nodeType?: string;
	nodeName?: string;
}

function contextWorkflow(opts: ContextOptions, staticData: IDataObject = {}) {
	const typeName = opts.nodeType ?? HARNESS_NODE_TYPE;
	const nodeType = resolveNodeType(typeName, opts.nodeTypes);
	const version =
		'nodeVersions' in nodeType ? nodeType.currentVersion : nodeType.description.version;
	const node: INode = {
		id: 'harness-node',
		name: opts.nodeName ?? 'Harness Node',
		type: typeName,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		parameters: (opts.parameters ?? {}) as INodeParameters,
	};
	const workflow = buildWorkflow(
		{ nodes: [node], connections: {} },
		opts.nodeTypes,
		staticData,
		false,
	);
	const built = workflow.getNode(node.name)!;
	// n8n keeps only declared parameters (plus defaults); the neutral node declares none, so
	// give it the parameters as passed.
	if (typeName === HARNESS_NODE_TYPE) built.parameters = structuredClone(node.parameters);
	return { workflow, node: built };
}

/** A real n8n-core execute context for calling transport functions directly in tests. */
export function executeContext(
	opts: ContextOptions & { items?: INodeExecutionData[]; mode?: WorkflowExecuteMode },
): IExecuteFunctions {
	const { workflow, node } = contextWorkflow(opts);
	const items = opts.items ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData({ resultData: { runData: {} } });
	return new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(opts.credentials),
		opts.mode ?? 'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
}

/** A real n8n-core load-options context; `parameters` are also the editor's current parameters. */
export function loadOptionsContext(
	opts: ContextOptions & { path?: string },
): ILoadOptionsFunctions {
	const { workflow, node } = contextWorkflow(opts);
	const additionalData = buildAdditionalData(opts.credentials, {
		currentNodeParameters: node.parameters,
	});
	return new LoadOptionsContext(workflow, node, additionalData, opts.path ?? 'parameters');
}

/** A real n8n-core poll context. `staticData` is the NODE's static data (what
 * getWorkflowStaticData('node') returns) and is mutated in place, so tests can inspect it. */
export function pollContext(
	opts: ContextOptions & {
		staticData?: IDataObject;
		mode?: 'manual' | 'trigger';
		activation?: WorkflowActivateMode;
	},
): IPollFunctions {
	const { workflow, node } = contextWorkflow(opts);
	const mode = opts.mode ?? 'trigger';
	const nodeStaticData = opts.staticData ?? {};
	return new PollContext(
		workflow,
		node,
		buildAdditionalData(opts.credentials),
		mode,
		opts.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
		() => undefined,
		(error: Error) => {
			throw error;
		},
		undefined,
		undefined,
		() => nodeStaticData,
	);
}
