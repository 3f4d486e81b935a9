import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { zohoOAuth2Properties } from '../nodes/shared/zohoOAuth2Credential';

/**
 * Read-only scopes for the endpoints the trigger calls (docs/zoho-api.md): campaign.READ covers
 * recentcampaigns, getcampaigndetails, campaignreports and getcampaignrecipientsdata;
 * contact.READ covers getmailinglists and getlistsubscribers.
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

	properties: INodeProperties[] = zohoOAuth2Properties({
		product: 'campaigns',
		scopes: CAMPAIGNS_SCOPES,
		dataCenterDescription:
			'The Zoho data centre of your Campaigns account (the domain you log in to)',
		apiUrlDescription: 'Base URL of the Campaigns API; requests go to /api/v1.1/ on it',
	});
}
