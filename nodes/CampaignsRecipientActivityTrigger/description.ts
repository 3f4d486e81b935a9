import type { INodeProperties } from 'n8n-workflow';

function listParameter(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getMailingLists' },
		default: [],
		description: `${description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Emits recipients who opened or clicked a campaign sent to the chosen lists: Candidates on the first output, Contacts on the second. An item\'s activity is what the recipient did (a click beats an open; an opener who clicks later is emitted again as clicked). Its matchedLists are the chosen lists the campaign went to that the recipient belongs to (all of them when the campaign went only to chosen lists). The first poll also emits activity on campaigns sent in the backfill window.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	listParameter(
		'candidateOpenedLists',
		'Candidates – Opened Recipients: List Names or IDs',
		'Recipients who opened a campaign sent to these lists are emitted as Candidates, as clicked if they also clicked.',
	),
	listParameter(
		'candidateClickedLists',
		'Candidates – Clicked Recipients: List Names or IDs',
		'Recipients who clicked a link in a campaign sent to these lists are emitted as Candidates.',
	),
	listParameter(
		'contactOpenedLists',
		'Contacts – Opened Recipients: List Names or IDs',
		'Recipients who opened a campaign sent to these lists are emitted as Contacts, as clicked if they also clicked.',
	),
	listParameter(
		'contactClickedLists',
		'Contacts – Clicked Recipients: List Names or IDs',
		'Recipients who clicked a link in a campaign sent to these lists are emitted as Contacts.',
	),
	{
		displayName: 'Backfill Days',
		name: 'backfillDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5,
		description:
			'On first activation, activity on campaigns sent in this many days before is emitted too (the native push uses 5)',
	},
	{
		displayName: 'Tracking Days',
		name: 'trackingDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description:
			'How many days after a campaign was sent it keeps being watched for new opens and clicks',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Allow Same List in Both Modules',
				name: 'allowSameListInBothModules',
				type: 'boolean',
				default: false,
				description:
					'Whether a list may be configured for both Candidates and Contacts. If on, its recipients are emitted on both outputs; if off, activation fails naming the list.',
			},
		],
	},
];
