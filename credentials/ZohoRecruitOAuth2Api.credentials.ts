import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	accountsUrlExpression,
	CUSTOM_DATA_CENTER,
	dataCenterOptions,
	DEFAULT_DATA_CENTER,
} from '../nodes/shared/dataCenters';

/**
 * Scopes (ref §4.4), group scopes only because some DCs reject per-module ones:
 * - ZohoRecruit.modules.ALL: insert/update/upsert/search records and create Notes;
 * - ZohoRecruit.settings.ALL: field metadata (resource mapper) and tags (add_tags);
 * - ZohoSearch.securesearch.READ: required by /{module}/search per the Recruit docs.
 *   ("ZohoRecruit.search.READ", claimed by one connector, is not requested: if it does not
 *   exist Zoho fails the whole authorisation with INVALID_SCOPE.);
 * - ZohoRecruit.users.READ: GET /users?type=CurrentUser (connection check).
 * Comma-separated with no spaces: Zoho wants commas, n8n's authorize step splits on "," and
 * re-joins with "," when the scope contains one, and n8n-core's refresh splits on spaces (so it
 * keeps this as one token).
 */
export const RECRUIT_SCOPES = [
	'ZohoRecruit.modules.ALL',
	'ZohoRecruit.settings.ALL',
	'ZohoSearch.securesearch.READ',
	'ZohoRecruit.users.READ',
];

export class ZohoRecruitOAuth2Api implements ICredentialType {
	name = 'zohoRecruitOAuth2Api';

	displayName = 'Zoho Recruit OAuth2 API';

	extends = ['oAuth2Api'];

	icon: Icon = {
		light: 'file:../icons/zohoRecruit.svg',
		dark: 'file:../icons/zohoRecruit.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-zoho/n8n-nodes-zoho-campaigns-recruit#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: dataCenterOptions('recruit'),
			default: DEFAULT_DATA_CENTER,
			description: 'The Zoho data centre of your Recruit account (the domain you log in to)',
		},
		{
			displayName: 'Accounts Base URL',
			name: 'customAccountsUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:8787',
			description:
				'Origin of the OAuth server; n8n calls <this>/oauth/v2/auth and <this>/oauth/v2/token',
			displayOptions: { show: { dataCenter: [CUSTOM_DATA_CENTER] } },
		},
		{
			displayName: 'API Base URL',
			name: 'customApiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:8787',
			description: 'Origin of the Recruit API; requests go to <this>/recruit/v2/…',
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
			default: accountsUrlExpression('recruit', '/oauth/v2/auth'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accountsUrlExpression('recruit', '/oauth/v2/token'),
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: RECRUIT_SCOPES.join(','),
		},
		{
			// Without access_type=offline Zoho returns no refresh token; prompt=consent makes it issue
			// one even when the app was authorised before (ref §4.2).
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
