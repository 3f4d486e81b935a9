// How the sandbox writes Recruit record ids on the wire. Zoho's samples show ids as strings in
// records and insert/upsert results, but as bare JSON numbers in add_tags results and tag
// metadata (https://www.zoho.com/recruit/developer-guide/apiv2/add-tags.html,
// .../create-tag.html, .../get-tag-list.html). A bare 18-digit number cannot be produced by
// JSON.stringify from a JS number without rounding, so the JSON text is written here.

/** JSON text of `body` where every `details.id` made of digits is a bare number. */
export function withBareDetailIds(body: { data: ReadonlyArray<{ details?: unknown }> }): string {
	const marker = '__sandbox_bare_id__:';
	const text = JSON.stringify(body, function (this: unknown, key, value: unknown) {
		if (key === 'id' && typeof value === 'string' && /^\d+$/.test(value)) {
			const holder = this as Record<string, unknown>;
			// Only the id directly inside `details` (not ids nested deeper, e.g. in a tag list).
			if (holder && body.data.some((entry) => entry.details === holder)) return marker + value;
		}
		return value;
	});
	return text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), '$1');
}
