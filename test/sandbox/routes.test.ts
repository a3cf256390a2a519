// Every documented section has a route; the remaining read and update APIs answer with the documented shapes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SANDBOX_ROUTES,
  startSandbox,
  type SandboxHandle,
  type SandboxProject,
} from '../../src/sandbox/index.js';
import { FAST, call } from './helpers.js';

interface DocumentedOperation {
  section: string;
  method: string;
  path: string;
}

const documented = JSON.parse(
  readFileSync(new URL('../fixtures/documented-operations.json', import.meta.url), 'utf8'),
) as DocumentedOperation[];

const shape = (path: string) => path.replace(/\{\w+\}/g, '{}');

describe('route table', () => {
  it('serves all 60 documented sections with their method and path', () => {
    expect(documented).toHaveLength(60);
    for (const op of documented) {
      const route = SANDBOX_ROUTES.find(
        (r) =>
          r.method === op.method &&
          shape(r.path) === shape(op.path) &&
          r.section.split(',').includes(op.section),
      );
      expect(route, `${op.section} ${op.method} ${op.path}`).toBeDefined();
    }
  });
});

let h: SandboxHandle;
let a: SandboxProject;
beforeAll(async () => {
  h = await startSandbox({ delays: FAST });
  a = h.projects[0]!;
});
afterAll(() => h.close());

describe('demo data and read APIs', () => {
  it('seeds disks in several states, a shared disk, an autobk snapshot, tags and limited quotas', async () => {
    const disks = (await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`)).body.volumes as {
      status: string;
      multiattach: boolean;
      attachments: unknown[];
      tags: Record<string, string>;
    }[];
    expect(new Set(disks.map((d) => d.status))).toEqual(new Set(['available', 'in-use', 'error']));
    expect(disks.some((d) => d.multiattach && d.attachments.length === 2)).toBe(true);
    expect(disks.filter((d) => Object.keys(d.tags).length > 0).length).toBeGreaterThan(1);
    const snaps = (await call(h, a, 'GET', `/v2/${a.id}/snapshots/detail`)).body.snapshots as {
      name: string;
    }[];
    expect(snaps.some((s) => s.name.startsWith('autobk_snapshot_'))).toBe(true);
    const q = (await call(h, a, 'GET', `/v2/${a.id}/os-quota-sets/${a.id}`, { query: { usage: 'True' } }))
      .body.quota_set;
    expect(q.snapshots.limit).toBeGreaterThan(0);
    expect(q.volumes_SAS.limit).toBe(-1);
  });

  it('lists disk types and shows one (7.1.7, 7.1.8)', async () => {
    const types = (await call(h, a, 'GET', `/v2/${a.id}/types`)).body.volume_types;
    expect(types.map((t: { name: string }) => t.name)).toEqual(['SATA', 'SAS', 'SSD', 'ESSD']);
    for (const key of ['extra_specs', 'name', 'id', 'description', 'qos_specs_id', 'is_public'])
      expect(types[0]).toHaveProperty(key);
    const one = await call(h, a, 'GET', `/v2/${a.id}/types/${types[1].id}`);
    expect(one.body.volume_type).toEqual(types[1]);
    expect((await call(h, a, 'GET', `/v2/${a.id}/types/nope`)).status).toBe(404);
  });

  it('lists AZs (one unavailable) and extensions (7.1.16, 7.1.17)', async () => {
    const az = (await call(h, a, 'GET', `/v2/${a.id}/os-availability-zone`)).body.availabilityZoneInfo;
    expect(az.map((z: { zoneState: { available: boolean } }) => z.zoneState.available)).toEqual([
      true,
      true,
      false,
    ]);
    const ext = (await call(h, a, 'GET', `/v2/${a.id}/extensions`)).body.extensions;
    expect(ext).toHaveLength(26);
    expect(ext[0]).toEqual({
      updated: '2013-04-18T00:00:00+00:00',
      name: 'SchedulerHints',
      links: [],
      alias: 'OS-SCH-HNT',
      description: 'Pass arbitrary key/value pairs to the scheduler.',
    });
  });

  it('answers the deprecated custom and v1 disk APIs (6.1.4, 6.1.5, 6.1.6, 8.2.1.1)', async () => {
    const list = (await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes`, { query: { limit: 2 } })).body;
    expect(list.volumes).toHaveLength(2);
    expect(Object.keys(list.volumes[0]).sort()).toEqual(['id', 'links', 'name']);
    const id = list.volumes[0].id;
    const updated = await call(h, a, 'PUT', `/v2/${a.id}/cloudvolumes/${id}`, {
      body: { volume: { name: 'renamed' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, name: 'renamed' });
    const empty = await call(h, a, 'PUT', `/v2/${a.id}/cloudvolumes/${id}`, { body: { volume: {} } });
    expect(empty.body).toEqual({
      error: { code: 'EVS.1007', message: 'volume name and description can not both be empty!' },
    });
    const vendor = (await call(h, a, 'GET', `/v2/${a.id}/os-vendor-volumes/${id}`)).body.volume;
    expect(vendor).toMatchObject({ id, name: 'renamed', count: '1' });
    expect(vendor).not.toHaveProperty('service_type');
    const v1 = (await call(h, a, 'GET', `/v1/${a.id}/volumes/${id}`)).body.volume;
    expect(v1).toMatchObject({ id, display_name: 'renamed' });
    expect(v1.name).toBeUndefined();
  });

  it('updates a disk and a snapshot through Cinder (7.1.3, 7.3.3) and lists snapshots (7.3.4)', async () => {
    const id = (await call(h, a, 'GET', `/v2/${a.id}/volumes`, { query: { limit: 1 } })).body.volumes[0].id;
    const r = await call(h, a, 'PUT', `/v2/${a.id}/volumes/${id}`, {
      body: { volume: { display_name: 'dn', description: 'd' } },
    });
    expect(r.body.volume).toMatchObject({ id, name: 'dn', description: 'd' });
    const snaps = (await call(h, a, 'GET', `/v2/${a.id}/snapshots`, { query: { limit: 1 } })).body;
    expect(snaps.snapshots).toHaveLength(1);
    expect(snaps.snapshots_links[0].rel).toBe('next');
    expect(snaps.snapshots[0]['os-extended-snapshot-attributes:progress']).toBeUndefined();
    const s = await call(h, a, 'PUT', `/v2/${a.id}/snapshots/${snaps.snapshots[0].id}`, {
      body: { snapshot: { description: 'kept' } },
    });
    expect(s.body.snapshot).toMatchObject({ id: snaps.snapshots[0].id, description: 'kept' });
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    expect((await call(h, a, 'GET', `/v2/${a.id}/nothing-here`)).status).toBe(404);
    expect((await call(h, a, 'PUT', `/v2/${a.id}/volumes/detail/extra`)).status).toBe(404);
    expect((await call(h, a, 'POST', `/v2/${a.id}/types`)).status).toBe(405);
  });
});
