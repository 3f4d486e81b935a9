import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Zoho data centres: the accounts (OAuth) host and each product's API host, as origins without a
 * trailing slash. The single source for the credentials' dropdowns, their hidden auth/token URL
 * expressions and the transports' base URLs.
 */
export type ZohoProduct = 'campaigns' | 'recruit';

export interface DataCenter {
	value: string;
	name: string;
	accounts: string;
	campaigns?: string;
	recruit?: string;
	/**
	 * Products whose host for this DC no Zoho page documents and no live probe has confirmed:
	 * offered, but labelled "unverified" in the dropdown and the README (docs/zoho-api.md,
	 * "Data centres").
	 */
	unverified?: ZohoProduct[];
}

export const CUSTOM_DATA_CENTER = 'custom';
export const DEFAULT_DATA_CENTER = 'us';

export const DATA_CENTERS: DataCenter[] = [
	{
		value: 'us',
		name: 'United States (zoho.com)',
		accounts: 'https://accounts.zoho.com',
		campaigns: 'https://campaigns.zoho.com',
		recruit: 'https://recruit.zoho.com',
	},
	{
		value: 'eu',
		name: 'Europe (zoho.eu)',
		accounts: 'https://accounts.zoho.eu',
		campaigns: 'https://campaigns.zoho.eu',
		recruit: 'https://recruit.zoho.eu',
	},
	{
		value: 'in',
		name: 'India (zoho.in)',
		accounts: 'https://accounts.zoho.in',
		campaigns: 'https://campaigns.zoho.in',
		recruit: 'https://recruit.zoho.in',
	},
	{
		value: 'au',
		name: 'Australia (zoho.com.au)',
		accounts: 'https://accounts.zoho.com.au',
		campaigns: 'https://campaigns.zoho.com.au',
		recruit: 'https://recruit.zoho.com.au',
	},
	{
		value: 'jp',
		name: 'Japan (zoho.jp)',
		accounts: 'https://accounts.zoho.jp',
		campaigns: 'https://campaigns.zoho.jp',
		recruit: 'https://recruit.zoho.jp',
	},
	{
		value: 'cn',
		name: 'China (zoho.com.cn)',
		accounts: 'https://accounts.zoho.com.cn',
		campaigns: 'https://campaigns.zoho.com.cn',
		recruit: 'https://recruit.zoho.com.cn',
	},
	{
		// Canada is on zohocloud.ca; *.zoho.ca does not resolve (docs/zoho-api.md).
		value: 'ca',
		name: 'Canada (zohocloud.ca)',
		accounts: 'https://accounts.zohocloud.ca',
		campaigns: 'https://campaigns.zohocloud.ca',
		recruit: 'https://recruit.zohocloud.ca',
	},
	{
		value: 'sa',
		name: 'Saudi Arabia (zoho.sa)',
		accounts: 'https://accounts.zoho.sa',
		campaigns: 'https://campaigns.zoho.sa',
		recruit: 'https://recruit.zoho.sa',
	},
	{
		// accounts.zoho.uk is on Zoho's multi-DC page
		// (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html). No source at all names
		// campaigns.zoho.uk (it is Zoho's <product>.zoho.<tld> pattern), and recruit.zoho.uk comes
		// from third-party code only: both unverified. If a host does not answer, use Custom.
		value: 'uk',
		name: 'United Kingdom (zoho.uk)',
		accounts: 'https://accounts.zoho.uk',
		campaigns: 'https://campaigns.zoho.uk',
		recruit: 'https://recruit.zoho.uk',
		unverified: ['campaigns', 'recruit'],
	},
	// Recruit-only DCs: the API hosts answered a third-party live probe, but their accounts hosts
	// are known from third-party code only; no Campaigns host is known for them.
	{
		value: 'sg',
		name: 'Singapore (zoho.sg)',
		accounts: 'https://accounts.zoho.sg',
		recruit: 'https://recruit.zoho.sg',
		unverified: ['recruit'],
	},
	{
		value: 'ae',
		name: 'United Arab Emirates (zoho.ae)',
		accounts: 'https://accounts.zoho.ae',
		recruit: 'https://recruit.zoho.ae',
		unverified: ['recruit'],
	},
];

/** Suffix of a DC's dropdown name when its host for the product is unverified. */
export const UNVERIFIED_LABEL = ' – unverified';

/** Said wherever a custom URL is entered: what travels to that host. */
export const CUSTOM_URL_WARNING =
	'The client secret, the refresh token and every access token are sent to this host';

export const CUSTOM_DATA_CENTER_OPTION: INodePropertyOptions = {
	name: 'Custom (Sandbox or Proxy)',
	value: CUSTOM_DATA_CENTER,
	description: `Explicit accounts and API base URLs, e.g. a local Zoho sandbox or a proxy. ${CUSTOM_URL_WARNING}: use only hosts you control.`,
};

/** Only the DCs where the product has an established host, plus `custom`. */
export function dataCentersFor(product: ZohoProduct): DataCenter[] {
	return DATA_CENTERS.filter((dc) => dc[product] !== undefined);
}

export function isUnverified(dc: DataCenter, product: ZohoProduct): boolean {
	return dc.unverified?.includes(product) ?? false;
}

export function dataCenterOptions(product: ZohoProduct): INodePropertyOptions[] {
	return [
		...dataCentersFor(product).map((dc) =>
			isUnverified(dc, product)
				? {
						name: `${dc.name}${UNVERIFIED_LABEL}`,
						value: dc.value,
						description: `No Zoho page documents ${dc[product]} and no live check has confirmed it; if it does not answer, choose Custom with the hosts Zoho shows you`,
					}
				: { name: dc.name, value: dc.value },
		),
		CUSTOM_DATA_CENTER_OPTION,
	];
}

/** Trims whitespace and trailing slashes, so a pasted "http://127.0.0.1:8787/" still works. */
export function normalizeBaseUrl(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/**
 * What a custom base URL may be, after normalizeBaseUrl: https to any host, or http to this
 * machine only (localhost, 127.x.x.x, [::1]); an optional port; an optional path prefix (for a
 * proxy that serves Zoho under a path; the node appends /oauth/v2/…, /api/v1.1/… or
 * /recruit/v2/… to it); no user name or password, no query, no fragment. Shared by the
 * credential's hidden URL expressions and the transports, so both accept the same URLs.
 */
export const CUSTOM_BASE_URL_PATTERN =
	/^(?:https:\/\/[a-z0-9.-]+|http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]))(?::\d{1,5})?(?:\/[a-z0-9._~%+-]+)*$/i;

/**
 * The custom base URL of `field` ("API Base URL", "Accounts Base URL"), normalised, or an Error
 * that names the field and says what is wrong with it (never echoing a user name or password).
 */
export function checkedCustomBaseUrl(raw: string | undefined, field: string): string {
	const url = normalizeBaseUrl(raw ?? '');
	const fail = (why: string) => new Error(`The credential's ${field} ${why}`, { cause: { field } });
	if (url === '') throw fail('is empty; the custom data centre needs it');
	if (CUSTOM_BASE_URL_PATTERN.test(url)) return url;
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
	if (scheme !== 'https' && scheme !== 'http') {
		throw fail('must start with https:// (or http:// for this machine only)');
	}
	if (/^[a-z]+:\/\/[^/?#]*@/i.test(url)) {
		throw fail('must not contain a user name or password');
	}
	if (/[?#]/.test(url)) throw fail('must not contain a query (?…) or a fragment (#…)');
	if (scheme === 'http') {
		throw fail(
			'uses http:// to a host other than this machine; use https:// (tokens and the client secret would travel unencrypted)',
		);
	}
	throw fail('is not a valid base URL such as https://zoho-proxy.example.com');
}

export interface DataCenterCredentials {
	dataCenter?: string;
	customAccountsUrl?: string;
	customApiUrl?: string;
}

const PRODUCT_NAMES: Record<ZohoProduct, string> = {
	campaigns: 'Zoho Campaigns',
	recruit: 'Zoho Recruit',
};

function findDataCenter(product: ZohoProduct, value: string): DataCenter {
	const dc = dataCentersFor(product).find((d) => d.value === value);
	if (!dc) {
		const known = [...dataCentersFor(product).map((d) => d.value), CUSTOM_DATA_CENTER].join(', ');
		throw new Error(
			`The credential's Data Center "${String(value).slice(0, 40)}" is not a known ${PRODUCT_NAMES[product]} data centre (known: ${known})`,
		);
	}
	return dc;
}

/** The API origin (no trailing slash) for the credential's data centre. */
export function apiOrigin(product: ZohoProduct, credentials: DataCenterCredentials): string {
	const value = credentials.dataCenter || DEFAULT_DATA_CENTER;
	if (value === CUSTOM_DATA_CENTER) {
		return checkedCustomBaseUrl(credentials.customApiUrl, 'API Base URL');
	}
	return findDataCenter(product, value)[product] as string;
}

/** The accounts (OAuth) origin for the credential's data centre. */
export function accountsOrigin(product: ZohoProduct, credentials: DataCenterCredentials): string {
	const value = credentials.dataCenter || DEFAULT_DATA_CENTER;
	if (value === CUSTOM_DATA_CENTER) {
		return checkedCustomBaseUrl(credentials.customAccountsUrl, 'Accounts Base URL');
	}
	return findDataCenter(product, value).accounts;
}

/**
 * Where the hidden OAuth URLs point when the credential cannot be resolved: an unknown Data
 * Center value, or a custom Accounts Base URL that checkedCustomBaseUrl refuses. ".invalid" never
 * resolves (RFC 2606), so nothing is sent anywhere and the host name says what is wrong.
 */
export const INVALID_DATA_CENTER_ORIGIN = 'https://unknown-zoho-data-centre.invalid';
export const INVALID_CUSTOM_URL_ORIGIN = 'https://invalid-custom-accounts-base-url.invalid';

/**
 * An n8n expression (evaluated by n8n with `$self` = the credential's own data) that yields
 * `<accounts origin><path>` for the selected DC. Built from DATA_CENTERS so the hidden
 * authUrl/accessTokenUrl can never drift from the table.
 */
export function accountsUrlExpression(product: ZohoProduct, path: string): string {
	const table: Record<string, string> = {};
	for (const dc of dataCentersFor(product)) table[dc.value] = dc.accounts;
	const url = `String($self["customAccountsUrl"] || "").trim().replace(/\\/+$/, "")`;
	const custom = `(${CUSTOM_BASE_URL_PATTERN}.test(${url}) ? ${url} : "${INVALID_CUSTOM_URL_ORIGIN}")`;
	const byDc = `(${JSON.stringify(table)}[$self["dataCenter"] || "${DEFAULT_DATA_CENTER}"] || "${INVALID_DATA_CENTER_ORIGIN}")`;
	return `={{ ($self["dataCenter"] === "${CUSTOM_DATA_CENTER}" ? ${custom} : ${byDc}) + "${path}" }}`;
}
