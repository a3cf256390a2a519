// List order and paging through changes: every list reads disks and snapshots newest first (created_at
// desc, equal times in creation order), by marker and by offset, and keeps that order through deletes,
// transfers, a recycle-bin revert and a restart from the state file. The expected order is computed
// here from what the API returned when each record was created.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start } from './helpers.js';

interface Made {
  id: string;
  created_at: string;
  /** Creation order: breaks ties between equal created_at. */
  n: number;
}

const dir = mkdtempSync(join(tmpdir(), 'evs-list-order-'));
const stateFile = join(dir, 'state.json');
let h: SandboxHandle;
let a: SandboxProject;
let b: SandboxProject;
let made = 0;
const disks: Record<string, Made[]> = {};
const snapshots: Made[] = [];

/** Newest first by created_at, then the later-created first, as created_at desc with stable ties. */
const newestFirst = (xs: Made[]): string[] =>
  [...xs]
    .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : y.n - x.n))
    .map((x) => x.id);

async function createDisk(p: SandboxProject, name: string): Promise<Made> {
  const r = await call(h, p, 'POST', `/v2/${p.id}/volumes`, { body: createBody({ name }) });
  expect(r.status).toBe(202);
  const m = { id: r.body.volume.id, created_at: r.body.volume.created_at, n: made++ };
  (disks[p.id] ??= []).push(m);
  return m;
}

type Body = Record<string, unknown> & { volumes?: { id: string }[]; snapshots?: { id: string }[] };

/** Every id of a list, following the `rel: next` links (marker paging) from `limit`-sized pages. */
async function byMarker(p: SandboxProject, path: string, query: Record<string, string>, key: string) {
  const ids: string[] = [];
  let q: Record<string, string> = { ...query };
  for (let pages = 0; pages < 100; pages++) {
    const r = await call<Body>(h, p, 'GET', path, { query: q });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ids.push(...(r.body[key] as { id: string }[]).map((x) => x.id));
    const next = (r.body[`${key}_links`] as { href: string; rel: string }[] | undefined)?.find(
      (l) => l.rel === 'next',
    );
    if (!next) return ids;
    q = Object.fromEntries(new URL(next.href).searchParams);
  }
  throw new Error('more than 100 pages');
}

/** Every id of a list, by offset steps of `limit`. */
async function byOffset(p: SandboxProject, path: string, query: Record<string, string>, key: string) {
  const ids: string[] = [];
  const limit = Number(query.limit);
  for (let offset = 0; ; offset += limit) {
    const r = await call<Body>(h, p, 'GET', path, { query: { ...query, offset: String(offset) } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = (r.body[key] as { id: string }[]).map((x) => x.id);
    ids.push(...page);
    if (page.length < limit) return ids;
  }
}

const code = (body: unknown): string | undefined => {
  const b = body as { error?: { code?: string }; badRequest?: { code?: string } };
  return b.error?.code ?? b.badRequest?.code;
};

beforeAll(async () => {
  h = await start({ stateFile });
  [a, b] = h.projects as [SandboxProject, SandboxProject];
  // Eight instants with three disks each (equal created_at within an instant), then two in project B.
  for (let g = 0; g < 8; g++) {
    for (let i = 0; i < 3; i++) await createDisk(a, `group${g}`);
    h.clock.advance(1000);
  }
  await createDisk(b, 'other');
  await createDisk(b, 'other');
  h.clock.advance(10);
  // Snapshots of three disks, several at the same instant.
  for (let g = 0; g < 4; g++) {
    for (const disk of disks[a.id]!.slice(0, 3)) {
      const r = await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
        body: { snapshot: { volume_id: disk.id, name: `snap${g}` } },
      });
      expect(r.status).toBe(202);
      snapshots.push({ id: r.body.snapshot.id, created_at: r.body.snapshot.created_at, n: made++ });
    }
    h.clock.advance(1000);
  }
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('list order', () => {
  it('pages every disk list newest first by marker and by offset, and oldest first with sort_dir=asc', async () => {
    const desc = newestFirst(disks[a.id]!);
    const asc = [...desc].reverse();
    const lists = [
      `/v2/${a.id}/cloudvolumes/detail`,
      `/v2/${a.id}/cloudvolumes`,
      `/v2/${a.id}/volumes/detail`,
      `/v2/${a.id}/volumes`,
    ];
    for (const path of lists) {
      expect(await byMarker(a, path, { limit: '5' }, 'volumes'), path).toEqual(desc);
      expect(await byOffset(a, path, { limit: '5' }, 'volumes'), path).toEqual(desc);
      const up = { limit: '7', sort_key: 'created_at', sort_dir: 'asc' };
      expect(await byMarker(a, path, up, 'volumes'), path).toEqual(asc);
      expect(await byOffset(a, path, up, 'volumes'), path).toEqual(asc);
    }
    const first = await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`, { query: { limit: '4' } });
    expect(first.body.count).toBe(desc.length);
    // Marker and offset together: the offset counts from the record after the marker.
    const both = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      query: { marker: desc[3]!, offset: '2', limit: '3' },
    });
    expect(both.body.volumes.map((v: { id: string }) => v.id)).toEqual(desc.slice(6, 9));
  });

  it('pages a filtered list in the same order, the marker counted within the matches', async () => {
    const group = (g: number) => disks[a.id]!.filter((_, i) => Math.floor(i / 3) === g);
    const named = newestFirst(group(5));
    expect(
      await byMarker(a, `/v2/${a.id}/cloudvolumes/detail`, { name: 'group5', limit: '2' }, 'volumes'),
    ).toEqual(named);
    const after = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      query: { name: 'group5', marker: named[0]! },
    });
    expect(after.body.volumes.map((v: { id: string }) => v.id)).toEqual(named.slice(1));
    // A disk that exists but is not among the matches is not a marker of this list.
    const outside = await call(h, a, 'GET', `/v2/${a.id}/volumes`, {
      query: { name: 'group5', marker: group(4)[0]!.id },
    });
    expect([outside.status, code(outside.body)]).toEqual([400, 'EVS.1024']);
  });

  it("refuses a marker that is unknown or another project's disk (EVS.1024), in both API families", async () => {
    const foreign = disks[b.id]![0]!.id;
    for (const marker of ['00000000-0000-4000-8000-000000000000', foreign, 'constructor', '__proto__']) {
      for (const path of [`/v2/${a.id}/cloudvolumes/detail`, `/v2/${a.id}/volumes`]) {
        const r = await call(h, a, 'GET', path, { query: { marker } });
        expect([r.status, code(r.body)], `${path} ${marker}`).toEqual([400, 'EVS.1024']);
      }
    }
    expect(await byMarker(b, `/v2/${b.id}/volumes`, { limit: '1' }, 'volumes')).toEqual(
      newestFirst(disks[b.id]!),
    );
  });

  it('pages snapshots newest first (7.3.4 and 7.3.5 by marker and offset, the current API by offset)', async () => {
    const desc = newestFirst(snapshots);
    for (const path of [`/v2/${a.id}/snapshots`, `/v2/${a.id}/snapshots/detail`]) {
      expect(await byMarker(a, path, { limit: '5' }, 'snapshots'), path).toEqual(desc);
      expect(await byOffset(a, path, { limit: '5' }, 'snapshots'), path).toEqual(desc);
      const r = await call(h, a, 'GET', path, { query: { marker: disks[a.id]![0]!.id } });
      expect([r.status, code(r.body)], path).toEqual([400, 'EVS.1024']);
    }
    const cloud = `/v2/${a.id}/cloudsnapshots/detail`;
    expect(await byOffset(a, cloud, { limit: '5' }, 'snapshots')).toEqual(desc);
    expect((await call(h, a, 'GET', cloud, { query: { limit: '1' } })).body.count).toBe(desc.length);
    const named = await call(h, a, 'GET', cloud, { query: { name: 'snap2' } });
    expect(named.body.count).toBe(3);
    expect(named.body.snapshots.map((s: { id: string }) => s.id)).toEqual(newestFirst(snapshots.slice(6, 9)));
    // A deleted snapshot leaves the lists; the rest keep their order.
    const gone = desc[4]!;
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/snapshots/${gone}`)).status).toBe(202);
    h.clock.advance(10);
    const rest = desc.filter((id) => id !== gone);
    expect(await byMarker(a, `/v2/${a.id}/snapshots/detail`, { limit: '4' }, 'snapshots')).toEqual(rest);
    expect(await byOffset(a, cloud, { limit: '4' }, 'snapshots')).toEqual(rest);
    snapshots.splice(
      snapshots.findIndex((s) => s.id === gone),
      1,
    );
  });

  it('keeps the order through deletes, a transfer and a recycle-bin revert', async () => {
    const mine = disks[a.id]!;
    // Two disks from the middle, deleted (7.1.2 and 6.1.3); neither carries a snapshot.
    const [x, y] = [mine[10]!, mine[16]!];
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/volumes/${x.id}`)).status).toBe(202);
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/cloudvolumes/${y.id}`)).status).toBe(200);
    h.clock.advance(100);
    mine.splice(mine.indexOf(y), 1);
    mine.splice(mine.indexOf(x), 1);
    const marker = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { query: { marker: x.id } });
    expect([marker.status, code(marker.body)]).toEqual([400, 'EVS.1024']);
    expect(await byMarker(a, `/v2/${a.id}/cloudvolumes/detail`, { limit: '6' }, 'volumes')).toEqual(
      newestFirst(mine),
    );

    // A transfer moves an older disk of A among B's newer ones: it goes where its created_at puts it.
    const moved = mine[7]!;
    const t = await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
      body: { transfer: { volume_id: moved.id, name: 'to b' } },
    });
    expect(t.status).toBe(202);
    const accepted = await call(h, b, 'POST', `/v2/${b.id}/os-volume-transfer/${t.body.transfer.id}/accept`, {
      body: { accept: { auth_key: t.body.transfer.auth_key } },
    });
    expect(accepted.status).toBe(202);
    mine.splice(mine.indexOf(moved), 1);
    disks[b.id]!.push(moved);
    expect(await byMarker(a, `/v2/${a.id}/volumes`, { limit: '6' }, 'volumes')).toEqual(newestFirst(mine));
    expect(await byMarker(b, `/v2/${b.id}/volumes/detail`, { limit: '1' }, 'volumes')).toEqual(
      newestFirst(disks[b.id]!),
    );

    // The recycle bin keeps a deleted disk (old enough: the clock moves two days); reverted, it comes back
    // at its own place in the order, not as the newest.
    h.clock.advance(2 * 86_400_000);
    const policy = await call(h, a, 'PUT', `/v3/${a.id}/recycle-bin-volumes/policy`, {
      body: { switch: true, threshold_time: 1, keep_time: 7 },
    });
    expect(policy.status).toBe(204);
    const binned = mine[12]!;
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/volumes/${binned.id}`)).status).toBe(202);
    h.clock.advance(100);
    const without = newestFirst(mine.filter((m) => m !== binned));
    expect(await byOffset(a, `/v2/${a.id}/volumes`, { limit: '50' }, 'volumes')).toEqual(without);
    const reverted = await call(h, a, 'POST', `/v3/${a.id}/recycle-bin-volumes/${binned.id}/revert`);
    expect(reverted.status).toBe(204);
    expect(await byMarker(a, `/v2/${a.id}/cloudvolumes/detail`, { limit: '4' }, 'volumes')).toEqual(
      newestFirst(mine),
    );
  });

  it('keeps the same order after a restart from the state file', async () => {
    const before = {
      a: await byMarker(a, `/v2/${a.id}/volumes`, { limit: '1000' }, 'volumes'),
      b: await byMarker(b, `/v2/${b.id}/volumes`, { limit: '1000' }, 'volumes'),
      snaps: await byMarker(a, `/v2/${a.id}/snapshots`, { limit: '1000' }, 'snapshots'),
    };
    expect(before.a).toEqual(newestFirst(disks[a.id]!));
    await h.close();
    h = await start({ stateFile });
    expect(await byMarker(a, `/v2/${a.id}/volumes`, { limit: '3' }, 'volumes')).toEqual(before.a);
    expect(await byOffset(a, `/v2/${a.id}/cloudvolumes/detail`, { limit: '3' }, 'volumes')).toEqual(before.a);
    expect(await byMarker(b, `/v2/${b.id}/volumes`, { limit: '1' }, 'volumes')).toEqual(before.b);
    expect(await byMarker(a, `/v2/${a.id}/snapshots/detail`, { limit: '2' }, 'snapshots')).toEqual(
      before.snaps,
    );
    expect(before.snaps).toEqual(newestFirst(snapshots));
  });
});
