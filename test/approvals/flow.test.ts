// The approval gate over a real Redis: one approval per call, used once even by racing replicas,
// refused once expired (controllable clock), stale, declined, or while Redis is down.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalGate, type ApprovalGate, type ApprovalOutcome } from '../../src/approvals/flow.js';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { SharedStore } from '../../src/approvals/types.js';
import type { GuardContext } from '../../src/mcp/guardrails/guard.js';
import type { ConfirmationPlan } from '../../src/mcp/guardrails/plan.js';
import { haveRedis, startRedis, type TestRedis } from './redis.js';

const plan: ConfirmationPlan = {
  summary: 'Delete disk d1.',
  details: ['100 GB'],
  request: { method: 'DELETE', url: '/v2/p/volumes/d1' },
};
const ctx = (volume: string, progress?: string) =>
  ({
    spec: { tool: 'delete_disk', section: '7.x' },
    args: { volume_id: volume },
    engine: {},
    extra: {
      ...(progress ? { _meta: { progressToken: progress } } : {}),
      sendNotification: async () => {},
      signal: new AbortController().signal,
    },
  }) as unknown as GuardContext;
const subject = (state = 's1') => ({ principal: 'caller=agent', requester: 'agent', state });

describe.skipIf(!haveRedis)('approval gate with Redis', () => {
  let redis: TestRedis;
  let store: SharedStore;
  let gate: ApprovalGate;
  let now = 1_800_000_000_000;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    redis = await startRedis();
    store = createRedisStore(redis.url, pino({ level: 'silent' }));
    gate = createApprovalGate({
      store,
      ttlMs: 60_000,
      linkFor: (id) => `https://evs.example/approvals/${id}`,
      waitBudgetMs: 1000,
      pollMs: 1,
      now: () => now,
      sleep: async () => {
        now += 100;
      },
    });
  });
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
  });

  const ask = async (volume: string, state = 's1') => {
    // No announce here, so never a fallback.
    const out = (await gate.confirm(ctx(volume), () => plan, [], subject(state))) as Exclude<
      ApprovalOutcome,
      { fallback: string }
    >;
    if (!out.go) {
      const s = out.result.structuredContent as { approval_id?: string };
      if (s.approval_id) ids.set(volume, s.approval_id);
    }
    return out;
  };

  it('files one approval per call and answers approval_required with a link, never a token', async () => {
    const first = await ask('d1');
    expect(first.go).toBe(false);
    const s = !first.go ? (first.result.structuredContent as Record<string, unknown>) : {};
    expect(s.approval_required).toBe(true);
    expect(s.approval_url).toBe(`https://evs.example/approvals/${ids.get('d1')}`);
    expect(JSON.stringify(first)).not.toContain('confirm_token');
    const again = await ask('d1');
    expect(!again.go && (again.result.structuredContent as { approval_id: string }).approval_id).toBe(
      ids.get('d1'),
    );
  });

  it('runs once approved on the state the approver saw, and only once across racing callers', async () => {
    await ask('d2');
    const id = ids.get('d2')!;
    expect(await store.transition(id, 'pending', 'approved', { by: 'alice', at: now, state: 's1' })).toBe(
      true,
    );
    const [a, b] = await Promise.all([ask('d2'), ask('d2')]);
    expect([a, b].filter((x) => x.go)).toHaveLength(1);
    const loser = [a, b].find((x) => !x.go)!;
    // The loser either saw it used, or (if it came after the winner forgot the pointer) filed anew.
    expect(loser.go ? '' : loser.verdict).toMatch(/^(refused:approval_used|approval_required)$/);
    expect((await store.get(id))?.status).toBe('used');
  });

  it('refuses a stale approval (the target changed after approval)', async () => {
    await ask('d3');
    await store.transition(ids.get('d3')!, 'pending', 'approved', { by: 'alice', at: now, state: 's1' });
    const out = await ask('d3', 's2');
    expect(out.go ? '' : out.verdict).toBe('refused:approval_stale');
  });

  it('refuses a declined approval', async () => {
    await ask('d4');
    await store.transition(ids.get('d4')!, 'pending', 'declined', { by: 'alice', at: now, state: 's1' });
    const out = await ask('d4');
    expect(out.go ? '' : out.verdict).toBe('refused:approval_declined');
  });

  it('refuses an expired approval, even an approved one (controllable clock)', async () => {
    await ask('d5');
    await store.transition(ids.get('d5')!, 'pending', 'approved', { by: 'alice', at: now, state: 's1' });
    now += 60_001;
    const out = await ask('d5');
    expect(out.go ? '' : out.verdict).toBe('refused:approval_expired');
    // The next call asks afresh.
    expect((await ask('d5')).go ? '' : 'filed').toBe('filed');
  });

  it('waits for the decision within the wait budget when the caller asked for progress', async () => {
    await ask('d6');
    const id = ids.get('d6')!;
    const notes: string[] = [];
    const c = ctx('d6', 'p1');
    (c.extra as { sendNotification: unknown }).sendNotification = async (n: {
      params: { message: string };
    }) => {
      notes.push(n.params.message);
      if (notes.length === 3)
        await store.transition(id, 'pending', 'approved', { by: 'alice', at: now, state: 's1' });
    };
    const out = await gate.confirm(c, () => plan, [], subject());
    expect(out.go).toBe(true);
    expect(notes[0]).toContain(`approvals/${id}`);
  });

  it('refuses every confirmed call while Redis is down (fail closed)', async () => {
    await redis.stop();
    const out = await ask('d7');
    expect(out.go ? '' : out.verdict).toBe('refused:approval_store_unavailable');
    expect(await store.problem()).toMatch(/Redis is unavailable/);
  });
});
