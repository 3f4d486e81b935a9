// Parameters from imported JSON or expressions with values the nodes do not support (issue 12):
// each run must fail with a NodeOperationError naming the parameter and the value, before any
// HTTP request (the credential points at a closed port, so a request would fail differently).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PACKAGE_NAME, SandboxCredentials, runWorkflow } from '../../harness';
import { activityItem } from '../fixtures/eligibility-table';
import { eligibilityWorkflow, seedNodeTypes } from '../fixtures/eligibility-seed';

const credentials = new SandboxCredentials('http://127.0.0.1:9');
const AUTO_MAP = {
	mappingMode: 'autoMapInputData',
	value: null,
	matchingColumns: ['Email'],
	schema: [],
};

interface ParameterCase {
	name: string;
	parameters: IDataObject;
	parameter: string;
	value: string;
}

const PUSH_CASES: ParameterCase[] = [
	{
		name: 'unknown operation',
		parameters: { operation: 'delete' },
		parameter: 'operation',
		value: '"delete"',
	},
	{ name: 'empty operation', parameters: { operation: '' }, parameter: 'operation', value: '""' },
	{
		name: 'operation in the wrong case',
		parameters: { operation: 'Upsert' },
		parameter: 'operation',
		value: '"Upsert"',
	},
	{
		name: 'unknown module',
		parameters: { module: 'Leads' },
		parameter: 'module',
		value: '"Leads"',
	},
	{
		name: 'module in lower case',
		parameters: { module: 'candidates' },
		parameter: 'module',
		value: '"candidates"',
	},
	{
		name: 'unknown mapping mode',
		parameters: { columns: { ...AUTO_MAP, mappingMode: 'auto' } },
		parameter: 'columns.mappingMode',
		value: '"auto"',
	},
	{
		name: 'matching columns as text',
		parameters: { columns: { ...AUTO_MAP, matchingColumns: 'Email' } },
		parameter: 'columns.matchingColumns',
		value: '"Email"',
	},
	{
		name: 'define-below value as text',
		parameters: {
			columns: {
				mappingMode: 'defineBelow',
				value: 'Email',
				matchingColumns: ['Email'],
				schema: [],
			},
		},
		parameter: 'columns.value',
		value: '"Email"',
	},
	{
		name: 'unknown existing-record policy',
		parameters: { options: { existingRecordPolicy: 'merge' } },
		parameter: 'options.existingRecordPolicy',
		value: '"merge"',
	},
	{
		name: 'dryRun as text',
		parameters: { options: { dryRun: 'yes' } },
		parameter: 'options.dryRun',
		value: '"yes"',
	},
	{
		name: 'runAutomations as text',
		parameters: { options: { runAutomations: 'false' } },
		parameter: 'options.runAutomations',
		value: '"false"',
	},
	{
		name: 'addNote as a number',
		parameters: { options: { addNote: 1 } },
		parameter: 'options.addNote',
		value: '1',
	},
	{
		name: 'truncateLongText as text',
		parameters: { options: { truncateLongText: 'true' } },
		parameter: 'options.truncateLongText',
		value: '"true"',
	},
	{
		name: 'tags as a number',
		parameters: { options: { tags: 5 } },
		parameter: 'options.tags',
		value: '5',
	},
];

const FILTER_CASES: ParameterCase[] = [
	{
		name: 'unknown preset',
		parameters: { requiredFieldsPreset: 'leads' },
		parameter: 'requiredFieldsPreset',
		value: '"leads"',
	},
	{
		name: 'unknown check',
		parameters: { checks: ['hasActivity', 'nope'] },
		parameter: 'checks',
		value: '"nope"',
	},
	{
		name: 'unknown check in a comma-separated expression',
		parameters: { checks: '={{ "validEmail,bogus" }}' },
		parameter: 'checks',
		value: '"bogus"',
	},
	{
		name: 'checks as a number',
		parameters: { checks: '={{ 5 }}' },
		parameter: 'checks',
		value: '5',
	},
	{
		name: 'custom required fields as an object',
		parameters: { requiredFieldsPreset: 'custom', requiredFields: '={{ { a: 1 } }}' },
		parameter: 'requiredFields',
		value: '{"a":1}',
	},
	{
		name: 'Recruit-synced lists as a number',
		parameters: { recruitSyncedLists: '={{ 42 }}' },
		parameter: 'recruitSyncedLists',
		value: '42',
	},
];

function expectParameterError(error: Error | undefined, entry: ParameterCase): void {
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toBe(
		`Parameter "${entry.parameter}" has the unsupported value ${entry.value}`,
	);
}

describe('Recruit Push refuses unsupported parameter values', () => {
	it.each(PUSH_CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
		const parameters = {
			module: 'Candidates',
			operation: 'upsert',
			columns: AUTO_MAP,
			options: {},
			...entry.parameters,
		};
		const result = await runWorkflow(
			{
				nodes: [
					{
						id: 'push',
						name: 'Recruit Push',
						type: `${PACKAGE_NAME}.recruitPush`,
						typeVersion: 1,
						position: [0, 0],
						parameters: parameters as INodeParameters,
					},
				],
				connections: {},
			},
			{
				credentials,
				startNode: 'Recruit Push',
				input: [{ json: { Email: 'a@example.com', Last_Name: 'A' } }],
			},
		);
		expect(result.status).toBe('error');
		expectParameterError(result.nodeError('Recruit Push'), entry);
	});
});

describe('Eligibility Filter refuses unsupported parameter values', () => {
	it.each(FILTER_CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
		const result = await runWorkflow(eligibilityWorkflow([activityItem()], entry.parameters), {
			credentials,
			nodeTypes: seedNodeTypes(),
		});
		expect(result.status).toBe('error');
		expectParameterError(result.nodeError('Eligibility Filter'), entry);
	});
});
