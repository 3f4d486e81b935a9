import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import type { RecordResult } from '../shared/transport/recruit';
import {
	classifyFailure,
	isRequestLevelDataError,
	isRetryableRecordCode,
	type FailureCause,
} from './errors';
import type { PushError } from './mapping';
import type { Outcome } from './plan';

/** What a phase decided, by input item index. */
export type ItemOutcomes = Map<number, Outcome>;

/** A per-record result, or the cause of a call that finally failed for this record. */
export type WriteResult = RecordResult & {
	httpStatus?: number;
	retryable?: boolean;
	retryAt?: string;
};

/** The result of a record whose write call failed as a whole. */
export function failedResult(cause: FailureCause): WriteResult {
	const result: WriteResult = {
		ok: false,
		code: cause.code,
		message: cause.message,
		id: null,
		action: null,
		field: null,
		details: {},
		retryable: cause.retryable,
	};
	if (cause.status !== null) result.httpStatus = cause.status;
	if (cause.retryAt) result.retryAt = cause.retryAt;
	return result;
}

/** The Not Pushed reason for a record whose write did not succeed. */
export function toError(result: WriteResult): PushError {
	const error: PushError = { code: result.code, message: result.message };
	if (result.field) error.field = result.field;
	if (result.httpStatus !== undefined) error.httpStatus = result.httpStatus;
	error.retryable = result.retryable ?? isRetryableRecordCode(result.code);
	if (result.retryAt) error.retryAt = result.retryAt;
	// DUPLICATE_DATA keeps Zoho's code; the clashing record's id is what the user needs next.
	const existingId = result.details?.id ?? (result.code === 'DUPLICATE_DATA' ? result.id : null);
	if (existingId !== null && existingId !== undefined && existingId !== '') {
		error.id = String(existingId);
	}
	return error;
}

/** Items first–last (1-based) of a run of item indexes in input order, for error messages. */
export function itemRange(indexes: number[]): string {
	return `items ${indexes[0] + 1}–${indexes[indexes.length - 1] + 1}`;
}

function batchError(
	ctx: IExecuteFunctions,
	error: unknown,
	cause: FailureCause,
	what: string,
	itemIndex: number,
): NodeApiError {
	const description =
		error !== null &&
		typeof error === 'object' &&
		typeof (error as IDataObject).description === 'string'
			? ((error as IDataObject).description as string)
			: undefined;
	return new NodeApiError(
		ctx.getNode(),
		{ message: cause.message, code: cause.code } as JsonObject,
		{
			message: `${what} failed: ${cause.message}`,
			description: description ?? `Cause: ${cause.code}`,
			httpCode: cause.status !== null ? String(cause.status) : undefined,
			itemIndex,
		},
	);
}

/**
 * The one place a request that finally failed turns into a result. Configuration and
 * authentication causes fail the node (no other request can succeed). Anything else (429/5xx
 * after the retries, timeouts, data errors) is returned for the items, whatever "continue on
 * fail" says: the trigger has already moved its cursor past them, so failing the node would lose
 * them for good.
 */
export function settleFailure(
	ctx: IExecuteFunctions,
	error: unknown,
	what: string,
	firstItem: number,
): FailureCause {
	const cause = classifyFailure(error);
	if (cause.fatal) throw batchError(ctx, error, cause, what, firstItem);
	return cause;
}

/** The Not Pushed reason for items whose request finally failed. */
export function requestError(cause: FailureCause, field?: string): PushError {
	const error: PushError = { code: cause.code, message: cause.message, retryable: cause.retryable };
	if (field) error.field = field;
	if (cause.status !== null) error.httpStatus = cause.status;
	if (cause.retryAt) error.retryAt = cause.retryAt;
	return error;
}

/**
 * Runs `run` on `group` (one result per item, in order). When the request fails as a whole with a
 * data error (INVALID_QUERY, a 400 without per-record results), the group is split in halves and
 * each half runs again, so only the item that causes it gets `fail` with that error; other
 * failures go to `fail` for the whole group at once.
 */
export async function splitOnDataError<T, R>(
	group: T[],
	run: (part: T[]) => Promise<R[]>,
	fail: (part: T[], error: unknown) => R[],
): Promise<R[]> {
	try {
		return await run(group);
	} catch (error) {
		if (group.length < 2 || !isRequestLevelDataError(classifyFailure(error))) {
			return fail(group, error);
		}
		const middle = Math.ceil(group.length / 2);
		const first = await splitOnDataError(group.slice(0, middle), run, fail);
		const second = await splitOnDataError(group.slice(middle), run, fail);
		return [...first, ...second];
	}
}
