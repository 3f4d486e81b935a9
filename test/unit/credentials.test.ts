/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ClientOAuth2 } from '@n8n/client-oauth2';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeProperties,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ZohoCampaignsOAuth2Api } from '../../credentials/ZohoCampaignsOAuth2Api.credentials';
import { ZohoRecruitOAuth2Api } from '../../credentials/ZohoRecruitOAuth2Api.credentials';
import { accountsOrigin, apiOrigin, checkedCustomBaseUrl } from '../../nodes/shared/dataCenters';

// Pinned by hand from ref §1.1 / §4.1, deliberately not derived from DATA_CENTERS.
const ACCOUNTS: Record<string, string> = {
	us: 'https://accounts.zoho.com',
	eu: 'https://accounts.zoho.eu',
	in: 'https://accounts.zoho.in',
	au: 'https://accounts.zoho.com.au',
	jp: 'https://accounts.zoho.jp',
	cn: 'https://accounts.zoho.com.cn',
	ca: 'https://accounts.zohocloud.ca',
	sa: 'https://accounts.zoho.sa',
	sg: 'https://accounts.zoho.sg',
	ae: 'https://accounts.zoho.ae',
	uk: 'https://accounts.zoho.uk',
};
const CAMPAIGNS_API: Record<string, string> = {
	us: 'https://campaigns.zoho.com',
	eu: 'https://campaigns.zoho.eu',
	in: 'https://campaigns.zoho.in',
	au: 'https://campaigns.zoho.com.au',
	jp: 'https://campaigns.zoho.jp',
	cn: 'https://campaigns.zoho.com.cn',
	ca: 'https://campaigns.zohocloud.ca',
	sa: 'https://campaigns.zoho.sa',
	uk: 'https://campaigns.zoho.uk',
};
const RECRUIT_API: Record<string, string> = {
	us: 'https://recruit.zoho.com',
	eu: 'https://recruit.zoho.eu',
	in: 'https://recruit.zoho.in',
	au: 'https://recruit.zoho.com.au',
	jp: 'https://recruit.zoho.jp',
	cn: 'https://recruit.zoho.com.cn',
	ca: 'https://recruit.zohocloud.ca',
	sa: 'https://recruit.zoho.sa',
	sg: 'https://recruit.zoho.sg',
	ae: 'https://recruit.zoho.ae',
	uk: 'https://recruit.zoho.uk',
};

const stubTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const node: INode = {
	id: '1',
	name: 'Credential',
	type: 'stub',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const workflow = new Workflow({
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: stubTypes,
});

/** Resolves a credential like n8n's CredentialsHelper: defaults, then expressions with $self. */
function resolve(properties: INodeProperties[], data: ICredentialDataDecryptedObject) {
	const withDefaults: ICredentialDataDecryptedObject = {};
	for (const p of properties) withDefaults[p.name] = p.default as string;
	Object.assign(withDefaults, data);
	return workflow.expression.getComplexParameterValue(
		node,
		withDefaults as never,
		'internal',
		{},
		undefined,
		undefined,
		withDefaults,
	) as ICredentialDataDecryptedObject;
}

const credentials = [
	{ cred: new ZohoCampaignsOAuth2Api(), product: 'campaigns' as const, api: CAMPAIGNS_API },
	{ cred: new ZohoRecruitOAuth2Api(), product: 'recruit' as const, api: RECRUIT_API },
];

describe.each(credentials)('$cred.name', ({ cred, product, api }) => {
	const dcProperty = cred.properties.find((p) => p.name === 'dataCenter')!;
	const optionValues = (dcProperty.options ?? []).map((o) => (o as { value: string }).value);

	it('offers exactly the data centres with an established host, plus custom, default US', () => {
		expect(optionValues.sort()).toEqual([...Object.keys(api), 'custom'].sort());
		expect(dcProperty.default).toBe('us');
		const custom = (dcProperty.options ?? []).find(
			(o) => (o as { value: string }).value === 'custom',
		);
		expect((custom as { name: string }).name).toMatch(/custom.*sandbox or proxy/i);
	});

	it.each(Object.keys(api))('resolves auth, token and API URLs for DC %s', (dc) => {
		const resolved = resolve(cred.properties, { dataCenter: dc });
		expect(resolved.authUrl).toBe(`${ACCOUNTS[dc]}/oauth/v2/auth`);
		expect(resolved.accessTokenUrl).toBe(`${ACCOUNTS[dc]}/oauth/v2/token`);
		expect(apiOrigin(product, { dataCenter: dc })).toBe(api[dc]);
		expect(accountsOrigin(product, { dataCenter: dc })).toBe(ACCOUNTS[dc]);
	});

	it('uses the US hosts when no data centre is stored', () => {
		const resolved = resolve(cred.properties, {});
		expect(resolved.authUrl).toBe('https://accounts.zoho.com/oauth/v2/auth');
		expect(apiOrigin(product, {})).toBe(api.us);
	});

	it('uses the explicit URLs for custom, tolerating trailing slashes', () => {
		const data = {
			dataCenter: 'custom',
			customAccountsUrl: 'http://127.0.0.1:8787/ ',
			customApiUrl: 'http://127.0.0.1:8788//',
		};
		const resolved = resolve(cred.properties, data);
		expect(resolved.authUrl).toBe('http://127.0.0.1:8787/oauth/v2/auth');
		expect(resolved.accessTokenUrl).toBe('http://127.0.0.1:8787/oauth/v2/token');
		expect(apiOrigin(product, data)).toBe('http://127.0.0.1:8788');
		expect(() => apiOrigin(product, { dataCenter: 'custom' })).toThrow(/API Base URL/);
	});

	it('shows the custom URL fields only for custom', () => {
		for (const name of ['customAccountsUrl', 'customApiUrl']) {
			const p = cred.properties.find((x) => x.name === name)!;
			expect(p.displayOptions).toEqual({ show: { dataCenter: ['custom'] } });
		}
	});

	it('is an authorization-code OAuth2 credential asking for an offline refresh token', () => {
		const byName = Object.fromEntries(cred.properties.map((p) => [p.name, p]));
		expect(cred.extends).toEqual(['oAuth2Api']);
		for (const hidden of [
			'grantType',
			'authUrl',
			'accessTokenUrl',
			'scope',
			'authQueryParameters',
			'authentication',
		]) {
			expect(byName[hidden].type).toBe('hidden');
		}
		expect(byName.grantType.default).toBe('authorizationCode');
		expect(byName.authQueryParameters.default).toBe('access_type=offline&prompt=consent');
		expect(byName.authentication.default).toBe('body');
		expect(cred.documentationUrl).toMatch(/^https:\/\//);
	});

	it('has distinct light and dark icons that exist', () => {
		const icon = cred.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			const path = join(__dirname, '../../credentials', file.replace(/^file:/, ''));
			expect(existsSync(path)).toBe(true);
			expect(readFileSync(path, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
		}
	});
});

// Pinned by hand: hosts that no Zoho page documents and no live probe confirmed (issue 11.4).
const UNVERIFIED: Record<string, string[]> = {
	zohoCampaignsOAuth2Api: ['uk'],
	zohoRecruitOAuth2Api: ['uk', 'sg', 'ae'],
};

describe.each(credentials)('$cred.name: data centres and custom URLs', ({ cred, product }) => {
	const dcProperty = cred.properties.find((p) => p.name === 'dataCenter')!;
	const options = (dcProperty.options ?? []) as Array<{
		name: string;
		value: string;
		description?: string;
	}>;

	it('labels exactly the unverified hosts as unverified, in the name users see', () => {
		const labelled = options.filter((o) => /unverified/i.test(o.name)).map((o) => o.value);
		expect(labelled.sort()).toEqual([...UNVERIFIED[cred.name]].sort());
		for (const option of options.filter((o) => labelled.includes(o.value))) {
			expect(option.description).toMatch(/Custom/);
		}
	});

	it('says on the Custom option and both URL fields that secrets and tokens go to that host', () => {
		const custom = options.find((o) => o.value === 'custom')!;
		const fields = ['customAccountsUrl', 'customApiUrl'].map(
			(name) => cred.properties.find((p) => p.name === name)!.description!,
		);
		for (const text of [custom.description!, ...fields]) {
			expect(text).toMatch(/client secret, the refresh token and every access token are sent/);
		}
	});

	it('gives a clear error for an unknown data centre value, never an undefined/... URL', () => {
		expect(() => apiOrigin(product, { dataCenter: 'mars' })).toThrow(
			/Data Center "mars" is not a known Zoho .* data centre \(known: us, eu/,
		);
		expect(() => accountsOrigin(product, { dataCenter: 'mars' })).toThrow(/Data Center "mars"/);
		const resolved = resolve(cred.properties, { dataCenter: 'mars' });
		expect(resolved.authUrl).toBe('https://unknown-zoho-data-centre.invalid/oauth/v2/auth');
		expect(resolved.accessTokenUrl).not.toMatch(/undefined/);
	});

	it.each([
		['http://zoho-proxy.example.com', /API Base URL uses http:\/\/ to a host other than this machine/],
		['javascript:alert(1)', /API Base URL must start with https:\/\//],
		['ftp://proxy.example.com', /API Base URL must start with https:\/\//],
		['https://user:pw@proxy.example.com', /API Base URL must not contain a user name or password/],
		['https://x.example/path?q=', /API Base URL must not contain a query/],
		['https://x.example/#frag', /API Base URL must not contain a query \(\?…\) or a fragment/],
		['', /API Base URL is empty/],
		['https://', /API Base URL is not a valid base URL/],
	])('refuses the custom API URL %s with an error naming the field', (url, message) => {
		const data = { dataCenter: 'custom', customApiUrl: url, customAccountsUrl: url };
		expect(() => apiOrigin(product, data)).toThrow(message);
		expect(() => accountsOrigin(product, data)).toThrow(/Accounts Base URL/);
		expect(() => apiOrigin(product, data)).not.toThrow(/pw/);
		// The hidden OAuth URLs never point at a refused URL either.
		const resolved = resolve(cred.properties, data);
		expect(resolved.accessTokenUrl).toBe(
			'https://invalid-custom-accounts-base-url.invalid/oauth/v2/token',
		);
	});

	it.each([
		['https://zoho-proxy.example.com/', 'https://zoho-proxy.example.com'],
		['https://zoho-proxy.example.com:8443/zoho/', 'https://zoho-proxy.example.com:8443/zoho'],
		['http://localhost:8787', 'http://localhost:8787'],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
		['http://[::1]:8787', 'http://[::1]:8787'],
	])('accepts the custom URL %s', (url, expected) => {
		const data = { dataCenter: 'custom', customApiUrl: url, customAccountsUrl: url };
		expect(apiOrigin(product, data)).toBe(expected);
		expect(resolve(cred.properties, data).accessTokenUrl).toBe(`${expected}/oauth/v2/token`);
	});

	it('checks a URL the same way wherever it is used', () => {
		expect(checkedCustomBaseUrl(' https://a.example// ', 'X')).toBe('https://a.example');
	});
});

describe('scopes', () => {
	const scopeOf = (cred: { properties: INodeProperties[] }) =>
		cred.properties.find((p) => p.name === 'scope')!.default as string;

	it('requests read-only Campaigns scopes and the Recruit scopes of ref §4.4', () => {
		expect(scopeOf(new ZohoCampaignsOAuth2Api())).toBe(
			'ZohoCampaigns.campaign.READ,ZohoCampaigns.contact.READ',
		);
		expect(scopeOf(new ZohoRecruitOAuth2Api())).toBe(
			'ZohoRecruit.modules.ALL,ZohoRecruit.settings.ALL,ZohoSearch.securesearch.READ,ZohoRecruit.users.READ',
		);
	});

	it.each([new ZohoCampaignsOAuth2Api(), new ZohoRecruitOAuth2Api()])(
		'sends $name scopes comma-separated in the authorization URL',
		(cred) => {
			const scope = scopeOf(cred);
			expect(scope).not.toMatch(/\s/); // n8n-core's refresh path splits on spaces
			// What n8n's OAuth2 controller does: split on ",", re-join with "," when one is present.
			const client = new ClientOAuth2({
				clientId: 'id',
				authorizationUri: 'https://accounts.zoho.com/oauth/v2/auth',
				accessTokenUri: 'https://accounts.zoho.com/oauth/v2/token',
				redirectUri: 'http://localhost/callback',
				scopes: scope.split(','),
				scopesSeparator: scope.includes(',') ? ',' : ' ',
			});
			const url = new URL(client.code.getUri());
			expect(url.searchParams.get('scope')).toBe(scope);
		},
	);
});
