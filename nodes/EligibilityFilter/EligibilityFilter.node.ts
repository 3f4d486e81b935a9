import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { recordEligibility } from '../shared/executionSummary';
import { isObject } from '../shared/collections';
import { mailingListOptions } from '../shared/methods/mailingLists';
import { eligibilityFilterProperties } from './description';
import { evaluateItems } from './rules';
import { resolveSettings } from './settings';

export class EligibilityFilter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Eligibility Filter',
		name: 'eligibilityFilter',
		icon: {
			light: 'file:../../icons/zohoCampaigns.svg',
			dark: 'file:../../icons/zohoCampaigns.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Required fields: " + $parameter["requiredFieldsPreset"] }}',
		description:
			'Splits Zoho Campaigns recipients into those eligible for Zoho Recruit and those that are not, with the reasons',
		defaults: { name: 'Eligibility Filter' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Eligible', 'Ineligible'],
		// Optional: only needed to read the members of Recruit-synced mailing lists.
		credentials: [{ name: 'zohoCampaignsOAuth2Api', required: false }],
		properties: eligibilityFilterProperties,
	};

	methods = {
		loadOptions: {
			getMailingLists: mailingListOptions,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const eligible: INodeExecutionData[] = [];
		const ineligible: INodeExecutionData[] = [];
		if (items.length === 0) return [eligible, ineligible];

		const settingsFor = await resolveSettings.call(this, items.length);
		const jsons = items.map((item) => item.json as unknown);
		const reasons = evaluateItems(jsons, settingsFor);

		for (let i = 0; i < items.length; i++) {
			const { json, binary } = items[i];
			if (reasons[i].length === 0) {
				eligible.push({ json, binary, pairedItem: { item: i } });
				continue;
			}
			// Non-object json (possible from a Code node) cannot take a field: keep it under `value`.
			ineligible.push({
				json: { ...(isObject(json) ? json : { value: json }), ineligibleReasons: [...reasons[i]] },
				binary,
				pairedItem: { item: i },
			});
		}
		recordEligibility(this, eligible, ineligible);
		return [eligible, ineligible];
	}
}
