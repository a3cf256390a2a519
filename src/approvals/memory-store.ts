// The store of one process (stdio: one person, one server): the same contract as Redis, in memory.
import type { ApprovalRecord, SharedStore } from './types.js';

export function createMemoryStore(now: () => number = Date.now): SharedStore {
  const approvals = new Map<string, { rec: ApprovalRecord; until: number }>();
  const values = new Map<string, { value: string; until: number }>();
  const live = <T extends { until: number }>(m: Map<string, T>, key: string): T | undefined => {
    const v = m.get(key);
    if (v && v.until <= now()) m.delete(key);
    return v && v.until > now() ? v : undefined;
  };
  const copy = (rec: ApprovalRecord): ApprovalRecord => structuredClone(rec);
  return {
    async create(request, keepMs) {
      approvals.set(request.id, { rec: { request, status: 'pending' }, until: now() + keepMs });
      values.set(`call:${request.call}`, { value: request.id, until: now() + keepMs });
    },
    async get(id) {
      const e = live(approvals, id);
      return e ? copy(e.rec) : undefined;
    },
    async findByCall(call) {
      const id = live(values, `call:${call}`)?.value;
      const e = id ? live(approvals, id) : undefined;
      return e ? copy(e.rec) : undefined;
    },
    async forgetCall(call, id) {
      if (values.get(`call:${call}`)?.value === id) values.delete(`call:${call}`);
    },
    async transition(id, from, to, decision) {
      const e = live(approvals, id);
      if (!e || e.rec.status !== from) return false;
      e.rec.status = to;
      if (decision) e.rec.decision = decision;
      return true;
    },
    async useOnce(key, ttlMs) {
      if (live(values, `once:${key}`)) return false;
      values.set(`once:${key}`, { value: '1', until: now() + ttlMs });
      return true;
    },
    async count(key, windowMs) {
      const t = now();
      const w = Math.floor(t / windowMs);
      const k = `rate:${key}:${w}`;
      const n = Number(live(values, k)?.value ?? 0) + 1;
      values.set(k, { value: String(n), until: (w + 1) * windowMs });
      return { count: n, resetMs: (w + 1) * windowMs - t };
    },
    async putValue(key, value, ttlMs) {
      values.set(`value:${key}`, { value, until: now() + ttlMs });
    },
    async getValue(key, take) {
      const v = live(values, `value:${key}`)?.value;
      if (take) values.delete(`value:${key}`);
      return v;
    },
    problem: async () => undefined,
    close: async () => {},
  };
}
