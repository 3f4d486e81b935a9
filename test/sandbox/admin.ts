// Admin endpoints under /__sandbox/ (not part of Zoho): seed, inspect, inject faults, move time.
import { randomBytes } from 'node:crypto';

import { parseDuration, resolveTime } from './clock';
import { clickers, openers } from './campaigns/model';
import { validateFault, type ActiveFault, type FaultSpec } from './faults';
import { RESET_TIME_FORMAT, resetTimeMs } from './recruit/credits';
import { jsonResponse, type SandboxRequest, type SandboxResponse } from './http';
import type { Scenario, ScenarioCampaign } from './scenario';
import type { SandboxWorld } from './world';

class AdminError extends Error {}

function objectBody(req: SandboxRequest, allowEmpty = false): Record<string, unknown> {
	if (req.jsonError) throw new AdminError('body is not valid JSON');
	if (req.json === undefined && allowEmpty) return {};
	if (!req.json || typeof req.json !== 'object' || Array.isArray(req.json))
		throw new AdminError('expected a JSON object body');
	return req.json as Record<string, unknown>;
}

export class AdminApi {
	constructor(private world: SandboxWorld) {}

	handle(req: SandboxRequest): SandboxResponse {
		try {
			return this.route(req);
		} catch (e) {
			// Every admin failure is the caller's input (bad scenario, unknown key…): answer 400.
			return jsonResponse(400, { error: e instanceof Error ? e.message : String(e) });
		}
	}

	private route(req: SandboxRequest): SandboxResponse {
		const path = req.pathname.replace(/^\/__sandbox\/?/, '').replace(/\/+$/, '');
		const route = `${req.method} ${path.startsWith('recruit/') ? 'recruit/*' : path}`;
		const w = this.world;
		switch (route) {
			case 'POST reset': {
				const body = objectBody(req, true);
				w.reset(
					body.scenario as string | Scenario | undefined,
					body.clockStart as string | undefined,
				);
				return jsonResponse(200, {
					ok: true,
					now: w.clock.nowIso(),
					scenario: w.scenario.name ?? null,
				});
			}
			case 'POST scenario':
				w.replaceScenario(objectBody(req) as Scenario);
				return jsonResponse(200, {
					ok: true,
					now: w.clock.nowIso(),
					scenario: w.scenario.name ?? null,
				});
			case 'POST activity':
				return this.activity(req);
			case 'POST campaigns':
				return this.sendCampaign(req);
			case 'GET recruit/*':
				return this.recruitRecords(path.slice('recruit/'.length));
			case 'GET calls': {
				const product = req.query.get('product');
				const calls = product ? w.calls.filter((c) => c.product === product) : w.calls;
				return jsonResponse(200, { calls });
			}
			case 'DELETE calls':
				w.calls = [];
				return jsonResponse(200, { ok: true });
			case 'GET faults':
				return jsonResponse(200, { faults: w.faults.list() });
			case 'POST faults':
				return this.addFaults(req);
			case 'DELETE faults':
				w.faults.clear();
				return jsonResponse(200, { ok: true });
			case 'POST tokens/expire':
				return jsonResponse(200, { expired: w.accounts.expireAll() });
			case 'GET clock':
				return jsonResponse(200, { now: w.clock.nowIso(), mode: w.clock.mode });
			case 'POST clock':
				return this.clock(req);
			case 'GET credits':
				return jsonResponse(200, this.creditsView());
			case 'POST credits':
				return this.credits(req);
			case 'GET state':
				return jsonResponse(200, this.state());
			default:
				return jsonResponse(404, { error: `unknown admin endpoint ${req.method} ${req.pathname}` });
		}
	}

	private activity(req: SandboxRequest): SandboxResponse {
		if (req.jsonError) throw new AdminError('body is not valid JSON');
		const items = Array.isArray(req.json) ? req.json : [req.json];
		const now = this.world.clock.now();
		let added = 0;
		for (const item of items) {
			if (!item || typeof item !== 'object')
				throw new AdminError('each activity must be an object');
			const { campaignKey, email, action, at } = item as Record<string, unknown>;
			if (typeof campaignKey !== 'string' || typeof email !== 'string')
				throw new AdminError('campaignKey and email are required');
			if (action !== 'opened' && action !== 'clicked')
				throw new AdminError('action must be "opened" or "clicked"');
			const when = at === undefined ? now : resolveTime(at as string | number, now);
			this.world.campaigns.addActivity(campaignKey, email, action, when);
			added++;
		}
		return jsonResponse(200, { added });
	}

	private sendCampaign(req: SandboxRequest): SandboxResponse {
		const body = objectBody(req) as unknown as Partial<ScenarioCampaign>;
		if (!Array.isArray(body.lists) || body.lists.length === 0)
			throw new AdminError('lists (mailing-list keys) are required');
		const campaign = this.world.campaigns.addCampaign(
			{
				...body,
				key: body.key ?? randomBytes(16).toString('hex'),
				name: body.name ?? 'Sandbox campaign',
				sentAt: body.sentAt ?? 'now',
				lists: body.lists,
			},
			this.world.clock.now(),
		);
		return jsonResponse(200, {
			campaign: {
				key: campaign.key,
				name: campaign.name,
				status: campaign.status,
				type: campaign.type,
				sentAt: campaign.sentAt === null ? null : new Date(campaign.sentAt).toISOString(),
				lists: campaign.listKeys,
				recipients: campaign.recipients.length,
				abChildKeys: campaign.abChildren.map((c) => c.key),
			},
		});
	}

	private recruitRecords(moduleName: string): SandboxResponse {
		const store = this.world.recruit;
		const module = store.module(moduleName);
		if (!module) return jsonResponse(404, { error: `unknown Recruit module ${moduleName}` });
		return jsonResponse(200, {
			records: module.records.map((r) => ({
				...store.view(module, r),
				$tags: [...r.tags],
				$notes: r.notes,
				$log: r.log,
			})),
		});
	}

	private addFaults(req: SandboxRequest): SandboxResponse {
		if (req.jsonError) throw new AdminError('body is not valid JSON');
		const specs = (Array.isArray(req.json) ? req.json : [req.json]) as FaultSpec[];
		const added = specs.map((spec) => {
			if (!spec || typeof spec !== 'object') throw new AdminError('a fault must be an object');
			const problem = validateFault(spec);
			if (problem) throw new AdminError(problem);
			const fault: Partial<ActiveFault> = { ...this.world.faults.add(spec) };
			delete fault.random;
			return fault;
		});
		return jsonResponse(200, { faults: added });
	}

	private clock(req: SandboxRequest): SandboxResponse {
		const body = objectBody(req, true);
		const clock = this.world.clock;
		if (body.mode === 'frozen' || body.mode === 'running') clock.setMode(body.mode);
		if (typeof body.set === 'string' || typeof body.set === 'number')
			clock.set(resolveTime(body.set, clock.now()));
		if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
		if (typeof body.advance === 'string') clock.advance(parseDuration(body.advance));
		return jsonResponse(200, { now: clock.nowIso(), mode: clock.mode });
	}

	/**
	 * Recruit's API credits: `{limit?, reset?: "rolling"|"daily", resetTime?: "HH:MM[:SS]" UTC,
	 * exhaust?: true}`. `exhaust` spends what is left now, so every call answers the credits 429
	 * until the window gives some back ("credits exhausted until the daily reset").
	 */
	private credits(req: SandboxRequest): SandboxResponse {
		const body = objectBody(req, true);
		const credits = this.world.credits;
		if (body.limit !== undefined) {
			if (typeof body.limit !== 'number' || !Number.isInteger(body.limit) || body.limit < 0)
				throw new AdminError('limit must be a whole number of credits, 0 or more');
			credits.limit = body.limit;
		}
		if (body.reset !== undefined) {
			if (body.reset !== 'rolling' && body.reset !== 'daily')
				throw new AdminError('reset must be "rolling" or "daily"');
			credits.reset = body.reset;
		}
		if (body.resetTime !== undefined) {
			const offset = resetTimeMs(String(body.resetTime));
			if (offset === null) throw new AdminError(`resetTime must be ${RESET_TIME_FORMAT}`);
			credits.resetOffsetMs = offset;
		}
		if (body.exhaust === true) credits.exhaust();
		return jsonResponse(200, this.creditsView());
	}

	private creditsView(): Record<string, unknown> {
		const credits = this.world.credits;
		return {
			limit: credits.limit,
			used: credits.used(),
			reset: credits.reset,
			nextRelease: credits.nextRelease(),
		};
	}

	private state(): Record<string, unknown> {
		const w = this.world;
		const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
		return {
			now: w.clock.nowIso(),
			clockMode: w.clock.mode,
			clockStart: iso(w.clockStartMs),
			scenario: w.scenario.name ?? null,
			timeZone: w.campaigns.timeZone,
			campaigns: {
				contacts: w.campaigns.contacts.size,
				lists: w.campaigns.lists.map((l) => ({
					key: l.key,
					name: l.name,
					recruitSync: l.recruitSync,
					members: l.members.length,
				})),
				campaigns: w.campaigns.campaigns.map((c) => ({
					key: c.key,
					name: c.name,
					type: c.type,
					status: c.status,
					sentAt: iso(c.sentAt),
					lists: c.listKeys,
					recipients: c.recipients.length,
					openers: openers(c).length,
					clickers: clickers(c).length,
					abChildren: c.abChildren.map((a) => ({
						key: a.key,
						recipients: a.recipients.length,
						openers: openers(a).length,
						clickers: clickers(a).length,
					})),
				})),
				rateLimits: w.limiter.snapshot(),
			},
			recruit: {
				modules: Object.fromEntries(
					[...w.recruit.modules.values()].map((m) => [m.name, m.records.length]),
				),
				credits: { limit: w.credits.limit, used: w.credits.used() },
			},
			tokens: { active: w.accounts.activeTokenCount(), issued: w.accounts.issued },
			faults: w.faults.list(),
			calls: w.calls.length,
		};
	}
}
