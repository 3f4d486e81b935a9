/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
// Shared by `npm run demo` and test/e2e-headless: load a template, fill in what a user would pick
// in the editor (mailing lists by name), keep the node's clock on the sandbox's clock, and talk
// to the sandbox's admin API.
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import type { INode, INodeParameters } from 'n8n-workflow';

import { getMailingLists, type MailingList } from '../../nodes/shared/transport/campaigns';
import {
	PACKAGE_NAME,
	SandboxCredentials,
	loadOptionsContext,
	type WorkflowJson,
} from '../../test/harness';
import {
	SandboxAdmin,
	type AdminMethod,
	type SandboxCall,
	type SandboxRecord as RecruitRecordView,
} from '../../test/sandbox/client';
import { loadScenario, type Scenario } from '../../test/sandbox/scenario';
import { startSandbox, type Sandbox } from '../../test/sandbox/server';

export const TEMPLATES_DIR = resolve(__dirname, '..', '..', 'workflows-templates');
export const MAIN_TEMPLATE_FILE = join(TEMPLATES_DIR, 'push-engagement-to-recruit.json');
export const PREVIEW_TEMPLATE_FILE = join(TEMPLATES_DIR, 'preview-engagement-push.json');

export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
}

// ---- the template's nodes, found by role (not by display name, which users may change) ---------

export const TRIGGER_TYPE = `${PACKAGE_NAME}.campaignsRecipientActivityTrigger`;
export const FILTER_TYPE = `${PACKAGE_NAME}.eligibilityFilter`;
export const PUSH_TYPE = `${PACKAGE_NAME}.recruitPush`;

export type RecruitModule = 'Candidates' | 'Contacts';
export const MODULES: RecruitModule[] = ['Candidates', 'Contacts'];

export interface TemplateRoles {
	trigger: INode;
	filters: Record<RecruitModule, INode>;
	pushes: Record<RecruitModule, INode>;
}

function single(nodes: INode[], what: string): INode {
	if (nodes.length !== 1) {
		throw new Error(`Expected exactly one ${what} in the template, found ${nodes.length}`);
	}
	return nodes[0];
}

export function templateRoles(wf: WorkflowJson): TemplateRoles {
	const ofType = (type: string) => wf.nodes.filter((n) => n.type === type && !n.disabled);
	const filterFor = (preset: string) =>
		single(
			ofType(FILTER_TYPE).filter((n) => n.parameters.requiredFieldsPreset === preset),
			`Eligibility Filter with the ${preset} preset`,
		);
	const pushFor = (module: RecruitModule) =>
		single(
			ofType(PUSH_TYPE).filter((n) => n.parameters.module === module),
			`Recruit Push for ${module}`,
		);
	return {
		trigger: single(ofType(TRIGGER_TYPE), 'Campaigns Recipient Activity Trigger'),
		filters: { Candidates: filterFor('candidates'), Contacts: filterFor('contacts') },
		pushes: { Candidates: pushFor('Candidates'), Contacts: pushFor('Contacts') },
	};
}

// ---- configuring lists by name, as a user picks them in the editor -----------------------------

/** Mailing-list names per role; the defaults are the default scenario's lists. */
export interface ListSelection {
	candidateLists: string[];
	contactLists: string[];
	recruitSyncLists: string[];
}

export const DEFAULT_LIST_SELECTION: ListSelection = {
	candidateLists: ['Candidates - Newsletter', 'Candidates - Events'],
	contactLists: ['Contacts - Clients'],
	recruitSyncLists: ['Recruit Sync'],
};

/** The account's mailing lists through the package's own Campaigns transport (what the editor's
 * list dropdowns load). */
export async function fetchMailingLists(credentials: SandboxCredentials): Promise<MailingList[]> {
	return await getMailingLists.call(loadOptionsContext({ credentials }));
}

function keysByName(lists: MailingList[], names: string[]): string[] {
	return names.map((name) => {
		const found = lists.filter((list) => list.name === name);
		if (found.length !== 1) {
			const known = lists.map((list) => `"${list.name}"`).join(', ');
			throw new Error(`Mailing list "${name}": ${found.length} matches (lists: ${known})`);
		}
		return found[0].key;
	});
}

/** Stock nodes the headless harness has stand-ins for. */
const HEADLESS_STOCK_TYPES = new Set([
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.stickyNote',
	'n8n-nodes-base.noOp',
]);

/**
 * The part of a template the headless harness can run: the main template's push log and retry
 * path use stock nodes only a real n8n has (Data Table, Code, If, Wait), so they and their
 * connections are left out here; test/e2e (pushlog.e2e.ts, retry.e2e.ts) runs them in n8n.
 */
export function headlessPart(wf: WorkflowJson): WorkflowJson {
	const dropped = new Set(
		wf.nodes
			.filter((n) => n.type.startsWith('n8n-nodes-base.') && !HEADLESS_STOCK_TYPES.has(n.type))
			.map((n) => n.name),
	);
	if (dropped.size === 0) return wf;
	wf.nodes = wf.nodes.filter((n) => !dropped.has(n.name));
	for (const name of Object.keys(wf.connections)) {
		if (dropped.has(name)) {
			delete wf.connections[name];
			continue;
		}
		for (const outputs of Object.values(wf.connections[name])) {
			outputs.forEach((targets, index) => {
				outputs[index] = (targets ?? []).filter((target) => !dropped.has(target.node));
			});
		}
	}
	return wf;
}

/**
 * A copy of the template as a user leaves it after the setup its sticky notes ask for: the
 * trigger's four list parameters filled (the same lists for Opened and Clicked of a module, like
 * configuring both statuses in the native push), both filters' Recruit-synced lists, and every
 * credential reference pointing at a stored credential. The template ships references by name
 * with no id; n8n-core refuses to refresh an OAuth2 token for a reference without an id ("Found
 * credential with no ID."), exactly as in n8n before the user picks a credential.
 */
export function configureTemplate(
	template: WorkflowJson,
	lists: MailingList[],
	selection: ListSelection = DEFAULT_LIST_SELECTION,
): WorkflowJson {
	const wf = headlessPart(structuredClone(template));
	const roles = templateRoles(wf);
	const candidateKeys = keysByName(lists, selection.candidateLists);
	const contactKeys = keysByName(lists, selection.contactLists);
	const syncKeys = keysByName(lists, selection.recruitSyncLists);
	const trigger = roles.trigger.parameters as INodeParameters;
	trigger.candidateOpenedLists = [...candidateKeys];
	trigger.candidateClickedLists = [...candidateKeys];
	trigger.contactOpenedLists = [...contactKeys];
	trigger.contactClickedLists = [...contactKeys];
	for (const module of MODULES) roles.filters[module].parameters.recruitSyncedLists = [...syncKeys];
	for (const node of wf.nodes) {
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			node.credentials![type] = { id: `sandbox-${type}`, name: reference.name };
		}
	}
	return wf;
}

// ---- one clock for the node and the sandbox ----------------------------------------------------

/**
 * The trigger reads Date.now() (backfill window, tracking window, rate budget), the sandbox reads
 * its own clock. Both run in this process, so instead of faking timers (which would stall HTTP
 * and n8n's sleep) Date.now is shifted by a constant offset: time still flows, just from the
 * scenario's start. Install it BEFORE startSandbox: the sandbox's running clock anchors itself on
 * Date.now(), so it then reads the same shifted time. Move both together with advanceClocks().
 */
export class ScenarioClock {
	private readonly realNow: () => number;

	private offsetMs: number;

	private constructor(startMs: number) {
		this.realNow = Date.now.bind(Date);
		this.offsetMs = startMs - this.realNow();
		Date.now = () => this.realNow() + this.offsetMs;
	}

	static install(startIso: string): ScenarioClock {
		const startMs = Date.parse(startIso);
		if (Number.isNaN(startMs)) throw new Error(`Invalid clock start "${startIso}"`);
		return new ScenarioClock(startMs);
	}

	now(): number {
		return this.realNow() + this.offsetMs;
	}

	/** Moves only this process's Date.now; use advanceClocks() to move the sandbox too. */
	advanceLocal(ms: number): void {
		this.offsetMs += ms;
	}

	uninstall(): void {
		Date.now = this.realNow;
	}
}

export interface ScenarioRun {
	sandbox: Sandbox;
	clock: ScenarioClock;
	credentials: SandboxCredentials;
	scenario: Scenario;
	/** Closes the sandbox and gives Date.now back. */
	stop(): Promise<void>;
}

/**
 * A sandbox on a free port with the scenario (default: 'default') and its fixed start time, the
 * node's clock on the same time, and credentials holding the scenario's initial access token (so
 * the first call does not need a refresh).
 */
export async function startScenarioSandbox(scenarioName = 'default'): Promise<ScenarioRun> {
	const scenario = loadScenario(scenarioName);
	const start = scenario.clock?.start;
	if (!start) throw new Error(`Scenario ${scenarioName} has no clock.start`);
	const clock = ScenarioClock.install(start);
	let sandbox: Sandbox;
	try {
		sandbox = await startSandbox({ port: 0, scenario: scenarioName });
	} catch (error) {
		clock.uninstall();
		throw error;
	}
	const credentials = new SandboxCredentials(sandbox.url, {
		accessToken: scenario.initialAccessToken,
	});
	return {
		sandbox,
		clock,
		credentials,
		scenario,
		async stop() {
			await sandbox.close();
			clock.uninstall();
		},
	};
}

// ---- sandbox admin API (through the shared client, test/sandbox/client.ts) ---------------------

/** One admin call (`path` below /__sandbox/); throws on a non-2xx answer. */
export async function sandboxAdmin<T>(
	sandboxUrl: string,
	method: AdminMethod,
	path: string,
	body?: unknown,
): Promise<T> {
	return await new SandboxAdmin(sandboxUrl).request<T>(method, path, body);
}

/**
 * Moves the node's clock and the sandbox's clock forward together. An in-process sandbox with a
 * running clock reads the shifted Date.now, so it moves with advanceLocal() by itself; a sandbox
 * elsewhere (or a frozen one) is set to the node's time. Returns the common time.
 */
export async function advanceClocks(
	sandboxUrl: string,
	clock: ScenarioClock,
	ms: number,
): Promise<number> {
	clock.advanceLocal(ms);
	const admin = new SandboxAdmin(sandboxUrl);
	const { now } = await admin.clock();
	if (Math.abs(Date.parse(now) - clock.now()) > 1000) {
		await admin.moveClock({ set: new Date(clock.now()).toISOString() });
	}
	return clock.now();
}

/** A stored Recruit record with the fields the demo and its tests read. */
export interface SandboxRecord extends RecruitRecordView {
	Email?: string;
	First_Name?: string;
	Last_Name?: string;
	Campaign_Activity?: string;
	Last_Campaign?: string;
}

export async function recruitRecords(
	sandboxUrl: string,
	module: RecruitModule,
): Promise<SandboxRecord[]> {
	return await new SandboxAdmin(sandboxUrl).records<SandboxRecord>(module);
}

export type { SandboxCall };

export async function sandboxCalls(sandboxUrl: string): Promise<SandboxCall[]> {
	return await new SandboxAdmin(sandboxUrl).calls();
}
