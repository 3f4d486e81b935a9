import type { INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../shared/optionsCollection';

export const recruitPushProperties: INodeProperties[] = [
	{
		displayName: 'Module',
		name: 'module',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Candidates', value: 'Candidates' },
			{ name: 'Contacts', value: 'Contacts' },
		],
		default: 'Candidates',
		description: 'The Recruit module the records are written to',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Insert new records; existing ones are left alone and reported as EXISTS',
				action: 'Create records',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update records',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Only change existing records; others are reported as NOT_FOUND',
				action: 'Update records',
			},
		],
		default: 'upsert',
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		required: true,
		default: { mappingMode: 'defineBelow', value: null },
		typeOptions: {
			loadOptionsDependsOn: ['module', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getRecruitFields',
				mode: 'upsert',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: true,
				supportAutoMap: true,
				matchingFieldsLabels: {
					title: 'Fields to Match On',
					description:
						'Records are matched on these fields (Email or a unique field). Upsert sends them to Recruit as duplicate_check_fields; Create and Update only use them to look existing records up (Create skips those, Update changes only those).',
					hint: 'Email is Recruit’s system duplicate check',
				},
			},
		},
	},
	optionsCollection([
		{
			displayName: 'Add Note',
			name: 'addNote',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a note to each pushed record describing the activity, the campaign and the time',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only show what would be sent, without writing to Recruit. Existing records are still looked up, so each item shows whether it would be inserted, updated or left unchanged, with the fields, tags and note it would get.',
		},
		{
			displayName: 'Existing Record Policy',
			name: 'existingRecordPolicy',
			type: 'options',
			options: [
				{
					name: 'Overwrite',
					value: 'overwrite',
					description: 'Mapped values replace the values in Recruit',
				},
				{
					name: 'Fill Empty Fields Only',
					value: 'fillEmpty',
					description: 'Only fields that are empty in Recruit are written; others are kept',
				},
			],
			default: 'overwrite',
			description: 'What to do with fields that already have a value in an existing record',
		},
		{
			displayName: 'Run Automations',
			name: 'runAutomations',
			type: 'boolean',
			default: true,
			description:
				'Whether Recruit runs its workflow rules, approvals and blueprints for these writes',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. Campaign Opened, Newsletter',
			description: 'Comma-separated tag names added to each pushed record',
		},
		{
			displayName: 'Truncate Long Text',
			name: 'truncateLongText',
			type: 'boolean',
			default: false,
			description:
				'Whether text longer than a Single Line or Multi Line field allows is cut to fit instead of refused. E-mail, phone, website and picklist values are never cut: too long, they are refused (INVALID_DATA).',
		},
	]),
];
