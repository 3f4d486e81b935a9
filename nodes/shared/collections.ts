import type { IDataObject } from 'n8n-workflow';

/**
 * A plain JSON object: not null, not an array. Zoho answers and n8n items are checked with this
 * one rule everywhere, so a bare string, number, list or null never passes as an object.
 */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `items` into consecutive chunks of at most `size` (the last one may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) {
		chunks.push(items.slice(start, start + size));
	}
	return chunks;
}
