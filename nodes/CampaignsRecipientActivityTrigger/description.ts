import type { INodeProperties } from 'n8n-workflow';

import { BOUNDS } from './config';
import { optionsCollection } from '../shared/optionsCollection';

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
			"Emits recipients who opened or clicked a campaign sent to the chosen lists: Candidates on the first output, Contacts on the second. An item's activity is what the recipient did (a click beats an open; an opener who clicks later is emitted again as clicked). Its matchedLists are the chosen lists the campaign went to that the recipient belongs to (all of them when the campaign went only to chosen lists). The first poll also emits activity on campaigns sent in the backfill window.",
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
		typeOptions: {
			minValue: BOUNDS.backfillDays.min,
			maxValue: BOUNDS.backfillDays.max,
			numberPrecision: 0,
		},
		default: 5,
		description:
			'On first activation, activity on campaigns sent in this many days before is emitted too (the native push uses 5)',
	},
	{
		displayName: 'Tracking Days',
		name: 'trackingDays',
		type: 'number',
		typeOptions: {
			minValue: BOUNDS.trackingDays.min,
			maxValue: BOUNDS.trackingDays.max,
			numberPrecision: 0,
		},
		default: 30,
		description:
			'How many days after a campaign was sent it keeps being watched for new opens and clicks. At least Backfill Days.',
	},
	optionsCollection([
		{
			displayName: 'Allow Same List in Both Modules',
			name: 'allowSameListInBothModules',
			type: 'boolean',
			default: false,
			description:
				'Whether a list may be configured for both Candidates and Contacts. If on, its recipients are emitted on both outputs; if off, activation fails naming the list.',
		},
		{
			displayName: 'Include Raw Zoho Row',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description:
				"Whether each item's raw field holds Zoho's whole recipient row. Off, raw is empty: items stay about half as large.",
		},
		{
			displayName: 'Max Items per Poll',
			name: 'maxItemsPerPoll',
			type: 'number',
			typeOptions: {
				minValue: BOUNDS.maxItemsPerPoll.min,
				maxValue: BOUNDS.maxItemsPerPoll.max,
				numberPrecision: 0,
			},
			default: 5000,
			description:
				'A poll emits at most this many items; the rest follow on the next polls, in order, nothing lost or repeated',
		},
		{
			displayName: 'On Damaged Memory',
			name: 'onDamagedMemory',
			type: 'options',
			options: [
				{
					name: 'Fail the Poll',
					value: 'fail',
					description: 'Emit nothing and name the damaged part and how to recover',
				},
				{
					name: 'Re-Baseline Damaged Parts',
					value: 'rebaseline',
					description:
						'Keep what is intact; record the current recipients of damaged campaigns without emitting them',
				},
			],
			default: 'fail',
			description:
				"What a poll does when the trigger's memory (the workflow's static data) is damaged",
		},
		{
			displayName: 'Reset Memory',
			name: 'resetMemory',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-12-02',
			description:
				"Set a value not used before (e.g. today's date) to make the next poll forget what was emitted and start over without backfill: current openers and clickers are recorded without being emitted",
		},
		{
			displayName: 'Reset: Re-Emit Campaigns Sent Since',
			name: 'reEmitSentSince',
			type: 'dateTime',
			default: '',
			description:
				'Only with a new Reset Memory value: campaigns sent at or after this time (within Tracking Days) have all their current openers and clickers emitted again, to recover items an execution lost (for example a queue-mode worker that died). Recruit Push updates records that exist and never adds a note twice.',
		},
	]),
];
