// IAM user name + password: a project-scoped token from Keystone v3, cached until shortly before it expires.
import type { Logger } from 'pino';
import { EvsHttpClient } from '../client.js';
import { EvsError, isEvsError } from '../errors.js';
import type { AuthProvider, PreparedRequest } from '../types.js';
import { withToken } from './token.js';

export interface IamPasswordAuthOptions {
  iamEndpoint: string;
  user: string;
  password: string;
  /** The account (domain) name the IAM user belongs to. */
  domain: string;
  /** Scope by project name (usually the region, e.g. `cn-north-4`)… */
  projectName?: string;
  /** …or by project id, which wins when both are given. */
  projectId?: string;
  httpTimeoutMs: number;
  logger: Logger;
  connectTimeoutMs?: number;
  /** Clock in ms since the epoch; tests move it forward. */
  now?: () => number;
}

/** Refresh this long before expiry: five minutes, or a tenth of the lifetime for shorter-lived tokens. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const REFRESH_FRACTION = 0.1;
/** The documented validity when IAM's answer has no readable `expires_at`. */
const DEFAULT_LIFETIME_MS = 24 * 60 * 60_000;
/** Old tokens kept for scrubbing, so a just-replaced token is still masked in late log lines. */
const REMEMBERED_TOKENS = 4;

interface CachedToken {
  token: string;
  refreshAt: number;
}

/** The standard Keystone v3 password request, scoped to one project. */
export function passwordTokenRequest(o: {
  user: string;
  password: string;
  domain: string;
  projectName?: string;
  projectId?: string;
}): unknown {
  const project = o.projectId ? { id: o.projectId } : { name: o.projectName, domain: { name: o.domain } };
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: o.user, password: o.password, domain: { name: o.domain } } },
      },
      scope: { project },
    },
  };
}

export class IamPasswordAuth implements AuthProvider {
  readonly principal: string;
  private readonly options: IamPasswordAuthOptions;
  private readonly client: EvsHttpClient;
  private readonly now: () => number;
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  private readonly issued: string[] = [];

  constructor(options: IamPasswordAuthOptions) {
    if (!options.user || !options.password || !options.domain) {
      throw new Error('IAM password authentication needs a user, a password and a domain (account) name.');
    }
    if (!options.projectId && !options.projectName) {
      throw new Error('IAM password authentication needs a project id or a project name to scope the token.');
    }
    this.options = { ...options };
    this.now = options.now ?? Date.now;
    this.principal = `iam:${options.user}@${options.domain}`;
    const password = options.password;
    this.client = new EvsHttpClient({
      endpoint: options.iamEndpoint,
      projectId: options.projectId ?? '',
      // The token request itself carries the password in its body, not in a header.
      auth: { principal: this.principal, authorize: async (req) => req.headers, secrets: () => [password] },
      logger: options.logger,
      requestTimeoutMs: options.httpTimeoutMs,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    });
  }

  async authorize(req: PreparedRequest, signal?: AbortSignal): Promise<Record<string, string>> {
    const { token } = await this.currentToken(signal);
    return withToken(req.headers, token);
  }

  /** Drops the cached token; the next request fetches a fresh one. */
  invalidate(): boolean {
    this.cached = undefined;
    return true;
  }

  secrets(): string[] {
    return [this.options.password, ...this.issued];
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private currentToken(signal?: AbortSignal): Promise<CachedToken> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached);
    // Concurrent callers share one token request; one caller giving up does not cancel it for the others.
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return raceSignal(this.inFlight, signal);
  }

  private async fetchToken(): Promise<CachedToken> {
    const started = this.now();
    let response;
    try {
      response = await this.client.request<{ token?: { expires_at?: unknown } }>({
        method: 'POST',
        path: '/v3/auth/tokens',
        body: passwordTokenRequest(this.options),
      });
    } catch (err) {
      throw asAuthError(err, this.secrets());
    }
    const token = response.headers['x-subject-token'];
    if (!token) {
      throw new EvsError({
        kind: 'auth',
        status: response.status,
        detail: 'IAM answered the token request without an X-Subject-Token header.',
        hint: 'Check that the IAM endpoint is right (https://iam.<region>.myhuaweicloud.com).',
        ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
      });
    }
    this.remember(token);
    const expiresAt = parseExpiry(response.body?.token?.expires_at) ?? started + DEFAULT_LIFETIME_MS;
    const lifetime = Math.max(0, expiresAt - started);
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime * REFRESH_FRACTION);
    this.cached = { token, refreshAt: expiresAt - margin };
    this.options.logger.debug(
      { principal: this.principal, expiresAt: new Date(expiresAt).toISOString() },
      'iam token obtained',
    );
    return this.cached;
  }

  private remember(token: string): void {
    this.issued.push(token);
    if (this.issued.length > REMEMBERED_TOKENS) this.issued.shift();
  }
}

function parseExpiry(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** An IAM refusal is an authentication problem for the caller, whatever status IAM used. */
function asAuthError(err: unknown, secrets: string[]): EvsError {
  if (!isEvsError(err)) {
    return new EvsError({
      kind: 'auth',
      detail: `IAM token request failed: ${err instanceof Error ? err.message : String(err)}`,
      secrets,
    });
  }
  if (err.kind !== 'api' && err.kind !== 'auth') return err;
  return new EvsError({
    kind: 'auth',
    detail: `IAM refused the token request: ${err.detail}`,
    hint: 'Check the IAM user name, password, account (domain) name and project, and that the user may log in with a password.',
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(err.code !== undefined ? { code: err.code } : {}),
    ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
    secrets,
  });
}

/** Resolves with `promise` unless `signal` aborts first. */
function raceSignal<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
