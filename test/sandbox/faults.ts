// Fault injection (POST /__sandbox/faults): make the next matching calls fail, slow down or see an
// expired token.
import type { Product } from './http';

export interface FaultSpec {
	product?: Exclude<Product, 'admin'>;
	/** Exact path, a path suffix ("/Candidates/upsert", "getcampaignrecipientsdata"), or a glob with *. */
	path?: string;
	method?: string;
	/** Only calls with a query parameter value containing this text (decoded), e.g. one search value. */
	queryIncludes?: string;
	/** HTTP status to answer instead of the real response. */
	status?: number;
	/** Body for `status` (object → JSON, string as is). Default: a product-shaped error body. */
	body?: unknown;
	/** Extra response headers for `status`, e.g. `{"Retry-After": "120"}`. */
	headers?: Record<string, string>;
	latencyMs?: number;
	/** Apply to the next `count` matching calls (default 1 unless `rate` is given). */
	count?: number;
	/** Probability 0–1 per matching call (deterministic PRNG, seed per fault). */
	rate?: number;
	/** The matched call's access token is expired before the call is handled (→ 401). */
	expireToken?: boolean;
	/** Process the call for real (state changes), then replace the response with `status`:
	 *  "the server applied it but the client saw an error". */
	afterApply?: boolean;
	seed?: number;
}

export interface ActiveFault extends FaultSpec {
	id: number;
	remaining: number | null;
	hits: number;
	random: () => number;
}

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pathMatches(pattern: string, pathname: string): boolean {
	if (pattern.includes('*')) {
		const regex = new RegExp(
			`^${pattern
				.split('*')
				.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('.*')}$`,
		);
		return regex.test(pathname);
	}
	if (pathname === pattern) return true;
	const suffix = pattern.startsWith('/') ? pattern : `/${pattern}`;
	return pathname.endsWith(suffix);
}

export function validateFault(spec: FaultSpec): string | null {
	if (
		spec.status !== undefined &&
		(!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)
	)
		return 'status must be an HTTP status code';
	if (spec.rate !== undefined && (typeof spec.rate !== 'number' || spec.rate < 0 || spec.rate > 1))
		return 'rate must be between 0 and 1';
	if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1))
		return 'count must be a positive integer';
	if (spec.status === undefined && spec.latencyMs === undefined && !spec.expireToken)
		return 'give status, latencyMs or expireToken';
	if (spec.product !== undefined && !['accounts', 'campaigns', 'recruit'].includes(spec.product))
		return 'product must be accounts, campaigns or recruit';
	return null;
}

export class FaultInjector {
	private faults: ActiveFault[] = [];
	private nextId = 1;

	add(spec: FaultSpec): ActiveFault {
		const fault: ActiveFault = {
			...spec,
			id: this.nextId++,
			remaining: spec.count ?? (spec.rate === undefined ? 1 : null),
			hits: 0,
			random: mulberry32(spec.seed ?? 0x5eed + this.nextId),
		};
		this.faults.push(fault);
		return fault;
	}

	clear(): void {
		this.faults = [];
	}

	list(): Array<Omit<ActiveFault, 'random'>> {
		return this.faults.map((fault) => {
			const copy: Partial<ActiveFault> = { ...fault };
			delete copy.random;
			return copy as Omit<ActiveFault, 'random'>;
		});
	}

	/** The first fault that fires for this call (consuming one use), if any. */
	take(
		product: Product,
		method: string,
		pathname: string,
		query?: URLSearchParams,
	): ActiveFault | undefined {
		for (const fault of this.faults) {
			if (fault.product && fault.product !== product) continue;
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.path && !pathMatches(fault.path, pathname)) continue;
			if (
				fault.queryIncludes !== undefined &&
				![...(query?.values() ?? [])].some((value) => value.includes(fault.queryIncludes!))
			)
				continue;
			if (fault.rate !== undefined && fault.random() >= fault.rate) continue;
			fault.hits++;
			if (fault.remaining !== null) {
				fault.remaining--;
				if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
			}
			return fault;
		}
		return undefined;
	}
}

/** A product-shaped error body for an injected status. */
export function defaultFaultBody(product: Product, status: number, pathname: string): unknown {
	if (product === 'recruit') {
		if (status === 429)
			return {
				code: 'TOO_MANY_REQUESTS',
				details: {},
				message: 'too many requests (injected fault)',
				status: 'error',
			};
		if (status === 401)
			return {
				code: 'INVALID_TOKEN',
				details: {},
				message: 'invalid oauth token',
				status: 'error',
			};
		return {
			code: status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_DATA',
			details: {},
			message: `injected fault ${status}`,
			status: 'error',
		};
	}
	if (product === 'campaigns') {
		if (status === 401)
			return {
				message: 'Unauthorized request.',
				version: '1.1',
				URI: pathname,
				Code: '1007',
				status: 'error',
			};
		return { status: 'error', code: String(status), message: `injected fault ${status}` };
	}
	if (status === 400)
		return {
			error_description:
				'You have made too many requests continuously. Please try again after some time.',
			error: 'Access Denied',
			status: 'failure',
		};
	return { error: `injected fault ${status}` };
}
