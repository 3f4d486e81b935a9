/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
// The browser half of the e2e test: Debian's chromium driven by playwright-core (never a
// downloaded browser). Logs in, opens the workflow, checks the three nodes render with their
// icons, that Recruit Push's mapping lists the sandbox's Recruit fields, and that the trigger's
// list selector offers the sandbox's mailing lists. Screenshots go to .test-artifacts/e2e/.
import { existsSync } from 'fs';
import { join } from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { OWNER } from '../../scripts/n8n-runtime/n8n';
import type { WorkflowJson } from '../../scripts/n8n-runtime/stack';
import { clearSandboxCalls, sandboxCalls } from './helpers';

const PACKAGE = 'n8n-nodes-zoho-campaigns-recruit';
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync',
	'--disable-quic',
];
// Default scenario's mailing lists (test/sandbox/scenarios/default.json).
export const SANDBOX_LIST_NAMES = ['Candidates - Newsletter', 'Candidates - Events', 'Contacts - Clients', 'Partners', 'Recruit Sync'];
// Recruit fields the sandbox's Candidates layout has; Campaign_Activity is the custom one.
export const SANDBOX_CANDIDATE_FIELDS = ['Email', 'First_Name', 'Last_Name', 'Campaign_Activity', 'Current_Job_Title', 'Mobile'];

export interface BrowserCheckOptions {
	n8nUrl: string;
	sandboxUrl: string;
	workflowId: string;
	template: WorkflowJson;
	artifactsDir: string;
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

async function shot(page: Page, dir: string, name: string) {
	await page.screenshot({ path: join(dir, `${name}.png`) });
}

async function openNode(page: Page, name: string) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 20_000 });
}

async function closeNode(page: Page) {
	await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

export async function runBrowserChecks(opts: BrowserCheckOptions): Promise<void> {
	assert(existsSync(CHROMIUM), `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium)`);
	const { n8nUrl, sandboxUrl, workflowId, template, artifactsDir } = opts;
	const ofType = (name: string) => template.nodes.filter((n) => n.type === `${PACKAGE}.${name}`);
	const trigger = ofType('campaignsRecipientActivityTrigger')[0];
	const push =
		ofType('recruitPush').find((n) => (n.parameters?.module ?? 'Candidates') === 'Candidates') ?? ofType('recruitPush')[0];
	const filter = ofType('eligibilityFilter')[0];
	assert(trigger && push && filter, 'the workflow must contain the trigger, an Eligibility Filter and a Recruit Push');

	const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	try {

		// Log in through the form.
		await page.goto(`${n8nUrl}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
		await page.locator('#password').fill(OWNER.password);
		await shot(page, artifactsDir, '01-signin');
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });

		// The workflow: our three node types on the canvas, each with its icon loaded.
		await page.goto(`${n8nUrl}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await page.waitForLoadState('networkidle').catch(() => undefined);
		await shot(page, artifactsDir, '02-workflow');
		for (const node of [trigger, filter, push]) {
			const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`);
			assert((await canvasNode.getAttribute('data-node-type')) === node.type, `${node.name} is not rendered as ${node.type}`);
			const icon = canvasNode.locator('img').first();
			await icon.waitFor({ timeout: 10_000 });
			const { src, width } = await icon.evaluate((img: HTMLImageElement) => ({ src: img.getAttribute('src'), width: img.naturalWidth }));
			assert(src?.startsWith(`/icons/${PACKAGE}/`) && src.endsWith('.svg'), `${node.name}: icon src ${src}`);
			assert(width > 0, `${node.name}: icon ${src} did not load`);
		}

		// Recruit Push: the mapping's fields come live from the sandbox's Recruit field metadata.
		await clearSandboxCalls(sandboxUrl);
		await openNode(page, push.name);
		const mapper = page.locator('[data-test-id="resource-mapper-container"]');
		await mapper.waitFor({ timeout: 20_000 });
		const mapperMenu = page
			.locator('[data-test-id="columns-parameter-input-options-container"] [data-test-id="action-toggle"]')
			.first();
		// "Refresh Field List" re-reads the module's fields (the saved schema may be a subset), then
		// "Add All Fields" shows every field, as a user would to see what Recruit offers.
		await mapperMenu.click();
		await page.locator('[data-test-id="action-refreshFieldList"]').click();
		await page.waitForTimeout(1500);
		await mapperMenu.click();
		const addAll = page.locator('[data-test-id="action-addAllFields"]');
		await addAll.waitFor({ timeout: 10_000 });
		// Disabled when every field is already shown; then just close the menu again.
		if ((await addAll.getAttribute('aria-disabled')) === 'true') await mapperMenu.click();
		else await addAll.click();
		await page.waitForTimeout(2000);
		const fieldIds = await mapper
			.locator('[data-test-id^="parameter-input-"]')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id')!.replace('parameter-input-', '')));
		for (const field of SANDBOX_CANDIDATE_FIELDS) assert(fieldIds.includes(field), `mapping lacks Recruit field ${field}: ${fieldIds.join(', ')}`);
		await page.locator('[data-test-id="parameter-input-Campaign_Activity"]').scrollIntoViewIfNeeded();
		await shot(page, artifactsDir, '03-recruit-push-mapping');
		const fieldCalls = (await sandboxCalls(sandboxUrl)).filter((c) => c.product === 'recruit' && c.path === '/recruit/v2/settings/fields');
		assert(fieldCalls.length > 0, 'the editor did not load Recruit fields from the sandbox');
		await closeNode(page);

		// The trigger: its list selector offers the sandbox's mailing lists (loaded via getmailinglists).
		await clearSandboxCalls(sandboxUrl);
		await openNode(page, trigger.name);
		const listInput = page.locator('[data-test-id="parameter-input-candidateOpenedLists"]');
		await listInput.waitFor({ timeout: 20_000 });
		// Chips render once the options have loaded from the sandbox; then open the dropdown by its
		// caret (the chips' centres hold their remove buttons). Retried: the NDV may still animate.
		await listInput.locator('.el-select__caret').waitFor({ timeout: 20_000 });
		const options = page.locator('.el-select-dropdown__item >> visible=true');
		for (let attempt = 1; ; attempt++) {
			await page.waitForTimeout(1000);
			await listInput.locator('.el-select__caret').click();
			const opened = await options
				.first()
				.waitFor({ timeout: 5_000 })
				.then(() => true)
				.catch(() => false);
			if (opened) break;
			if (attempt === 4) throw new Error('the mailing-list selector did not open');
		}
		await page.waitForTimeout(500);
		const optionTexts = (await options.allInnerTexts()).map((t) => t.trim());
		for (const name of SANDBOX_LIST_NAMES) {
			assert(optionTexts.some((t) => t.startsWith(name)), `list selector lacks "${name}": ${optionTexts.join(' | ')}`);
		}
		await shot(page, artifactsDir, '04-trigger-lists');
		const listCalls = (await sandboxCalls(sandboxUrl)).filter((c) => c.product === 'campaigns' && c.apiMethod === 'getmailinglists');
		assert(listCalls.length > 0, 'the editor did not load mailing lists from the sandbox');
		await page.keyboard.press('Escape');
		await closeNode(page);
	} catch (error) {
		await shot(page, artifactsDir, 'zz-failure').catch(() => undefined);
		throw error;
	} finally {
		await browser.close();
	}
}
