/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// The sandbox HTTP server: one port serves the Zoho accounts host, Campaigns API v1.1, Recruit
// API v2 and the /__sandbox admin API, by path. See README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SANDBOX_OAUTH } from './accounts';
import { AdminApi } from './admin';
import { CampaignsApi, campaignsMethodOf } from './campaigns/api';
import { defaultFaultBody } from './faults';
import {
	accessTokenFrom,
	buildRequest,
	jsonResponse,
	maskedParams,
	readBody,
	type Product,
	type SandboxRequest,
	type SandboxResponse,
} from './http';
import { RecruitApi, recruitOperation } from './recruit/api';
import type { Scenario } from './scenario';
import { SandboxWorld } from './world';

export { SANDBOX_OAUTH };
export type { Scenario } from './scenario';
export type * from './scenario';

export interface StartOptions {
	/** 0 = a free port. Default 0. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** 'default', a scenario name in scenarios/, a JSON file path, or a Scenario object. */
	scenario?: string | Scenario;
	/** ISO; default = scenario.clock.start ?? real now ('now' also means real now). */
	clockStart?: string;
}

export interface Sandbox {
	url: string;
	port: number;
	close(): Promise<void>;
	/** In-process access to the state (tests may read it; HTTP admin endpoints are preferred). */
	world: SandboxWorld;
}

function productOf(pathname: string): Product | null {
	if (pathname.startsWith('/oauth/v2/')) return 'accounts';
	if (pathname.startsWith('/api/v1.1/')) return 'campaigns';
	if (pathname.startsWith('/recruit/v2/') || pathname === '/recruit/v2') return 'recruit';
	if (pathname.startsWith('/__sandbox')) return 'admin';
	return null;
}

function apiMethodOf(product: Product, req: SandboxRequest): string {
	if (product === 'campaigns') return campaignsMethodOf(req.pathname);
	if (product === 'recruit') return recruitOperation(req.method, req.pathname);
	return req.pathname.endsWith('/auth') ? 'auth' : 'token';
}

function send(res: ServerResponse, response: SandboxResponse): void {
	const headers: Record<string, string> = { ...response.headers };
	let payload = '';
	if (typeof response.body === 'string') payload = response.body;
	else if (response.body !== null && response.body !== undefined) {
		payload = JSON.stringify(response.body);
		headers['content-type'] ??= 'application/json;charset=UTF-8';
	}
	if (response.status !== 204 && response.status !== 304)
		headers['content-length'] = String(Buffer.byteLength(payload));
	res.writeHead(response.status, headers);
	res.end(response.status === 204 || response.status === 304 ? undefined : payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSandbox(opts: StartOptions = {}): Promise<Sandbox> {
	const world = new SandboxWorld(opts.scenario ?? 'default', opts.clockStart);
	const admin = new AdminApi(world);
	const campaigns = new CampaignsApi({
		clock: () => world.clock,
		accounts: () => world.accounts,
		limiter: () => world.limiter,
		account: () => world.campaigns,
		maxRange: () => world.maxRange,
	});
	const recruit = new RecruitApi({
		accounts: () => world.accounts,
		store: () => world.recruit,
		credits: () => world.credits,
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const request = buildRequest(req, await readBody(req));
		const product = productOf(request.pathname);
		if (product === 'admin') return send(res, admin.handle(request));
		if (product === null) {
			return send(
				res,
				jsonResponse(404, { error: `no emulated Zoho endpoint at ${request.pathname}` }),
			);
		}
		const started = Date.now();
		const fault = world.faults.take(product, request.method, request.pathname, request.query);
		if (fault?.latencyMs) await sleep(fault.latencyMs);
		if (fault?.expireToken) world.accounts.expireToken(accessTokenFrom(request));
		const faultResponse = (): SandboxResponse => {
			const body = fault!.body ?? defaultFaultBody(product, fault!.status!, request.pathname);
			const response: SandboxResponse =
				typeof body === 'string'
					? { status: fault!.status!, body, headers: { 'content-type': 'text/plain' } }
					: jsonResponse(fault!.status!, body);
			return { ...response, headers: { ...response.headers, ...fault!.headers } };
		};
		let response: SandboxResponse;
		if (fault?.status !== undefined && !fault.afterApply) {
			response = faultResponse();
		} else {
			if (product === 'accounts') response = world.accounts.handle(request);
			else if (product === 'campaigns') response = campaigns.handle(request);
			else response = recruit.handle(request);
			if (fault?.status !== undefined && fault.afterApply) response = faultResponse();
		}
		world.logCall({
			at: world.clock.nowIso(),
			product,
			method: request.method,
			path: request.pathname,
			apiMethod: apiMethodOf(product, request),
			query: maskedParams(request.params),
			status: response.status,
			durationMs: Date.now() - started,
			...(product === 'recruit' && request.json !== undefined ? { body: request.json } : {}),
			...(fault ? { fault: fault.id } : {}),
		});
		send(res, response);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			process.stderr.write(`[sandbox] internal error: ${error.stack ?? error.message}\n`);
			if (!res.headersSent)
				send(res, jsonResponse(500, { error: 'sandbox internal error', message: error.message }));
			else res.end();
		});
	});
	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolvePromise, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolvePromise());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://${host}:${port}`,
		port,
		world,
		close: () =>
			new Promise<void>((resolvePromise) => {
				server.close(() => resolvePromise());
				server.closeAllConnections();
			}),
	};
}
