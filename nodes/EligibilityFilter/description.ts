import type { INodeProperties } from 'n8n-workflow';
import { CHECK_NAMES } from './rules';

const ACTIVITY_ITEM_FIELDS: Array<{ name: string; value: string }> = [
	{ name: 'City', value: 'city' },
	{ name: 'Company Name', value: 'companyName' },
	{ name: 'Contact Status', value: 'contactStatus' },
	{ name: 'Country', value: 'country' },
	{ name: 'Email', value: 'email' },
	{ name: 'First Name', value: 'firstName' },
	{ name: 'Job Title', value: 'jobTitle' },
	{ name: 'Last Name', value: 'lastName' },
	{ name: 'Mobile', value: 'mobile' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'State', value: 'state' },
];

/** The Eligibility Filter's parameters (README, Eligibility Filter). */
export const eligibilityFilterProperties: INodeProperties[] = [
	{
		displayName: 'Required Fields',
		name: 'requiredFieldsPreset',
		type: 'options',
		default: 'candidates',
		description: 'Fields that must be present and not blank (Zoho\'s "null" counts as blank)',
		options: [
			{
				name: 'Candidates (First Name, Last Name, Email)',
				value: 'candidates',
			},
			{
				name: 'Contacts (First Name, Last Name, Email, Company Name)',
				value: 'contacts',
			},
			{
				name: 'Custom',
				value: 'custom',
			},
		],
	},
	{
		displayName: 'Custom Required Fields',
		name: 'requiredFields',
		type: 'multiOptions',
		default: ['firstName', 'lastName', 'email'],
		description:
			'Item fields that must be present. With an expression, any field name or dotted path (e.g. raw.zipcode) can be given as a list or a comma-separated string.',
		options: ACTIVITY_ITEM_FIELDS,
		displayOptions: { show: { requiredFieldsPreset: ['custom'] } },
	},
	{
		displayName: 'Checks',
		name: 'checks',
		type: 'multiOptions',
		default: [...CHECK_NAMES],
		description: 'Which rules to apply. An item failing any of them goes to Ineligible.',
		options: [
			{
				name: 'Campaign Sent to the Matched List',
				value: 'campaignSentToList',
				description: 'Every matched list must be one the campaign was sent to',
			},
			{
				name: 'Has Activity',
				value: 'hasActivity',
				description: 'The recipient opened or clicked',
			},
			{
				name: 'Mandatory Fields',
				value: 'mandatoryFields',
				description: 'Every required field is present and not blank',
			},
			{
				name: 'No Duplicates',
				value: 'dedupe',
				description:
					'One item per email and module per execution: the strongest activity, then the most recent campaign',
			},
			{
				name: 'Not Imported From Recruit',
				value: 'notImportedFromRecruit',
				description:
					'The contact did not come from Zoho Recruit (importedFromRecruit flag, or membership of a Recruit-synced list)',
			},
			{
				name: 'Subscribed',
				value: 'subscribed',
				description: 'The contact has not unsubscribed, opted out or bounced',
			},
			{
				name: 'Valid Email',
				value: 'validEmail',
				description: 'The email is a well-formed address',
			},
		],
	},
	{
		displayName: 'Recruit-Synced List Names or IDs',
		name: 'recruitSyncedLists',
		type: 'multiOptions',
		default: [],
		description:
			'Mailing lists that a Zoho Recruit → Campaigns sync feeds; their members count as imported from Recruit. Needs the Zoho Campaigns credential. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		typeOptions: { loadOptionsMethod: 'getMailingLists' },
	},
];
