// node:http front door: admin hooks, faults, routing, authentication, handlers, persistence, request log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AuthRejected, authenticate, checkProject } from './auth.js';
import { checkRegion } from './regions.js';
import type { Clock } from './clock.js';
import { EvsError, errorBody, evsError, malformedBody, type ErrorFamily } from './errors.js';
import type { Faults } from './faults.js';
import { uuid } from './ids.js';
import { PolicyDenied, checkPolicy, requiredActions } from './policies.js';
import type { MemoryRequestLog } from './request-log.js';
import type { Caller, Ctx, Reply, Router } from './router.js';
import type { Store } from './store.js';
import type { FaultRule, RequestLogEntry } from './types.js';

/** AK/SK requests are limited to 12 MB (3.2); the sandbox applies it to every request. */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface ServerDeps {
  store: Store;
  router: Router;
  log: MemoryRequestLog;
  faults: Faults;
  logger?: Logger;
  tokenTtlSeconds: number;
  clock: Clock;
  admin: (req: IncomingMessage, res: ServerResponse, path: string, body: string) => void;
  /** The simulated region this listener serves, when it is not the sandbox's own. */
  region?: string;
}

class BodyTooLarge extends Error {}

/** The body bytes exactly as received (the signature covers these, not a re-encoding of them). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const FAULT_ERRORS: Record<number, string> = { 413: 'EVS.5413', 500: 'EVS.5500', 503: 'EVS.5503' };

/** An injected failure's body: the A.1 entry for its status where there is one, else the gateway shape (3.3). */
function faultBody(status: number, requestId: string): unknown {
  const code = FAULT_ERRORS[status];
  if (code) return errorBody(evsError(code), 'custom');
  if (status === 429)
    return {
      error_msg: 'The throttling threshold has been reached.',
      error_code: 'APIGW.0308',
      request_id: requestId,
    };
  return {
    error_msg: `Injected failure (HTTP ${status}).`,
    error_code: `APIGW.${status}`,
    request_id: requestId,
  };
}

function outcomeOf(status: number): RequestLogEntry['outcome'] {
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

export function createHandler(deps: ServerDeps) {
  const { store, router, log, faults, logger, clock } = deps;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req-${uuid()}`;
    const method = (req.method ?? 'GET').toUpperCase();
    // The request target as received: the verifier and the router read it undecoded and unnormalised.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    const entry: RequestLogEntry = {
      time: new Date(clock.now()).toISOString(),
      method,
      path: rawPath,
      query: rawQuery,
      status: 0,
      outcome: 'ok',
      requestId,
    };
    const idHeaders = { 'X-Request-Id': requestId, 'X-Openstack-Request-Id': requestId };

    let bodyBytes: Buffer;
    try {
      bodyBytes = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendJson(res, 413, errorBody(evsError('EVS.5413'), 'custom'), idHeaders);
        entry.status = 413;
        entry.outcome = 'client_error';
        log.add(entry);
      }
      return;
    }
    const bodyText = bodyBytes.toString('utf8');

    if (rawPath.startsWith('/__sandbox/')) {
      deps.admin(req, res, rawPath, bodyText);
      return;
    }

    const fault: FaultRule | undefined = faults.pick(method, rawPath);
    if (fault) {
      if (fault.latencyMs) await clock.sleep(fault.latencyMs);
      if (fault.drop) {
        entry.outcome = 'fault';
        log.add(entry);
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined || fault.malformed) {
        const status = fault.status ?? 200;
        const headers: Record<string, string> = {
          ...idHeaders,
          'Content-Type': 'application/json;charset=UTF-8',
        };
        if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
        const text = fault.malformed
          ? '{"volumes": [{"id": "trunc'
          : JSON.stringify(faultBody(status, requestId));
        res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
        res.end(text);
        entry.status = status;
        entry.outcome = 'fault';
        log.add(entry);
        return;
      }
    }

    const now = clock.now();
    let family: ErrorFamily = 'custom';
    let reply: Reply;
    let caller: Caller | undefined;
    try {
      store.advance(now);
      const matched = router.match(method, rawPath);
      if (!('route' in matched)) {
        throw matched.methodMismatch
          ? new EvsError(405, 'EVS.5400', 'Malformed request url.')
          : evsError('EVS.5404');
      }
      const { route, params } = matched;
      family = route.family;
      if (route.auth !== 'none') {
        caller = authenticate(
          store,
          { method, rawPath, rawQuery, headers: lowerHeaders(req), body: bodyBytes },
          now,
        );
        if (route.auth === 'project') {
          checkProject(caller, params.project_id ?? '');
          checkRegion(store, params.project_id ?? '', deps.region);
        }
      }
      let body: unknown;
      if (bodyText.trim() !== '' && (method === 'POST' || method === 'PUT')) {
        try {
          body = JSON.parse(bodyText);
        } catch {
          throw malformedBody(family);
        }
      }
      if (route.auth !== 'none') checkPolicy(caller, requiredActions(route, body).actions);
      const ctx: Ctx = {
        req,
        method,
        path: rawPath,
        params,
        query,
        body,
        store,
        baseUrl: `http://${req.headers.host ?? 'localhost'}`,
        now,
        family,
        projectId: params.project_id ?? caller?.projectId ?? '',
        tokenTtlSeconds: deps.tokenTtlSeconds,
        ...(caller ? { caller } : {}),
      };
      reply = route.handler(ctx);
    } catch (err) {
      if (err instanceof AuthRejected) {
        logger?.debug({ requestId, reason: err.reason }, 'sandbox: request rejected by authentication');
        entry.outcome = 'rejected_auth';
        reply = { status: err.status, body: errorBody(err, 'custom') };
      } else if (err instanceof PolicyDenied) {
        logger?.debug({ requestId, action: err.action }, 'sandbox: request denied by the caller policy');
        entry.deniedAction = err.action;
        reply = { status: err.status, body: errorBody(err, family) };
      } else if (err instanceof EvsError) {
        reply = { status: err.status, body: errorBody(err, family) };
      } else {
        logger?.error({ requestId, err }, 'sandbox: handler failed');
        reply = { status: 500, body: errorBody(evsError('EVS.5500'), family) };
      }
    }
    try {
      store.persist();
    } catch (err) {
      logger?.error({ requestId, err }, 'sandbox: could not save the state file');
      reply = { status: 500, body: errorBody(evsError('EVS.5500'), family) };
    }
    sendJson(res, reply.status, reply.body, { ...idHeaders, ...reply.headers });
    entry.status = reply.status;
    if (entry.outcome !== 'rejected_auth') entry.outcome = outcomeOf(reply.status);
    const pathProject = /^\/v[12]\/([^/]+)/.exec(rawPath)?.[1] || undefined;
    // A key acting in its account's project of another region is logged under that project.
    const projectId =
      pathProject && caller?.projectIds?.includes(pathProject)
        ? pathProject
        : (caller?.projectId ?? pathProject);
    if (projectId) entry.projectId = projectId;
    if (caller?.user) entry.user = caller.user;
    if (caller?.principal) entry.principal = caller.principal;
    if (deps.region) entry.region = deps.region;
    log.add(entry);
    logger?.debug(
      { requestId, method, path: rawPath, status: reply.status, outcome: entry.outcome },
      'sandbox request',
    );
  };
}
