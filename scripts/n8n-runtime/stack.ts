/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
// The whole local stack shared by `npm start` and `npm run test:e2e`: the sandbox (Zoho emulator),
// a real n8n with this package installed as a community package, sandbox credentials with token
// data (no consent screen), and a workflow template imported and activated.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import { SandboxAdmin } from '../../test/sandbox/client';
import { SANDBOX_OAUTH, startSandbox, type Sandbox, type Scenario } from '../../test/sandbox/server';
import {
	defaultLog,
	ensureRuntime,
	installPackageLikeN8n,
	N8nRestClient,
	N8nServer,
	packPackage,
	PACKAGE_NAME,
	REPO_ROOT,
	type Log,
	type Runtime,
} from './n8n';

export const MAIN_TEMPLATE = join(REPO_ROOT, 'workflows-templates', 'push-engagement-to-recruit.json');
export const CAMPAIGNS_CREDENTIAL_TYPE = 'zohoCampaignsOAuth2Api';
export const RECRUIT_CREDENTIAL_TYPE = 'zohoRecruitOAuth2Api';

/** Fixed ids so re-imports update instead of duplicating (n8n ids are 16 alphanumerics). */
export const SANDBOX_CREDENTIALS = {
	[CAMPAIGNS_CREDENTIAL_TYPE]: { id: 'zohoCampSandbox1', name: 'Zoho Campaigns (sandbox)' },
	[RECRUIT_CREDENTIAL_TYPE]: { id: 'zohoRecrSandbox1', name: 'Zoho Recruit (sandbox)' },
} as const;

export interface WorkflowJson {
	name?: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters?: Record<string, unknown>;
		credentials?: Record<string, { id: string | null; name: string }>;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Asks the sandbox's accounts server for an access token, as n8n's consent callback would. */
async function fetchAccessToken(sandboxUrl: string): Promise<Record<string, unknown> | null> {
	const qs = new URLSearchParams({
		grant_type: 'refresh_token',
		client_id: SANDBOX_OAUTH.clientId,
		client_secret: SANDBOX_OAUTH.clientSecret,
		refresh_token: SANDBOX_OAUTH.refreshToken,
	});
	const res = await fetch(`${sandboxUrl}/oauth/v2/token?${qs}`, { method: 'POST' }).catch(() => null);
	if (!res?.ok) return null;
	const body = (await res.json()) as Record<string, unknown>;
	return typeof body.access_token === 'string' ? body : null;
}

/**
 * Both credentials, data centre `custom` pointing at the sandbox, as `n8n import:credentials`
 * input. `oauthTokenData` holds what n8n would have stored after the consent screen (access +
 * refresh token), so the credential is connected; n8n refreshes it on a 401 like any other.
 */
export async function sandboxCredentialRecords(sandboxUrl: string) {
	const token = await fetchAccessToken(sandboxUrl);
	const oauthTokenData = {
		token_type: 'Bearer',
		expires_in: 3600,
		...(token ?? { access_token: 'sandbox-not-yet-issued' }),
		refresh_token: SANDBOX_OAUTH.refreshToken,
	};
	return Object.entries(SANDBOX_CREDENTIALS).map(([type, { id, name }]) => ({
		id,
		name,
		type,
		data: {
			dataCenter: 'custom',
			customAccountsUrl: sandboxUrl,
			customApiUrl: sandboxUrl,
			clientId: SANDBOX_OAUTH.clientId,
			clientSecret: SANDBOX_OAUTH.clientSecret,
			oauthTokenData,
		},
	}));
}

/**
 * A template ready for POST /rest/workflows: credential references of our two types point at the
 * imported sandbox credentials; read-only fields are dropped. `pollTimes` overrides the trigger's
 * schedule (the e2e test polls every minute).
 */
export function wireTemplate(
	template: WorkflowJson,
	opts: { name?: string; pollTimes?: Record<string, unknown> } = {},
): WorkflowJson {
	const { id, active, versionId, tags, shared, pinData, ...rest } = template as Record<string, unknown>;
	void id;
	void active;
	void versionId;
	void tags;
	void shared;
	void pinData;
	const wf = JSON.parse(JSON.stringify(rest)) as WorkflowJson;
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const cred = SANDBOX_CREDENTIALS[type as keyof typeof SANDBOX_CREDENTIALS];
			if (cred) node.credentials![type] = { id: cred.id, name: cred.name };
		}
		if (opts.pollTimes && node.type.endsWith('.campaignsRecipientActivityTrigger')) {
			node.parameters = { ...node.parameters, pollTimes: opts.pollTimes };
		}
	}
	wf.settings = { executionOrder: 'v1', ...(wf.settings ?? {}) };
	wf.meta = { ...((wf.meta as object) ?? {}), templateCredsSetupCompleted: true };
	if (opts.name) wf.name = opts.name;
	return wf;
}

const DEFAULT_SCENARIO = join(REPO_ROOT, 'test', 'sandbox', 'scenarios', 'default.json');

/**
 * The sandbox's answer to the template's "choose your mailing lists" step (the template ships
 * with empty selections): the default scenario's lists named "Candidates - …" feed Candidates,
 * "Contacts - …" feed Contacts, and its Recruit-synced list is excluded as imported from Recruit.
 */
export function sandboxListSelection(scenarioFile = DEFAULT_SCENARIO) {
	const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as {
		lists: Array<{ key: string; name: string; recruitSync?: boolean }>;
	};
	const keys = (match: (l: { name: string; recruitSync?: boolean }) => boolean) =>
		scenario.lists.filter(match).map((l) => l.key);
	const candidates = keys((l) => l.name.startsWith('Candidates - '));
	const contacts = keys((l) => l.name.startsWith('Contacts - '));
	return {
		candidateOpenedLists: candidates,
		candidateClickedLists: candidates,
		contactOpenedLists: contacts,
		contactClickedLists: contacts,
		recruitSyncedLists: keys((l) => l.recruitSync === true),
	};
}

/** Fills list parameters the template leaves empty with the sandbox's lists (keeps chosen ones). */
export function selectSandboxLists(wf: WorkflowJson, selection = sandboxListSelection()): WorkflowJson {
	const isEmpty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
	for (const node of wf.nodes) {
		const params = (node.parameters ??= {});
		const names = node.type.endsWith('.campaignsRecipientActivityTrigger')
			? (['candidateOpenedLists', 'candidateClickedLists', 'contactOpenedLists', 'contactClickedLists'] as const)
			: node.type.endsWith('.eligibilityFilter')
				? (['recruitSyncedLists'] as const)
				: [];
		for (const name of names) if (isEmpty(params[name])) params[name] = selection[name];
	}
	return wf;
}

export function loadTemplate(file: string): WorkflowJson {
	const wf = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	const foreign = wf.nodes.filter(
		(n) => !n.type.startsWith(`${PACKAGE_NAME}.`) && !n.type.startsWith('n8n-nodes-base.'),
	);
	if (foreign.length) {
		throw new Error(`${file}: unexpected node types ${foreign.map((n) => n.type).join(', ')}`);
	}
	return wf;
}

export interface StackOptions {
	/** n8n's N8N_USER_FOLDER (its database, config and installed nodes live in <it>/.n8n). */
	userFolder: string;
	/** Wipe the user folder first (a fresh database to match the fresh, in-memory sandbox). */
	fresh?: boolean;
	n8nPort: number;
	sandboxPort: number;
	encryptionKey: string;
	template: WorkflowJson;
	workflowName?: string;
	pollTimes?: Record<string, unknown>;
	/** Where logs and the packed tarball go. */
	workDir: string;
	/** Skip `npm run build` (dist/ is already current). */
	skipBuild?: boolean;
	/** Build and pack this directory instead of the repo (a scratch copy). */
	packageDir?: string;
	log?: Log;
	/** Sandbox scenario (default 'default') and the lists the template's steps get for it. */
	scenario?: string | Scenario;
	listSelection?: ReturnType<typeof sandboxListSelection>;
	/** Extra environment for the n8n process (NODE_OPTIONS included). */
	env?: Record<string, string>;
}

export interface Stack {
	runtime: Runtime;
	sandbox: Sandbox;
	n8n: N8nServer;
	client: N8nRestClient;
	workflowId: string;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

const seconds = (t0: number) => Math.round((Date.now() - t0) / 100) / 10;

export async function startStack(opts: StackOptions): Promise<Stack> {
	const log = opts.log ?? defaultLog;
	const timings: Record<string, number> = {};
	let t = Date.now();
	const runtime = await ensureRuntime();
	timings.runtime = seconds(t);
	log(`Runtime: node ${runtime.nodeVersion}, n8n ${runtime.n8nVersion}`);

	if (opts.fresh) rmSync(opts.userFolder, { recursive: true, force: true });
	mkdirSync(opts.userFolder, { recursive: true });
	mkdirSync(opts.workDir, { recursive: true });
	rmSync(join(opts.workDir, 'n8n.log'), { force: true });

	t = Date.now();
	const tgz = await packPackage({
		packageDir: opts.packageDir,
		outDir: opts.workDir,
		build: !opts.skipBuild,
		log,
	});
	const installed = await installPackageLikeN8n(opts.userFolder, tgz);
	timings.buildAndInstall = seconds(t);
	log(`Installed ${installed.name}@${installed.version} into ${installed.dir}`);

	const sandbox = await startSandbox({
		port: opts.sandboxPort,
		scenario: opts.scenario ?? 'default',
		clockStart: new Date().toISOString(),
	});
	log(`Sandbox (Zoho emulator) at ${sandbox.url}`);

	const n8n = new N8nServer({
		runtime,
		userFolder: opts.userFolder,
		port: opts.n8nPort,
		encryptionKey: opts.encryptionKey,
		logFile: join(opts.workDir, 'n8n.log'),
		env: opts.env,
	});
	const stop = async () => {
		await n8n.stop();
		await sandbox.close();
	};
	try {
		t = Date.now();
		const credsFile = join(opts.workDir, 'sandbox-credentials.json');
		writeFileSync(credsFile, JSON.stringify(await sandboxCredentialRecords(sandbox.url), null, 2), {
			mode: 0o600,
		});
		await n8n.cli(['import:credentials', `--input=${credsFile}`]);
		rmSync(credsFile, { force: true });
		timings.importCredentials = seconds(t);
		log('Imported the sandbox credentials (data centre "custom", token data included)');

		log(`Starting n8n on ${n8n.url} (log: ${join(opts.workDir, 'n8n.log')}) …`);
		await n8n.start();
		timings.n8nStart = n8n.lastStartSeconds;
		log(`n8n answered after ${n8n.lastStartSeconds.toFixed(1)}s`);

		const client = new N8nRestClient(n8n.url);
		await client.login();
		const wf = selectSandboxLists(
			wireTemplate(opts.template, { name: opts.workflowName, pollTimes: opts.pollTimes }),
			opts.listSelection,
		);
		const created = await client.createWorkflow(wf);
		t = Date.now();
		await client.activate(created.id);
		timings.activate = seconds(t);
		log(`Imported and activated workflow "${created.name}" (${created.id})`);
		return { runtime, sandbox, n8n, client, workflowId: created.id, timings, stop };
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

/** GET /__sandbox/recruit/<module> → the records the emulated Recruit holds. */
export async function sandboxRecruitRecords(sandboxUrl: string, module: 'Candidates' | 'Contacts') {
	return await new SandboxAdmin(sandboxUrl).records(module);
}
