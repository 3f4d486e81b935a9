// The Eligibility Filter inside real headless n8n executions (n8n-core WorkflowExecute through
// test/harness): routing to the two named outputs, pairedItem, per-item expressions, and items
// that come from another node (a Code/Set-like seed) without the trigger's fields.
import type { INodeExecutionData } from 'n8n-workflow';

import { SandboxCredentials, runWorkflow, type WorkflowJson } from '../harness';
import type { IneligibleReason } from '../../nodes/EligibilityFilter/rules';
import { activityItem } from './fixtures/eligibility-table';
import { eligibilityWorkflow as filterWorkflow, seedNodeTypes } from './fixtures/eligibility-seed';

// No HTTP happens in these runs (no Recruit-synced lists): the URL is never contacted.
const credentials = new SandboxCredentials('http://127.0.0.1:9');
const run = (wf: WorkflowJson) =>
	runWorkflow(wf, { credentials, nodeTypes: seedNodeTypes() });
const reasonsOf = (item: INodeExecutionData) =>
	(item.json.ineligibleReasons as IneligibleReason[]).map((r) => [r.code, r.field]);

describe('Eligibility Filter in a workflow', () => {
	it('routes each item to Eligible or Ineligible with pairedItem, including Set/Code-node items', async () => {
		const good = activityItem({ email: 'good@example.com', firstName: 'Zoë' });
		const clickedTwin = activityItem({ email: 'GOOD@example.com ', activity: 'clicked' });
		const fromSetNode = { name: 'Ada Lovelace', mail: 'ada@example.com' };
		const blankName = activityItem({ lastName: 'null' });
		const other = activityItem({ email: 'other@example.com' });
		const result = await run(filterWorkflow([good, clickedTwin, fromSetNode, blankName, other]));

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const eligible = result.output('Eligibility Filter', 0);
		const ineligible = result.output('Eligibility Filter', 1);
		expect(eligible.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 4 }]);
		expect(eligible.map((i) => i.json)).toEqual([clickedTwin, other]);
		expect(ineligible.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
		expect(reasonsOf(ineligible[0])).toEqual([['duplicate', 'email']]);
		expect(reasonsOf(ineligible[1])).toEqual([
			['missing_mandatory_field', 'firstName'],
			['missing_mandatory_field', 'lastName'],
			['missing_mandatory_field', 'email'],
			['invalid_email', 'email'],
			['campaign_not_sent_to_list', 'matchedLists'],
			['no_activity', 'activity'],
		]);
		expect(ineligible[1].json).toMatchObject(fromSetNode);
		expect(reasonsOf(ineligible[2])).toEqual([['missing_mandatory_field', 'lastName']]);

		// the two outputs are wired as named: each sink received exactly its output's items
		expect(result.output('Eligible Sink').map((i) => i.json)).toEqual(eligible.map((i) => i.json));
		expect(result.output('Ineligible Sink').map((i) => i.json)).toEqual(
			ineligible.map((i) => i.json),
		);
	});

	it('reads parameters per item when they are expressions', async () => {
		const items = [
			activityItem({ module: 'Contacts', companyName: null }),
			activityItem({ module: 'Candidates', companyName: null }),
			activityItem({ module: 'Contacts', companyName: 'Acme' }),
		];
		const result = await run(
			filterWorkflow(items, {
				requiredFieldsPreset: '={{ $json.module === "Contacts" ? "contacts" : "candidates" }}',
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Eligibility Filter', 0).map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
		]);
		const ineligible = result.output('Eligibility Filter', 1);
		expect(ineligible.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(reasonsOf(ineligible[0])).toEqual([['missing_mandatory_field', 'companyName']]);
	});

	it('custom required fields from an expression list', async () => {
		const items = [activityItem({ jobTitle: null }), activityItem()];
		const result = await run(
			filterWorkflow(items, {
				requiredFieldsPreset: 'custom',
				requiredFields: '={{ ["email", "jobTitle"] }}',
				checks: ['mandatoryFields'],
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Eligibility Filter', 0).map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(reasonsOf(result.output('Eligibility Filter', 1)[0])).toEqual([
			['missing_mandatory_field', 'jobTitle'],
		]);
	});
});
