// The product against the sandbox where Zoho's own pages correct earlier assumptions
// (docs/zoho-api.md): one describe per point of issue 11, over real HTTP through n8n-core.
import { executeContext, SandboxCredentials } from '../harness';
import { SandboxAdmin } from '../sandbox/client';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { getCampaignRecipientsPage } from '../../nodes/shared/transport/campaigns';
import { addTags, searchRecords } from '../../nodes/shared/transport/recruit';

const NOV_NEWSLETTER = 'f70c4878c4a47169407e63917ad24497';

let sandbox: Sandbox;
let admin: SandboxAdmin;
let credentials: SandboxCredentials;
const ctx = () => executeContext({ credentials });

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, scenario: 'default' });
	admin = new SandboxAdmin(sandbox.url);
	credentials = new SandboxCredentials(sandbox.url);
});
afterAll(async () => {
	await sandbox?.close();
});
beforeEach(async () => {
	await admin.clearFaults();
	await admin.clearCalls();
});

describe('1. 18-digit ids sent as bare JSON numbers', () => {
	it('tags every record Recruit tagged, each with its own exact id', async () => {
		const found = await searchRecords.call(ctx(), 'Candidates', [
			{ field: 'Email', operator: 'equals', value: 'olga.existing@example.com' },
			{ field: 'Email', operator: 'equals', value: 'rita.recruit@example.com' },
			{ field: 'Email', operator: 'starts_with', value: 'robin' },
		]);
		const ids = found.map((r) => r.id);
		expect(ids).toHaveLength(4);
		// The ids really do not survive JSON.parse as numbers (else this test proves nothing).
		expect(ids.some((id) => String(Number(id)) !== id)).toBe(true);

		const results = await addTags.call(ctx(), 'Candidates', ids, ['Opened']);

		expect(results.map((r) => [r.ok, r.code, r.id])).toEqual(
			ids.map((id) => [true, 'SUCCESS', id]),
		);
		const stored = await admin.records('Candidates');
		for (const id of ids) {
			expect(stored.find((s) => s.id === id)?.$tags).toEqual(expect.arrayContaining(['Opened']));
		}
	});
});

describe('2. getcampaignrecipientsdata is sent as POST with its parameters in the query string', () => {
	it('posts every page with campaignkey, action, fromindex and range in the query, no body', async () => {
		const first = await getCampaignRecipientsPage.call(ctx(), NOV_NEWSLETTER, 'openedcontacts', 1, 3);
		const second = await getCampaignRecipientsPage.call(ctx(), NOV_NEWSLETTER, 'openedcontacts', 4, 3);
		expect(first.rows).toHaveLength(3);
		expect(second.rows.length).toBeGreaterThan(0);
		expect(second.rows.map((r) => r.email)).not.toContain(first.rows[0].email);
		const calls = (await admin.calls('campaigns')).filter((call) => call.status === 200);
		expect(calls.map((call) => call.method)).toEqual(['POST', 'POST']);
		expect(calls[1].query).toMatchObject({
			resfmt: 'JSON',
			campaignkey: NOV_NEWSLETTER,
			action: 'openedcontacts',
			fromindex: '4',
			range: '3',
		});
		expect(calls[1].body).toBeUndefined();
	});
});
