// Shared by the push unit tests: a node context and errors shaped as the Recruit transport throws them.
import type { IExecuteFunctions, INode, NodeApiError } from 'n8n-workflow';

import { zohoApiError } from '../../nodes/shared/transport/http';
import type { RecruitField } from '../../nodes/shared/transport/recruit';

const node: INode = {
	id: 'n',
	name: 'Recruit Push',
	type: 'recruitPush',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

/** An error as the Recruit transport throws it (code, network code and retryAt on its context). */
export function transportError(
	httpCode: number | null,
	zohoCode?: string,
	extra: { networkCode?: string; retryAt?: string } = {},
): NodeApiError {
	const error = zohoApiError(ctx, {
		message: `Zoho Recruit POST /Candidates failed: ${zohoCode ?? 'x'}${httpCode ? ` (HTTP ${httpCode})` : ''}`,
		httpCode,
		zohoCode,
	});
	if (extra.networkCode) error.context.networkCode = extra.networkCode;
	if (extra.retryAt) error.context.retryAt = extra.retryAt;
	return error;
}

/** A Recruit layout field: a plain text field unless overridden. */
export function field(apiName: string, overrides: Partial<RecruitField> = {}): RecruitField {
	return {
		apiName,
		label: apiName.replace(/_/g, ' '),
		dataType: 'text',
		jsonType: 'string',
		mandatory: false,
		readOnly: false,
		custom: false,
		unique: false,
		length: 255,
		picklistValues: [],
		lookupModule: null,
		...overrides,
	};
}
