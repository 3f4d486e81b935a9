import type {
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CAMPAIGNS_CREDENTIAL, getMailingLists } from '../shared/transport/campaigns';
import { triggerProperties } from './description';
import { pollRecipientActivity } from './poll';

export class CampaignsRecipientActivityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Campaigns Recipient Activity Trigger',
		name: 'campaignsRecipientActivityTrigger',
		icon: {
			light: 'file:../../icons/zohoCampaigns.svg',
			dark: 'file:../../icons/zohoCampaigns.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Opened and clicked recipients → Candidates / Contacts"}}',
		description:
			'Starts the workflow when recipients of a Zoho Campaigns campaign sent to chosen mailing lists open or click it',
		defaults: { name: 'Campaigns Recipient Activity Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Candidates', 'Contacts'],
		credentials: [{ name: CAMPAIGNS_CREDENTIAL, required: true }],
		properties: triggerProperties,
	};

	methods = {
		loadOptions: {
			async getMailingLists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const lists = await getMailingLists.call(this);
				return lists
					.map((list) => ({
						name: list.contactCount === null ? list.name : `${list.name} (${list.contactCount})`,
						value: list.key,
					}))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRecipientActivity.call(this);
	}
}
