import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { mailingListOptions } from '../shared/methods/mailingLists';
import { CAMPAIGNS_CREDENTIAL } from '../shared/transport/campaigns';
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
		subtitle:
			'={{"Backfill " + $parameter["backfillDays"] + " d · tracking " + $parameter["trackingDays"] + " d"}}',
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
			getMailingLists: mailingListOptions,
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRecipientActivity.call(this);
	}
}
