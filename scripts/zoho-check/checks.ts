// The assumptions the nodes make about a real Zoho account (docs/zoho-api.md), each checked with
// read-only calls and the same zod schemas the nodes use. Nothing here writes to Zoho.
import type { z } from 'zod';

import { CAMPAIGNS_SCOPES } from '../../credentials/ZohoCampaignsOAuth2Api.credentials';
import { RECRUIT_SCOPES } from '../../credentials/ZohoRecruitOAuth2Api.credentials';
import { accountsOrigin, apiOrigin, type ZohoProduct } from '../../nodes/shared/dataCenters';
import {
	campaignDetailsSchema,
	campaignReportsPageSchema,
	listSubscribersPageSchema,
	mailingListsPageSchema,
	recentCampaignsPageSchema,
	recipientsPageSchema,
} from '../../nodes/shared/schemas/campaigns';
import {
	fieldsResponseSchema,
	listResponseSchema,
	usersResponseSchema,
} from '../../nodes/shared/schemas/recruit';
import { EMPTY_RESULT_CODES_BY_METHOD } from '../../nodes/shared/transport/campaigns';
import { bareBigIntegers, call, query, type Answer, type Fetch } from './http';

export type Verdict = 'holds' | 'differs' | 'not checked';

export interface CheckResult {
	assumption: string;
	endpoint: string;
	verdict: Verdict;
	detail: string;
}

export interface ProductSecrets {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
}

export interface CheckConfig {
	/** A value of the credentials' Data Center option (us, eu, …, custom). */
	dataCenter: string;
	customAccountsUrl?: string;
	customCampaignsUrl?: string;
	customRecruitUrl?: string;
	campaigns?: ProductSecrets;
	recruit?: ProductSecrets;
}

type Outcome = { verdict: Verdict; detail: string };
const holds = (detail: string): Outcome => ({ verdict: 'holds', detail });
const differs = (detail: string): Outcome => ({ verdict: 'differs', detail });
const skipped = (detail: string): Outcome => ({ verdict: 'not checked', detail });

function validate(schema: z.ZodTypeAny, body: unknown): string | null {
	const parsed = schema.safeParse(body);
	if (parsed.success) return null;
	const issue = parsed.error.issues[0];
	return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

function obj(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function codeOf(answer: Answer): string {
	const body = obj(answer.json);
	const inner = obj(body.response);
	return String(body.code ?? body.Code ?? inner.code ?? '');
}

function isCampaignsSuccess(answer: Answer): boolean {
	const status = String(obj(answer.json).status ?? '').toLowerCase();
	return answer.status === 200 && status === 'success';
}

function describe(answer: Answer): string {
	const body = obj(answer.json);
	const message = body.message ?? obj(body.response).message;
	const code = codeOf(answer);
	return `HTTP ${answer.status}${code ? `, code ${code}` : ''}${typeof message === 'string' ? ` (${message})` : ''}`;
}

class Recorder {
	readonly results: CheckResult[] = [];

	async check(assumption: string, endpoint: string, run: () => Promise<Outcome> | Outcome) {
		let outcome: Outcome;
		try {
			outcome = await run();
		} catch (error) {
			outcome = skipped(`request failed: ${(error as Error).message}`);
		}
		this.results.push({ assumption, endpoint, ...outcome });
	}
}

interface Token {
	accessToken: string | null;
	scope: string | null;
}

async function refresh(
	rec: Recorder,
	fetchImpl: Fetch,
	product: ZohoProduct,
	accounts: string,
	secrets: ProductSecrets,
	wanted: string[],
): Promise<Token> {
	const token: Token = { accessToken: null, scope: null };
	await rec.check(
		`${product}: a refresh token gets an access token`,
		'accounts /oauth/v2/token',
		async () => {
			const answer = await call(fetchImpl, `${accounts}/oauth/v2/token`, {
				method: 'POST',
				form: {
					grant_type: 'refresh_token',
					client_id: secrets.clientId,
					client_secret: secrets.clientSecret,
					refresh_token: secrets.refreshToken,
				},
			});
			const body = obj(answer.json);
			if (typeof body.access_token !== 'string') {
				return differs(
					`no access_token: HTTP ${answer.status}, error ${String(body.error ?? 'none')}`,
				);
			}
			token.accessToken = body.access_token;
			token.scope = typeof body.scope === 'string' ? body.scope : null;
			return holds(
				`HTTP ${answer.status}, expires_in ${String(body.expires_in)}, token_type ${String(body.token_type)}`,
			);
		},
	);
	await rec.check(
		`${product}: the token carries every scope the credential asks for`,
		'accounts /oauth/v2/token',
		() => {
			if (!token.accessToken) return skipped('no token');
			if (token.scope === null) return skipped('the token answer has no scope key');
			const granted = new Set(token.scope.split(/[ ,]+/).map((s) => s.toLowerCase()));
			// A .ALL scope covers its .READ sibling.
			const missing = wanted.filter(
				(s) =>
					!granted.has(s.toLowerCase()) &&
					!granted.has(s.replace(/\.[A-Z]+$/, '.ALL').toLowerCase()),
			);
			return missing.length
				? differs(`missing: ${missing.join(', ')}`)
				: holds(`granted: ${[...granted].join(', ')}`);
		},
	);
	return token;
}

async function checkCampaigns(
	rec: Recorder,
	fetchImpl: Fetch,
	config: CheckConfig,
	secrets: ProductSecrets,
) {
	const accounts = accountsOrigin('campaigns', {
		dataCenter: config.dataCenter,
		customAccountsUrl: config.customAccountsUrl,
	});
	const api = apiOrigin('campaigns', {
		dataCenter: config.dataCenter,
		customApiUrl: config.customCampaignsUrl,
	});
	const { accessToken } = await refresh(
		rec,
		fetchImpl,
		'campaigns',
		accounts,
		secrets,
		CAMPAIGNS_SCOPES,
	);
	if (!accessToken) return;
	const get = (
		method: string,
		params: Record<string, string | number | undefined>,
		opts: { post?: boolean; scheme?: string } = {},
	) =>
		call(fetchImpl, `${api}/api/v1.1/${method}?${query({ resfmt: 'JSON', ...params })}`, {
			method: opts.post ? 'POST' : 'GET',
			token: accessToken,
			scheme: opts.scheme,
		});

	const lists = await get('getmailinglists', { sort: 'asc', fromindex: 1, range: 10 });
	await rec.check('Authorization: Zoho-oauthtoken <token> is accepted', 'getmailinglists', () =>
		lists.status === 200 && codeOf(lists) !== '1007'
			? holds(describe(lists))
			: differs(describe(lists)),
	);
	await rec.check(
		'Authorization: Bearer <token> (what n8n sends) is accepted',
		'getmailinglists',
		async () => {
			const bearer = await get(
				'getmailinglists',
				{ sort: 'asc', fromindex: 1, range: 1 },
				{ scheme: 'Bearer' },
			);
			return bearer.status === 200 && codeOf(bearer) !== '1007'
				? holds(describe(bearer))
				: differs(describe(bearer));
		},
	);
	await rec.check("mailing lists match the nodes' schema", 'getmailinglists', () => {
		if (!isCampaignsSuccess(lists)) {
			return codeOf(lists) === '2401'
				? holds('2401: no mailing list yet')
				: differs(describe(lists));
		}
		const issue = validate(mailingListsPageSchema, lists.json);
		return issue
			? differs(issue)
			: holds(`${(obj(lists.json).list_of_details as unknown[] | undefined)?.length ?? 0} lists`);
	});
	await rec.check('numbers arrive as strings (noofcontacts)', 'getmailinglists', () => {
		const first = obj(((obj(lists.json).list_of_details as unknown[]) ?? [])[0]);
		if (!('noofcontacts' in first)) return skipped('no list or no noofcontacts');
		return typeof first.noofcontacts === 'string'
			? holds('string')
			: differs(`a JSON ${typeof first.noofcontacts}`);
	});
	await rec.check(
		'a page past the end answers 2401 or an empty list',
		'getmailinglists',
		async () => {
			const past = await get('getmailinglists', { sort: 'asc', fromindex: 100_000, range: 1 });
			if (EMPTY_RESULT_CODES_BY_METHOD.getmailinglists.includes(codeOf(past)))
				return holds(describe(past));
			const items = obj(past.json).list_of_details;
			return isCampaignsSuccess(past) && (!items || (Array.isArray(items) && items.length === 0))
				? holds('success with no items')
				: differs(describe(past));
		},
	);

	const recent = await get('recentcampaigns', {
		sort: 'desc',
		fromindex: 1,
		range: 20,
		status: 'sent',
	});
	await rec.check(
		"recent campaigns match the nodes' schema (total_record_count optional)",
		'recentcampaigns',
		() => {
			if (!isCampaignsSuccess(recent)) {
				return codeOf(recent) === '6101'
					? holds('6101: no sent campaign')
					: differs(describe(recent));
			}
			const issue = validate(recentCampaignsPageSchema, recent.json);
			const body = obj(recent.json);
			const shape = `total_record_count ${'total_record_count' in body ? 'present' : 'absent'}, requestdetails ${typeof body.requestdetails === 'undefined' ? 'absent' : Array.isArray(body.requestdetails) ? 'array' : typeof body.requestdetails}`;
			return issue ? differs(issue) : holds(shape);
		},
	);
	const campaign = obj(((obj(recent.json).recent_campaigns as unknown[]) ?? [])[0]);
	const key = typeof campaign.campaign_key === 'string' ? campaign.campaign_key : null;

	await rec.check('getcampaigndetails needs only campaignkey', 'getcampaigndetails', async () => {
		if (!key) return skipped('no sent campaign');
		const details = await get('getcampaigndetails', { campaignkey: key });
		if (!isCampaignsSuccess(details)) return differs(describe(details));
		const issue = validate(campaignDetailsSchema, details.json);
		return issue ? differs(issue) : holds('details, lists and reports read');
	});
	await rec.check("campaign reports match the nodes' schema", 'campaignreports', async () => {
		if (!key) return skipped('no sent campaign');
		const report = await get('campaignreports', { campaignkey: key });
		if (!isCampaignsSuccess(report)) return differs(describe(report));
		const issue = validate(campaignReportsPageSchema, report.json);
		return issue ? differs(issue) : holds('opens and unique clicks read');
	});

	const recipients = (fromindex: number, range: number) =>
		get(
			'getcampaignrecipientsdata',
			{ campaignkey: key ?? '', action: 'sentcontacts', fromindex, range },
			{ post: true },
		);
	const page1 = key ? await recipients(1, 2) : null;
	await rec.check(
		'recipients: POST with parameters in the query string; rows match the schema',
		'getcampaignrecipientsdata',
		() => {
			if (!page1) return skipped('no sent campaign');
			if (!isCampaignsSuccess(page1)) return differs(describe(page1));
			const issue = validate(recipientsPageSchema, page1.json);
			return issue ? differs(issue) : holds(describe(page1));
		},
	);
	await rec.check(
		'recipients: range and fromindex page the rows',
		'getcampaignrecipientsdata',
		async () => {
			if (!page1 || !isCampaignsSuccess(page1)) return skipped('no first page');
			const rows1 = (obj(page1.json).list_of_details as unknown[]) ?? [];
			if (rows1.length > 2) return differs(`range=2 gave ${rows1.length} rows`);
			if (rows1.length < 2) return skipped('fewer than 3 recipients');
			const page2 = await recipients(3, 2);
			const rows2 = (obj(page2.json).list_of_details as unknown[]) ?? [];
			const ids = (rows: unknown[]) =>
				rows.map((r) => obj(r).contactid ?? obj(r).contactemailaddress);
			const overlap = ids(rows2).filter((id) => ids(rows1).includes(id));
			return overlap.length
				? differs('fromindex=3 repeated rows of fromindex=1')
				: holds(`pages of ${rows1.length} and ${rows2.length} rows`);
		},
	);
	await rec.check(
		'recipients: past the last row comes a "nothing there" code or no rows',
		'getcampaignrecipientsdata',
		async () => {
			if (!key) return skipped('no sent campaign');
			const past = await recipients(1_000_000, 2);
			const code = codeOf(past);
			if (EMPTY_RESULT_CODES_BY_METHOD.getcampaignrecipientsdata.includes(code))
				return holds(`code ${code}`);
			const rows = obj(past.json).list_of_details;
			return isCampaignsSuccess(past) && (!rows || (Array.isArray(rows) && rows.length === 0))
				? holds('success with no rows')
				: differs(describe(past));
		},
	);

	const listKey = obj(((obj(lists.json).list_of_details as unknown[]) ?? [])[0]).listkey;
	await rec.check("list members match the nodes' schema", 'getlistsubscribers', async () => {
		if (typeof listKey !== 'string') return skipped('no mailing list');
		const members = await get('getlistsubscribers', {
			listkey: listKey,
			sort: 'asc',
			fromindex: 1,
			range: 5,
		});
		if (!isCampaignsSuccess(members)) return differs(describe(members));
		const issue = validate(listSubscribersPageSchema, members.json);
		return issue ? differs(issue) : holds(describe(members));
	});
	await rec.check(
		'an invalid list key is an HTTP 200 error envelope, not an empty result',
		'getlistsubscribers',
		async () => {
			const bad = await get('getlistsubscribers', {
				listkey: 'zoho-check-no-such-list',
				fromindex: 1,
				range: 1,
			});
			const code = codeOf(bad);
			if (bad.status !== 200 || String(obj(bad.json).status).toLowerCase() !== 'error')
				return differs(describe(bad));
			return ['2401', '6101', '6302', '6303', '6501'].includes(code)
				? differs(`code ${code} reads as "nothing there" elsewhere`)
				: holds(describe(bad));
		},
	);
}

async function checkRecruit(
	rec: Recorder,
	fetchImpl: Fetch,
	config: CheckConfig,
	secrets: ProductSecrets,
) {
	const accounts = accountsOrigin('recruit', {
		dataCenter: config.dataCenter,
		customAccountsUrl: config.customAccountsUrl,
	});
	const api = apiOrigin('recruit', {
		dataCenter: config.dataCenter,
		customApiUrl: config.customRecruitUrl,
	});
	const { accessToken } = await refresh(
		rec,
		fetchImpl,
		'recruit',
		accounts,
		secrets,
		RECRUIT_SCOPES,
	);
	if (!accessToken) return;
	const get = (path: string, scheme?: string) =>
		call(fetchImpl, `${api}/recruit/v2/${path}`, { token: accessToken, scheme });
	const answers: Array<[string, Answer]> = [];

	for (const module of ['Candidates', 'Contacts']) {
		await rec.check(
			`${module} field metadata matches the nodes' schema`,
			'settings/fields',
			async () => {
				const fields = await get(`settings/fields?${query({ module })}`);
				answers.push(['settings/fields', fields]);
				if (fields.status !== 200) return differs(describe(fields));
				const issue = validate(fieldsResponseSchema, fields.json);
				return issue
					? differs(issue)
					: holds(`${(obj(fields.json).fields as unknown[]).length} fields`);
			},
		);
	}
	await rec.check(
		'search answers 204 or records matching the schema',
		'Candidates/search',
		async () => {
			const search = await get(
				`Candidates/search?${query({ criteria: '(Email:equals:zoho-check-nobody@example.invalid)' })}`,
			);
			answers.push(['Candidates/search', search]);
			if (search.status === 204) return holds('HTTP 204, no body');
			if (search.status !== 200) return differs(describe(search));
			const issue = validate(listResponseSchema, search.json);
			return issue ? differs(issue) : holds('HTTP 200 with records');
		},
	);
	await rec.check('the current user matches the schema', 'users?type=CurrentUser', async () => {
		const users = await get('users?type=CurrentUser');
		answers.push(['users', users]);
		if (users.status !== 200) return differs(describe(users));
		const issue = validate(usersResponseSchema, users.json);
		return issue ? differs(issue) : holds('one user');
	});
	await rec.check(
		'Authorization: Bearer <token> (what n8n sends) is accepted',
		'users?type=CurrentUser',
		async () => {
			const users = await get('users?type=CurrentUser', 'Bearer');
			return users.status === 200 ? holds('HTTP 200') : differs(describe(users));
		},
	);
	await rec.check(
		'record ids arrive as strings (a bare 18-digit number loses digits)',
		'every Recruit read above',
		() => {
			const bare = answers.flatMap(([endpoint, answer]) =>
				bareBigIntegers(answer).map((path) => `${endpoint}: ${path}`),
			);
			return bare.length
				? differs(`bare numbers at ${bare.join('; ')} (the nodes keep them exact)`)
				: holds('all ids quoted');
		},
	);
}

/** Runs every check; a product without secrets is reported as not checked. */
export async function runZohoCheck(
	config: CheckConfig,
	fetchImpl: Fetch = fetch,
): Promise<CheckResult[]> {
	const rec = new Recorder();
	if (config.campaigns) await checkCampaigns(rec, fetchImpl, config, config.campaigns);
	else
		await rec.check('Zoho Campaigns', '-', () =>
			skipped('no Campaigns client id, secret and refresh token given'),
		);
	if (config.recruit) await checkRecruit(rec, fetchImpl, config, config.recruit);
	else
		await rec.check('Zoho Recruit', '-', () =>
			skipped('no Recruit client id, secret and refresh token given'),
		);
	return rec.results;
}
