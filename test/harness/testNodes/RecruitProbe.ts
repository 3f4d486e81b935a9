// Test-only node: calls the Recruit API through n8n's real httpRequestWithAuthentication (so the
// OAuth2 signing and refresh path is n8n-core's) and routes each item to one of two outputs.
import {
	NodeApiError,
	NodeConnectionTypes,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

export const RECRUIT_PROBE_TYPE = 'n8n-nodes-harness.recruitProbe';

export class RecruitProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Recruit Probe',
		name: 'recruitProbe',
		group: ['transform'],
		version: 1,
		description: 'Harness test node: one authenticated Recruit call per item',
		defaults: { name: 'Recruit Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['First', 'Second'],
		credentials: [{ name: 'zohoRecruitOAuth2Api', required: true }],
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '/recruit/v2/Candidates' },
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'First', value: 'first' },
					{ name: 'Second', value: 'second' },
				],
				default: 'first',
				description: 'Which output the item leaves on (expressions allowed)',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials('zohoRecruitOAuth2Api');
		const origin = String(credentials.customApiUrl).replace(/\/+$/, '');
		const first: INodeExecutionData[] = [];
		const second: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
			const path = this.getNodeParameter('path', i) as string;
			const output = this.getNodeParameter('output', i) as string;
			try {
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'zohoRecruitOAuth2Api',
					{ method, url: `${origin}${path}`, json: true, returnFullResponse: true },
				)) as { statusCode: number; body: unknown };
				const item: INodeExecutionData = {
					json: { index: i, statusCode: response.statusCode, body: response.body as JsonObject },
					pairedItem: { item: i },
				};
				(output === 'second' ? second : first).push(item);
			} catch (error) {
				if (this.continueOnFail()) {
					first.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [first, second];
	}
}
