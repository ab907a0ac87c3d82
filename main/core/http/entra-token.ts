import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError } from './backend-client.js';
import { retryAfterMs, statusFailure, transportFailure } from './failures.js';

/**
 * Entra ID (Azure AD) access tokens for the Azure Resource Manager by the OAuth 2.0 client
 * credentials grant (`POST {authority}/{tenant}/oauth2/v2.0/token`). A token is kept until
 * shortly before it expires, and one request at a time fetches it, so a burst of calls
 * costs one token. Failures name the AADSTS code in words and never carry the secret.
 */

export const ARM_SCOPE = 'https://management.azure.com/.default';

/** Refresh this long before expiry (as MSAL does), so a token never lapses in flight; shorter lifetimes refresh at half-life. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** The token call runs before the backend's own timeout applies; without one, a hung authority would hang every call. */
const TOKEN_TIMEOUT_MS = 30_000;

export interface EntraCredentials {
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export type EntraClient = Pick<EntraCredentials, 'authority' | 'tenantId' | 'clientId'>;

/** The token response (RFC 6749 §5.1); Entra adds ext_expires_in, not read. */
const TokenAnswer = z.object({
  token_type: z.string().regex(/^bearer$/i, 'expected token_type "Bearer"'),
  expires_in: z.coerce.number().positive(),
  access_token: z.string().min(1),
});

/** The error response (RFC 6749 §5.2) with Entra's AADSTS codes. */
const TokenError = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
});

/** What to do about the AADSTS codes a misconfigured connection meets. */
const HINTS: Readonly<Record<number, string>> = {
  7000215: "check the client secret: it must be the secret's value, not its id",
  7000222: 'the client secret has expired; create a new one in the app registration',
  700016: 'check the application (client) id and that the app is registered in this tenant',
  90002: 'check the directory (tenant) id',
  900023: 'check the directory (tenant) id',
  70011: 'the scope was refused',
};

interface Entry {
  /** A changed secret makes the cached token someone else's: it is fetched anew. */
  fingerprint: string;
  token: string | null;
  refreshAt: number;
  pending: Promise<string> | null;
}

function keyOf(client: EntraClient): string {
  return JSON.stringify([client.authority.replace(/\/+$/, ''), client.tenantId, client.clientId]);
}

function fingerprintOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function tokenUrl(credentials: EntraCredentials): URL {
  return new URL(`${credentials.authority.replace(/\/+$/, '')}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`);
}

export class EntraTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** A valid access token for the Azure Resource Manager; fetched only when none is cached or it is about to expire. */
  async token(credentials: EntraCredentials): Promise<string> {
    const key = keyOf(credentials);
    const fingerprint = fingerprintOf(credentials.clientSecret);
    const known = this.entries.get(key);
    const entry = known?.fingerprint === fingerprint ? known : { fingerprint, token: null, refreshAt: 0, pending: null };
    this.entries.set(key, entry);
    if (entry.token !== null && this.now() < entry.refreshAt) return entry.token;
    entry.pending ??= this.fetch(credentials).then(
      ({ token, lifetimeMs }) => {
        entry.token = token;
        entry.refreshAt = this.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
        entry.pending = null;
        return token;
      },
      (error: unknown) => {
        entry.pending = null;
        throw error;
      },
    );
    return entry.pending;
  }

  /** Drops a cached token the resource server refused (revoked, or its clock ahead of ours), so the next call fetches one. */
  forget(client: EntraClient): void {
    const entry = this.entries.get(keyOf(client));
    if (entry) entry.token = null;
  }

  private async fetch(credentials: EntraCredentials): Promise<{ token: string; lifetimeMs: number }> {
    const url = tokenUrl(credentials);
    const label = `Entra ID (tenant ${credentials.tenantId}, client ${credentials.clientId})`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: ARM_SCOPE,
    });
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'Watchfloor' },
        body: form.toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ConnectorError('timeout', `${label}: ${url.host} did not issue a token within ${TOKEN_TIMEOUT_MS / 1000} s`);
      }
      throw transportFailure(error, label, url);
    }
    const safe = credentials.clientSecret === '' ? text : text.split(credentials.clientSecret).join('[client secret]');
    if (response.status < 200 || response.status > 299) throw this.refusal(response, safe, label, url);
    let body: unknown = null;
    try {
      body = JSON.parse(safe) as unknown;
    } catch {
      // Reported as malformed below.
    }
    const answer = TokenAnswer.safeParse(body);
    if (!answer.success) {
      throw new ConnectorError('malformed', `${label}: ${url.host} answered the token request without a bearer token; is ${credentials.authority} an Entra ID authority?`, response.status);
    }
    return { token: answer.data.access_token, lifetimeMs: answer.data.expires_in * 1000 };
  }

  private refusal(response: Response, text: string, label: string, url: URL): ConnectorError {
    let body: unknown = null;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Not Entra's JSON: a proxy or another server; described by its status below.
    }
    const refused = TokenError.safeParse(body);
    if (!refused.success) return statusFailure(response.status, response.statusText, text, label, url, retryAfterMs(response.status, response.headers, Date.now()));
    // "AADSTS7000215: Invalid client secret provided. …\r\nTrace ID: …": the first line says it.
    const said = (refused.data.error_description ?? refused.data.error).split(/\r?\n/)[0]?.trim() ?? refused.data.error;
    const hint = refused.data.error_codes?.map((code) => HINTS[code]).find((found) => found !== undefined);
    const failure = response.status === 400 || response.status === 401 ? 'unauthorized' : 'http';
    return new ConnectorError(failure, `${label}: ${url.host} refused the token request (${refused.data.error}): ${said}${hint ? `; ${hint}` : ''}`, response.status);
  }
}

/** One cache for the process: connections with the same app registration share its token. */
export const entraTokens = new EntraTokens();
