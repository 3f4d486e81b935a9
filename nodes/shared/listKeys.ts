/**
 * Mailing list keys as a user can give them: a multiOptions array, or from an expression a string
 * ("a,b", "a; b", one per line) or an array that mixes both. Zoho's list keys hold no spaces,
 * commas or semicolons, so every one of those separates keys, in the trigger and the filter alike.
 * Blank entries are dropped and repeats kept once, in first-seen order.
 */
export function parseListKeys(value: unknown): string[] {
	const parts: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
	const keys = parts
		.filter((part) => part !== null && part !== undefined)
		.flatMap((part) => String(part).split(/[\s,;]+/))
		.filter((key) => key !== '');
	return [...new Set(keys)];
}
