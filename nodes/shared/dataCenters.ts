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
		// Canada is on zohocloud.ca; *.zoho.ca does not resolve (ref §1.1, §4.1).
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
		// ref §1.1 establishes the UK accounts host and lists UK as a Campaigns region (unified.to);
		// the Campaigns host is Zoho's <product>.zoho.<tld> pattern, not verified live (ref §10.5).
		// If it does not answer for your account, use Custom with the host Zoho gives you.
		value: 'uk',
		name: 'United Kingdom (zoho.uk)',
		accounts: 'https://accounts.zoho.uk',
		campaigns: 'https://campaigns.zoho.uk',
		recruit: 'https://recruit.zoho.uk',
	},
	// Recruit-only DCs (ref §4.1): no Campaigns host is known for them.
	{
		value: 'sg',
		name: 'Singapore (zoho.sg)',
		accounts: 'https://accounts.zoho.sg',
		recruit: 'https://recruit.zoho.sg',
	},
	{
		value: 'ae',
		name: 'United Arab Emirates (zoho.ae)',
		accounts: 'https://accounts.zoho.ae',
		recruit: 'https://recruit.zoho.ae',
	},
];

export const CUSTOM_DATA_CENTER_OPTION: INodePropertyOptions = {
	name: 'Custom (Sandbox or Proxy)',
	value: CUSTOM_DATA_CENTER,
	description: 'Explicit accounts and API base URLs, e.g. a local Zoho sandbox or a proxy',
};

/** Only the DCs where the product has an established host, plus `custom`. */
export function dataCentersFor(product: ZohoProduct): DataCenter[] {
	return DATA_CENTERS.filter((dc) => dc[product] !== undefined);
}

export function dataCenterOptions(product: ZohoProduct): INodePropertyOptions[] {
	return [
		...dataCentersFor(product).map((dc) => ({ name: dc.name, value: dc.value })),
		CUSTOM_DATA_CENTER_OPTION,
	];
}

/** Trims whitespace and trailing slashes, so a pasted "http://127.0.0.1:8787/" still works. */
export function normalizeBaseUrl(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

export interface DataCenterCredentials {
	dataCenter?: string;
	customAccountsUrl?: string;
	customApiUrl?: string;
}

function findDataCenter(product: ZohoProduct, value: string): DataCenter {
	const dc = dataCentersFor(product).find((d) => d.value === value);
	if (!dc) {
		throw new Error(`Zoho data centre "${value}" is not available for Zoho ${product}`);
	}
	return dc;
}

/** The API origin (no trailing slash) for the credential's data centre. */
export function apiOrigin(product: ZohoProduct, credentials: DataCenterCredentials): string {
	const value = credentials.dataCenter || DEFAULT_DATA_CENTER;
	if (value === CUSTOM_DATA_CENTER) {
		if (!credentials.customApiUrl) {
			throw new Error('The credential uses a custom data centre but has no API Base URL');
		}
		return normalizeBaseUrl(credentials.customApiUrl);
	}
	return findDataCenter(product, value)[product] as string;
}

/** The accounts (OAuth) origin for the credential's data centre. */
export function accountsOrigin(product: ZohoProduct, credentials: DataCenterCredentials): string {
	const value = credentials.dataCenter || DEFAULT_DATA_CENTER;
	if (value === CUSTOM_DATA_CENTER) {
		if (!credentials.customAccountsUrl) {
			throw new Error('The credential uses a custom data centre but has no Accounts Base URL');
		}
		return normalizeBaseUrl(credentials.customAccountsUrl);
	}
	return findDataCenter(product, value).accounts;
}

/**
 * An n8n expression (evaluated by n8n with `$self` = the credential's own data) that yields
 * `<accounts origin><path>` for the selected DC. Built from DATA_CENTERS so the hidden
 * authUrl/accessTokenUrl can never drift from the table.
 */
export function accountsUrlExpression(product: ZohoProduct, path: string): string {
	const table: Record<string, string> = {};
	for (const dc of dataCentersFor(product)) table[dc.value] = dc.accounts;
	const custom = `String($self["customAccountsUrl"] || "").trim().replace(/\\/+$/, "")`;
	const byDc = `${JSON.stringify(table)}[$self["dataCenter"] || "${DEFAULT_DATA_CENTER}"]`;
	return `={{ ($self["dataCenter"] === "${CUSTOM_DATA_CENTER}" ? ${custom} : ${byDc}) + "${path}" }}`;
}
