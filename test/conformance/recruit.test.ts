/* eslint-disable @typescript-eslint/no-explicit-any -- loosely typed JSON bodies in tests */
// Recruit API v2 conformance against the default scenario (ref §4–7).
import { Client } from './helpers';

describe('Recruit API v2', () => {
	let c: Client;
	beforeEach(async () => {
		c = await Client.start({ scenario: 'default' });
	});
	afterEach(() => c.close());

	const records = async (module: string) =>
		(await c.admin('GET', `recruit/${module}`)).body.records as Array<Record<string, any>>;

	it('answers AUTHENTICATION_FAILURE without a header and INVALID_TOKEN for a bad one (ref §7)', async () => {
		const none = await c.recruit('GET', '/Candidates', { token: null });
		expect(none).toMatchObject({
			status: 401,
			body: { code: 'AUTHENTICATION_FAILURE', message: 'Authentication failed', status: 'error' },
		});
		const bad = await c.recruit('GET', '/Candidates', { token: 'garbage' });
		expect(bad).toMatchObject({
			status: 401,
			body: { code: 'INVALID_TOKEN', message: 'invalid oauth token', status: 'error' },
		});
		await c.admin('POST', 'tokens/expire');
		expect((await c.recruit('GET', '/Candidates', { scheme: 'Zoho-oauthtoken' })).body.code).toBe(
			'INVALID_TOKEN',
		);
	});

	it('describes modules and fields incl. the custom campaign fields (ref §5.1)', async () => {
		const modules = await c.recruit('GET', '/settings/modules');
		expect(modules.body.modules.map((m: { api_name: string }) => m.api_name)).toEqual(
			expect.arrayContaining(['Candidates', 'Contacts', 'Notes']),
		);
		for (const module of ['Candidates', 'Contacts']) {
			const res = await c.recruit('GET', `/settings/fields?module=${module}`);
			const fields = res.body.fields as Array<Record<string, any>>;
			const byName = (n: string) => fields.find((f) => f.api_name === n)!;
			expect(byName('Last_Name')).toMatchObject({
				data_type: 'text',
				json_type: 'string',
				length: 80,
				system_mandatory: true,
				read_only: false,
				custom_field: false,
				visible: true,
				unique: false,
				pick_list_values: [],
				lookup: {},
			});
			expect(byName('Email')).toMatchObject({ data_type: 'email', unique: true });
			expect(byName('Campaign_Activity')).toMatchObject({
				data_type: 'picklist',
				custom_field: true,
				pick_list_values: [
					{ display_value: 'Opened', actual_value: 'Opened' },
					{ display_value: 'Clicked', actual_value: 'Clicked' },
				],
			});
			expect(byName('Last_Campaign')).toMatchObject({
				data_type: 'text',
				custom_field: true,
				length: 255,
			});
			expect(byName('Email').restricted).toBeUndefined();
		}
		expect((await c.recruit('GET', '/settings/fields?module=Nope')).body.code).toBe(
			'INVALID_MODULE',
		);
	});

	it('answers INVALID_MODULE for Contacts when the scenario disables it', async () => {
		await c.admin('POST', 'scenario', {
			name: 'no-contacts',
			recruit: { contactsModuleEnabled: false },
		});
		const res = await c.recruit('POST', '/Contacts', { json: { data: [{ Last_Name: 'X' }] } });
		expect(res).toMatchObject({ status: 400, body: { code: 'INVALID_MODULE', status: 'error' } });
	});

	it('inserts: 201 all added, per-record errors in order, 202 mixed, 400 all failed (ref §5.2)', async () => {
		const ok = await c.recruit('POST', '/Candidates', {
			json: { data: [{ Last_Name: 'New', Email: 'new1@example.com' }], trigger: [] },
		});
		expect(ok.status).toBe(201);
		expect(ok.body.data[0]).toMatchObject({
			code: 'SUCCESS',
			message: 'record added',
			status: 'success',
			details: {
				id: expect.stringMatching(/^\d{18}$/),
				Created_Time: expect.stringMatching(/^2026-11-20T13:00:\d\d\+01:00$/),
			},
		});
		const mixed = await c.recruit('POST', '/Candidates', {
			json: {
				data: [
					{ Last_Name: 'Second', Email: 'new2@example.com' },
					{ First_Name: 'NoLast', Email: 'new3@example.com' },
					{ Last_Name: 'Bad', Email: 'not-an-email' },
					{ Last_Name: 'Dup', Email: 'OLGA.EXISTING@example.com' },
					{ Last_Name: 'x'.repeat(81) },
					{ Last_Name: 'Typed', Experience_in_Years: 'five' },
				],
			},
		});
		expect(mixed.status).toBe(202);
		const olga = (await records('Candidates')).find(
			(r) => r.Email === 'olga.existing@example.com',
		)!;
		expect(mixed.body.data).toEqual([
			expect.objectContaining({ code: 'SUCCESS', status: 'success' }),
			{
				code: 'MANDATORY_NOT_FOUND',
				details: { api_name: 'Last_Name' },
				message: 'required field not found',
				status: 'error',
			},
			{
				code: 'INVALID_DATA',
				details: { api_name: 'Email', expected_data_type: 'email' },
				message: 'invalid data',
				status: 'error',
			},
			{
				code: 'DUPLICATE_DATA',
				details: { api_name: 'Email', id: olga.id },
				message: 'duplicate data',
				status: 'error',
			},
			{
				code: 'INVALID_DATA',
				details: { api_name: 'Last_Name', expected_data_type: 'text', maximum_length: 80 },
				message: 'invalid data',
				status: 'error',
			},
			{
				code: 'INVALID_DATA',
				details: { api_name: 'Experience_in_Years', expected_data_type: 'integer' },
				message: 'invalid data',
				status: 'error',
			},
		]);
		const failed = await c.recruit('POST', '/Candidates', {
			json: { data: [{ Email: 'x@example.com' }] },
		});
		expect(failed.status).toBe(400);
		const stored = await records('Candidates');
		expect(stored.find((r) => r.Email === 'new1@example.com')!.$log[0]).toMatchObject({
			operation: 'insert',
			trigger: [],
		});
		expect(stored.find((r) => r.Email === 'new2@example.com')!.$log[0].trigger).toBeNull();
		expect(stored.filter((r) => r.Last_Name === 'Bad')).toHaveLength(0);
	});

	it('refuses more than 100 records per call', async () => {
		const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `N${i}` }));
		const res = await c.recruit('POST', '/Candidates/upsert', { json: { data } });
		expect(res).toMatchObject({ status: 400, body: { code: 'LIMIT_EXCEEDED', status: 'error' } });
		expect(await records('Candidates')).toHaveLength(4);
	});

	it('upserts on Email by default: update existing (case-insensitive), insert new; 200 / 201 (ref §5.3)', async () => {
		const res = await c.recruit('POST', '/Candidates/upsert', {
			json: {
				data: [
					{ Last_Name: 'Berg', Email: 'Olga.Existing@example.com', Campaign_Activity: 'Opened' },
					{
						Last_Name: 'Lopez',
						First_Name: 'Ana',
						Email: 'ana.opener@example.com',
						Campaign_Activity: 'Opened',
					},
				],
				duplicate_check_fields: ['Email'],
				trigger: ['workflow'],
			},
		});
		expect(res.status).toBe(200);
		expect(res.body.data[0]).toMatchObject({
			code: 'SUCCESS',
			action: 'update',
			duplicate_field: 'Email',
			message: 'record updated',
		});
		expect(res.body.data[1]).toMatchObject({
			code: 'SUCCESS',
			action: 'insert',
			duplicate_field: null,
			message: 'record added',
		});
		const olga = (await records('Candidates')).find((r) => r.Last_Name === 'Berg')!;
		expect(olga).toMatchObject({
			Email: 'Olga.Existing@example.com',
			Campaign_Activity: 'Opened',
			Current_Job_Title: 'QA Engineer',
		});
		expect(olga.$log.at(-1)).toMatchObject({ operation: 'update', trigger: ['workflow'] });
		const inserts = await c.recruit('POST', '/Candidates/upsert', {
			json: { data: [{ Last_Name: 'A', Email: 'a1@example.com' }] },
		});
		expect(inserts.status).toBe(201);
		const bad = await c.recruit('POST', '/Candidates/upsert', {
			json: { data: [{ Last_Name: 'A' }], duplicate_check_fields: ['Phone'] },
		});
		expect(bad).toMatchObject({
			status: 400,
			body: { code: 'INVALID_DATA', details: { api_name: 'duplicate_check_fields' } },
		});
	});

	it('updates by id with PUT (ref §5.6)', async () => {
		const olga = (await records('Candidates')).find((r) => r.Last_Name === 'Berg')!;
		const res = await c.recruit('PUT', '/Candidates', {
			json: {
				data: [
					{ id: olga.id, Last_Campaign: 'November Newsletter' },
					{ id: '123456789012345678', Last_Campaign: 'x' },
					{ Last_Campaign: 'y' },
				],
			},
		});
		expect(res.status).toBe(202);
		expect(res.body.data[0]).toMatchObject({
			code: 'SUCCESS',
			message: 'record updated',
			details: { id: olga.id },
		});
		expect(res.body.data[1]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'id' } });
		expect(res.body.data[2]).toMatchObject({
			code: 'MANDATORY_NOT_FOUND',
			details: { api_name: 'id' },
		});
		const single = await c.recruit('PUT', `/Candidates/${olga.id}`, {
			json: { data: [{ Last_Name: '' }] },
		});
		expect(single).toMatchObject({
			status: 400,
			body: { data: [{ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } }] },
		});
		const got = await c.recruit('GET', `/Candidates/${olga.id}`);
		expect(got.body.data[0]).toMatchObject({
			id: olga.id,
			Last_Campaign: 'November Newsletter',
			Last_Name: 'Berg',
		});
	});

	it('searches criteria with escaped ( ) , exactly, by email case-insensitively, 204 on no match (ref §5.4)', async () => {
		const escape = (v: string) => v.replace(/[(),]/g, (ch) => `\\${ch}`);
		const search = (qs: string) => c.recruit('GET', `/Candidates/search?${qs}`);
		const exact = await search(
			`criteria=${encodeURIComponent(`(Email:equals:${escape('robin(dev),jr@example.com')})`)}`,
		);
		expect(exact.body.data.map((r: { Email: string }) => r.Email)).toEqual([
			'robin(dev),jr@example.com',
		]);
		expect(exact.body.info).toEqual({ per_page: 200, count: 1, page: 1, more_records: false });
		const other = await search(
			`criteria=${encodeURIComponent(`(Email:equals:${escape('robin(dev)@example.com')})`)}`,
		);
		expect(other.body.data.map((r: { Email: string }) => r.Email)).toEqual([
			'robin(dev)@example.com',
		]);
		const prefix = await search(
			`criteria=${encodeURIComponent('((First_Name:starts_with:rob)and(Last_Name:equals:Dev Sr))')}`,
		);
		expect(prefix.body.data.map((r: { Last_Name: string }) => r.Last_Name)).toEqual(['Dev Sr']);
		const either = await search(
			`criteria=${encodeURIComponent('((Email:equals:olga.existing@example.com)or(Email:equals:rita.recruit@example.com))')}`,
		);
		expect(either.body.data).toHaveLength(2);
		const byEmail = await search('email=OLGA.EXISTING@EXAMPLE.COM');
		expect(byEmail.body.data[0].Last_Name).toBe('Berg');
		const none = await search('email=nobody@example.com');
		expect(none.status).toBe(204);
		expect(none.text).toBe('');
		const unescaped = await search(
			`criteria=${encodeURIComponent('(Email:equals:robin(dev)@example.com)')}`,
		);
		expect(unescaped).toMatchObject({ status: 400, body: { code: 'INVALID_QUERY' } });
		const eleven = Array.from({ length: 11 }, (_, i) => `(Email:equals:x${i}@example.com)`).join(
			'or',
		);
		expect((await search(`criteria=${encodeURIComponent(`(${eleven})`)}`)).status).toBe(400);
	});

	it('pages Get Records with per_page (max 200) and more_records (ref §5.5)', async () => {
		await c.recruit('POST', '/Candidates', {
			json: { data: Array.from({ length: 100 }, (_, i) => ({ Last_Name: `P${i}` })) },
		});
		await c.recruit('POST', '/Candidates', {
			json: { data: Array.from({ length: 100 }, (_, i) => ({ Last_Name: `Q${i}` })) },
		});
		const first = await c.recruit('GET', '/Candidates?per_page=500');
		expect(first.body.info).toEqual({ per_page: 200, count: 200, page: 1, more_records: true });
		const second = await c.recruit('GET', '/Candidates?page=2&per_page=200');
		expect(second.body.info).toEqual({ per_page: 200, count: 4, page: 2, more_records: false });
		expect((await c.recruit('GET', '/Candidates?page=3')).status).toBe(204);
		const fields = await c.recruit('GET', '/Candidates?per_page=1&fields=Email');
		expect(Object.keys(fields.body.data[0]).sort()).toEqual(['Email', 'id']);
	});

	it('adds tags (creating unknown tags) in bulk and per record (ref §5.8)', async () => {
		const [olga, rita] = await records('Candidates');
		const bulk = await c.recruit(
			'POST',
			`/Candidates/actions/add_tags?tag_names=Opened,Campaigns&ids=${olga.id},${rita.id},999`,
		);
		expect(bulk.status).toBe(202);
		// details.id is a bare 18-digit number, as in Zoho's sample (JSON.parse rounds it).
		expect(bulk.text).toContain(`"details":{"id":${olga.id},`);
		expect(bulk.body.data[0]).toEqual({
			code: 'SUCCESS',
			details: { id: Number(olga.id), tags: ['Opened', 'Campaigns'] },
			message: 'tags updated successfully',
			status: 'success',
		});
		expect(bulk.body.data[2]).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
		const single = await c.recruit(
			'POST',
			`/Candidates/${olga.id}/actions/add_tags?tag_names=Clicked`,
		);
		expect(single.status).toBe(200);
		expect(single.body.data[0].details.tags).toEqual(['Opened', 'Campaigns', 'Clicked']);
		const stored = (await records('Candidates')).find((r) => r.id === olga.id)!;
		expect(stored.$tags).toEqual(['Opened', 'Campaigns', 'Clicked']);
		expect(stored.Tag.map((t: { name: string }) => t.name)).toEqual([
			'Opened',
			'Campaigns',
			'Clicked',
		]);
	});

	it('creates notes on records (ref §5.8)', async () => {
		const [olga] = await records('Candidates');
		const res = await c.recruit('POST', '/Notes', {
			json: {
				data: [
					{
						Note_Title: 'Opened',
						Note_Content: 'Opened November Newsletter',
						Parent_Id: olga.id,
						se_module: 'Candidates',
					},
					{ Note_Content: 'x', se_module: 'Candidates' },
				],
			},
		});
		expect(res.status).toBe(202);
		expect(res.body.data[0]).toMatchObject({ code: 'SUCCESS', message: 'record added' });
		expect(res.body.data[1]).toMatchObject({
			code: 'MANDATORY_NOT_FOUND',
			details: { api_name: 'Parent_Id' },
		});
		const stored = (await records('Candidates')).find((r) => r.id === olga.id)!;
		expect(stored.$notes[0]).toMatchObject({
			Note_Title: 'Opened',
			Note_Content: 'Opened November Newsletter',
			Parent_Id: { id: olga.id },
		});
	});

	it('resolves the Contacts Client_Name lookup by name or id', async () => {
		const res = await c.recruit('POST', '/Contacts', {
			json: {
				data: [
					{ Last_Name: 'Diaz', Email: 'clara.client@example.com', Client_Name: 'acme corp' },
					{ Last_Name: 'Young', Client_Name: 'Unknown Inc' },
				],
			},
		});
		expect(res.status).toBe(202);
		expect(res.body.data[1]).toMatchObject({
			code: 'INVALID_DATA',
			details: { api_name: 'Client_Name' },
		});
		const clara = (await records('Contacts')).find((r) => r.Email === 'clara.client@example.com')!;
		expect(clara.Client_Name).toEqual({ name: 'Acme Corp', id: expect.stringMatching(/^\d{18}$/) });
	});

	it('returns the current user', async () => {
		const res = await c.recruit('GET', '/users?type=CurrentUser');
		expect(res.body.users[0]).toMatchObject({
			id: '486812000000216003',
			full_name: 'Sandbox Recruiter',
			email: 'recruiter@sandbox.example.com',
		});
	});
});
