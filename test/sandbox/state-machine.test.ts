// Disk and snapshot statuses: timed transitions, and refusals in the wrong state with the A.1 codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start, waitFor, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
const V = () => `/v2/${a.id}/volumes`;

beforeAll(async () => {
  h = await start({ delays: { create: 40, extend: 40, delete: 40, rollback: 40, upload: 40, snapshot: 40 } });
  a = h.projects[0]!;
});
afterAll(() => h.close());

async function newDisk(over: Record<string, unknown> = {}) {
  const r = await call(h, a, 'POST', V(), { body: createBody(over) });
  expect(r.status).toBe(202);
  return waitForVolume(h, a, r.body.volume.id, 'available');
}

async function newSnapshot(volumeId: string, name = 'snap') {
  const r = await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
    body: { snapshot: { volume_id: volumeId, name } },
  });
  expect(r.status).toBe(202);
  return waitFor(h, async () => {
    const s = await call(h, a, 'GET', `/v2/${a.id}/snapshots/${r.body.snapshot.id}`);
    return s.body.snapshot.status === 'available' ? s.body.snapshot : undefined;
  });
}

const err = (code: string, message: string, envelope = 'badRequest') => ({ [envelope]: { code, message } });

describe('disk lifecycle', () => {
  it('creating → available, with the documented 202 body', async () => {
    const r = await call(h, a, 'POST', V(), {
      body: createBody({ name: 'life', metadata: { owner: 'qa' } }),
    });
    expect(r.status).toBe(202);
    expect(r.body.volume).toMatchObject({
      status: 'creating',
      name: 'life',
      size: 10,
      volume_type: 'SSD',
      bootable: 'false',
    });
    expect(r.body.volume.metadata).toEqual({ owner: 'qa' });
    const done = await waitForVolume(h, a, r.body.volume.id, 'available');
    expect(done.updated_at).not.toBeNull();
  });

  it('extends (extending → available) and refuses shrinking with EVS.1015', async () => {
    const v = await newDisk();
    const r = await call(h, a, 'POST', `${V()}/${v.id}/action`, { body: { 'os-extend': { new_size: 30 } } });
    expect(r.status).toBe(202);
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('extending');
    const again = await call(h, a, 'POST', `${V()}/${v.id}/action`, {
      body: { 'os-extend': { new_size: 40 } },
    });
    expect(again.body).toEqual(err('EVS.1064', 'volume status must be available or in-use when extending!'));
    const done = await waitForVolume(h, a, v.id, 'available');
    expect(done.size).toBe(30);
    const shrink = await call(h, a, 'POST', `${V()}/${v.id}/action`, {
      body: { 'os-extend': { new_size: 20 } },
    });
    expect(shrink.status).toBe(400);
    expect(shrink.body).toEqual(err('EVS.1015', 'new volume Size must be greater than old Size!'));
  });

  it('refuses expanding through 6.1.7 in the wrong state with EVS.1048', async () => {
    const v = await newDisk();
    await call(h, a, 'POST', `${V()}/${v.id}/action`, { body: { 'os-reserve': {} } });
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes/${v.id}/action`, {
      body: { 'os-extend': { new_size: 50 } },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: { code: 'EVS.1048', message: 'volume status must be available when extend volume!' },
    });
  });

  it('deletes (deleting → gone) and refuses deleting an in-use disk with EVS.1046', async () => {
    const v = await newDisk();
    await call(h, a, 'POST', `${V()}/${v.id}/action`, {
      body: { 'os-attach': { instance_uuid: 'srv-1', mountpoint: '/dev/vdb' } },
    });
    const refused = await call(h, a, 'DELETE', `${V()}/${v.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(
      err(
        'EVS.1046',
        'volume status must be available, error, error_extending, error_restoring, error_rollbacking when delete volume!',
      ),
    );
    await call(h, a, 'POST', `${V()}/${v.id}/action`, { body: { 'os-detach': {} } });
    expect((await call(h, a, 'DELETE', `${V()}/${v.id}`)).status).toBe(202);
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('deleting');
    await waitFor(h, async () =>
      (await call(h, a, 'GET', `${V()}/${v.id}`)).status === 404 ? true : undefined,
    );
    const gone = await call(h, a, 'GET', `${V()}/${v.id}`);
    expect(gone.body).toEqual({
      itemNotFound: {
        code: 'EVS.5404',
        message: 'Resource(Volume, Snapshot, Backup .etc) could not be found.',
      },
    });
  });

  it('keeps a disk with snapshots unless cascade=true, which removes them too', async () => {
    const v = await newDisk();
    const s = await newSnapshot(v.id);
    expect((await call(h, a, 'DELETE', `${V()}/${v.id}`)).status).toBe(400);
    expect((await call(h, a, 'DELETE', `${V()}/${v.id}`, { query: { cascade: 'true' } })).status).toBe(202);
    await waitFor(h, async () =>
      (await call(h, a, 'GET', `/v2/${a.id}/snapshots/${s.id}`)).status === 404 ? true : undefined,
    );
  });

  it('rolls a snapshot back (rollbacking → available) onto its source disk only', async () => {
    const v = await newDisk();
    const other = await newDisk();
    const s = await newSnapshot(v.id);
    const wrong = await call(h, a, 'POST', `/v2/${a.id}/os-vendor-snapshots/${s.id}/rollback`, {
      body: { rollback: { volume_id: other.id } },
    });
    expect(wrong.body).toEqual({ error: { code: 'EVS.1002', message: 'invalid volume id!' } });
    const r = await call(h, a, 'POST', `/v2/${a.id}/os-vendor-snapshots/${s.id}/rollback`, {
      body: { rollback: { volume_id: v.id, name: 'restored' } },
    });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ rollback: { volume_id: v.id } });
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('rollbacking');
    const busy = await call(h, a, 'POST', `/v2/${a.id}/os-vendor-snapshots/${s.id}/rollback`, {
      body: { rollback: { volume_id: v.id } },
    });
    expect(busy.status).toBe(400);
    const done = await waitForVolume(h, a, v.id, 'available');
    expect(done.name).toBe('restored');
  });

  it('os-reserve → attaching, os-unreserve → available, os-attach → in-use, os-detach → available', async () => {
    const v = await newDisk();
    const act = (body: unknown) => call(h, a, 'POST', `${V()}/${v.id}/action`, { body });
    expect((await act({ 'os-reserve': {} })).status).toBe(202);
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('attaching');
    expect((await act({ 'os-unreserve': {} })).status).toBe(202);
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('available');
    expect((await act({ 'os-unreserve': {} })).body).toEqual(err('EVS.5400', 'Must specify a valid status.'));
    expect(
      (await act({ 'os-attach': { instance_uuid: 'srv-9', mountpoint: '/dev/vdc', mode: 'rw' } })).status,
    ).toBe(202);
    const attached = (await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume;
    expect(attached.status).toBe('in-use');
    expect(attached.attachments[0]).toMatchObject({
      server_id: 'srv-9',
      device: '/dev/vdc',
      volume_id: v.id,
    });
    expect((await act({ 'os-detach': { attachment_id: 'nope' } })).status).toBe(404);
    expect(
      (await act({ 'os-detach': { attachment_id: attached.attachments[0].attachment_id } })).status,
    ).toBe(202);
    expect((await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume.status).toBe('available');
    expect((await act({ 'os-detach': {} })).body).toEqual(err('EVS.5400', 'Must specify a valid status.'));
  });

  it('exports an image (uploading → available) that can seed a new disk', async () => {
    const v = await newDisk({ size: 20 });
    const r = await call(h, a, 'POST', `${V()}/${v.id}/action`, {
      body: { 'os-volume_upload_image': { image_name: 'img one' } },
    });
    expect(r.status).toBe(202);
    expect(r.body['os-volume_upload_image']).toMatchObject({
      status: 'uploading',
      id: v.id,
      disk_format: 'zvhd2',
      container_format: 'bare',
    });
    await waitForVolume(h, a, v.id, 'available');
    const fromImage = await call(h, a, 'POST', V(), {
      body: createBody({ imageRef: r.body['os-volume_upload_image'].image_id, size: 20 }),
    });
    expect(fromImage.status).toBe(202);
    expect(fromImage.body.volume.bootable).toBe('true');
  });

  it('sets the bootable (200) and read-only (202) flags', async () => {
    const v = await newDisk();
    expect(
      (await call(h, a, 'POST', `${V()}/${v.id}/action`, { body: { 'os-set_bootable': { bootable: true } } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call(h, a, 'POST', `${V()}/${v.id}/action`, {
          body: { 'os-update_readonly_flag': { readonly: true } },
        })
      ).status,
    ).toBe(202);
    const got = (await call(h, a, 'GET', `${V()}/${v.id}`)).body.volume;
    expect(got.bootable).toBe('true');
    expect(got.metadata.readonly).toBe('True');
  });

  it('ends in the error states when a failure is injected', async () => {
    h.injectFailure({ op: 'create' });
    const r = await call(h, a, 'POST', V(), { body: createBody() });
    await waitForVolume(h, a, r.body.volume.id, 'error');
    const v = await newDisk();
    h.injectFailure({ op: 'extend' });
    await call(h, a, 'POST', `${V()}/${v.id}/action`, { body: { 'os-extend': { new_size: 11 } } });
    await waitForVolume(h, a, v.id, 'error_extending');
    const again = await call(h, a, 'POST', `${V()}/${v.id}/action`, {
      body: { 'os-extend': { new_size: 12 } },
    });
    expect(again.body).toEqual({ computeFault: { code: 'EVS.2026', message: 'volume is error_extending!' } });
    h.injectFailure({ op: 'delete' });
    await call(h, a, 'DELETE', `${V()}/${v.id}`);
    await waitForVolume(h, a, v.id, 'error_deleting');
    const del = await call(h, a, 'DELETE', `${V()}/${v.id}`);
    expect(del.status).toBe(500);
    expect(del.body).toEqual({ computeFault: { code: 'EVS.2020', message: 'volume is error_deleting!' } });
  });
});

describe('snapshot lifecycle', () => {
  it('creating → available → deleting → gone; refuses deleting a creating snapshot with EVS.1047', async () => {
    const v = await newDisk();
    const r = await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
      body: { snapshot: { volume_id: v.id, name: 's1' } },
    });
    expect(r.body.snapshot).toMatchObject({ status: 'creating', volume_id: v.id, size: v.size, name: 's1' });
    const early = await call(h, a, 'DELETE', `/v2/${a.id}/snapshots/${r.body.snapshot.id}`);
    expect(early.status).toBe(400);
    expect(early.body).toEqual(
      err('EVS.1047', 'snapshot status must be available or error when delete snapshot!'),
    );
    await waitFor(h, async () => {
      const s = await call(h, a, 'GET', `/v2/${a.id}/snapshots/${r.body.snapshot.id}`);
      return s.body.snapshot.status === 'available' ? true : undefined;
    });
    expect((await call(h, a, 'DELETE', `/v2/${a.id}/snapshots/${r.body.snapshot.id}`)).status).toBe(202);
    await waitFor(h, async () =>
      (await call(h, a, 'GET', `/v2/${a.id}/snapshots/${r.body.snapshot.id}`)).status === 404
        ? true
        : undefined,
    );
  });

  it('refuses a snapshot of a disk that is not available or in-use', async () => {
    const r = await call(h, a, 'POST', V(), { body: createBody() });
    const s = await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
      body: { snapshot: { volume_id: r.body.volume.id } },
    });
    expect(s.body).toEqual(err('EVS.5400', 'Must specify a valid status.'));
  });
});
