// Metadata keys outside A-Z a-z 0-9 - . _ ~ through the one-key tools, end to end: set, read, delete on a
// disk and a snapshot. Every request is signed and verified by the sandbox, and its request log shows the key
// arrived as one path segment that decodes to exactly the key given (encoded once, never twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { callTool } from '../security/hostile-values.js';
import { call, must } from './helpers.js';

const KEYS: readonly (readonly [key: string, wire: string])[] = [
  ['数据', '%E6%95%B0%E6%8D%AE'],
  ['a*b', 'a*b'],
  ['k e y', 'k%20e%20y'],
];

let h: Harness;
let volumeId = '';
let snapshotId = '';

beforeAll(async () => {
  h = await startHarness({ env: { EVS_MCP_TOOLSETS: 'all', EVS_MCP_CONFIRMATION: 'off' } });
  // Listing first, so the client checks every structured result against the advertised output schema.
  await h.client.listTools();
  const zone = ((await must(h, 'list_availability_zones', {})).zones as { name: string }[])[0]?.name ?? '';
  const job = await must(h, 'create_disks', {
    availability_zone: zone,
    volume_type: 'SSD',
    size: 10,
    name: 'metadata-keys',
    count: 2, // a batch, so the job lists its disks in sub_jobs
    wait: true,
  });
  const sub = (await must(h, 'get_job', { job_id: String(job.job_id) })).sub_jobs as { volume_ids: string[] };
  volumeId = sub.volume_ids[0] ?? '';
  snapshotId = String(
    (await must(h, 'cinder_create_snapshot', { volume_id: volumeId, name: 'keys', wait: true })).id,
  );
});
afterAll(async () => {
  await h?.close();
});

const TARGETS = [
  { kind: 'disk', tools: 'disk', id: () => ({ volume_id: volumeId }), path: 'volumes' },
  { kind: 'snapshot', tools: 'snapshot', id: () => ({ snapshot_id: snapshotId }), path: 'snapshots' },
] as const;

/** The requests since `before` whose path is `/v2/{project}/{collection}/{id}/metadata/{segment}`. */
function keyRequests(before: number, collection: string, id: string) {
  return h.sandbox.requestLog
    .since(before)
    .map((e) => ({ ...e, segments: e.path.split('/') }))
    .filter((e) => e.segments.length === 7 && e.segments[3] === collection && e.segments[4] === id);
}

describe.each(TARGETS)('$kind metadata, one key at a time', (t) => {
  it.each(KEYS)('%j: set, read, delete', async (key, wire) => {
    const target = t.id();
    const id = Object.values(target)[0] as string;
    const before = h.sandbox.requestLog.total();

    const set = await must(h, `set_${t.tools}_metadata_key`, { ...target, key, value: `value of ${key}` });
    expect(set).toMatchObject({ key, value: `value of ${key}` });
    const got = await must(h, `get_${t.tools}_metadata_key`, { ...target, key });
    expect(got).toMatchObject({ key, value: `value of ${key}` });
    const all = await must(h, `get_${t.tools}_metadata`, target);
    expect((all.metadata as Record<string, string>)[key]).toBe(`value of ${key}`);
    const del = await call(h, `delete_${t.tools}_metadata_key`, { ...target, key });
    expect(del.isError, del.text).toBeFalsy();

    const sent = keyRequests(before, t.path, id);
    expect(sent.map((e) => `${e.method} ${e.status}`)).toEqual(
      expect.arrayContaining(['PUT 200', 'GET 200', 'DELETE 200']),
    );
    for (const e of sent) {
      // Signed correctly (the sandbox verified it), sent encoded once, and decoded to the very key.
      expect(e.outcome, `${e.method} ${e.path}`).not.toBe('rejected_auth');
      expect(e.segments[5]).toBe('metadata');
      expect(e.segments[6], e.path).toBe(wire);
      expect(decodeURIComponent(e.segments[6] ?? '')).toBe(key);
    }

    // Gone: reading it again is an EVS error, and the disk or snapshot itself is still there.
    const after = await callTool(h.client, `get_${t.tools}_metadata_key`, { ...target, key });
    expect(after.isError, after.text).toBe(true);
    expect(after.text).toMatch(/HTTP 404/);
    await must(h, t.kind === 'disk' ? 'legacy_get_vendor_disk' : 'cinder_get_snapshot', target);
  });
});
