// The one HTTP client of the server: keep-alive pools, signing through the auth provider,
// a per-call time budget, safe retries and normalised errors.
import type { Logger } from 'pino';
import type { Pool } from 'undici';
import { EvsError, apiError, isEvsError } from './errors.js';
import { scrub, secretsInBody } from './redact.js';
import {
  type AttemptOutcome,
  type RetryPolicy,
  backoffDelay,
  classifyTransportError,
  errorCode,
  isRetryable,
  parseRetryAfter,
  retryPolicy,
  sleep,
} from './retry.js';
import type { ApiClient, ApiRequest, ApiResponse, AuthProvider, PreparedRequest, Query } from './types.js';
import { telemetry } from '../telemetry/telemetry.js';

export interface EvsHttpClientOptions {
  endpoint: string;
  projectId: string;
  auth: AuthProvider;
  logger: Logger;
  connectTimeoutMs?: number;
  /** Default budget of one call, all attempts together. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
}

// undici is most of this layer's load time (about as much CPU as zod): clients spawn a server per session and
// wait for tools/list, so it is loaded on the first request instead of at start.
// node:http (for status texts) is a tree of modules too: it comes with undici, not before the first request.
let poolClass: typeof Pool | undefined;
let statusTexts: Record<number, string | undefined> = {};
async function loadPool(): Promise<typeof Pool> {
  if (!poolClass) {
    const [undici, http] = await Promise.all([import('undici'), import('node:http')]);
    statusTexts = http.STATUS_CODES;
    poolClass = undici.Pool;
  }
  return poolClass;
}

export const DEFAULT_USER_AGENT = 'huaweicloud-evs-mcp/0.1.0';
const REQUEST_ID_HEADERS = ['x-request-id', 'x-openstack-request-id', 'x-compute-request-id'];
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** RFC 3986 encoding, so spaces travel as %20 and what the signer canonicalises is what is sent. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Query string from `ApiRequest.query`: arrays repeat the key, undefined/null are skipped. */
export function buildQueryString(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values as readonly (string | number | boolean)[]) {
      parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(String(item))}`);
    }
  }
  return parts.join('&');
}

/**
 * The URL a request goes to: the endpoint's path, then `path` exactly as given (already encoded). URL parsing
 * would silently rewrite some paths (`.`/`..` segments removed, `\` turned into `/`, `?` `#` escaped), so a
 * path that does not survive unchanged is refused and nothing is sent; what goes on the wire is what is signed.
 */
export function requestUrl(base: URL, path: string, query?: Query): URL {
  const wanted = `${base.pathname.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  const search = buildQueryString(query);
  // One parse of the whole href when the path has only characters URL parsing keeps as they are and no dot
  // segment (and the base nothing beyond its origin and path); anything else goes through the pathname setter.
  if (!UNSAFE_PATH.test(wanted) && base.href === `${base.origin}${base.pathname}`) {
    const url = new URL(`${base.origin}${wanted}${search === '' ? '' : `?${search}`}`);
    if (url.pathname === wanted) return url;
  }
  const url = new URL(base.href);
  url.pathname = wanted;
  if (url.pathname !== wanted)
    throw new EvsError({
      kind: 'api',
      detail: `Refused to send ${JSON.stringify(path)}: URL handling would change it to ${JSON.stringify(url.pathname)}.`,
      hint: 'Nothing was sent. Give each path value as plain text; "." and ".." cannot be path values.',
    });
  url.search = search;
  return url;
}

/** A character outside those a URL path keeps verbatim, or a `.`/`%2e` that could make a dot segment. */
const UNSAFE_PATH = /[^A-Za-z0-9\-_~!$&'()*+,;=:@%/]|%2e/i;

function normaliseEndpoint(endpoint: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  const url = new URL(withScheme);
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The request id from whichever of the known headers the server set. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  // Response headers arrive lower-cased; other spellings are looked for only when those give nothing.
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value && Object.hasOwn(headers, name)) return value;
  }
  const names = Object.keys(headers);
  if (names.every((n) => n === n.toLowerCase())) return undefined;
  const lower = new Map(names.map((k) => [k.toLowerCase(), headers[k]]));
  for (const name of REQUEST_ID_HEADERS) {
    const value = lower.get(name);
    if (value) return value;
  }
  return undefined;
}

/** Later header sets win, matching names case-insensitively so no header is sent (or signed) twice. */
function mergeHeaders(...sets: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const set of sets) {
    for (const [name, value] of Object.entries(set)) {
      const previous = names.get(name.toLowerCase());
      if (previous !== undefined) delete out[previous];
      names.set(name.toLowerCase(), name);
      out[name] = value;
    }
  }
  return out;
}

function parseSuccessBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Why an attempt's signal fired: the caller gave up, or the call's budget ran out. */
type StopReason = 'aborted' | 'timeout';

interface AttemptResult {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  text: string;
}

export class EvsHttpClient implements ApiClient {
  readonly projectId: string;
  readonly endpoint: string;
  private readonly base: URL;
  private readonly auth: AuthProvider;
  private readonly logger: Logger;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly userAgent: string;
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(options: EvsHttpClientOptions) {
    this.base = normaliseEndpoint(options.endpoint);
    this.endpoint = this.base.href.replace(/\/$/, '');
    this.projectId = options.projectId;
    this.auth = options.auth;
    this.logger = options.logger;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30000;
    this.retry = retryPolicy(options.retry);
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    // Telemetry: one scope per EVS request, all attempts together (skipped entirely when off).
    const t = telemetry();
    if (!t.enabled) return this.send<T>(req);
    const scope = t.request(req.method, req.operation?.section);
    const tries = { attempts: 0 };
    return this.send<T>(req, tries).then(
      (res) => {
        scope.end({
          status: res.status,
          retries: Math.max(0, tries.attempts - 1),
          ...(res.requestId ? { requestId: res.requestId } : {}),
        });
        return res;
      },
      (err: unknown) => {
        const e = isEvsError(err) ? err : undefined;
        scope.end({
          retries: Math.max(0, tries.attempts - 1),
          ...(e?.status !== undefined ? { status: e.status } : { error: e?.kind ?? 'failed' }),
          ...(e?.requestId ? { requestId: e.requestId } : {}),
        });
        throw err;
      },
    );
  }

  private async send<T>(req: ApiRequest, tries?: { attempts: number }): Promise<ApiResponse<T>> {
    if (this.closed) throw new EvsError({ kind: 'network', detail: 'The HTTP client is closed.' });
    // Secrets are needed only to scrub error text: gathered (once) when an error is built, not on every call.
    let gathered: string[] | undefined;
    const secrets = (): string[] => (gathered ??= [...this.auth.secrets(), ...secretsInBody(req.body)]);
    const budgetMs = req.timeoutMs ?? this.requestTimeoutMs;
    const deadline = Date.now() + budgetMs;
    const url = this.urlFor(req);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const baseHeaders = this.headersFor(req, url, body);
    const log = { method: req.method, path: url.pathname, principal: this.auth.principal };

    let attempt = 0;
    let reauthorised = false;
    for (;;) {
      attempt++;
      if (tries) tries.attempts = attempt;
      const started = Date.now();
      const outcome = await this.attempt(req, url, baseHeaders, body, deadline, budgetMs, secrets);
      const durationMs = Date.now() - started;

      if ('error' in outcome) {
        const { error, transport } = outcome;
        if (this.logger.isLevelEnabled('debug'))
          this.logger.debug({ ...log, attempt, durationMs, error: error.kind }, 'http attempt failed');
        if (transport && isRetryable(req.method, transport) && attempt < this.retry.maxAttempts) {
          if (await this.waitBeforeRetry(req, deadline, backoffDelay(attempt, this.retry), log, attempt))
            continue;
        }
        this.logger.info({ ...log, attempt, durationMs, error: error.toJSON() }, 'http request failed');
        throw error;
      }

      const { status, headers, text } = outcome.result;
      const requestId = requestIdOf(headers);
      // Built only when it will be written: at the default level this line is off and calls are many.
      if (this.logger.isLevelEnabled('debug'))
        this.logger.debug({ ...log, status, attempt, durationMs, requestId }, 'http response');
      // 2xx, or a status the operation documents as success (5.1 answers 300 Multiple Choices).
      if ((status >= 200 && status < 300) || req.operation?.successStatus?.includes(status)) {
        const response: ApiResponse<T> = { status, headers, body: parseSuccessBody(text) as T };
        if (requestId !== undefined) response.requestId = requestId;
        return response;
      }

      if (status === 401 && !reauthorised && this.auth.invalidate && (await this.auth.invalidate())) {
        // A rejected credential changed nothing on the server, so one fresh try is safe for any method.
        reauthorised = true;
        attempt--;
        this.logger.info({ ...log, status, requestId }, 'http 401: credentials refreshed, retrying once');
        continue;
      }

      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      const error = apiError({
        status,
        statusText: outcome.result.statusText,
        bodyText: text,
        method: req.method,
        ...(requestId !== undefined ? { requestId } : {}),
        ...(req.operation !== undefined ? { operation: req.operation } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        secrets: secrets(),
      });
      const statusOutcome: AttemptOutcome = { kind: 'status', status };
      if (isRetryable(req.method, statusOutcome) && attempt < this.retry.maxAttempts) {
        const delay = retryAfterMs ?? backoffDelay(attempt, this.retry);
        if (await this.waitBeforeRetry(req, deadline, delay, { ...log, status, requestId }, attempt))
          continue;
      }
      this.logger.info(
        { ...log, status, attempt, durationMs, requestId, code: error.code },
        'http request failed',
      );
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /**
   * Accept and User-Agent, then the request's own headers, then Host and Content-Type; later sets win, names
   * matched ignoring case so nothing is sent (or signed) twice. Without request headers, built directly.
   */
  private headersFor(req: ApiRequest, url: URL, body: string): Record<string, string> {
    const fixed: Record<string, string> = { Host: url.host };
    if (body !== '') fixed['Content-Type'] = JSON_CONTENT_TYPE;
    if (req.headers === undefined) {
      return { Accept: 'application/json', 'User-Agent': this.userAgent, ...fixed };
    }
    return mergeHeaders({ Accept: 'application/json', 'User-Agent': this.userAgent }, req.headers, fixed);
  }

  private urlFor(req: ApiRequest): URL {
    return requestUrl(this.base, req.path, req.query);
  }

  private async newPool(origin: string): Promise<Pool> {
    const PoolClass = await loadPool();
    if (this.closed) throw new EvsError({ kind: 'network', detail: 'The HTTP client is closed.' });
    let pool = this.pools.get(origin); // another call may have made it while undici loaded
    if (!pool) {
      pool = new PoolClass(origin, {
        connect: { timeout: this.connectTimeoutMs },
        // The call's own budget bounds waiting; undici's timers would cut long budgets short.
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: 30_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /**
   * Sleeps before the next attempt, unless the wait would outlast the call's budget.
   * Returns false when the caller should give up with the error it has.
   */
  private async waitBeforeRetry(
    req: ApiRequest,
    deadline: number,
    delayMs: number,
    log: Record<string, unknown>,
    attempt: number,
  ): Promise<boolean> {
    if (Date.now() + delayMs >= deadline) return false;
    this.logger.info({ ...log, attempt, delayMs }, 'http retry scheduled');
    try {
      await sleep(delayMs, req.signal);
    } catch {
      throw abortedError(req);
    }
    return true;
  }

  /** One attempt: authorise, send, read the whole body. Transport failures come back as values. */
  private async attempt(
    req: ApiRequest,
    url: URL,
    baseHeaders: Record<string, string>,
    body: string,
    deadline: number,
    budgetMs: number,
    secrets: () => string[],
  ): Promise<{ result: AttemptResult } | { error: EvsError; transport?: AttemptOutcome }> {
    if (req.signal?.aborted) return { error: abortedError(req) };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { error: timeoutError(req, budgetMs) };

    const controller = new AbortController();
    let stop: StopReason | undefined;
    const onCallerAbort = (): void => {
      stop ??= 'aborted';
      controller.abort(req.signal?.reason);
    };
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      stop ??= 'timeout';
      controller.abort(new Error('time budget exhausted'));
    }, remaining);

    try {
      const prepared: PreparedRequest = { method: req.method, url, headers: { ...baseHeaders }, body };
      let headers: Record<string, string>;
      try {
        headers = await this.auth.authorize(prepared, controller.signal);
      } catch (err) {
        if (stop) return { error: stop === 'aborted' ? abortedError(req) : timeoutError(req, budgetMs) };
        return { error: authFailure(err, secrets()) };
      }
      const pool = this.pools.get(url.origin) ?? (await this.newPool(url.origin));
      const response = await pool.request({
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        ...(body !== '' ? { body } : {}),
        signal: controller.signal,
      });
      const text = await response.body.text();
      return {
        result: {
          status: response.statusCode,
          statusText: statusTexts[response.statusCode] ?? '',
          headers: flattenHeaders(response.headers),
          text,
        },
      };
    } catch (err) {
      if (stop === 'aborted') return { error: abortedError(req) };
      if (stop === 'timeout') return { error: timeoutError(req, budgetMs) };
      return networkFailure(err, req, url, secrets());
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

function abortedError(req: ApiRequest): EvsError {
  return new EvsError({
    kind: 'aborted',
    detail: `The ${req.method} request was cancelled by the caller.`,
    hint:
      req.method === 'GET'
        ? 'Nothing to undo; run the request again when needed.'
        : 'The request may have reached the service; check the resource state before trying again.',
    ...(req.operation ? { section: req.operation.section } : {}),
  });
}

function timeoutError(req: ApiRequest, budgetMs: number): EvsError {
  return new EvsError({
    kind: 'timeout',
    detail: `The ${req.method} request did not finish within ${budgetMs} ms.`,
    hint:
      req.method === 'GET'
        ? 'Try again, or allow a longer timeout.'
        : 'The request may have reached the service; check the resource state before trying again.',
    ...(req.operation ? { section: req.operation.section } : {}),
  });
}

function authFailure(err: unknown, secrets: string[]): EvsError {
  if (isEvsError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EvsError({
    kind: 'auth',
    detail: `Could not authenticate the request: ${message}`,
    hint: 'Check the configured credentials.',
    secrets,
  });
}

function networkFailure(
  err: unknown,
  req: ApiRequest,
  url: URL,
  secrets: string[],
): { error: EvsError; transport?: AttemptOutcome } {
  const transport = classifyTransportError(err);
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const connectFailed = transport?.kind === 'connect-failed';
  const error = new EvsError({
    kind: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network',
    detail: scrub(
      `Could not reach ${url.origin}: ${code ?? message}${code && message ? ` (${message})` : ''}`,
      secrets,
    ),
    hint: connectFailed
      ? 'Check the endpoint, the region and network access to it; nothing was sent.'
      : req.method === 'GET'
        ? 'Check network access to the endpoint and try again.'
        : 'The request may have reached the service; check the resource state before trying again.',
    ...(req.operation ? { section: req.operation.section } : {}),
    secrets,
    cause: err,
  });
  return transport ? { error, transport } : { error };
}
