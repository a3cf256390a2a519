// Disk transfers between two isolated projects (7.4.x).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
let b: SandboxProject;

beforeAll(async () => {
  h = await start();
  [a, b] = h.projects as [SandboxProject, SandboxProject];
});
afterAll(() => h.close());

async function disk(p: SandboxProject) {
  const r = await call(h, p, 'POST', `/v2/${p.id}/volumes`, { body: createBody({ name: 'movable' }) });
  return waitForVolume(h, p, r.body.volume.id, 'available');
}

describe('transfers', () => {
  it('moves a disk to another project with the right auth_key, refusing a wrong one', async () => {
    const v = await disk(a);
    const created = await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
      body: { transfer: { volume_id: v.id, name: 'to b' } },
    });
    expect(created.status).toBe(202);
    const t = created.body.transfer;
    expect(t).toMatchObject({ name: 'to b', volume_id: v.id });
    expect(t.auth_key).toMatch(/^[0-9a-f]{16}$/);
    expect(t.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'bookmark']);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/${v.id}`)).body.volume.status).toBe(
      'awaiting-transfer',
    );

    const shown = await call(h, a, 'GET', `/v2/${a.id}/os-volume-transfer/${t.id}`);
    expect(shown.body.transfer).toEqual({
      id: t.id,
      name: 'to b',
      volume_id: v.id,
      links: t.links,
      created_at: t.created_at,
    });
    expect(shown.text).not.toContain(t.auth_key);
    expect((await call(h, b, 'GET', `/v2/${b.id}/os-volume-transfer/${t.id}`)).status).toBe(404);

    const wrong = await call(h, b, 'POST', `/v2/${b.id}/os-volume-transfer/${t.id}/accept`, {
      body: { accept: { auth_key: '0000000000000000' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ badRequest: { code: 'EVS.5400', message: 'Malformed request body.' } });
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/${v.id}`)).status).toBe(200);

    const accepted = await call(h, b, 'POST', `/v2/${b.id}/os-volume-transfer/${t.id}/accept`, {
      body: { accept: { auth_key: t.auth_key } },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.transfer).toMatchObject({ id: t.id, volume_id: v.id, name: 'to b' });
    expect(accepted.text).not.toContain(t.auth_key);

    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/${v.id}`)).status).toBe(404);
    const moved = (await call(h, b, 'GET', `/v2/${b.id}/volumes/${v.id}`)).body.volume;
    expect(moved.status).toBe('available');
    expect(moved['os-vol-tenant-attr:tenant_id']).toBe(b.id);
    // Accepted transfers are gone, so they cannot be deleted.
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/os-volume-transfer/${t.id}`)).status).toBe(404);
  });

  it('deletes a pending transfer, which makes the disk available again', async () => {
    const v = await disk(a);
    const t = (
      await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
        body: { transfer: { volume_id: v.id, name: 'x' } },
      })
    ).body.transfer;
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/os-volume-transfer/${t.id}`)).status).toBe(202);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/${v.id}`)).body.volume.status).toBe('available');
    const late = await call(h, b, 'POST', `/v2/${b.id}/os-volume-transfer/${t.id}/accept`, {
      body: { accept: { auth_key: t.auth_key } },
    });
    expect(late.status).toBe(404);
  });

  it('lists transfers (7.4.5 without, 7.4.6 with created_at) with limit and offset', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await disk(a);
      ids.push(
        (
          await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
            body: { transfer: { volume_id: v.id, name: `t${i}` } },
          })
        ).body.transfer.id,
      );
    }
    const list = await call(h, a, 'GET', `/v2/${a.id}/os-volume-transfer`);
    expect(list.body.transfers.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    expect(list.body.transfers[0].created_at).toBeUndefined();
    expect(list.body.transfers[0].auth_key).toBeUndefined();
    const detail = await call(h, a, 'GET', `/v2/${a.id}/os-volume-transfer/detail`, {
      query: { limit: 2, offset: 1 },
    });
    expect(detail.body.transfers).toHaveLength(2);
    expect(detail.body.transfers[0].created_at).toBeDefined();
    expect((await call(h, b, 'GET', `/v2/${b.id}/os-volume-transfer`)).body.transfers).toEqual([]);
  });

  it('refuses transferring a disk that is not available, or has snapshots', async () => {
    const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
    h.setDelays({ create: 10_000 });
    const busy = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
    h.setDelays({ create: 0 });
    const notReady = await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
      body: { transfer: { volume_id: busy.body.volume.id, name: 'n' } },
    });
    expect(notReady.body).toEqual({
      badRequest: { code: 'EVS.5400', message: 'Must specify a valid status.' },
    });
    await waitForVolume(h, a, r.body.volume.id, 'available');
    await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
      body: { snapshot: { volume_id: r.body.volume.id } },
    });
    const withSnap = await call(h, a, 'POST', `/v2/${a.id}/os-volume-transfer`, {
      body: { transfer: { volume_id: r.body.volume.id, name: 'n' } },
    });
    expect(withSnap.status).toBe(400);
  });
});
