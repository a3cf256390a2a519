// The everyday jobs as a client does them, through a real MCP client against the sandbox, with
// confirmation on (token flow: the test client offers no elicitation). The sandbox's own answers
// (signed GETs) and its request log are the oracle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from '../guardrails/helpers.js';

let h: GuardHarness;
const pid = () => h.app.projectId;
const WEEK_AGO = () => new Date(Date.now() - 7 * 24 * 3600_000).toISOString();

type Disk = { id: string; name: string; status: string; size: number; attachments: unknown[] };
const disks = async () => (await h.get('/volumes/detail')).volumes as Disk[];
const diskNamed = async (name: string) => (await disks()).filter((d) => d.name === name);

async function createDisk(name: string, size = 10, type = 'SAS'): Promise<string> {
  const res = await h.call('cinder_create_disk', {
    availability_zone: h.demo.zone,
    volume_type: type,
    size,
    name,
    wait: true,
  });
  const id = String(structured(res).id);
  if (res.isError || !id) throw new Error(`set-up: ${res.text}`);
  return id;
}

beforeAll(async () => {
  h = await startGuardHarness();
  await h.client.listTools();
});
afterAll(async () => {
  await h.close();
});

describe('How much SSD can I still create?', () => {
  it('one call answers with the smaller of the SSD and project quotas', async () => {
    const res = await h.call('get_quota_headroom', {});
    const s = structured(res) as { by_type: Record<string, { gigabytes?: { remaining: number } }> };
    const raw = (await h.get(`/os-quota-sets/${pid()}`, { usage: 'True' })).quota_set as Record<
      string,
      { limit: number; in_use: number; reserved?: number }
    >;
    const left = (q: { limit: number; in_use: number; reserved?: number }) =>
      q.limit - q.in_use - (q.reserved ?? 0);
    expect(s.by_type.SSD?.gigabytes?.remaining).toBe(
      Math.min(left(raw.gigabytes_SSD!), left(raw.gigabytes!)),
    );
    expect(res.text).toMatch(/SSD: .* GB/);
  });
});

describe('list_disks filters EVS does not have', () => {
  it('created_before, attached and tags are applied by the server over the pages read, and it says so', async () => {
    const fresh = await createDisk('wf-fresh');
    const res = await h.call('list_disks', { created_before: WEEK_AGO(), attached: false });
    const s = structured(res) as { volumes: Disk[]; local_filter: { applied: string[]; matched: number } };
    const names = s.volumes.map((v) => v.name).sort();
    expect(names).toEqual(['demo-archive-01', 'demo-broken-01', 'demo-data-01']);
    expect(s.volumes.map((v) => v.id)).not.toContain(fresh);
    expect(s.local_filter.applied).toEqual(['created_before', 'attached']);
    expect(res.text).toMatch(/Filtered here on created_before, attached \(EVS has no such filter\): 3 of/);
    // Nothing of the local filters reaches EVS.
    const sent = h.sandbox.requestLog
      .entries()
      .filter((e) => e.path.endsWith('/cloudvolumes/detail'))
      .at(-1);
    expect(JSON.stringify(sent)).not.toMatch(/created_before|attached/);
    const prod = structured(await h.call('list_disks', { tags: { env: 'prod' } })) as { volumes: Disk[] };
    expect(prod.volumes.map((v) => v.name).sort()).toEqual(['demo-shared-01', 'demo-system-01']);
    const bad = await h.call('list_disks', { created_before: 'last week' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/ISO 8601/);
  });
});

describe('Delete all unattached disks older than a week', () => {
  it('one confirmation lists every disk and what is lost; each is pre-flighted; per-disk results', async () => {
    const old = (
      structured(await h.call('list_disks', { created_before: WEEK_AGO(), attached: false })) as {
        volumes: Disk[];
      }
    ).volumes;
    const ids = old.map((v) => v.id);
    expect(ids.length).toBe(3);
    h.sandbox.requestLog.clear();
    // DeleteVolume keeps a disk that has snapshots: the list is refused, naming the snapshot, and nothing is sent.
    const held = await h.call('batch_delete_disks', { volume_ids: ids });
    expect(structured(held).refused, held.text).toBe(true);
    expect(held.text).toMatch(/demo-data-01-daily/);
    expect(h.mutations()).toEqual([]);
    // The snapshots go first, each confirmed on its own.
    for (const id of ids) {
      const snaps = structured(await h.call('list_snapshots', { volume_id: id })) as {
        snapshots: { id: string }[];
      };
      for (const snap of snaps.snapshots) {
        const q = structured(await h.call('delete_snapshot', { snapshot_id: snap.id })) as {
          confirm_token: string;
        };
        const del = await h.call('delete_snapshot', {
          snapshot_id: snap.id,
          confirm_token: q.confirm_token,
          wait: true,
        });
        expect(del.isError, del.text).toBeFalsy();
      }
    }
    h.sandbox.requestLog.clear();
    const ask = await h.call('batch_delete_disks', { volume_ids: ids });
    const s = structured(ask) as {
      confirmation_required: boolean;
      confirm_token: string;
      plan: { details: string[] };
    };
    expect(s.confirmation_required, ask.text).toBe(true);
    expect(s.plan.details).toHaveLength(3);
    for (const d of old) expect(ask.text).toContain(d.id);
    expect(ask.text).toMatch(/data on it is lost for good/);
    expect(h.mutations()).toEqual([]);
    // Each disk was read before the plan was made.
    for (const id of ids)
      expect(h.sandbox.requestLog.entries().some((e) => e.path.endsWith(`/cloudvolumes/${id}`))).toBe(true);
    const done = await h.call('batch_delete_disks', {
      volume_ids: ids,
      confirm_token: s.confirm_token,
      wait: true,
    });
    const r = structured(done) as {
      items: { id: string; ok: boolean; wait?: { settled: boolean } }[];
      succeeded: number;
    };
    expect(done.isError, done.text).toBeFalsy();
    expect(r.succeeded).toBe(3);
    expect(r.items.map((i) => i.id)).toEqual(ids);
    expect(r.items.every((i) => i.ok && i.wait?.settled)).toBe(true);
    expect((await disks()).map((d) => d.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(h.mutations().filter((m) => m.method === 'DELETE')).toHaveLength(3);
    // One audit line per disk sent, each confirmed by the token.
    const lines = h.audit().filter((l) => l.tool === 'delete_disk' && l.verdict === 'allowed');
    expect(lines.slice(-3).map((l) => l.confirmed_by)).toEqual(['token', 'token', 'token']);
  });

  it("the token binds every item's state: a change to one disk makes it stale", async () => {
    const a = await createDisk('wf-stale-a');
    const b = await createDisk('wf-stale-b');
    const ask = structured(await h.call('batch_delete_disks', { volume_ids: [a, b] })) as {
      confirm_token: string;
    };
    await h.call('cinder_update_disk', { volume_id: b, name: 'wf-stale-b2' });
    h.sandbox.requestLog.clear();
    const again = await h.call('batch_delete_disks', {
      volume_ids: [a, b],
      confirm_token: ask.confirm_token,
    });
    expect(structured(again).reason, again.text).toBe('confirm_token_stale');
    expect(h.mutations().filter((m) => m.method === 'DELETE')).toEqual([]);
  });

  it('one item that fails a precondition refuses the whole list, naming it; nothing is sent', async () => {
    const free = await createDisk('wf-free');
    h.sandbox.requestLog.clear();
    const res = await h.call('batch_delete_disks', { volume_ids: [free, h.demo.disks.system] });
    expect(structured(res).refused, res.text).toBe(true);
    expect(res.text).toContain(h.demo.disks.system);
    expect(res.text).not.toMatch(new RegExp(`${free}"?\\)?: Refused`));
    expect(h.mutations()).toEqual([]);
  });

  it('a partial failure names which disks were deleted and which failed', async () => {
    const ok1 = await createDisk('wf-part-1');
    const bad = await createDisk('wf-part-2');
    const ok2 = await createDisk('wf-part-3');
    const ask = structured(await h.call('batch_delete_disks', { volume_ids: [ok1, bad, ok2] })) as {
      confirm_token: string;
    };
    h.sandbox.faults.add({
      method: 'DELETE',
      path: `/v2/${pid()}/cloudvolumes/${bad}`,
      status: 400,
      times: 1,
    });
    const res = await h.call('batch_delete_disks', {
      volume_ids: [ok1, bad, ok2],
      confirm_token: ask.confirm_token,
    });
    h.sandbox.faults.clear();
    const s = structured(res) as {
      items: { id: string; ok: boolean; error?: { message: string } }[];
      succeeded: number;
      failed: number;
    };
    expect(res.isError).toBe(true);
    expect(s.items.map((i) => [i.id, i.ok])).toEqual([
      [ok1, true],
      [bad, false],
      [ok2, true],
    ]);
    expect(s).toMatchObject({ succeeded: 2, failed: 1 });
    expect(res.text).toMatch(new RegExp(`${bad}: FAILED`));
    expect(res.text).toMatch(new RegExp(`${ok1}: done`));
  });

  it('dry run lists every request and the plan, and sends nothing', async () => {
    const a = await createDisk('wf-dry-a');
    const b = await createDisk('wf-dry-b');
    h.sandbox.requestLog.clear();
    const res = await h.call('batch_delete_disks', { volume_ids: [a, b], dry_run: true });
    const s = structured(res) as {
      verdict: string;
      requests: { url: string }[];
      plan: { details: string[] };
    };
    expect(s.verdict).toBe('would_need_confirmation');
    expect(s.requests.map((r) => r.url.split('/').at(-1))).toEqual([a, b]);
    expect(s.plan.details).toHaveLength(2);
    expect(h.mutations()).toEqual([]);
  });
});

describe('Snapshot every disk tagged env=prod and tell me when done', () => {
  it('one batch call with wait: each disk snapshotted, per-disk outcome', async () => {
    const prod = (structured(await h.call('list_disks', { tags: { env: 'prod' } })) as { volumes: Disk[] })
      .volumes;
    const ids = prod.map((d) => d.id);
    const res = await h.call('batch_create_snapshots', {
      volume_ids: ids,
      name: 'before-upgrade',
      wait: true,
    });
    const s = structured(res) as {
      items: {
        id: string;
        ok: boolean;
        result: { id: string };
        wait: { settled: boolean; status: string };
      }[];
    };
    expect(res.isError, res.text).toBeFalsy();
    expect(s.items.map((i) => [i.id, i.ok, i.wait.status])).toEqual(ids.map((id) => [id, true, 'available']));
    const snaps = (await h.get('/snapshots/detail')).snapshots as {
      id: string;
      volume_id: string;
      status: string;
      name: string;
    }[];
    for (const i of s.items)
      expect(snaps.find((x) => x.id === i.result.id)).toMatchObject({
        volume_id: i.id,
        status: 'available',
        name: 'before-upgrade',
      });
  });

  it('an autobk_snapshot_ name is refused for the batch; nothing is sent', async () => {
    const pair = [await createDisk('wf-autobk-1'), await createDisk('wf-autobk-2')];
    h.sandbox.requestLog.clear();
    const res = await h.call('batch_create_snapshots', {
      volume_ids: pair,
      name: 'autobk_snapshot_x',
    });
    expect(structured(res)).toMatchObject({ refused: true, reason: 'autobk_name' });
    expect(h.mutations()).toEqual([]);
  });

  it('the quota is judged on the sum of the batch', async () => {
    // 2 snapshots left: a batch of 3 is refused, with each disk's need counted.
    const used = ((await h.get('/snapshots/detail')).snapshots as unknown[]).length;
    h.sandbox.setQuota(pid(), 'snapshots', used + 2);
    try {
      const three = [await createDisk('wf-q-1'), await createDisk('wf-q-2'), await createDisk('wf-q-3')];
      const res = await h.call('batch_create_snapshots', { volume_ids: three, dry_run: true });
      expect(structured(res).verdict, res.text).toBe('would_refuse');
      expect(res.text).toMatch(/snapshots needs 1 snapshot\(s\), 0 left/);
      const two = await h.call('batch_create_snapshots', { volume_ids: three.slice(0, 2), dry_run: true });
      expect(structured(two).verdict, two.text).toBe('would_send');
    } finally {
      h.sandbox.setQuota(pid(), 'snapshots', 10);
    }
  });
});

describe('Grow disk db-01 to 200 GB', () => {
  it('takes the name, grows it, and reminds to grow the filesystem in the guest', async () => {
    const id = await createDisk('db-01', 100);
    const res = await h.call('extend_disk', { volume_id: 'db-01', new_size: 200, wait: true });
    expect(res.isError, res.text).toBeFalsy();
    expect(structured(res)).toMatchObject({ volume_id: id, new_size: 200 });
    expect(res.text).toMatch(/grow the partition and filesystem inside the guest/);
    expect(structured(res).checks).toEqual(
      expect.arrayContaining([expect.stringContaining(`"db-01" is disk ${id}`)]),
    );
    expect((await diskNamed('db-01'))[0]?.size).toBe(200);
  });

  it('an ambiguous name is refused with its candidates; nothing is sent', async () => {
    const a = await createDisk('db-02');
    const b = await createDisk('db-02');
    h.sandbox.requestLog.clear();
    const res = await h.call('extend_disk', { volume_id: 'db-02', new_size: 50 });
    expect(structured(res)).toMatchObject({ refused: true, reason: 'name_ambiguous' });
    expect(res.text).toContain(a);
    expect(res.text).toContain(b);
    expect(h.mutations()).toEqual([]);
    const batch = await h.call('batch_delete_disks', { volume_ids: ['db-02'] });
    expect(structured(batch)).toMatchObject({ refused: true, reason: 'name_ambiguous' });
  });

  it('a name look-up that fails refuses the call (fail closed)', async () => {
    await createDisk('db-03');
    h.sandbox.faults.add({ method: 'GET', path: `/v2/${pid()}/cloudvolumes/detail`, status: 403 });
    h.sandbox.requestLog.clear();
    try {
      const res = await h.call('extend_disk', { volume_id: 'db-03', new_size: 50 });
      expect(structured(res)).toMatchObject({ refused: true, reason: 'check_failed' });
      expect(res.text).toMatch(/evs:volumes:list/);
      expect(h.mutations()).toEqual([]);
    } finally {
      h.sandbox.faults.clear();
    }
  });
});
