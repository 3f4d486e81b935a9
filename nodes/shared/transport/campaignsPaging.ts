import type { IDataObject } from 'n8n-workflow';

import { zohoApiError } from './http';
import { apiFailure, callCampaigns, type CampaignsContext } from './campaignsRequest';

/**
 * Paging over Campaigns' 1-based `fromindex` and `range`. Zoho publishes no maximum page size;
 * "Limit given is more than the maximum" (6502) makes the page shrink.
 */

/** "Limit given is more than the maximum": the page size must shrink. */
export const RANGE_TOO_LARGE_CODE = '6502';

/** Hard stop for a runaway pager (a server that ignores fromindex): 2,000 pages. */
const MAX_PAGES = 2_000;

export type PageExtractor<T> = (body: IDataObject) => { items: T[]; echoedRange: number | null };

export interface PageResult<T> {
	items: T[];
	/** The page size the server actually applied (after any 6502 shrinking). */
	range: number;
	/** Whole envelope, for page-level keys such as total_record_count; null for "nothing there". */
	envelope: IDataObject | null;
}

/**
 * One page at `fromIndex` (1-based). On 6502 (range above the server's maximum) the page size
 * is halved and the same page asked again. A "nothing there" code means an empty page.
 */
export async function fetchPage<T>(
	ctx: CampaignsContext,
	request: { apiMethod: string; qs: IDataObject; method?: 'GET' | 'POST' },
	fromIndex: number,
	range: number,
	extract: PageExtractor<T>,
): Promise<PageResult<T>> {
	const { apiMethod, qs } = request;
	let size = Math.max(1, Math.floor(range));
	for (;;) {
		const outcome = await callCampaigns(ctx, request.method ?? 'GET', apiMethod, {
			...qs,
			fromindex: fromIndex,
			range: size,
		});
		if (outcome.kind === 'empty') return { items: [], range: size, envelope: null };
		if (outcome.kind === 'error') {
			if (outcome.code === RANGE_TOO_LARGE_CODE && size > 1) {
				size = Math.floor(size / 2);
				continue;
			}
			throw apiFailure(ctx, apiMethod, outcome);
		}
		const { items, echoedRange } = extract(outcome.body);
		// A server that caps the page silently may say so in its echoed `range`; trust the
		// smaller one so a capped page isn't mistaken for the last one.
		const applied = echoedRange !== null && echoedRange > 0 ? Math.min(size, echoedRange) : size;
		return { items, range: applied, envelope: outcome.body };
	}
}

/**
 * The "has more" rule for endpoints that send no total: a full page may have a successor, a
 * short or empty one is the last. (recentcampaigns may also send a total; its caller uses it.)
 */
export function pageIsFull(page: PageResult<unknown>): boolean {
	return page.items.length > 0 && page.items.length >= page.range;
}

/** Every page, from 1, until an end-of-data envelope or a short page. */
export async function fetchAllPages<T>(
	ctx: CampaignsContext,
	request: { apiMethod: string; qs: IDataObject; method?: 'GET' | 'POST' },
	pageSize: number,
	extract: PageExtractor<T>,
): Promise<T[]> {
	const all: T[] = [];
	let fromIndex = 1;
	let size = pageSize;
	for (let page = 0; page < MAX_PAGES; page++) {
		const result = await fetchPage(ctx, request, fromIndex, size, extract);
		all.push(...result.items);
		size = result.range;
		if (!pageIsFull(result)) return all;
		fromIndex += result.items.length;
	}
	throw zohoApiError(ctx, {
		message: `Zoho Campaigns ${request.apiMethod} kept returning pages after ${MAX_PAGES} requests`,
		description: 'Stopped to protect the API budget; the server may be ignoring fromindex.',
		httpCode: null,
	});
}
