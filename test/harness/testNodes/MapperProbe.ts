// Test-only node with a resourceMapper parameter shaped like Recruit Push's `columns`, to check
// that contexts built by the harness read it the way n8n does (expressions resolved and values
// converted against the stored schema on the `columns.value` path).
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

export const MAPPER_PROBE_TYPE = 'n8n-nodes-harness.mapperProbe';

export class MapperProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mapper Probe',
		name: 'mapperProbe',
		group: ['transform'],
		version: 1,
		description: 'Harness test node with a resource mapper',
		defaults: { name: 'Mapper Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoRecruitOAuth2Api', required: false }],
		properties: [
			{
				displayName: 'Fields',
				name: 'columns',
				type: 'resourceMapper',
				noDataExpression: true,
				default: { mappingMode: 'defineBelow', value: null },
				required: true,
				typeOptions: {
					resourceMapper: {
						resourceMapperMethod: 'getFields',
						mode: 'upsert',
						fieldWords: { singular: 'field', plural: 'fields' },
						supportAutoMap: true,
						addAllFields: true,
						multiKeyMatch: false,
					},
				},
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			items.map((_, i) => ({
				json: { mapped: this.getNodeParameter('columns.value', i) as Record<string, string> },
				pairedItem: { item: i },
			})),
		];
	}
}
