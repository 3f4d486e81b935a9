import { trimText } from './text';

/**
 * A practical RFC 5322 / RFC 6531 address check: the dot-atom form that mail systems (and Zoho
 * Recruit's email fields) actually accept. Deliberately not supported: quoted local parts
 * ("john doe"@x.com), comments and IP-literal domains ([192.0.2.1]) — legal but never seen in a
 * campaign list, and a record holding one would not be usable as a Recruit email.
 */

/** SMTP path limit (RFC 5321 §4.5.3.1.3 minus the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

// atext of RFC 5322 §3.2.3, widened to Unicode letters/digits/marks for RFC 6531 (SMTPUTF8).
const LOCAL_ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
// An LDH label, widened to Unicode for IDNs: no leading or trailing hyphen.
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
// A top-level domain is letters only (≥ 2) or an IDN in punycode form.
const TOP_LEVEL_LABEL = /^(?:[\p{L}\p{M}]{2,}|xn--[a-z0-9-]+)$/iu;

// The common all-ASCII valid address in one match, so 100,000 items stay cheap; anything it does
// not match goes through the detailed checks below, which also say what is wrong.
const ASCII_FAST_PATH =
	/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Why an address is not valid, or null when it is. Surrounding whitespace and invisible
 * characters are ignored (../shared/text.ts), so the Eligibility Filter and Recruit Push agree.
 */
export function emailProblem(value: string): string | null {
	const address = trimText(value);
	if (
		address.length <= MAX_EMAIL_LENGTH &&
		ASCII_FAST_PATH.test(address) &&
		address.indexOf('@') <= MAX_LOCAL_LENGTH
	) {
		return null;
	}
	if (address.length === 0) return 'is empty';
	if (address.length > MAX_EMAIL_LENGTH) return `is longer than ${MAX_EMAIL_LENGTH} characters`;
	const at = address.lastIndexOf('@');
	if (at <= 0 || at === address.length - 1) return 'needs a local part, one "@" and a domain';
	const local = address.slice(0, at);
	const domain = address.slice(at + 1);
	if (local.includes('@')) return 'contains more than one "@"';
	if (/\s/u.test(address)) return 'contains whitespace';
	if (local.length > MAX_LOCAL_LENGTH)
		return `has a local part longer than ${MAX_LOCAL_LENGTH} characters`;
	if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom))) {
		return 'has a local part with a leading, trailing or double dot, or a character not allowed there';
	}
	const labels = domain.split('.');
	if (labels.length < 2) return 'has a domain without a top-level domain';
	for (const label of labels) {
		if (label.length === 0) return 'has a domain with a leading, trailing or double dot';
		if (label.length > MAX_LABEL_LENGTH || !DOMAIN_LABEL.test(label)) {
			return `has an invalid domain label "${label}"`;
		}
	}
	if (!TOP_LEVEL_LABEL.test(labels[labels.length - 1])) return 'has an invalid top-level domain';
	return null;
}

export function isValidEmail(value: string): boolean {
	return emailProblem(value) === null;
}
