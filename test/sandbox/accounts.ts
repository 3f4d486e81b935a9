// Zoho accounts server: /oauth/v2/auth (consent, ref §4.2) and /oauth/v2/token (ref §4.3).
import { randomBytes } from 'node:crypto';

import type { SandboxClock } from './clock';
import { jsonResponse, type SandboxRequest, type SandboxResponse } from './http';

export const SANDBOX_OAUTH = {
	clientId: 'sandbox-client-id',
	clientSecret: 'sandbox-client-secret',
	refreshToken: 'sandbox-refresh-token',
} as const;

/** ref §4.3: access tokens live 1 hour. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/**
 * Zoho Accounts: up to 10 access tokens per refresh token in 10 minutes, then creation is blocked
 * for the rest of those 10 minutes; at most 10 live access tokens per refresh token, the oldest
 * invalidated (https://www.zoho.com/accounts/protocol/oauth/token-limits.html).
 */
const THROTTLE_WINDOW_MS = 10 * 60_000;

export interface TokenLimits {
	tokenRequestsPer10Min: number;
	liveTokensPerRefreshToken: number;
}

interface AccessToken {
	expiresAt: number;
	refreshToken: string | null;
	expired: boolean;
	/** Invalidated because its refresh token got more than the allowed live tokens. */
	evicted: boolean;
	issuedAt: number;
}

interface GrantCode {
	scope: string;
	offline: boolean;
	redirectUri: string;
	used: boolean;
}

export type TokenCheck = 'valid' | 'missing' | 'invalid' | 'expired' | 'evicted';

function zohoToken(): string {
	return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export class AccountsServer {
	private accessTokens = new Map<string, AccessToken>();
	private refreshTokens = new Map<string, { scope: string }>();
	private codes = new Map<string, GrantCode>();
	/** Per refresh token: sandbox times of recent successful token requests (throttle). */
	private recentRefreshes = new Map<string, number[]>();
	/** Per refresh token: until when new access tokens are refused (sandbox ms). */
	private blockedUntil = new Map<string, number>();
	/** Token grants/refreshes performed (for /__sandbox/state). */
	issued = 0;

	constructor(
		private clock: SandboxClock,
		public limits: TokenLimits,
	) {
		this.refreshTokens.set(SANDBOX_OAUTH.refreshToken, {
			scope:
				'ZohoCampaigns.campaign.ALL,ZohoCampaigns.contact.ALL,ZohoRecruit.modules.ALL,ZohoRecruit.settings.ALL,ZohoRecruit.users.READ,ZohoSearch.securesearch.READ',
		});
	}

	/** A scenario's initialAccessToken: valid for 3600 s from `fromMs`. */
	seedAccessToken(token: string, fromMs: number): void {
		this.accessTokens.set(token, {
			expiresAt: fromMs + ACCESS_TOKEN_TTL_SECONDS * 1000,
			refreshToken: SANDBOX_OAUTH.refreshToken,
			expired: false,
			evicted: false,
			issuedAt: fromMs,
		});
	}

	check(token: string | undefined): TokenCheck {
		if (token === undefined) return 'missing';
		const entry = this.accessTokens.get(token);
		if (!entry) return 'invalid';
		if (entry.evicted) return 'evicted';
		if (entry.expired || this.clock.now() >= entry.expiresAt) return 'expired';
		return 'valid';
	}

	expireToken(token: string | undefined): void {
		const entry = token ? this.accessTokens.get(token) : undefined;
		if (entry) entry.expired = true;
	}

	/** POST /__sandbox/tokens/expire: every access token issued so far is now expired. */
	expireAll(): number {
		let count = 0;
		for (const entry of this.accessTokens.values()) {
			if (!entry.expired && this.clock.now() < entry.expiresAt) count++;
			entry.expired = true;
		}
		return count;
	}

	activeTokenCount(): number {
		return [...this.accessTokens.keys()].filter((t) => this.check(t) === 'valid').length;
	}

	handle(req: SandboxRequest): SandboxResponse {
		if (req.pathname === '/oauth/v2/auth') return this.authorize(req);
		if (req.pathname === '/oauth/v2/token') {
			if (req.method !== 'POST') return jsonResponse(405, { error: 'invalid_request_method' });
			return this.token(req);
		}
		return jsonResponse(404, { error: 'not_found' });
	}

	/** ref §4.2: consent is granted at once; the redirect carries code, location, accounts-server. */
	private authorize(req: SandboxRequest): SandboxResponse {
		const p = req.params;
		const redirectUri = p.get('redirect_uri');
		if (p.get('client_id') !== SANDBOX_OAUTH.clientId) {
			return jsonResponse(400, { error: 'invalid_client', error_description: 'Unknown client_id' });
		}
		if (!redirectUri) return jsonResponse(400, { error: 'invalid_redirect_uri' });
		if (p.get('response_type') && p.get('response_type') !== 'code') {
			return jsonResponse(400, { error: 'unsupported_response_type' });
		}
		const code = zohoToken();
		this.codes.set(code, {
			scope: p.get('scope') ?? '',
			// ref §4.2: without access_type=offline no refresh token is returned.
			offline: p.get('access_type') === 'offline',
			redirectUri,
			used: false,
		});
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		target.searchParams.set('location', 'us');
		target.searchParams.set('accounts-server', req.origin);
		const state = p.get('state');
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, headers: { location: target.toString() }, body: null };
	}

	private clientCredentials(req: SandboxRequest): { id: string | null; secret: string | null } {
		let id = req.params.get('client_id');
		let secret = req.params.get('client_secret');
		// n8n's OAuth2 client with authentication "header" sends HTTP Basic client credentials.
		const auth = req.headers.authorization;
		if ((!id || !secret) && auth && /^Basic\s+/i.test(auth)) {
			const decoded = Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
			const sep = decoded.indexOf(':');
			if (sep > 0) {
				id = id ?? decodeURIComponent(decoded.slice(0, sep));
				secret = secret ?? decodeURIComponent(decoded.slice(sep + 1));
			}
		}
		if (req.json && typeof req.json === 'object') {
			const body = req.json as Record<string, unknown>;
			id = id ?? (typeof body.client_id === 'string' ? body.client_id : null);
			secret = secret ?? (typeof body.client_secret === 'string' ? body.client_secret : null);
		}
		return { id, secret };
	}

	private param(req: SandboxRequest, name: string): string | null {
		const value = req.params.get(name);
		if (value !== null) return value;
		if (req.json && typeof req.json === 'object') {
			const v = (req.json as Record<string, unknown>)[name];
			if (typeof v === 'string') return v;
		}
		return null;
	}

	private token(req: SandboxRequest): SandboxResponse {
		const { id, secret } = this.clientCredentials(req);
		// ref §4.3: token-endpoint errors are HTTP 200 with an `error` key.
		if (id !== SANDBOX_OAUTH.clientId) return jsonResponse(200, { error: 'invalid_client' });
		if (secret !== SANDBOX_OAUTH.clientSecret)
			return jsonResponse(200, { error: 'invalid_client_secret' });
		const grantType = this.param(req, 'grant_type');
		if (grantType === 'authorization_code') return this.exchangeCode(req);
		if (grantType === 'refresh_token') return this.refresh(req);
		return jsonResponse(200, { error: 'unsupported_grant_type' });
	}

	private exchangeCode(req: SandboxRequest): SandboxResponse {
		const code = this.param(req, 'code') ?? '';
		const grant = this.codes.get(code);
		if (!grant || grant.used) return jsonResponse(200, { error: 'invalid_code' });
		const redirectUri = this.param(req, 'redirect_uri');
		if (redirectUri && redirectUri !== grant.redirectUri)
			return jsonResponse(200, { error: 'invalid_redirect_uri' });
		grant.used = true;
		let refreshToken: string | null = null;
		if (grant.offline) {
			refreshToken = zohoToken();
			this.refreshTokens.set(refreshToken, { scope: grant.scope });
		}
		const body = this.issue(refreshToken, grant.scope, req.origin);
		if (refreshToken) body.refresh_token = refreshToken;
		return jsonResponse(200, body);
	}

	private refresh(req: SandboxRequest): SandboxResponse {
		const refreshToken = this.param(req, 'refresh_token') ?? '';
		const known = this.refreshTokens.get(refreshToken);
		if (!known) return jsonResponse(200, { error: 'invalid_code' });
		// 10 access tokens per refresh token in 10 minutes; the 11th blocks creation until those 10
		// minutes are over (token-limits.html). Refused requests do not count.
		const now = this.clock.now();
		const recent = (this.recentRefreshes.get(refreshToken) ?? []).filter(
			(t) => now - t < THROTTLE_WINDOW_MS,
		);
		if (recent.length >= this.limits.tokenRequestsPer10Min && !this.blockedUntil.has(refreshToken)) {
			this.blockedUntil.set(refreshToken, recent[0] + THROTTLE_WINDOW_MS);
		}
		const blocked = this.blockedUntil.get(refreshToken);
		if (blocked !== undefined && now >= blocked) this.blockedUntil.delete(refreshToken);
		if (blocked !== undefined && now < blocked) {
			this.recentRefreshes.set(refreshToken, recent);
			// HTTP 400 per third-party code (a Zoho community post says 200): clients accept both.
			return jsonResponse(400, {
				error_description:
					'You have made too many requests continuously. Please try again after some time.',
				error: 'Access Denied',
				status: 'failure',
			});
		}
		recent.push(now);
		this.recentRefreshes.set(refreshToken, recent);
		return jsonResponse(200, this.issue(refreshToken, known.scope, req.origin));
	}

	/** At most `liveTokensPerRefreshToken` live access tokens; the oldest ones are invalidated. */
	private evictBeyondLiveLimit(refreshToken: string): void {
		const live = [...this.accessTokens.values()]
			.filter((t) => t.refreshToken === refreshToken && !t.evicted && !t.expired)
			.filter((t) => this.clock.now() < t.expiresAt)
			.sort((a, b) => a.issuedAt - b.issuedAt);
		const excess = live.length - this.limits.liveTokensPerRefreshToken;
		for (let i = 0; i < excess; i++) live[i].evicted = true;
	}

	private issue(
		refreshToken: string | null,
		scope: string,
		origin: string,
	): Record<string, unknown> {
		const accessToken = zohoToken();
		const now = this.clock.now();
		this.accessTokens.set(accessToken, {
			expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
			refreshToken,
			expired: false,
			evicted: false,
			issuedAt: now,
		});
		this.issued++;
		if (refreshToken) this.evictBeyondLiveLimit(refreshToken);
		return {
			access_token: accessToken,
			scope,
			// ref §4.1/4.3: real Zoho answers https://www.zohoapis.<tld>; the sandbox answers its own
			// origin so nothing ever leaves the machine.
			api_domain: origin,
			token_type: 'Bearer',
			expires_in: ACCESS_TOKEN_TTL_SECONDS,
		};
	}
}
