import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	accountsUrlExpression,
	CUSTOM_DATA_CENTER,
	dataCenterOptions,
	DEFAULT_DATA_CENTER,
} from '../nodes/shared/dataCenters';

/**
 * Read-only scopes for the endpoints the trigger calls (ref §1.3): campaign.READ covers
 * recentcampaigns, getcampaigndetails, campaignreports and getcampaignrecipientsdata;
 * contact.READ covers getmailinglists and getlistsubscribers. Comma-separated with no spaces:
 * Zoho wants commas, n8n's authorize step splits on "," and re-joins with "," when the scope
 * contains one, and n8n-core's refresh splits on spaces (so it keeps this as one token).
 */
export const CAMPAIGNS_SCOPES = ['ZohoCampaigns.campaign.READ', 'ZohoCampaigns.contact.READ'];

export class ZohoCampaignsOAuth2Api implements ICredentialType {
	name = 'zohoCampaignsOAuth2Api';

	displayName = 'Zoho Campaigns OAuth2 API';

	extends = ['oAuth2Api'];

	icon: Icon = {
		light: 'file:../icons/zohoCampaigns.svg',
		dark: 'file:../icons/zohoCampaigns.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-zoho/n8n-nodes-zoho-campaigns-recruit#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: dataCenterOptions('campaigns'),
			default: DEFAULT_DATA_CENTER,
			description:
				'The Zoho data centre of your Campaigns account (the domain you log in to). UK is not listed because no Zoho Campaigns host is established for it; use Custom with explicit URLs if yours exists.',
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
			description: 'Origin of the Campaigns API; requests go to <this>/api/v1.1/<method>',
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
			default: accountsUrlExpression('campaigns', '/oauth/v2/auth'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accountsUrlExpression('campaigns', '/oauth/v2/token'),
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: CAMPAIGNS_SCOPES.join(','),
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
