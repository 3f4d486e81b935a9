import { NodeOperationError, type INode } from 'n8n-workflow';

function describeValue(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	return JSON.stringify(value) ?? String(value);
}

/**
 * The error for a parameter whose value a node does not support (from imported JSON or an
 * expression): names the parameter and the value, and says what was expected.
 */
export function parameterError(
	node: INode,
	parameter: string,
	value: unknown,
	expected: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`Parameter "${parameter}" has the unsupported value ${describeValue(value)}`,
		{ itemIndex, description: `Expected ${expected}.` },
	);
}
