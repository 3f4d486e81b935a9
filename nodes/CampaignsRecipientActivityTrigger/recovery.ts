import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TriggerConfig } from './config';
import type { Damage, StoredRead } from './stateSchema';
import type { TriggerState } from './state';
import { newState, STATE_VERSION } from './state';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * A campaign's sent_time is when sending started; it may only be listed as "sent" later. Re-scan
 * this far behind the last poll so such campaigns are still discovered (known keys are skipped).
 */
export const DISCOVERY_OVERLAP_MS = 60 * 60 * 1000;
/** How often an active trigger checks that its lists still exist (one getmailinglists call). */
export const LIST_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** How one poll starts: the state to work on and the discovery window. */
export interface PollStart {
	state: TriggerState;
	/** Epoch ms: discover campaigns sent since then. */
	discoverFrom: number;
	/** Epoch ms: campaigns discovered now that were sent before are a baseline (not emitted). */
	emitFrom: number;
	/** What the execution log should say about the memory (repairs, resets). */
	notes: string[];
	/** Whether the configured lists must be checked to exist in this poll. */
	checkLists: boolean;
}

const RECOVERY =
	'To recover, set one of the trigger\'s options. "On Damaged Memory" = "Re-Baseline Damaged Parts" keeps what is intact and records the current openers and clickers of the damaged campaigns without emitting them (no duplicates; their activity since the last good poll is not emitted). "Reset Memory" = a value not used before forgets everything and starts over without backfill (no duplicates; activity since the last good poll is not emitted). See the README, "Trigger memory".';

/**
 * RECOVERY in short, in the message itself: n8n 2.x shows only the message, not the description,
 * both for a trigger that fails to activate (publication status, editor) and as the headline of
 * the error execution it records for a failed scheduled poll (see deferAtStart).
 */
const RECOVERY_HINT =
	'To recover, set the trigger\'s option "On Damaged Memory" to "Re-Baseline Damaged Parts" or "Reset Memory" to a value not used before (README, "Trigger memory")';

function describe(damage: Damage[]): string {
	return damage.map(({ part, problem }) => `${part} ${problem}`).join('; ');
}

function damagedError(ctx: IPollFunctions, damage: Damage[]): NodeOperationError {
	const first = damage[0];
	const more = damage.length > 1 ? ` (and ${damage.length - 1} more damaged parts)` : '';
	return new NodeOperationError(
		ctx.getNode(),
		`The trigger's memory (workflow static data) is damaged: ${first.part} ${first.problem}${more}. ${RECOVERY_HINT}`,
		{
			description: `The static data of node "${ctx.getNode().name}" holds what was emitted and where reads stopped. Damaged: ${describe(damage)}. Nothing was emitted and the static data was left as it is. ${RECOVERY}`,
		},
	);
}

function listsSignature(config: TriggerConfig): string {
	return [...new Set(config.rules.flatMap((rule) => rule.lists))].sort().join(',');
}

/** Records that the lists were checked in this poll (kept with the state when it commits). */
export function markListsChecked(
	state: TriggerState,
	config: TriggerConfig,
	now: number,
): TriggerState {
	return { ...state, listsChecked: { at: now, lists: listsSignature(config) } };
}

function listsDue(state: TriggerState, config: TriggerConfig, now: number): boolean {
	const checked = state.listsChecked;
	return (
		!checked ||
		checked.lists !== listsSignature(config) ||
		now - checked.at >= LIST_CHECK_INTERVAL_MS
	);
}

/**
 * Decides how a scheduled poll starts from what the static data holds: a first activation, a
 * deliberate reset, a normal poll, or damage (refused, or re-baselined when the operator chose so).
 * Throws a NodeOperationError naming the static data, the damaged part and the recovery.
 */
export function startPoll(
	ctx: IPollFunctions,
	read: StoredRead,
	{ config, now }: { config: TriggerConfig; now: number },
): PollStart {
	const trackedSince = now - config.trackingDays * DAY_MS;
	const backfillFrom = now - config.backfillDays * DAY_MS;
	const reset = config.resetMemory;
	if (read.kind === 'none') {
		return {
			state: { ...newState(now, reset || undefined), calls: read.calls },
			discoverFrom: Math.min(trackedSince, backfillFrom),
			emitFrom: backfillFrom,
			notes: [],
			checkLists: true,
		};
	}
	if (reset !== '' && (read.kind === 'future' || read.state.reset !== reset)) {
		const calls = read.kind === 'stored' ? read.state.calls : {};
		// Campaigns sent before emitFrom are recorded as a baseline; later ones are emitted in full.
		const reEmitFrom =
			config.reEmitSentSince === null ? null : Math.max(trackedSince, config.reEmitSentSince);
		return {
			state: { ...newState(now, reset), calls },
			discoverFrom: trackedSince,
			emitFrom: reEmitFrom ?? now,
			notes: [
				reEmitFrom === null
					? `Memory reset ("Reset Memory" = "${reset}"): current openers and clickers are recorded without being emitted`
					: `Memory reset ("Reset Memory" = "${reset}"): the current openers and clickers of campaigns sent since ${new Date(reEmitFrom).toISOString()} are emitted again; those of older campaigns are recorded without being emitted`,
			],
			checkLists: true,
		};
	}
	if (read.kind === 'future') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The trigger's memory (workflow static data) was written by a newer version of this package (state version ${read.version}; this version reads 1 to ${STATE_VERSION}). Upgrade the package, or set the trigger's option "Reset Memory" to a value not used before`,
			{
				description: `Nothing was emitted and the static data was left as it is. Upgrade n8n-nodes-zoho-campaigns-recruit again, or set the option "Reset Memory" to a new value to start over without backfill (see the README, "Trigger memory").`,
			},
		);
	}
	const notes = read.repairs.map((repair) => `Memory repaired: ${repair}`);
	if (read.migratedFrom !== undefined) {
		notes.push(`Memory migrated from state version ${read.migratedFrom} to ${STATE_VERSION}`);
	}
	let state = read.state;
	if (read.damage.length > 0) {
		if (config.onDamagedMemory === 'fail') throw damagedError(ctx, read.damage);
		notes.push(
			`Memory damaged, re-baselined as "On Damaged Memory" asks: ${describe(read.damage)}. Campaigns missing from the memory are recorded again without emitting.`,
		);
		state = { ...state, reset: reset || undefined };
		return {
			state,
			discoverFrom: trackedSince,
			// Missing campaigns sent before the last good poll come back as a baseline.
			emitFrom: read.rediscover ? now : state.lastPollAt,
			notes,
			checkLists: listsDue(state, config, now),
		};
	}
	return {
		state,
		discoverFrom: read.rediscover
			? trackedSince
			: Math.max(trackedSince, state.lastPollAt - DISCOVERY_OVERLAP_MS),
		emitFrom: state.activatedAt - config.backfillDays * DAY_MS,
		notes,
		checkLists: listsDue(state, config, now),
	};
}

/** "<workflow id> <node id>" of the triggers that, in this n8n process, activated at n8n's start
 * over an unusable memory (see deferAtStart). */
const deferredAtStart = new Set<string>();

/**
 * What a poll does with a memory it must not use (damaged, or written by a newer version): logs
 * `error` with n8n's logger, then throws it, except once per workflow and trigger node in this
 * n8n process: the poll that activates the trigger when n8n starts (activation 'init') or when
 * this instance becomes the leader of a multi-main setup ('leadershipChange') returns null
 * instead (nothing emitted, the static data left as it is).
 *
 * Why: n8n 2.x loads a trigger's static data when it activates the trigger, so an unusable
 * memory is always found by the activation poll. When that poll throws, the trigger fails to
 * activate: n8n records no execution and runs no Error Workflow, marks the trigger as failed
 * only in the workflow's publication status, and the trigger stays down with no schedule. Right
 * after a restart nobody is looking at the editor, so the trigger would silently stop. Instead,
 * it activates and keeps its schedule, and every later poll throws: n8n records an error thrown
 * by a scheduled poll as an execution with status error (carrying this message) in the execution
 * list, and runs the workflow's Error Workflow, every poll interval until the memory is
 * recovered. When a user publishes the workflow ('activate', 'update', 'create'), failing the
 * activation shows the message in the editor at once, so the error is thrown as before; manual
 * runs always throw.
 */
export function deferAtStart(ctx: IPollFunctions, error: NodeOperationError): null {
	const workflow = ctx.getWorkflow();
	const node = ctx.getNode();
	// getActivationMode is missing from the poll context of older n8n versions.
	const activation =
		typeof ctx.getActivationMode === 'function' ? ctx.getActivationMode() : undefined;
	const key = `${workflow.id ?? ''} ${node.id || node.name}`;
	const defer =
		ctx.getMode() === 'trigger' &&
		(activation === 'init' || activation === 'leadershipChange') &&
		!deferredAtStart.has(key);
	const where = `workflow ${workflow.id ?? '(unsaved)'}, trigger "${node.name}"`;
	ctx.logger.error(
		defer
			? `${error.message} [${where}: activated without polling; every scheduled poll fails with this error (an execution with status error, and the Error Workflow) until the memory is recovered]`
			: `${error.message} [${where}]`,
		{ workflowId: workflow.id, nodeName: node.name, description: error.description },
	);
	if (!defer) throw error;
	deferredAtStart.add(key);
	return null;
}
