/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// A credentials helper that hands n8n-core decrypted Zoho OAuth2 credentials pointing at the
// sandbox. getParentTypes() says "oAuth2Api", so httpRequestWithAuthentication goes through
// n8n-core's real requestOAuth2 (Bearer signing, refresh on 401 against <sandbox>/oauth/v2/token,
// retry once) and hands the refreshed token back via updateCredentialsOauthTokenData.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type INode,
	type INodeParameters,
	type IHttpRequestOptions,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HARNESS_NODE_TYPE, PACKAGE_ROOT, createNodeTypes } from './nodeTypes';

export const CAMPAIGNS_CREDENTIAL_TYPE = 'zohoCampaignsOAuth2Api';
export const RECRUIT_CREDENTIAL_TYPE = 'zohoRecruitOAuth2Api';
export const SUPPORTED_CREDENTIAL_TYPES = [CAMPAIGNS_CREDENTIAL_TYPE, RECRUIT_CREDENTIAL_TYPE];

/** Kept in step with test/sandbox's SANDBOX_OAUTH (the sandbox helper owns that constant; the
 * harness imports it when the file exists and falls back to these values otherwise). */
const FALLBACK_SANDBOX_OAUTH = {
	clientId: 'sandbox-client-id',
	clientSecret: 'sandbox-client-secret',
	refreshToken: 'sandbox-refresh-token',
};

function sandboxOAuth(): typeof FALLBACK_SANDBOX_OAUTH {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const server = require('../sandbox/server') as {
			SANDBOX_OAUTH?: typeof FALLBACK_SANDBOX_OAUTH;
		};
		return server.SANDBOX_OAUTH ?? FALLBACK_SANDBOX_OAUTH;
	} catch {
		return FALLBACK_SANDBOX_OAUTH;
	}
}

const FALLBACK_SCOPES: Record<string, string> = {
	[CAMPAIGNS_CREDENTIAL_TYPE]: 'ZohoCampaigns.campaign.READ,ZohoCampaigns.contact.READ',
	[RECRUIT_CREDENTIAL_TYPE]:
		'ZohoRecruit.modules.ALL,ZohoRecruit.settings.ALL,ZohoRecruit.users.READ,ZohoRecruit.search.READ',
};

let credentialClasses: Map<string, ICredentialType> | undefined;

/** The package's credential classes (credentials/*.credentials.ts), when they load. */
export function loadCredentialTypes(): Map<string, ICredentialType> {
	if (credentialClasses) return credentialClasses;
	credentialClasses = new Map();
	let files: string[] = [];
	try {
		files = readdirSync(join(PACKAGE_ROOT, 'credentials')).filter((f) =>
			f.endsWith('.credentials.ts'),
		);
	} catch {
		return credentialClasses;
	}
	for (const file of files) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const exported = require(join(PACKAGE_ROOT, 'credentials', file)) as Record<string, unknown>;
			for (const value of Object.values(exported)) {
				if (typeof value !== 'function') continue;
				const instance = new (value as new () => ICredentialType)();
				if (typeof instance?.name === 'string') credentialClasses.set(instance.name, instance);
			}
		} catch {
			// Another helper's file in progress: fall back to built-in defaults.
		}
	}
	return credentialClasses;
}

/** Defaults of the credential class's fields, as n8n fills them in for fields the user never
 * touched (hidden ones such as scope, authQueryParameters and the URL expressions included). */
function classDefaults(type: string): IDataObject {
	const out: IDataObject = {};
	for (const prop of loadCredentialTypes().get(type)?.properties ?? []) {
		if (prop.default !== undefined) out[prop.name] = prop.default as IDataObject[string];
	}
	return out;
}

/** Resolves `={{ ... }}` values with $self = the credential's own data, the way n8n's
 * CredentialsHelper.applyDefaultsAndOverwrites does before a node sees the credential. So the
 * credential's real authUrl/accessTokenUrl expressions are exercised against dataCenter 'custom'. */
function resolveExpressions(type: string, data: IDataObject): IDataObject {
	const hasExpression = Object.values(data).some((v) => typeof v === 'string' && v.startsWith('='));
	if (!hasExpression) return data;
	const node: INode = {
		id: 'credential-resolver',
		name: 'Credential Resolver',
		type: HARNESS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: createNodeTypes(),
	});
	try {
		return workflow.expression.getComplexParameterValue(
			node,
			data as INodeParameters,
			'manual',
			{},
			undefined,
			undefined,
			data,
		) as IDataObject;
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- test infrastructure, no node here
		throw new Error(
			`Could not resolve the expressions of credential "${type}": ${(error as Error).message}`,
		);
	}
}

export interface SandboxCredentialOverrides {
	accessToken?: string;
	refreshToken?: string;
}

export interface RefreshRecord {
	type: string;
	accessToken: string;
	at: string;
}

export class SandboxCredentials extends ICredentialsHelper {
	/** How many token refreshes n8n performed through this helper (all credential types). */
	refreshes = 0;

	/** Every refreshed token n8n stored, in order. */
	readonly refreshLog: RefreshRecord[] = [];

	private readonly store = new Map<string, ICredentialDataDecryptedObject>();

	constructor(
		readonly sandboxUrl: string,
		overrides: SandboxCredentialOverrides = {},
	) {
		super();
		const origin = sandboxUrl.replace(/\/+$/, '');
		const oauth = sandboxOAuth();
		for (const type of SUPPORTED_CREDENTIAL_TYPES) {
			// What the user stored; hidden fields come from the class in decrypted() below.
			this.store.set(type, {
				dataCenter: 'custom',
				customAccountsUrl: origin,
				customApiUrl: origin,
				clientId: oauth.clientId,
				clientSecret: oauth.clientSecret,
				oauthTokenData: {
					access_token: overrides.accessToken ?? `sandbox-initial-${type}`,
					refresh_token: overrides.refreshToken ?? oauth.refreshToken,
					token_type: 'Bearer',
				},
			});
		}
	}

	/** Current decrypted data of a credential as a node gets it: class defaults, stored fields and
	 * oauthTokenData, with expressions resolved (a fresh copy). */
	data(type: string): ICredentialDataDecryptedObject {
		const stored = structuredClone(this.get(type));
		const origin = stored.customAccountsUrl as string;
		// Used only when the credential class is missing (not written yet): the values its
		// expressions give for dataCenter 'custom'.
		const fallback: IDataObject = {
			scope: FALLBACK_SCOPES[type],
			authUrl: `${origin}/oauth/v2/auth`,
			accessTokenUrl: `${origin}/oauth/v2/token`,
			authentication: 'body',
			grantType: 'authorizationCode',
		};
		return resolveExpressions(type, {
			...fallback,
			...classDefaults(type),
			...stored,
		}) as ICredentialDataDecryptedObject;
	}

	/** Replaces fields of a stored credential (e.g. to point it at another data center). */
	set(type: string, patch: ICredentialDataDecryptedObject): void {
		this.store.set(type, { ...this.get(type), ...patch });
	}

	/** Sets the stored access token without a refresh (e.g. to simulate a stale token). */
	setAccessToken(type: string, accessToken: string): void {
		const current = this.get(type);
		this.store.set(type, {
			...current,
			oauthTokenData: { ...(current.oauthTokenData as IDataObject), access_token: accessToken },
		});
	}

	accessToken(type: string): string {
		return (this.get(type).oauthTokenData as IDataObject).access_token as string;
	}

	private get(type: string): ICredentialDataDecryptedObject {
		const found = this.store.get(type);
		if (!found) {
			throw new Error(
				`SandboxCredentials has no credential of type "${type}" (supported: ${SUPPORTED_CREDENTIAL_TYPES.join(', ')})`,
			);
		}
		return found;
	}

	// ---- ICredentialsHelper ---------------------------------------------------------------------

	getParentTypes(name: string): string[] {
		const declared = loadCredentialTypes().get(name)?.extends;
		if (declared?.length) return declared;
		return SUPPORTED_CREDENTIAL_TYPES.includes(name) ? ['oAuth2Api'] : [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		// A fresh copy each time: requestOAuth2 mutates the object it gets.
		return this.data(type);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const tokenData = data.oauthTokenData as IDataObject;
		this.store.set(type, { ...this.get(type), oauthTokenData: structuredClone(tokenData) });
		this.refreshes++;
		this.refreshLog.push({
			type,
			accessToken: String(tokenData.access_token),
			at: new Date().toISOString(),
		});
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, structuredClone(data));
	}

	// Only used for non-OAuth credentials; OAuth2 signing happens inside requestOAuth2.
	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new Error(
			`SandboxCredentials.getCredentials("${type}") is not supported: n8n's execution path uses getDecrypted`,
		);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return loadCredentialTypes().get(type)?.properties ?? [];
	}
}
