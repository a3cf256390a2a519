// Unauthenticated hooks under /__sandbox/ for tests that run the sandbox in another process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultFlag, type Faults } from './faults.js';
import { cancelOrder, findOrder, orderView, payOrder } from './orders.js';
import type { MemoryRequestLog } from './request-log.js';
import { sendJson } from './server.js';
import type { Store } from './store.js';
import type { Delays, FailureOp, FaultRule, SandboxClockControl } from './types.js';

const FAILURE_OPS: FailureOp[] = [
  'create',
  'extend',
  'delete',
  'rollback',
  'upload',
  'snapshot-create',
  'snapshot-delete',
];

export interface AdminDeps {
  store: Store;
  log: MemoryRequestLog;
  faults: Faults;
  setDelays(d: Partial<Delays>): void;
  setQuota(projectId: string, key: string, limit: number): void;
  clock: SandboxClockControl;
}

/** A fault from JSON: `{"flag": "POST /v2/*\/volumes status=503"}`, or the rule's fields with `regex` for a pattern. */
export function faultFromJson(v: unknown): FaultRule {
  if (typeof v !== 'object' || v === null) throw new Error('a fault rule object is required');
  const o = v as Record<string, unknown>;
  if (typeof o.flag === 'string') return parseFaultFlag(o.flag);
  const path = typeof o.regex === 'string' ? new RegExp(o.regex) : o.path;
  if (typeof path !== 'string' && !(path instanceof RegExp))
    throw new Error('a fault needs "path" (glob) or "regex"');
  const rule: FaultRule = { path };
  for (const key of ['method'] as const) if (typeof o[key] === 'string') rule[key] = o[key] as string;
  for (const key of ['status', 'rate', 'retryAfterSeconds', 'latencyMs', 'times'] as const)
    if (typeof o[key] === 'number') rule[key] = o[key] as number;
  for (const key of ['drop', 'malformed'] as const)
    if (typeof o[key] === 'boolean') rule[key] = o[key] as boolean;
  return rule;
}

export function createAdmin(deps: AdminDeps) {
  return (req: IncomingMessage, res: ServerResponse, path: string, bodyText: string): void => {
    const method = req.method ?? 'GET';
    let body: unknown;
    try {
      body = bodyText.trim() ? JSON.parse(bodyText) : undefined;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    try {
      const route = `${method} ${path.replace(/\/+$/, '')}`;
      const quota = /^PUT \/__sandbox\/quotas\/([^/]+)$/.exec(route);
      if (route === 'GET /__sandbox/requests') return sendJson(res, 200, { requests: deps.log.entries() });
      if (route === 'DELETE /__sandbox/requests') {
        deps.log.clear();
        return sendJson(res, 204, undefined);
      }
      if (route === 'GET /__sandbox/faults')
        return sendJson(res, 200, {
          faults: deps.faults
            .list()
            .map((f) => ({ ...f, path: f.path instanceof RegExp ? `re:${f.path.source}` : f.path })),
        });
      if (route === 'POST /__sandbox/faults') {
        deps.faults.add(faultFromJson(body));
        return sendJson(res, 201, { ok: true });
      }
      if (route === 'DELETE /__sandbox/faults') {
        deps.faults.clear();
        return sendJson(res, 204, undefined);
      }
      if (route === 'POST /__sandbox/failures') {
        const o = (body ?? {}) as { op?: unknown; times?: unknown };
        if (!FAILURE_OPS.includes(o.op as FailureOp))
          throw new Error(`op must be one of ${FAILURE_OPS.join(', ')}`);
        const times = typeof o.times === 'number' ? o.times : 1;
        deps.store.state.failures.push({ op: o.op as FailureOp, times });
        deps.store.markDirty();
        deps.store.persist();
        return sendJson(res, 201, { ok: true });
      }
      if (route === 'PUT /__sandbox/delays') {
        deps.setDelays((body ?? {}) as Partial<Delays>);
        return sendJson(res, 200, { delays: deps.store.delays });
      }
      if (quota) {
        for (const [key, limit] of Object.entries((body ?? {}) as Record<string, unknown>)) {
          if (typeof limit !== 'number') throw new Error(`quota ${key} must be a number`);
          deps.setQuota(decodeURIComponent(quota[1]!), key, limit);
        }
        return sendJson(res, 200, { quotas: deps.store.state.quotas[decodeURIComponent(quota[1]!)] ?? {} });
      }
      if (route === 'GET /__sandbox/clock')
        return sendJson(res, 200, { now: deps.clock.now(), manual: deps.clock.manual });
      if (route === 'POST /__sandbox/clock/advance') {
        const ms = (body as { ms?: unknown } | undefined)?.ms;
        if (typeof ms !== 'number') throw new Error('body must be {"ms": <milliseconds>}');
        return sendJson(res, 200, { now: deps.clock.advance(ms), manual: true });
      }
      // Orders of yearly/monthly disks: the Billing Center's pay and cancel, on the sandbox's clock.
      const order = /^POST \/__sandbox\/orders\/([^/]+)\/(pay|cancel)$/.exec(route);
      if (route === 'GET /__sandbox/orders')
        return sendJson(res, 200, { orders: Object.values(deps.store.state.orders ?? {}).map(orderView) });
      if (order) {
        const now = deps.clock.now();
        deps.store.advance(now);
        const found = findOrder(deps.store, decodeURIComponent(order[1]!));
        if (!found) return sendJson(res, 404, { error: `no order ${order[1]!}` });
        try {
          (order[2] === 'pay' ? payOrder : cancelOrder)(deps.store, found, now);
        } catch (err) {
          return sendJson(res, 409, { error: (err as Error).message, order: orderView(found) });
        }
        deps.store.persist();
        return sendJson(res, 200, { order: orderView(found) });
      }
      if (route === 'GET /__sandbox/projects')
        // Names and ids only: credentials are handed out by the process that started the sandbox.
        return sendJson(res, 200, {
          projects: deps.store.state.projects.map((p) => ({
            id: p.id,
            name: p.name,
            domain: p.domain,
            user: p.user,
          })),
        });
      return sendJson(res, 404, { error: `no admin endpoint ${route}` });
    } catch (err) {
      return sendJson(res, 400, { error: (err as Error).message });
    }
  };
}
