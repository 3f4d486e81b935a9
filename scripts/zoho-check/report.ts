// The table and the JSON report, with every personal value and token redacted.
import type { CheckConfig, CheckResult } from './checks';

/** Replaces secrets, tokens, e-mail addresses, Zoho keys and long ids in `text`. */
export function redact(text: string, config: CheckConfig): string {
	let out = text;
	const secrets = [config.campaigns, config.recruit].flatMap((s) =>
		s ? [s.clientSecret, s.refreshToken, s.clientId] : [],
	);
	for (const secret of secrets.filter((s) => s.length >= 4))
		out = out.split(secret).join('<secret>');
	return out
		.replace(/\b1000\.[0-9a-f]{8,}\.[0-9a-f]{8,}\b/gi, '<token>')
		.replace(/[^\s"'<>(),;:]+@[^\s"'<>(),;:]+\.[a-z]{2,}/gi, '<email>')
		.replace(/\b[0-9a-f]{24,}\b/gi, '<key>')
		.replace(/\b\d{12,}\b/g, '<id>');
}

export function table(results: CheckResult[]): string {
	const rows = results.map((r) => [r.assumption, r.endpoint, r.verdict, r.detail]);
	const head = ['assumption', 'endpoint', 'result', 'detail'];
	const widths = head.map((h, i) =>
		Math.min(70, Math.max(h.length, ...rows.map((r) => r[i].length))),
	);
	const line = (cells: string[]) =>
		cells
			.map((c, i) =>
				i === 3 ? c : c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]),
			)
			.join('  ');
	return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function jsonReport(results: CheckResult[], config: CheckConfig, at: string): string {
	const summary = {
		holds: results.filter((r) => r.verdict === 'holds').length,
		differs: results.filter((r) => r.verdict === 'differs').length,
		notChecked: results.filter((r) => r.verdict === 'not checked').length,
	};
	const report = {
		tool: 'n8n-nodes-zoho-campaigns-recruit zoho:check',
		at,
		dataCenter: config.dataCenter,
		products: { campaigns: Boolean(config.campaigns), recruit: Boolean(config.recruit) },
		summary,
		results,
	};
	return redact(JSON.stringify(report, null, 2), config);
}
