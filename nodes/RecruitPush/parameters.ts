import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

import { parameterError } from '../shared/parameterError';
import type { ValidationOptions } from './validation';

/**
 * Parameter checks of Recruit Push (issue 12): a workflow imported from JSON, or an expression,
 * can hold any value, and an unknown one must stop the node with its name and value rather than
 * run as something else (an unknown operation used to run as an insert).
 */

export const MODULES = ['Candidates', 'Contacts'] as const;
export const OPERATIONS = ['upsert', 'create', 'update'] as const;
export const MAPPING_MODES = ['defineBelow', 'autoMapInputData'] as const;
export const EXISTING_RECORD_POLICIES = ['overwrite', 'fillEmpty'] as const;
const BOOLEAN_OPTIONS = ['addNote', 'dryRun', 'runAutomations', 'truncateLongText'];

/**
 * Mapped values are read without n8n's resource-mapper type check: it compares a picklist value
 * case-sensitively with the options saved in the workflow (so `mr.` never reached the case fix)
 * and turns any date-like string into a date through Date.parse (01/12/2026 became 2026-01-12,
 * 2026-02-30 became 2026-03-02). ./validation.ts checks every value against the live layout instead.
 */
export const MAPPED_VALUES: IGetNodeParameterOptions = { skipValidation: true };

function oneOf(
	this: IExecuteFunctions,
	parameter: string,
	value: unknown,
	allowed: readonly string[],
): void {
	if (typeof value === 'string' && allowed.includes(value)) return;
	throw parameterError(this.getNode(), parameter, value, `one of ${allowed.join(', ')}`);
}

/** Checks every parameter execute() reads; throws a NodeOperationError naming the first bad one. */
export function checkPushParameters(this: IExecuteFunctions): void {
	oneOf.call(this, 'module', this.getNodeParameter('module', 0), MODULES);
	oneOf.call(this, 'operation', this.getNodeParameter('operation', 0, 'upsert'), OPERATIONS);

	const mode = this.getNodeParameter('columns.mappingMode', 0, 'defineBelow');
	oneOf.call(this, 'columns.mappingMode', mode, MAPPING_MODES);
	const matching = this.getNodeParameter('columns.matchingColumns', 0, []) as unknown;
	if (
		matching !== null &&
		(!Array.isArray(matching) || matching.some((column) => typeof column !== 'string'))
	) {
		throw parameterError(
			this.getNode(),
			'columns.matchingColumns',
			matching,
			'a list of Recruit field names',
		);
	}
	const value = (this.getNode().parameters.columns as IDataObject | undefined)?.value;
	if (mode === 'defineBelow' && value !== null && value !== undefined) {
		if (typeof value !== 'object' || Array.isArray(value)) {
			throw parameterError(
				this.getNode(),
				'columns.value',
				value,
				'an object of Recruit field names and values',
			);
		}
	}

	const options = (this.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	if (typeof options !== 'object' || Array.isArray(options)) {
		throw parameterError(this.getNode(), 'options', options, 'a collection of options');
	}
	// Unknown option names never get here: n8n drops options the node does not declare.
	for (const name of BOOLEAN_OPTIONS) {
		if (options[name] !== undefined && typeof options[name] !== 'boolean') {
			throw parameterError(this.getNode(), `options.${name}`, options[name], 'true or false');
		}
	}
	if (options.existingRecordPolicy !== undefined) {
		oneOf.call(
			this,
			'options.existingRecordPolicy',
			options.existingRecordPolicy,
			EXISTING_RECORD_POLICIES,
		);
	}
	const tags = options.tags;
	if (
		tags !== undefined &&
		typeof tags !== 'string' &&
		!(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string'))
	) {
		throw parameterError(
			this.getNode(),
			'options.tags',
			tags,
			'comma-separated tag names or a list of names',
		);
	}
}

/** What the value checks need from the node: the truncation option and the workflow's zone. */
export function readValidationOptions(this: IExecuteFunctions): ValidationOptions {
	return {
		truncateLongText: this.getNodeParameter('options.truncateLongText', 0, false) as boolean,
		timeZone: this.getTimezone(),
	};
}
