// Tags (6.3.x) and metadata of disks and snapshots (7.1.10-7.1.15, 7.3.7-7.3.12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
let disk: string;

beforeAll(async () => {
  h = await start();
  a = h.projects[0]!;
  const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, {
    body: createBody({ name: 'tagged-disk', metadata: { 'hw:passthrough': 'false' } }),
  });
  disk = (await waitForVolume(h, a, r.body.volume.id, 'available')).id;
});
afterAll(() => h.close());

const tagAction = (body: unknown, id = disk) =>
  call(h, a, 'POST', `/v2/${a.id}/cloudvolumes/${id}/tags/action`, { body });
const invalid = { error: { code: 'EVS.1070', message: 'invalid request.' } };

describe('tags', () => {
  it('adds (overwriting an existing key), lists per disk and per project, and deletes', async () => {
    expect(
      (
        await tagAction({
          action: 'create',
          tags: [
            { key: 'env', value: 'dev' },
            { key: '项目', value: 'a.b_c-1' },
          ],
        })
      ).status,
    ).toBe(204);
    expect((await tagAction({ action: 'create', tags: [{ key: 'env', value: 'prod' }] })).status).toBe(204);
    const mine = await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/${disk}/tags`);
    expect(mine.body.tags).toEqual([
      { key: 'env', value: 'prod' },
      { key: '项目', value: 'a.b_c-1' },
    ]);
    const all = await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/tags`);
    expect(all.body.tags).toEqual({ env: ['prod'], 项目: ['a.b_c-1'] });
    expect(
      (await tagAction({ action: 'delete', tags: [{ key: '项目' }, { key: 'env', value: 'other' }] })).status,
    ).toBe(204);
    expect((await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/${disk}/tags`)).body.tags).toEqual([
      { key: 'env', value: 'prod' },
    ]);
  });

  it('enforces the key/value rules and at most 10 tags per disk', async () => {
    expect((await tagAction({ action: 'create', tags: [{ key: 'x'.repeat(37), value: '' }] })).body).toEqual(
      invalid,
    );
    expect((await tagAction({ action: 'create', tags: [{ key: 'ok', value: 'bad value' }] })).body).toEqual(
      invalid,
    );
    expect(
      (await tagAction({ action: 'create', tags: [{ key: 'ok', value: 'v'.repeat(44) }] })).body,
    ).toEqual(invalid);
    expect((await tagAction({ action: 'delete', tags: [{ key: 'ok', value: 'a/b' }] })).body).toEqual(
      invalid,
    );
    expect((await tagAction({ action: 'rename', tags: [{ key: 'ok', value: '' }] })).body).toEqual(invalid);
    const nine = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, value: `${i}` }));
    expect((await tagAction({ action: 'create', tags: nine })).status).toBe(204);
    expect((await tagAction({ action: 'create', tags: [{ key: 'eleventh', value: '' }] })).body).toEqual(
      invalid,
    );
    expect((await tagAction({ action: 'create', tags: [{ key: 'k0', value: 'overwrite-ok' }] })).status).toBe(
      204,
    );
    expect((await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/${disk}/tags`)).body.tags).toHaveLength(10);
    expect(
      (await tagAction({ action: 'create', tags: [{ key: 'x', value: '' }] }, 'not-a-uuid')).body,
    ).toEqual({
      error: { code: 'EVS.1002', message: 'invalid volume id!' },
    });
  });

  it('filters disks by tag with limit, offset and matches (6.3.5)', async () => {
    const filter = (body: Record<string, unknown>) =>
      call(h, a, 'POST', `/v2/${a.id}/cloudvolumes/resource_instances/action`, {
        body: { action: 'filter', ...body },
      });
    const hit = await filter({
      tags: [{ key: 'env', values: ['prod', 'dev'] }],
      matches: [{ key: 'resource_name', value: 'tagged' }],
    });
    expect(hit.status).toBe(200);
    expect(hit.body.total_count).toBe(1);
    expect(hit.body.resources[0]).toMatchObject({ resource_id: disk, resource_name: 'tagged-disk' });
    expect(hit.body.resources[0].resource_detail).toMatchObject({ id: disk, service_type: 'EVS' });
    expect(hit.body.resources[0].tags).toContainEqual({ key: 'env', value: 'prod' });
    expect((await filter({ tags: [{ key: 'env', values: [] }], offset: '1', limit: '100' })).body).toEqual({
      total_count: 1,
      resources: [],
    });
    expect((await filter({ tags: [{ key: 'env', values: ['nope'] }] })).body.total_count).toBe(0);
    expect(
      (await filter({ tags: [], matches: [{ key: 'service_type', value: 'DSS' }] })).body.total_count,
    ).toBe(0);
    expect((await filter({ tags: [], limit: 1001 })).body.error.code).toBe('EVS.2142');
    expect((await filter({ tags: [], matches: [{ key: 'colour', value: 'x' }] })).body).toEqual(invalid);
  });
});

describe('metadata', () => {
  const M = () => `/v2/${a.id}/volumes/${disk}/metadata`;

  it('adds (merge), reads, replaces all, and works key by key', async () => {
    expect((await call(h, a, 'POST', M(), { body: { metadata: { a: '1', b: '2' } } })).body.metadata).toEqual(
      {
        'hw:passthrough': 'false',
        a: '1',
        b: '2',
      },
    );
    expect((await call(h, a, 'GET', `${M()}/a`)).body).toEqual({ meta: { a: '1' } });
    expect((await call(h, a, 'PUT', `${M()}/a`, { body: { meta: { a: '9' } } })).body).toEqual({
      meta: { a: '9' },
    });
    const mismatch = await call(h, a, 'PUT', `${M()}/a`, { body: { meta: { b: '9' } } });
    expect(mismatch.body).toEqual({
      badRequest: { code: 'EVS.5400', message: 'Request body and URI mismatch.' },
    });
    const replaced = await call(h, a, 'PUT', M(), { body: { metadata: { c: '3' } } });
    expect(replaced.body.metadata).toEqual({ 'hw:passthrough': 'false', c: '3' });
    expect((await call(h, a, 'DELETE', `${M()}/c`)).status).toBe(200);
    expect((await call(h, a, 'GET', `${M()}/c`)).status).toBe(404);
    expect((await call(h, a, 'GET', M())).body).toEqual({ metadata: { 'hw:passthrough': 'false' } });
  });

  it('refuses changing system keys with EVS.5403', async () => {
    const r = await call(h, a, 'POST', M(), { body: { metadata: { 'hw:passthrough': 'true' } } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ forbidden: { code: 'EVS.5403', message: 'metadata can not be operated.' } });
    expect((await call(h, a, 'DELETE', `${M()}/hw:passthrough`)).status).toBe(403);
  });

  it('does the same for snapshots', async () => {
    const s = (
      await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
        body: { snapshot: { volume_id: disk, metadata: { x: '1' } } },
      })
    ).body.snapshot;
    const S = `/v2/${a.id}/snapshots/${s.id}/metadata`;
    expect((await call(h, a, 'POST', S, { body: { metadata: { y: '2' } } })).body.metadata).toEqual({
      x: '1',
      y: '2',
    });
    expect((await call(h, a, 'PUT', S, { body: { metadata: { z: '3' } } })).body.metadata).toEqual({
      z: '3',
    });
    expect((await call(h, a, 'PUT', `${S}/z`, { body: { meta: { z: '4' } } })).body).toEqual({
      meta: { z: '4' },
    });
    expect((await call(h, a, 'GET', `${S}/z`)).body).toEqual({ meta: { z: '4' } });
    expect((await call(h, a, 'DELETE', `${S}/z`)).status).toBe(200);
    expect((await call(h, a, 'GET', S)).body).toEqual({ metadata: {} });
  });
});
