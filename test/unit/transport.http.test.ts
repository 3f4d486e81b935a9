import type { IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	parseBody,
	parseJsonKeepingBigIntegers,
	sendAuthenticated,
} from '../../nodes/shared/transport/http';

const node: INode = {
	id: '1',
	name: 'Test',
	type: 't',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A context whose httpRequestWithAuthentication behaves like an older n8n: the object form of
 *  ignoreHttpStatusErrors counts as "ignore all", so a 401 comes back instead of being refreshed. */
function oldN8nContext(onThrowingMode: (options: IHttpRequestOptions) => unknown) {
	const seen: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => node,
		helpers: {
			httpRequestWithAuthentication: async (_cred: string, options: IHttpRequestOptions) => {
				seen.push(options);
				if (options.ignoreHttpStatusErrors)
					return { statusCode: 401, body: { code: 'INVALID_TOKEN' }, headers: {} };
				return onThrowingMode(options);
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, seen };
}

function thrownBy(status: number, data: unknown) {
	const axiosLike = Object.assign(new Error(`Request failed with status code ${status}`), {
		response: { status, data, headers: { 'x-ratelimit-reset': '5' } },
	});
	return new NodeApiError(node, axiosLike as never);
}

describe('sendAuthenticated on n8n versions without ignoreHttpStatusErrors.except', () => {
	it('resends in throwing mode so n8n refreshes, and returns that response', async () => {
		const { ctx, seen } = oldN8nContext(() => ({
			statusCode: 202,
			body: { data: [] },
			headers: {},
		}));
		const response = await sendAuthenticated(ctx, 'cred', { method: 'GET', url: 'http://x/y' });
		expect(response).toEqual({ statusCode: 202, body: { data: [] }, headers: {} });
		expect(seen).toHaveLength(2);
		expect(seen[1].ignoreHttpStatusErrors).toBeUndefined();
		expect(seen.every((o) => o.timeout === 30_000 && o.returnFullResponse === true)).toBe(true);
	});

	it('reads a non-401 failure of the resend back as a response', async () => {
		const { ctx } = oldN8nContext(() => {
			throw thrownBy(400, { data: [{ code: 'MANDATORY_NOT_FOUND' }] });
		});
		const response = await sendAuthenticated(ctx, 'cred', { method: 'POST', url: 'http://x/y' });
		expect(response.statusCode).toBe(400);
		expect(response.body).toEqual({ data: [{ code: 'MANDATORY_NOT_FOUND' }] });
		expect(response.headers).toEqual({ 'x-ratelimit-reset': '5' });
	});

	it('throws when the token is still refused after the refresh', async () => {
		const refused = thrownBy(401, { code: 'INVALID_TOKEN' });
		const { ctx } = oldN8nContext(() => {
			throw refused;
		});
		await expect(sendAuthenticated(ctx, 'cred', { method: 'GET', url: 'http://x/y' })).rejects.toBe(
			refused,
		);
	});
});

describe('parseBody keeps 18-digit integers exact', () => {
	it('turns a bare 18-digit number into its exact digits and leaves everything else alone', () => {
		const text =
			'{"data":[{"details":{"id":486812000001660091,"n":12,"f":1.5e3},"s":"x\\"486812000001660091"}]}';
		expect(JSON.parse(text).data[0].details.id).toBe(486812000001660100);
		expect(parseBody(text)).toEqual({
			data: [{ details: { id: '486812000001660091', n: 12, f: 1500 }, s: 'x"486812000001660091' }],
		});
		expect(parseJsonKeepingBigIntegers('[-90071992547409930, 9007199254740991]')).toEqual([
			'-90071992547409930',
			9007199254740991,
		]);
		expect(parseBody('<html>oops</html>')).toBe('<html>oops</html>');
	});

	it('asks n8n for the raw text so nothing parses the body before it', async () => {
		const seen: IHttpRequestOptions[] = [];
		const ctx = {
			getNode: () => node,
			helpers: {
				httpRequestWithAuthentication: async (_c: string, options: IHttpRequestOptions) => {
					seen.push(options);
					return { statusCode: 200, body: '{"id":486812000001660091}', headers: {} };
				},
			},
		} as unknown as IExecuteFunctions;
		const response = await sendAuthenticated(ctx, 'cred', { method: 'GET', url: 'http://x/y' });
		expect(seen[0].encoding).toBe('text');
		expect(response.body).toEqual({ id: '486812000001660091' });
	});
});
