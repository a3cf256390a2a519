// The shared store in Redis (the `redis` client): approvals as hashes with expiry, status changes in
// one Lua step (so two replicas cannot both use an approval), SET NX for single-use tokens, INCR
// windows for the service-wide rate limit. Commands fail at once while Redis is down (no offline
// queue), so a caller refuses instead of hanging.
import { createClient } from 'redis';
import type { Logger } from 'pino';
import {
  StoreUnavailable,
  type ApprovalDecision,
  type ApprovalRecord,
  type ApprovalRequest,
  type ApprovalStatus,
  type SharedStore,
} from './types.js';

const PREFIX = 'evs-mcp:';
const k = {
  approval: (id: string) => `${PREFIX}approval:${id}`,
  call: (call: string) => `${PREFIX}call:${call}`,
  once: (key: string) => `${PREFIX}once:${key}`,
  rate: (key: string, window: number) => `${PREFIX}rate:${key}:${window}`,
  value: (key: string) => `${PREFIX}value:${key}`,
};

// Status moves only from the expected one; the decision is written in the same step.
const TRANSITION = `
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'decision', ARGV[3]) end
return 1`;
// Forget a call's pointer only while it still names this approval (a newer one may have replaced it).
const FORGET = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const STATUSES = new Set<ApprovalStatus>(['pending', 'approved', 'declined', 'used', 'stale']);

function parseRecord(h: Record<string, string>): ApprovalRecord | undefined {
  if (!h.request || !h.status) return undefined;
  const status = h.status as ApprovalStatus;
  if (!STATUSES.has(status)) throw new StoreUnavailable(`an approval in Redis has an unknown status`);
  try {
    return {
      request: JSON.parse(h.request) as ApprovalRequest,
      status,
      ...(h.decision ? { decision: JSON.parse(h.decision) as ApprovalDecision } : {}),
    };
  } catch {
    throw new StoreUnavailable('an approval in Redis is not valid JSON');
  }
}

export function createRedisStore(url: string, logger: Logger): SharedStore {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let lastError: string | undefined = 'not connected yet';
  client.on('ready', () => {
    if (lastError) logger.info('connected to Redis');
    lastError = undefined;
  });
  client.on('error', (err: unknown) => {
    const why = err instanceof Error ? err.message || err.name : String(err);
    if (lastError !== why) logger.warn({ why }, 'Redis unavailable');
    lastError = why;
  });
  // Connects in the background and keeps reconnecting; a command waits for the first attempt (at
  // most the connect timeout), and after that fails fast while Redis is down.
  const first = client.connect().then(
    () => undefined,
    () => undefined,
  );
  const firstAttempt = Promise.race([first, new Promise<void>((r) => setTimeout(r, 2500).unref())]);

  const run = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      if (!client.isReady) await firstAttempt;
      return await what();
    } catch (err) {
      if (err instanceof StoreUnavailable) throw err;
      throw new StoreUnavailable(
        `Redis is unavailable (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  };
  const read = async (key: string): Promise<ApprovalRecord | undefined> =>
    parseRecord(await run(() => client.hGetAll(key)));

  return {
    create: (request, keepMs) =>
      run(async () => {
        await client
          .multi()
          .hSet(k.approval(request.id), { request: JSON.stringify(request), status: 'pending' })
          .pExpire(k.approval(request.id), keepMs)
          .set(k.call(request.call), request.id, { PX: keepMs })
          .exec();
      }),
    get: (id) => read(k.approval(id)),
    async findByCall(call) {
      const id = await run(() => client.get(k.call(call)));
      return id ? read(k.approval(id)) : undefined;
    },
    forgetCall: (call, id) =>
      run(async () => {
        await client.eval(FORGET, { keys: [k.call(call)], arguments: [id] });
      }),
    transition: (id, from, to, decision) =>
      run(async () => {
        const done = await client.eval(TRANSITION, {
          keys: [k.approval(id)],
          arguments: [from, to, decision ? JSON.stringify(decision) : ''],
        });
        return done === 1;
      }),
    useOnce: (key, ttlMs) =>
      run(async () => (await client.set(k.once(key), '1', { PX: ttlMs, NX: true })) === 'OK'),
    count: (key, windowMs) =>
      run(async () => {
        const now = Date.now();
        const window = Math.floor(now / windowMs);
        const [count] = (await client
          .multi()
          .incr(k.rate(key, window))
          .pExpire(k.rate(key, window), windowMs * 2)
          .exec()) as unknown as [number, unknown];
        return { count: Number(count), resetMs: (window + 1) * windowMs - now };
      }),
    putValue: (key, value, ttlMs) =>
      run(async () => {
        await client.set(k.value(key), value, { PX: ttlMs });
      }),
    getValue: (key, take) =>
      run(
        async () => (take ? await client.getDel(k.value(key)) : await client.get(k.value(key))) ?? undefined,
      ),
    async problem() {
      try {
        await client.ping();
        return undefined;
      } catch (err) {
        return `Redis is unavailable (${lastError ?? (err instanceof Error ? err.message : String(err))})`;
      }
    },
    async close() {
      // quit() waits for a reply: only when connected; otherwise stop reconnecting at once.
      if (client.isReady) await client.quit().catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    },
  };
}
