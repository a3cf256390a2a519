// Snapshot sections: rollback (6.2.1) and the Cinder snapshot API (7.3.1-7.3.6).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { Env } from '../env.js';
import { poll } from '../env.js';
import type { ContractCase, Vars } from '../runner.js';
import { RESPONSE } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

const withSnapshot = async (e: Env): Promise<Vars> => {
  const disk = await e.disk();
  return { disk, snap: await e.snapshot(disk) };
};
const snapshotPath = (e: Env, v: Vars) => `/v2/${e.p}/snapshots/${v.snap}`;

export const SNAPSHOT_CASES: ContractCase[] = [
  {
    section: '6.2.1',
    method: 'POST',
    prepare: withSnapshot,
    path: (e, v) => `/v2/${e.p}/os-vendor-snapshots/${v.snap}/rollback`,
    body: (_e, v) => ({ rollback: { name: 'test-001', volume_id: v.disk } }),
    status: 202,
    shape: RESPONSE['6.2.1'],
    then: async (e, body: Body, v) => {
      expect(body.rollback.volume_id).toBe(v.disk);
      await poll(e.sandbox, 'rolled back disk', async () => {
        const d = await e.send({ method: 'GET', path: `/v2/${e.p}/volumes/${v.disk}` });
        return d.body.volume.status === 'available' && d.body.volume.name === 'test-001' ? true : undefined;
      });
    },
    bad: {
      input: 'a disk other than the source disk',
      prepare: async (e) => ({ ...(await withSnapshot(e)), other: await e.disk() }),
      path: (e, v) => `/v2/${e.p}/os-vendor-snapshots/${v.snap}/rollback`,
      body: (_e, v) => ({ rollback: { volume_id: v.other } }),
      ...A1.invalidVolumeId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '7.3.1',
    method: 'POST',
    prepare: async (e) => ({ disk: await e.disk() }),
    path: (e) => `/v2/${e.p}/snapshots`,
    body: (_e, v) => ({
      snapshot: {
        name: 'snap-001',
        description: 'Daily backup',
        volume_id: v.disk,
        force: false,
        metadata: {},
      },
    }),
    status: 202,
    shape: RESPONSE['7.3.1'],
    then: async (e, body: Body, v) => {
      expect(body.snapshot.status).toBe('creating');
      expect(body.snapshot.volume_id).toBe(v.disk);
      await poll(e.sandbox, 'snapshot available', async () => {
        const s = await e.send({ method: 'GET', path: `/v2/${e.p}/snapshots/${body.snapshot.id}` });
        return s.body.snapshot.status === 'available' ? true : undefined;
      });
    },
    bad: {
      input: 'an unknown source disk',
      path: (e) => `/v2/${e.p}/snapshots`,
      body: () => ({ snapshot: { volume_id: randomUUID() } }),
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.3.2',
    method: 'DELETE',
    prepare: withSnapshot,
    path: snapshotPath,
    status: 202,
    shape: RESPONSE['7.3.2'],
    then: async (e, _b, v) => {
      await poll(e.sandbox, 'snapshot gone', async () => {
        const s = await e.send({ method: 'GET', path: snapshotPath(e, v), accept: [404] });
        return s.status === 404 ? true : undefined;
      });
    },
    bad: {
      input: 'an unknown snapshot id',
      path: (e) => `/v2/${e.p}/snapshots/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.3.3',
    method: 'PUT',
    prepare: withSnapshot,
    path: snapshotPath,
    body: () => ({ snapshot: { name: 'snap-001', description: 'Daily backup' } }),
    status: 200,
    shape: RESPONSE['7.3.3'],
    then: async (_e, body: Body, v) => {
      expect(body.snapshot).toMatchObject({ id: v.snap, name: 'snap-001', description: 'Daily backup' });
    },
    bad: {
      input: 'a name over 255 bytes',
      prepare: withSnapshot,
      path: snapshotPath,
      body: () => ({ snapshot: { name: 'x'.repeat(256) } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.3.4',
    method: 'GET',
    prepare: withSnapshot,
    path: (e) => `/v2/${e.p}/snapshots`,
    query: (_e, v) => ({ status: 'available', volume_id: v.disk! }),
    status: 200,
    shape: RESPONSE['7.3.4'],
    then: async (_e, body: Body, v) => {
      expect(body.snapshots.map((s: { id: string }) => s.id)).toEqual([v.snap]);
      // The list form has no detail attributes.
      expect(body.snapshots[0]).not.toHaveProperty('os-extended-snapshot-attributes:progress');
    },
    bad: {
      input: 'an unknown status filter',
      path: (e) => `/v2/${e.p}/snapshots`,
      query: () => ({ status: 'bogus' }),
      ...A1.invalidStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.3.5',
    method: 'GET',
    prepare: async (e) => {
      const v = await withSnapshot(e);
      await e.snapshot(v.disk!);
      return v;
    },
    path: (e) => `/v2/${e.p}/snapshots/detail`,
    query: (_e, v) => ({ volume_id: v.disk!, limit: 1 }),
    status: 200,
    shape: RESPONSE['7.3.5'],
    then: async (e, body: Body) => {
      expect(body.snapshots).toHaveLength(1);
      expect(body.snapshots[0]['os-extended-snapshot-attributes:project_id']).toBe(e.p);
      // "returned only when parameter limit is specified ... only some snapshots are returned"
      expect(body.snapshots_links[0].rel).toBe('next');
    },
    bad: {
      input: 'limit above 1000',
      path: (e) => `/v2/${e.p}/snapshots/detail`,
      query: () => ({ limit: 1001 }),
      ...A1.limitOver1000,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.3.6',
    method: 'GET',
    prepare: withSnapshot,
    path: snapshotPath,
    status: 200,
    shape: RESPONSE['7.3.6'],
    then: async (_e, body: Body, v) => {
      expect(body.snapshot).toMatchObject({ id: v.snap, volume_id: v.disk, status: 'available' });
      expect(body.snapshot['os-extended-snapshot-attributes:progress']).toBe('100%');
    },
    bad: {
      input: 'an unknown snapshot id',
      path: (e) => `/v2/${e.p}/snapshots/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
];
