import type { INodeProperties } from 'n8n-workflow';

import {
	accountsUrlExpression,
	CUSTOM_DATA_CENTER,
	CUSTOM_URL_WARNING,
	dataCenterOptions,
	DEFAULT_DATA_CENTER,
	type ZohoProduct,
} from './dataCenters';

/**
 * The properties both Zoho credentials share: the data-centre choice (with a custom origin pair
 * for the sandbox or a proxy) and the hidden oAuth2Api fields derived from it.
 */
export function zohoOAuth2Properties(options: {
	product: ZohoProduct;
	scopes: string[];
	dataCenterDescription: string;
	apiUrlDescription: string;
}): INodeProperties[] {
	const { product } = options;
	return [
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: dataCenterOptions(product),
			default: DEFAULT_DATA_CENTER,
			description: options.dataCenterDescription,
		},
		{
			displayName: 'Accounts Base URL',
			name: 'customAccountsUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://zoho-proxy.example.com or http://127.0.0.1:8787',
			description: `Base URL of the OAuth server: https:// (http:// only for this machine), no user name, query or fragment; n8n calls /oauth/v2/auth and /oauth/v2/token on it. ${CUSTOM_URL_WARNING}: use only a host you control.`,
			displayOptions: { show: { dataCenter: [CUSTOM_DATA_CENTER] } },
		},
		{
			displayName: 'API Base URL',
			name: 'customApiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://zoho-proxy.example.com or http://127.0.0.1:8787',
			description: `${options.apiUrlDescription}. https:// (http:// only for this machine), no user name, query or fragment. ${CUSTOM_URL_WARNING}: use only a host you control.`,
			displayOptions: { show: { dataCenter: [CUSTOM_DATA_CENTER] } },
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: accountsUrlExpression(product, '/oauth/v2/auth'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accountsUrlExpression(product, '/oauth/v2/token'),
		},
		{
			// Comma-separated with no spaces: Zoho wants commas, n8n's authorize step splits on ","
			// and re-joins with ",", and n8n-core's refresh splits on spaces (so it stays one token).
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: options.scopes.join(','),
		},
		{
			// Without access_type=offline Zoho returns no refresh token; prompt=consent makes it issue
			// one even when the app was authorised before (docs/zoho-api.md).
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'access_type=offline&prompt=consent',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
