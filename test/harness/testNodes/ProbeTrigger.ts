// Test-only polling trigger: lists Recruit records through n8n's authenticated request helper and
// emits the ones it has not seen, remembering them in node static data (like a real cursor).
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

export const PROBE_TRIGGER_TYPE = 'n8n-nodes-harness.probeTrigger';

interface ProbeState {
	seen?: string[];
	polls?: number;
	activations?: string[];
}

export class ProbeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Harness test trigger: emits Recruit records not seen before',
		defaults: { name: 'Probe Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoRecruitOAuth2Api', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/recruit/v2/Candidates' },
			{
				displayName: 'Move Cursor In Manual Mode',
				name: 'moveCursorInManualMode',
				type: 'boolean',
				default: false,
				description: 'Whether to misbehave (for proving the harness catches it)',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node') as ProbeState;
		const manual = this.getMode() === 'manual';
		const credentials = await this.getCredentials('zohoRecruitOAuth2Api');
		const origin = String(credentials.customApiUrl).replace(/\/+$/, '');
		const path = this.getNodeParameter('path') as string;
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			'zohoRecruitOAuth2Api',
			{ method: 'GET', url: `${origin}${path}`, json: true, returnFullResponse: true },
		)) as { statusCode: number; body: { data?: IDataObject[] } | '' };
		// Zoho Recruit answers 204 with no body when a list is empty.
		const records = response.statusCode === 204 || !response.body ? [] : (response.body.data ?? []);
		const seen = new Set(state.seen ?? []);
		const fresh = records.filter((record) => !seen.has(String(record.id)));
		if (manual && !this.getNodeParameter('moveCursorInManualMode')) {
			return fresh.length ? [this.helpers.returnJsonArray(fresh.slice(0, 1))] : null;
		}
		state.seen = [...seen, ...fresh.map((record) => String(record.id))];
		state.polls = (state.polls ?? 0) + 1;
		state.activations = [...(state.activations ?? []), this.getActivationMode()];
		return fresh.length ? [this.helpers.returnJsonArray(fresh)] : null;
	}
}
