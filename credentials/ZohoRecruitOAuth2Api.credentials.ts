import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { zohoOAuth2Properties } from '../nodes/shared/zohoOAuth2Credential';

/**
 * Scopes (docs/zoho-api.md), group scopes only because some DCs reject per-module ones:
 * - ZohoRecruit.modules.ALL: insert/update/upsert/search records and create Notes;
 * - ZohoRecruit.settings.ALL: field metadata (resource mapper) and tags (add_tags);
 * - ZohoSearch.securesearch.READ: required by /{module}/search per the Recruit docs.
 *   ("ZohoRecruit.search.READ", claimed by one connector, is not requested: if it does not
 *   exist Zoho fails the whole authorisation with INVALID_SCOPE.);
 * - ZohoRecruit.users.READ: GET /users?type=CurrentUser (connection check).
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

	properties: INodeProperties[] = zohoOAuth2Properties({
		product: 'recruit',
		scopes: RECRUIT_SCOPES,
		dataCenterDescription:
			'The Zoho data centre of your Recruit account (the domain you log in to)',
		apiUrlDescription: 'Base URL of the Recruit API; requests go to /recruit/v2/ on it',
	});
}
