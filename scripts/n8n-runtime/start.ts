/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// `npm start`: the sandbox + a real n8n with this package installed as a community package, the
// sandbox credentials and the main template imported and active. Prints the editor URL and login,
// waits for the first poll, prints what the sandbox's Recruit then holds, runs until Ctrl-C.
//
// Each start begins with a fresh n8n database, because the sandbox is in-memory and starts fresh
// too (a kept database would remember recipients the new sandbox has never seen).
//
// Env: N8N_PORT (default 5678), SANDBOX_PORT (default 8787); a busy port falls back to a free one.
//      N8N_START_TEMPLATE=<file> to start another workflow; N8N_START_SKIP_BUILD=1 to reuse dist/.
//      N8N_START_PACKAGE_DIR=<dir> to build/pack another checkout.
import { existsSync } from 'fs';
import { join, resolve } from 'path';

import { freePort, OWNER, persistentEncryptionKey, REPO_ROOT } from './n8n';
import { loadTemplate, MAIN_TEMPLATE, sandboxRecruitRecords, startStack, type Stack } from './stack';

const log = (message: string) => process.stdout.write(`${message}\n`);

function describeRecord(record: Record<string, unknown>): string {
	const name = [record.First_Name, record.Last_Name].filter(Boolean).join(' ');
	const extra = ['Campaign_Activity', 'Company', 'Account_Name']
		.filter((k) => record[k] !== undefined && record[k] !== null)
		.map((k) => `${k}=${typeof record[k] === 'object' ? JSON.stringify(record[k]) : record[k]}`);
	return `${String(record.Email ?? '(no email)').padEnd(32)} ${name.padEnd(24)} ${extra.join(' ')}`;
}

async function printRecruit(stack: Stack) {
	for (const module of ['Candidates', 'Contacts'] as const) {
		const records = await sandboxRecruitRecords(stack.sandbox.url, module);
		log(`  Recruit ${module}: ${records.length} record(s)`);
		for (const record of records) log(`    ${describeRecord(record)}`);
	}
}

async function main() {
	const t0 = Date.now();
	const cacheDir = join(REPO_ROOT, '.cache', 'n8n-start');
	const templateFile = resolve(process.env.N8N_START_TEMPLATE || MAIN_TEMPLATE);
	if (!existsSync(templateFile)) {
		throw new Error(`Template not found: ${templateFile} (set N8N_START_TEMPLATE to another workflow file)`);
	}
	const n8nPort = await freePort(Number(process.env.N8N_PORT) || 5678);
	const sandboxPort = await freePort(Number(process.env.SANDBOX_PORT) || 8787);

	const stack = await startStack({
		userFolder: join(cacheDir, 'user'),
		fresh: true,
		workDir: cacheDir,
		n8nPort,
		sandboxPort,
		encryptionKey: persistentEncryptionKey(cacheDir),
		template: loadTemplate(templateFile),
		skipBuild: process.env.N8N_START_SKIP_BUILD === '1',
		packageDir: process.env.N8N_START_PACKAGE_DIR || undefined,
		log,
	});

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log(`\n${signal}: stopping n8n and the sandbox …`);
		await stack.stop();
		log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));

	const editorUrl = `${stack.n8n.url}/workflow/${stack.workflowId}`;
	log('');
	log('────────────────────────────────────────────────────────────────────────');
	log(` n8n editor:  ${stack.n8n.url}`);
	log(` workflow:    ${editorUrl}`);
	log(` login:       ${OWNER.email} / ${OWNER.password}`);
	log(` sandbox:     ${stack.sandbox.url}  (admin API under /__sandbox/, e.g. /__sandbox/recruit/Candidates)`);
	log('────────────────────────────────────────────────────────────────────────');
	log('');
	log('Waiting for the first poll (activation polls once right away) …');
	const executions = await stack.client.waitForExecutions(stack.workflowId, 0, { timeoutMs: 180_000 });
	const first = executions[executions.length - 1];
	log(`First execution ${first.id}: ${first.status}. The sandbox's Recruit now holds:`);
	await printRecruit(stack);
	log('');
	log(`Ready in ${Math.round((Date.now() - t0) / 1000)}s. Simulate new activity, e.g. Sam opens the November newsletter:`);
	log(
		`  curl -s -X POST ${stack.sandbox.url}/__sandbox/activity -H 'content-type: application/json' -d '{"campaignKey":"f70c4878c4a47169407e63917ad24497","email":"sam.silent@example.com","action":"opened"}'`,
	);
	log("It is pushed on the trigger's next scheduled poll (see its Poll Times), or at once when you");
	log('unpublish and publish the workflow again (activation polls right away). Press Ctrl-C to stop.');
	// Report later executions as they happen, so the terminal shows the workflow working.
	let seen = executions.length;
	setInterval(() => {
		if (stopping) return;
		stack.client
			.listExecutions(stack.workflowId)
			.then(async (all) => {
				const done = all.filter((e) => !['running', 'new', 'waiting'].includes(e.status));
				if (done.length <= seen) return;
				seen = done.length;
				log(`Execution ${done[0].id}: ${done[0].status}.`);
				await printRecruit(stack);
			})
			.catch(() => undefined);
	}, 15_000);
}

main().catch((error) => {
	process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : error}\n`);
	process.exit(1);
});
