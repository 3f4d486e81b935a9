import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { recordPush } from '../shared/executionSummary';
import { recruitPushProperties } from './description';
import { checkPushParameters } from './parameters';
import { pushItems } from './push';
import { getRecruitFieldsMapping } from './resourceMapping';

export class RecruitPush implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Recruit Push',
		name: 'recruitPush',
		icon: {
			light: 'file:../../icons/zohoRecruit.svg',
			dark: 'file:../../icons/zohoRecruit.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["module"]}}',
		description:
			'Create or update Zoho Recruit Candidates or Contacts, in batches, with a result per item',
		defaults: { name: 'Recruit Push' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Pushed', 'Not Pushed'],
		credentials: [{ name: 'zohoRecruitOAuth2Api', required: true }],
		properties: recruitPushProperties,
	};

	methods = {
		resourceMapping: { getRecruitFields: getRecruitFieldsMapping },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getInputData().length > 0) checkPushParameters.call(this);
		return recordPush(this, await pushItems.call(this));
	}
}
