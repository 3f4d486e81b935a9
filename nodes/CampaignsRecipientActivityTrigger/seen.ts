import { createHash } from 'crypto';

/**
 * The recipients already emitted for one (campaign, module), stored compactly: sorted
 * fingerprints of the e-mail hash, gap-coded with a Golomb-Rice code, each followed by one bit
 * for the activity level emitted (0 opened, 1 clicked), then base64url.
 * Golomb-Rice coding of hash gaps: https://en.wikipedia.org/wiki/Golomb_coding#Rice_coding
 *
 * A fingerprint is the top FINGERPRINT_BITS bits of the 48-bit e-mail hash (see emailToken). A
 * recipient never emitted collides with one of a set of n with probability at most n / 2^42:
 * below one in a million per recipient while a (campaign, module) has fewer than 4.4 million
 * emitted recipients (2.3e-9 at 10,000). An entry costs about 42 - log2(n) + 3 bits: 5.2 base64
 * characters at n = 10,000, 6.2 at n = 100, 4.6 at n = 100,000.
 */
export const FINGERPRINT_BITS = 42;
export const HASH_BITS = 48;
/** Stored as "<bits>.<count>.<check>.<data>"; check guards truncation and hand edits. */
const FORMAT = /^(\d{1,2})\.(\d{1,9})\.([A-Za-z0-9_-]{4})\.([A-Za-z0-9_-]*)$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((char, i) => [char, i]));

/** 8 base64url characters (emailToken) as the 48-bit number they encode; null if malformed. */
export function tokenHash(token: string): number | null {
	if (token.length !== 8) return null;
	let value = 0;
	for (const char of token) {
		const digit = INDEX.get(char);
		if (digit === undefined) return null;
		value = value * 64 + digit;
	}
	return value;
}

class BitWriter {
	private readonly bits: number[] = [];

	write(value: number, width: number): void {
		for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
	}

	unary(count: number): void {
		for (let i = 0; i < count; i++) this.bits.push(1);
		this.bits.push(0);
	}

	/** Six bits per base64url character, the last one zero-padded. */
	toBase64(): string {
		let out = '';
		for (let i = 0; i < this.bits.length; i += 6) {
			let digit = 0;
			for (let j = 0; j < 6; j++) digit = digit * 2 + (this.bits[i + j] ?? 0);
			out += ALPHABET[digit];
		}
		return out;
	}
}

class BitReader {
	private position = 0;

	constructor(private readonly data: string) {}

	/** Past the data: reads give zeros from here (decode checks the count, then atEnd). */
	exhausted(): boolean {
		return this.position >= this.data.length * 6;
	}

	private bit(): number {
		const char = this.data[Math.floor(this.position / 6)];
		if (char === undefined) {
			this.position++;
			return 0;
		}
		const digit = INDEX.get(char) as number;
		const bit = Math.floor(digit / 2 ** (5 - (this.position % 6))) % 2;
		this.position++;
		return bit;
	}

	read(width: number): number {
		let value = 0;
		for (let i = 0; i < width; i++) value = value * 2 + this.bit();
		return value;
	}

	unary(): number {
		let count = 0;
		while (this.bit() === 1) count++;
		return count;
	}

	/** True when only the padding of the last character is left. */
	atEnd(): boolean {
		return (
			this.position <= this.data.length * 6 && Math.ceil(this.position / 6) === this.data.length
		);
	}
}

function checksum(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 4);
}

/** The Rice parameter: the whole bits of the mean gap. */
function riceParameter(bits: number, count: number): number {
	return Math.max(0, Math.floor(Math.log2(2 ** bits / Math.max(count, 1))));
}

/** Emitted recipients of one (campaign, module) with the level emitted: 1 opened, 2 clicked. */
export class SeenSet {
	private constructor(
		private readonly bits: number,
		private readonly levels: Map<number, number>,
	) {}

	static empty(): SeenSet {
		return new SeenSet(FINGERPRINT_BITS, new Map());
	}

	/** Throws an Error saying what is wrong when `encoded` is not a set this class wrote. */
	static decode(encoded: string): SeenSet {
		const match = FORMAT.exec(encoded);
		if (!match)
			throw new Error('is not an emitted-recipient set (format "<bits>.<count>.<check>.<data>")');
		const [, bitsText, countText, check, data] = match;
		const bits = Number(bitsText);
		const count = Number(countText);
		if (bits < 1 || bits > HASH_BITS) throw new Error(`has an invalid width ${bits}`);
		if (checksum(`${bits}.${count}.${data}`) !== check) {
			throw new Error('fails its checksum (truncated or edited)');
		}
		const k = riceParameter(bits, count);
		const reader = new BitReader(data);
		const levels = new Map<number, number>();
		let fingerprint = 0;
		for (let i = 0; i < count; i++) {
			if (reader.exhausted()) throw new Error(`ends before its ${count} entries`);
			fingerprint += reader.unary() * 2 ** k + reader.read(k);
			levels.set(fingerprint, reader.read(1) + 1);
		}
		if (!reader.atEnd() || fingerprint >= 2 ** bits || levels.size !== count) {
			throw new Error('does not decode to the entries it announces');
		}
		return new SeenSet(bits, levels);
	}

	/** Builds a set from recipients keyed by emailToken (the version 1 format). */
	static fromTokens(entries: Iterable<[string, number]>): SeenSet {
		const set = SeenSet.empty();
		for (const [token, level] of entries) set.raise(token, level);
		return set;
	}

	get size(): number {
		return this.levels.size;
	}

	get fingerprintBits(): number {
		return this.bits;
	}

	private fingerprint(token: string): number {
		const hash = tokenHash(token);
		if (hash === null) throw new Error(`"${token}" is not an e-mail token`);
		return Math.floor(hash / 2 ** (HASH_BITS - this.bits));
	}

	/** The level already emitted for the recipient with this emailToken (0: none). */
	level(token: string): number {
		return this.levels.get(this.fingerprint(token)) ?? 0;
	}

	raise(token: string, level: number): void {
		const fingerprint = this.fingerprint(token);
		this.levels.set(fingerprint, Math.max(level, this.levels.get(fingerprint) ?? 0));
	}

	/** Chance that a recipient never emitted is taken for one of this set. */
	falseSeenProbability(): number {
		return this.levels.size / 2 ** this.bits;
	}

	encode(): string {
		const k = riceParameter(this.bits, this.levels.size);
		const writer = new BitWriter();
		let previous = 0;
		for (const fingerprint of [...this.levels.keys()].sort((a, b) => a - b)) {
			const gap = fingerprint - previous;
			writer.unary(Math.floor(gap / 2 ** k));
			writer.write(gap % 2 ** k, k);
			writer.write((this.levels.get(fingerprint) as number) >= 2 ? 1 : 0, 1);
			previous = fingerprint;
		}
		const data = writer.toBase64();
		const head = `${this.bits}.${this.levels.size}`;
		return `${head}.${checksum(`${head}.${data}`)}.${data}`;
	}
}
