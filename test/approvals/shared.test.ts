// What Redis shares between replicas besides approvals: a confirmation token works once across
// replicas, and the per-subject rate limit counts the whole service. Two in-process replicas over one
// sandbox and one real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { fastDelays, textOf } from '../helpers/harness.js';
import { connectClient, listTools, post, startRemote, type Remote } from '../remote/helpers.js';
import { haveRedis, startRedis, type TestRedis } from './redis.js';

describe.skipIf(!haveRedis)('Redis shared by replicas', () => {
  let redis: TestRedis;
  let redis2: TestRedis;
  let sandbox: SandboxHandle;
  let a: Remote;
  let b: Remote;
  let la: Remote;
  let lb: Remote;
  const mutations = () =>
    sandbox.requestLog.entries().filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

  beforeAll(async () => {
    redis = await startRedis();
    sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays() });
    const env = { EVS_MCP_REDIS_URL: redis.url };
    [a, b] = await Promise.all([startRemote({ env, sandbox }), startRemote({ env, sandbox })]);
    // Their own Redis: the other pair's requests (same subject, `local`) must not count here.
    redis2 = await startRedis();
    const limited = { EVS_MCP_REDIS_URL: redis2.url, EVS_MCP_RATE_LIMIT: '4' };
    [la, lb] = await Promise.all([
      startRemote({ env: limited, sandbox }),
      startRemote({ env: limited, sandbox }),
    ]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await la?.close();
    await lb?.close();
    await sandbox?.close();
    await redis?.stop();
    await redis2?.stop();
  });

  it('a confirmation token works once across replicas (the second use sends nothing)', async () => {
    const ca = await connectClient(a.url);
    const cb = await connectClient(b.url);
    const list = await ca.callTool({
      name: 'list_disks',
      arguments: { status: 'available', name: 'demo-archive-01' },
    });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    const first = await ca.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const token = (first.structuredContent as { confirm_token: string }).confirm_token;
    // The delete (DeleteVolume, 6.1.3) is sent and fails at EVS, so the disk stays deletable: only
    // single use can refuse the second call.
    sandbox.faults.add({ method: 'DELETE', path: '/v2/*/cloudvolumes/*', status: 400 });
    sandbox.requestLog.clear();
    const used = await ca.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    expect(used.isError, textOf(used)).toBe(true);
    expect(mutations(), textOf(used)).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: expect.stringMatching(new RegExp(`/cloudvolumes/${disk}$`)),
      }),
    ]);
    const again = await cb.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    expect((again.structuredContent as { reason?: string }).reason, textOf(again)).toBe('confirm_token_used');
    expect(mutations()).toHaveLength(1);
    sandbox.faults.clear();
    const line = a.auditLines().find((l) => l.verdict === 'allowed' && l.tool === 'delete_disk');
    expect(line).toMatchObject({ confirmed_by: 'token', model_could_confirm: true });
    await ca.close();
    await cb.close();
  });

  it('the per-subject rate limit counts every replica (4 a minute: 3 on one, 3 on the other)', async () => {
    // The count is per minute window: start well inside one so all six requests land in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const codes: number[] = [];
    for (const r of [la, la, la, lb, lb, lb]) codes.push((await post(r.url, listTools)).status);
    // Per replica, each would have let its three through.
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
