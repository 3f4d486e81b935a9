/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// npm run zoho:check: a read-only check of a real Zoho account against every assumption the nodes
// make. Secrets come from environment variables or prompts and are never stored or printed.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';

import { runZohoCheck, type CheckConfig, type ProductSecrets } from './checks';
import { jsonReport, redact, table } from './report';

const env = process.env;

async function ask(question: string): Promise<string> {
	if (!process.stdin.isTTY) return '';
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	try {
		return (await rl.question(question)).trim();
	} finally {
		rl.close();
	}
}

async function secretsFor(prefix: 'CAMPAIGNS' | 'RECRUIT'): Promise<ProductSecrets | undefined> {
	const value = async (name: string, label: string) =>
		env[`ZOHO_${prefix}_${name}`] ??
		(await ask(`Zoho ${prefix.toLowerCase()} ${label} (empty to skip): `));
	const clientId = await value('CLIENT_ID', 'client id');
	if (!clientId) return undefined;
	const clientSecret = await value('CLIENT_SECRET', 'client secret');
	const refreshToken = await value('REFRESH_TOKEN', 'refresh token');
	return clientSecret && refreshToken ? { clientId, clientSecret, refreshToken } : undefined;
}

async function main(): Promise<void> {
	const config: CheckConfig = {
		dataCenter:
			env.ZOHO_DATA_CENTER ??
			((await ask('Data centre (us, eu, in, au, jp, cn, ca, sa, uk, sg, ae, custom) [us]: ')) ||
				'us'),
		customAccountsUrl: env.ZOHO_ACCOUNTS_URL,
		customCampaignsUrl: env.ZOHO_CAMPAIGNS_URL,
		customRecruitUrl: env.ZOHO_RECRUIT_URL,
	};
	config.campaigns = await secretsFor('CAMPAIGNS');
	config.recruit = await secretsFor('RECRUIT');
	const results = await runZohoCheck(config);
	process.stdout.write(`${redact(table(results), config)}\n`);
	const path = env.ZOHO_CHECK_REPORT ?? 'zoho-check-report.json';
	writeFileSync(path, `${jsonReport(results, config, new Date().toISOString())}\n`);
	const differs = results.filter((r) => r.verdict === 'differs').length;
	process.stdout.write(
		`\n${results.length} checks: ${differs} differ. Report (redacted): ${path}\n`,
	);
	process.exitCode = differs > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
	process.stderr.write(`zoho:check failed: ${(error as Error).message}\n`);
	process.exitCode = 2;
});
