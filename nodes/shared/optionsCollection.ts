import type { INodeProperties } from 'n8n-workflow';

/** The "Options" collection every node here ends its parameters with (n8n's usual "Add option"). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}
