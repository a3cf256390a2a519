// 200 concurrent mutating calls on one disk through one server: no crash, every call answered once,
// the disk's state is what the calls made it, and the audit log has one intact line per call.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterAll(() => h?.close());

it('200 concurrent changes to one disk: all answered, state consistent, audit intact', async () => {
  const audit = join(mkdtempSync(join(tmpdir(), 'evs-concurrency-')), 'audit.jsonl');
  h = await startHarness({
    env: { EVS_MCP_AUDIT_LOG: audit, EVS_MCP_CONFIRMATION: 'off', EVS_MCP_TOOLSETS: 'all' },
  });
  const listed = await h.client.callTool({ name: 'list_disks', arguments: { status: 'available' } });
  const volume_id = (listed.structuredContent as { volumes: { id: string }[] }).volumes[0]!.id;
  const before = h.sandbox.requestLog.total();

  const N = 200;
  const calls = Array.from({ length: N }, (_, i) =>
    i % 2 === 0
      ? { name: 'set_disk_metadata_key', arguments: { volume_id, key: `k${i}`, value: `v${i}` } }
      : { name: 'cinder_update_disk', arguments: { volume_id, name: `name-${i}` } },
  );
  const results = await Promise.all(calls.map((c) => h!.client.callTool(c)));
  const failed = results.map((r, i) => [i, r] as const).filter(([, r]) => r.isError);
  expect(failed.map(([i, r]) => `${calls[i]!.name}: ${textOf(r)}`)).toEqual([]);

  // Sent exactly once each.
  const writes = h.sandbox.requestLog.since(before).filter((e) => e.method === 'PUT');
  expect(writes).toHaveLength(N);
  expect(writes.every((e) => e.status < 300)).toBe(true);

  // The state the calls made: every metadata key with its value, and a name one of the calls set.
  const meta = await h.client.callTool({ name: 'get_disk_metadata', arguments: { volume_id } });
  const metadata = (meta.structuredContent as { metadata: Record<string, string> }).metadata;
  for (let i = 0; i < N; i += 2) expect(metadata[`k${i}`], `k${i}`).toBe(`v${i}`);
  const disk = await h.client.callTool({ name: 'legacy_get_vendor_disk', arguments: { volume_id } });
  const name = (disk.structuredContent as { name: string }).name;
  expect(calls.filter((c) => c.name === 'cinder_update_disk').map((c) => c.arguments.name)).toContain(name);

  // One intact JSON line per call, each naming a request the sandbox saw.
  const lines = readFileSync(audit, 'utf8').trimEnd().split('\n');
  const entries = lines.map(
    (l) => JSON.parse(l) as { tool: string; verdict: string; request_id?: string; outcome: { ok?: boolean } },
  );
  expect(entries).toHaveLength(N);
  expect(entries.every((e) => e.verdict === 'allowed' && e.outcome.ok === true)).toBe(true);
  const seen = new Set(writes.map((e) => e.requestId));
  expect(entries.filter((e) => !e.request_id || !seen.has(e.request_id))).toEqual([]);
  expect(new Set(entries.map((e) => e.request_id)).size).toBe(N);
  await expect(h.client.ping()).resolves.toBeDefined();
}, 120_000);
