/**
 * One definition of "blank" for every node (issue 12): a value made only of whitespace and
 * characters that show nothing on their own counts as missing. Besides what String.prototype.trim
 * removes (Unicode White_Space and the BOM), that is:
 * - format characters (general category Cf): zero-width space U+200B, zero-width (non-)joiners
 *   U+200C/U+200D, word joiner U+2060, bidi marks and embeddings U+200E/F, U+202A–E, U+2066–9,
 *   soft hyphen U+00AD, the BOM U+FEFF when it is not at an edge, and the rest of Cf;
 * - control characters (Cc), e.g. NUL;
 * - letters that render as blank space: Hangul fillers U+115F, U+1160, U+3164, U+FFA0 and the
 *   blank braille pattern U+2800 (all used to fake "empty" names).
 * Inside a value these characters are kept (a joiner inside an emoji or a name matters); at its
 * edges they carry nothing and are removed with the whitespace.
 */
const INVISIBLE = '\\s\\p{Cf}\\p{Cc}\\u115F\\u1160\\u3164\\uFFA0\\u2800';
const BLANK = new RegExp(`^[${INVISIBLE}]*$`, 'u');
const EDGES = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'gu');

/** Whether the text has nothing visible in it. */
export function isBlankText(text: string): boolean {
	return BLANK.test(text);
}

/** `text` without whitespace and invisible characters at either end. */
export function trimText(text: string): string {
	return text.replace(EDGES, '');
}

/**
 * Whether a value carries nothing: null, undefined, blank text or an empty list. Zoho Campaigns'
 * literal "null" is a separate rule of the Eligibility Filter; this is only about emptiness.
 */
export function isBlankValue(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	if (typeof value === 'string') return isBlankText(value);
	if (Array.isArray(value)) return value.length === 0;
	return false;
}
