// ref §2.0: Campaigns answers XML when `resfmt` is omitted. Real bodies follow the documented
// `<response uri version><status/><code/>…<fl val="…">` pattern; this renders the JSON payload
// into that pattern (plausible, not byte-exact — nobody should parse it, ref §2.0 says clients
// must ask for JSON).

function escapeXml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function elementName(key: string): string {
	const cleaned = key.replace(/[^A-Za-z0-9_.-]/g, '_');
	return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function singular(name: string): string {
	if (name === 'list_of_details') return 'detail';
	if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
	if (name.endsWith('s')) return name.slice(0, -1);
	return `${name}_item`;
}

/** A flat row of scalars → <fl val="key">value</fl> entries, like Zoho's XML samples. */
function renderRow(row: Record<string, unknown>): string {
	return Object.entries(row)
		.map(([k, v]) =>
			v !== null && typeof v === 'object'
				? renderValue(k, v)
				: `<fl val="${escapeXml(k)}">${escapeXml(String(v))}</fl>`,
		)
		.join('');
}

function renderValue(key: string, value: unknown): string {
	const name = elementName(key);
	if (Array.isArray(value)) {
		const child = singular(name);
		const items = value
			.map((item) =>
				item !== null && typeof item === 'object'
					? `<${child}>${renderRow(item as Record<string, unknown>)}</${child}>`
					: `<${child}>${escapeXml(String(item))}</${child}>`,
			)
			.join('');
		return `<${name}>${items}</${name}>`;
	}
	if (value !== null && typeof value === 'object') {
		return `<${name}>${renderRow(value as Record<string, unknown>)}</${name}>`;
	}
	return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toCampaignsXml(body: Record<string, unknown>, uri: string): string {
	const inner = Object.entries(body)
		.filter(([k]) => k !== 'uri' && k !== 'version' && k !== 'URI')
		.map(([k, v]) => renderValue(k, v))
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?><response uri="${escapeXml(uri)}" version="1.1">${inner}</response>`;
}
