// npm run zoho:check against the sandbox: every assumption holds there, and each deviation a
// sandbox fault introduces is reported as "differs" with its difference. Nothing is written.
import { runZohoCheck, type CheckConfig, type CheckResult } from '../../scripts/zoho-check/checks';
import { jsonReport, table } from '../../scripts/zoho-check/report';
import { KEYS } from '../conformance/helpers';
import { SandboxAdmin } from '../sandbox/client';
import { SANDBOX_OAUTH, startSandbox, type Sandbox } from '../sandbox/server';

let sandbox: Sandbox;
let admin: SandboxAdmin;
let config: CheckConfig;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, scenario: 'default' });
	admin = new SandboxAdmin(sandbox.url);
	const secrets = {
		clientId: SANDBOX_OAUTH.clientId,
		clientSecret: SANDBOX_OAUTH.clientSecret,
		refreshToken: SANDBOX_OAUTH.refreshToken,
	};
	config = {
		dataCenter: 'custom',
		customAccountsUrl: sandbox.url,
		customCampaignsUrl: sandbox.url,
		customRecruitUrl: sandbox.url,
		campaigns: secrets,
		recruit: secrets,
	};
});
afterAll(async () => {
	await sandbox?.close();
});
beforeEach(async () => {
	// A fresh world each time: the check refreshes tokens, and a run must not be throttled.
	await admin.reset();
});

const verdicts = (results: CheckResult[]) =>
	Object.fromEntries(results.map((r) => [`${r.endpoint} · ${r.assumption}`, r.verdict]));

describe('zoho:check', () => {
	it('finds every assumption holding against the sandbox, with read-only calls only', async () => {
		const results = await runZohoCheck(config);
		expect(results.length).toBeGreaterThanOrEqual(20);
		expect(results.filter((r) => r.verdict !== 'holds')).toEqual([]);
		const calls = await admin.calls();
		const writes = calls.filter(
			(c) =>
				c.method !== 'GET' &&
				!(c.apiMethod === 'token') &&
				!(c.apiMethod === 'getcampaignrecipientsdata' && c.method === 'POST'),
		);
		expect(writes).toEqual([]);
		expect(calls.filter((c) => c.product === 'recruit').every((c) => c.method === 'GET')).toBe(
			true,
		);
		expect(table(results)).toMatch(/assumption\s+endpoint\s+result\s+detail/);
	});

	it('reports each deviation of a sandbox that answers differently, with the difference', async () => {
		await admin.fault([
			// getcampaigndetails insists on campaigntype.
			{
				product: 'campaigns',
				path: 'getcampaigndetails',
				status: 200,
				count: 5,
				body: { status: 'error', code: '903', message: 'Mandatory fields are missing' },
			},
			// The current user's id arrives as a bare 18-digit number.
			{
				product: 'recruit',
				path: '/recruit/v2/users',
				status: 200,
				count: 1,
				body: '{"users":[{"id":486812000000015001,"full_name":"Ada Admin","email":"ada@example.com"}]}',
			},
			// Mailing lists with numbers as JSON numbers.
			{
				product: 'campaigns',
				path: 'getmailinglists',
				status: 200,
				count: 1,
				body: {
					status: 'success',
					code: '0',
					list_of_details: [{ listkey: KEYS.newsletter, listname: 'N', noofcontacts: 57 }],
				},
			},
		]);
		const results = await runZohoCheck(config);
		const byName = (text: RegExp) => results.find((r) => text.test(r.assumption))!;
		expect(byName(/needs only campaignkey/)).toMatchObject({
			verdict: 'differs',
			detail: expect.stringContaining('code 903'),
		});
		expect(byName(/record ids arrive as strings/)).toMatchObject({
			verdict: 'differs',
			detail: expect.stringContaining('users: users[].id'),
		});
		expect(byName(/numbers arrive as strings/)).toMatchObject({
			verdict: 'differs',
			detail: 'a JSON number',
		});
		const others = results.filter(
			(r) =>
				!/needs only campaignkey|record ids arrive|numbers arrive as strings/.test(r.assumption),
		);
		expect(others.filter((r) => r.verdict === 'differs')).toEqual([]);
		expect(Object.keys(verdicts(results)).length).toBe(results.length);

		// The JSON report names the deviations but no token, secret, e-mail or id.
		const report = jsonReport(results, config, '2026-11-20T12:00:00Z');
		expect(JSON.parse(report).summary.differs).toBe(3);
		for (const secret of [
			SANDBOX_OAUTH.clientSecret,
			SANDBOX_OAUTH.refreshToken,
			'ada@example.com',
			'486812000000015001',
		]) {
			expect(report).not.toContain(secret);
		}
		expect(report).not.toMatch(/1000\.[0-9a-f]{8,}/);
	});

	it('reports a refused token refresh as a difference and does not go on with that product', async () => {
		const results = await runZohoCheck({
			...config,
			campaigns: { ...config.campaigns!, clientSecret: 'wrong' },
			recruit: undefined,
		});
		expect(results[0]).toMatchObject({
			verdict: 'differs',
			detail: expect.stringContaining('invalid_client_secret'),
		});
		expect(results.map((r) => r.endpoint)).toEqual([
			'accounts /oauth/v2/token',
			'accounts /oauth/v2/token',
			'-',
		]);
		expect(
			jsonReport(
				results,
				{ ...config, campaigns: { ...config.campaigns!, clientSecret: 'wrong' } },
				'x',
			),
		).not.toContain('wrong');
	});
});
