// Everything the sandbox holds: clock, tokens, the Campaigns account, the Recruit org, limits,
// faults and the call log. Built from a scenario; rebuilt by /__sandbox/reset.
import { AccountsServer } from './accounts';
import { CampaignsAccount } from './campaigns/model';
import { CampaignsRateLimiter } from './campaigns/rateLimit';
import { SandboxClock } from './clock';
import { FaultInjector } from './faults';
import type { Product } from './http';
import { parseResetTime, RecruitCredits } from './recruit/credits';
import { RecruitStore } from './recruit/store';
import { loadScenario, type Scenario } from './scenario';
import { assertTimeZone } from './time';

export interface CallRecord {
	at: string;
	product: Exclude<Product, 'admin'>;
	method: string;
	path: string;
	/** Campaigns method (getcampaignrecipientsdata), Recruit operation (upsert) or token/auth. */
	apiMethod: string;
	/** Query + form params, secrets masked. */
	query: Record<string, string>;
	status: number;
	durationMs: number;
	/** Recruit only: the parsed JSON request body (records, trigger, duplicate_check_fields). */
	body?: unknown;
	/** Id of the injected fault that shaped this call, if any. */
	fault?: number;
}

const MAX_CALLS_KEPT = 200_000;

export const DEFAULTS = {
	tokenRequestsPer10Min: 10,
	liveTokensPerRefreshToken: 10,
	campaignsCallsPer5Min: 500,
	campaignsAllFieldsCallsPer5Min: 100,
	campaignsLockoutMinutes: 30,
	campaignsMaxRange: 500,
	recruitCredits: 5000,
};

function startOf(scenario: Scenario, clockStart: string | undefined): number {
	const text = clockStart ?? scenario.clock?.start;
	if (text === undefined || text === 'now') return Date.now();
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) throw new Error(`Invalid clock start "${text}"`);
	return ms;
}

export class SandboxWorld {
	clock!: SandboxClock;
	scenario!: Scenario;
	clockStartMs!: number;
	accounts!: AccountsServer;
	campaigns!: CampaignsAccount;
	limiter!: CampaignsRateLimiter;
	recruit!: RecruitStore;
	credits!: RecruitCredits;
	faults = new FaultInjector();
	calls: CallRecord[] = [];

	constructor(source: string | Scenario | undefined, clockStart?: string) {
		this.reset(source, clockStart);
	}

	/** A fresh sandbox: new clock, tokens, data, limits, faults and call log. */
	reset(source: string | Scenario | undefined, clockStart?: string): void {
		const scenario = loadScenario(source);
		const startMs = startOf(scenario, clockStart);
		this.clock = new SandboxClock(startMs, scenario.clock?.mode ?? 'running');
		this.clockStartMs = startMs;
		this.accounts = new AccountsServer(this.clock, {
			tokenRequestsPer10Min: DEFAULTS.tokenRequestsPer10Min,
			liveTokensPerRefreshToken: DEFAULTS.liveTokensPerRefreshToken,
		});
		this.faults.clear();
		this.calls = [];
		this.applyScenario(scenario, startMs);
	}

	/** POST /__sandbox/scenario: replace the data (and limits), keep tokens, faults and call log.
	 *  Relative times resolve against scenario.clock.start when given (the clock jumps there),
	 *  else against the current sandbox time. */
	replaceScenario(source: Scenario): void {
		const scenario = loadScenario(source);
		let base = this.clock.now();
		if (scenario.clock?.start) {
			base = startOf(scenario, undefined);
			this.clock.set(base);
		}
		if (scenario.clock?.mode) this.clock.setMode(scenario.clock.mode);
		this.applyScenario(scenario, base);
	}

	private applyScenario(scenario: Scenario, baseMs: number): void {
		const timeZone = scenario.account?.timeZone ?? 'UTC';
		assertTimeZone(timeZone);
		if (scenario.recruit?.timeZone) assertTimeZone(scenario.recruit.timeZone);
		const limits = { ...DEFAULTS, ...scenario.limits };
		if (scenario.recruit?.credits !== undefined && scenario.limits?.recruitCredits === undefined) {
			limits.recruitCredits = scenario.recruit.credits;
		}
		this.scenario = scenario;
		this.accounts.limits = {
			tokenRequestsPer10Min:
				scenario.limits?.tokenRequestsPer10Min ??
				scenario.limits?.tokenRequestsPerMinute ??
				DEFAULTS.tokenRequestsPer10Min,
			liveTokensPerRefreshToken: limits.liveTokensPerRefreshToken,
		};
		if (scenario.initialAccessToken)
			this.accounts.seedAccessToken(scenario.initialAccessToken, baseMs);
		this.campaigns = CampaignsAccount.fromScenario(scenario, baseMs);
		this.limiter = new CampaignsRateLimiter(this.clock, {
			callsPer5Min: limits.campaignsCallsPer5Min,
			allFieldsCallsPer5Min: limits.campaignsAllFieldsCallsPer5Min,
			lockoutMinutes: limits.campaignsLockoutMinutes,
		});
		this.recruit = new RecruitStore(scenario, this.clock, baseMs);
		this.credits = new RecruitCredits(
			this.clock,
			limits.recruitCredits,
			scenario.limits?.recruitCreditsReset ?? 'rolling',
			parseResetTime(scenario.limits?.recruitCreditsResetTime ?? '00:00'),
		);
	}

	get maxRange(): number {
		return this.scenario.limits?.campaignsMaxRange ?? DEFAULTS.campaignsMaxRange;
	}

	logCall(call: CallRecord): void {
		this.calls.push(call);
		if (this.calls.length > MAX_CALLS_KEPT)
			this.calls.splice(0, this.calls.length - MAX_CALLS_KEPT);
	}
}
