// ref §5.4 search criteria: ((api_name:equals|starts_with:value)and|or(...)), max 10 criteria,
// `(`, `)` and `,` inside a value escaped with a backslash. Parsed with a real tokenizer so an
// escaped value like a\(b\)\,c@x.com matches exactly.

export type CriteriaNode =
	| { kind: 'condition'; field: string; operator: 'equals' | 'starts_with'; values: string[] }
	| { kind: 'and' | 'or'; children: CriteriaNode[] };

export class CriteriaError extends Error {}

export const MAX_CRITERIA = 10;

class Parser {
	private pos = 0;
	conditions = 0;

	constructor(private text: string) {}

	parse(): CriteriaNode {
		const node = this.group();
		if (this.pos !== this.text.length) throw this.fail('unexpected text after the last group');
		if (this.conditions > MAX_CRITERIA) {
			throw new CriteriaError(
				`at most ${MAX_CRITERIA} criteria are allowed, got ${this.conditions}`,
			);
		}
		return node;
	}

	private fail(why: string): CriteriaError {
		return new CriteriaError(`invalid criteria at position ${this.pos}: ${why}`);
	}

	private expect(char: string): void {
		if (this.text[this.pos] !== char) throw this.fail(`expected "${char}"`);
		this.pos++;
	}

	/** '(' (condition | group (and|or group)*) ')' */
	private group(): CriteriaNode {
		this.expect('(');
		let node: CriteriaNode;
		if (this.text[this.pos] === '(') {
			const children = [this.group()];
			let joiner: 'and' | 'or' | undefined;
			while (this.text[this.pos] !== ')') {
				const match = /^(and|or)/i.exec(this.text.slice(this.pos));
				if (!match) throw this.fail('expected "and" or "or"');
				const op = match[1].toLowerCase() as 'and' | 'or';
				if (joiner && joiner !== op) throw this.fail('mixing "and" and "or" needs parentheses');
				joiner = op;
				this.pos += match[1].length;
				children.push(this.group());
			}
			node = children.length === 1 ? children[0] : { kind: joiner!, children };
		} else {
			node = this.condition();
		}
		this.expect(')');
		return node;
	}

	private condition(): CriteriaNode {
		const head = /^([A-Za-z0-9_$.]+):([a-z_]+):/.exec(this.text.slice(this.pos));
		if (!head) throw this.fail('expected api_name:operator:value');
		const operator = head[2];
		if (operator !== 'equals' && operator !== 'starts_with') {
			throw this.fail(`operator "${operator}" is not supported (only equals and starts_with)`);
		}
		this.pos += head[0].length;
		const values: string[] = [];
		let current = '';
		while (this.pos < this.text.length) {
			const char = this.text[this.pos];
			if (char === '\\') {
				if (this.pos + 1 >= this.text.length) throw this.fail('dangling backslash');
				current += this.text[this.pos + 1];
				this.pos += 2;
				continue;
			}
			if (char === ')') break;
			if (char === '(') throw this.fail('unescaped "(" in value');
			if (char === ',') {
				values.push(current);
				current = '';
				this.pos++;
				continue;
			}
			current += char;
			this.pos++;
		}
		values.push(current);
		this.conditions++;
		return { kind: 'condition', field: head[1], operator, values };
	}
}

export function parseCriteria(text: string): { tree: CriteriaNode; count: number } {
	const parser = new Parser(text.trim());
	const tree = parser.parse();
	return { tree, count: parser.conditions };
}

export function criteriaFields(node: CriteriaNode): string[] {
	return node.kind === 'condition' ? [node.field] : node.children.flatMap(criteriaFields);
}

function comparable(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'object') {
		const obj = value as Record<string, unknown>;
		return comparable(obj.name ?? obj.id ?? null);
	}
	return String(value).toLowerCase();
}

/** equals / starts_with, case-insensitive (see README); a comma list matches any of its values. */
export function matchesCriteria(node: CriteriaNode, record: Record<string, unknown>): boolean {
	if (node.kind !== 'condition') {
		return node.kind === 'and'
			? node.children.every((c) => matchesCriteria(c, record))
			: node.children.some((c) => matchesCriteria(c, record));
	}
	const actual = comparable(record[node.field]);
	if (actual === null) return false;
	return node.values.some((v) =>
		node.operator === 'equals' ? actual === v.toLowerCase() : actual.startsWith(v.toLowerCase()),
	);
}
