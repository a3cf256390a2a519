// Disk sections: the custom API (6.1.x), the Cinder API (7.1.1-7.1.6) and the v1 detail (8.2.1.1).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { ContractCase } from '../runner.js';
import { RESPONSE } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

export const DISK_CASES: ContractCase[] = [
  {
    section: '6.1.1',
    method: 'POST',
    path: (e) => `/v2/${e.p}/cloudvolumes`,
    body: (e) => ({
      volume: { availability_zone: e.az, volume_type: 'SSD', size: 10, name: 'c611', count: 2 },
    }),
    status: 200,
    shape: RESPONSE['6.1.1'],
    then: async (e, body: Body) => {
      const job = await e.jobEnd(body.job_id);
      expect(job.status).toBe('SUCCESS');
      expect(RESPONSE['8.1.1'].parse(job).entities.sub_jobs).toHaveLength(2);
    },
    bad: {
      input: 'a data disk below 10 GB',
      path: (e) => `/v2/${e.p}/cloudvolumes`,
      body: (e) => ({ volume: { availability_zone: e.az, volume_type: 'SSD', size: 5 } }),
      ...A1.invalidVolumeSize,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.2',
    method: 'GET',
    prepare: async (e) => ({ a: await e.disk(), b: await e.disk() }),
    path: (e) => `/v2/${e.p}/cloudvolumes/detail`,
    query: () => ({ status: 'available', limit: 1 }),
    status: 200,
    shape: RESPONSE['6.1.2'],
    then: async (_e, body: Body) => {
      expect(body.volumes).toHaveLength(1);
      // count is "not affected by the pagination"; volumes_links points at the rest.
      expect(body.count).toBeGreaterThanOrEqual(2);
      expect(body.volumes_links[0].rel).toBe('next');
    },
    bad: {
      input: 'limit above 1000',
      path: (e) => `/v2/${e.p}/cloudvolumes/detail`,
      query: () => ({ limit: 1001 }),
      ...A1.limitOver1000,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.3',
    method: 'DELETE',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}`,
    status: 200,
    shape: RESPONSE['6.1.3'],
    then: async (e, body: Body, v) => {
      expect((await e.jobEnd(body.job_id)).status).toBe('SUCCESS');
      await e.diskStatus(v.id!, 'gone');
    },
    bad: {
      input: 'an in-use disk',
      prepare: async (e) => ({ id: (await e.attachedDisk()).id }),
      path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}`,
      ...A1.deleteStatus,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.4',
    method: 'PUT',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}`,
    body: () => ({ volume: { name: 'test_volume', description: 'test' } }),
    status: 200,
    shape: RESPONSE['6.1.4'],
    then: async (_e, body: Body) => {
      expect(body.name).toBe('test_volume');
      expect(body.description).toBe('test');
    },
    bad: {
      input: 'neither name nor description',
      prepare: async (e) => ({ id: await e.disk() }),
      path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}`,
      body: () => ({ volume: {} }),
      ...A1.nameAndDescriptionEmpty,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.5',
    method: 'GET',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/os-vendor-volumes/${v.id}`,
    status: 200,
    shape: RESPONSE['6.1.5'],
    then: async (e, body: Body, v) => {
      expect(body.volume.id).toBe(v.id);
      expect(body.volume['os-vol-tenant-attr:tenant_id']).toBe(e.p);
    },
    bad: {
      input: 'an unknown disk id',
      path: (e) => `/v2/${e.p}/os-vendor-volumes/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.6',
    method: 'GET',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e) => `/v2/${e.p}/cloudvolumes`,
    query: () => ({ status: 'available', sort_key: 'size', sort_dir: 'asc' }),
    status: 200,
    shape: RESPONSE['6.1.6'],
    then: async (_e, body: Body, v) => {
      expect(body.volumes.map((d: { id: string }) => d.id)).toContain(v.id);
    },
    bad: {
      input: 'a sort_key outside id, status, size, created_at',
      path: (e) => `/v2/${e.p}/cloudvolumes`,
      query: () => ({ sort_key: 'name' }),
      ...A1.invalidSortKey,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.1.7',
    method: 'POST',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}/action`,
    body: () => ({ 'os-extend': { new_size: 20 } }),
    status: 200,
    shape: RESPONSE['6.1.7'],
    then: async (e, body: Body, v) => {
      expect((await e.jobEnd(body.job_id)).status).toBe('SUCCESS');
      const disk = await e.send({ method: 'GET', path: `/v2/${e.p}/volumes/${v.id}` });
      expect(disk.body.volume.size).toBe(20);
    },
    bad: {
      input: 'a new size not above the old one',
      prepare: async (e) => ({ id: await e.disk() }),
      path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}/action`,
      body: () => ({ 'os-extend': { new_size: 10 } }),
      ...A1.newSizeNotGreater,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '7.1.1',
    method: 'POST',
    path: (e) => `/v2/${e.p}/volumes`,
    body: (e) => ({
      volume: {
        name: 'openapi_vol01',
        availability_zone: e.az,
        description: 'create for api test',
        volume_type: 'SAS',
        metadata: { volume_owner: 'openapi' },
        multiattach: false,
        size: 40,
      },
    }),
    status: 202,
    shape: RESPONSE['7.1.1'],
    then: async (e, body: Body) => {
      expect(body.volume.status).toBe('creating');
      expect(body.volume.metadata).toEqual({ volume_owner: 'openapi' });
      await e.diskStatus(body.volume.id, 'available');
    },
    bad: {
      input: 'an unknown disk type',
      path: (e) => `/v2/${e.p}/volumes`,
      body: (e) => ({ volume: { availability_zone: e.az, volume_type: 'NOPE', size: 10 } }),
      ...A1.typeNotSupported,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.1.2',
    method: 'DELETE',
    prepare: async (e) => {
      const id = await e.disk();
      await e.snapshot(id);
      return { id };
    },
    path: (e, v) => `/v2/${e.p}/volumes/${v.id}`,
    query: () => ({ cascade: 'true' }),
    status: 202,
    shape: RESPONSE['7.1.2'],
    then: async (e, _body, v) => {
      await e.diskStatus(v.id!, 'gone');
      const left = await e.send({ method: 'GET', path: `/v2/${e.p}/snapshots`, query: { volume_id: v.id! } });
      expect(left.body.snapshots).toEqual([]);
    },
    bad: {
      input: 'an in-use disk',
      prepare: async (e) => ({ id: (await e.attachedDisk()).id }),
      path: (e, v) => `/v2/${e.p}/volumes/${v.id}`,
      ...A1.deleteStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.1.3',
    method: 'PUT',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/volumes/${v.id}`,
    body: () => ({ volume: { name: 'test_volume', description: 'test', metadata: { owner: 'contract' } } }),
    status: 200,
    shape: RESPONSE['7.1.3'],
    then: async (_e, body: Body) => {
      expect(body.volume.name).toBe('test_volume');
      expect(body.volume.metadata.owner).toBe('contract');
    },
    bad: {
      input: 'a name over 255 bytes',
      prepare: async (e) => ({ id: await e.disk() }),
      path: (e, v) => `/v2/${e.p}/volumes/${v.id}`,
      body: () => ({ volume: { name: 'x'.repeat(256) } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.1.4',
    method: 'GET',
    prepare: async (e) => ({ a: await e.disk(), b: await e.disk() }),
    path: (e) => `/v2/${e.p}/volumes`,
    query: () => ({ limit: 1 }),
    status: 200,
    shape: RESPONSE['7.1.4'],
    then: async (_e, body: Body) => {
      expect(body.volumes).toHaveLength(1);
      expect(body.volumes_links[0].href).toContain(`marker=${body.volumes[0].id}`);
    },
    bad: {
      input: 'a limit that is not an integer',
      path: (e) => `/v2/${e.p}/volumes`,
      query: () => ({ limit: 'abc' }),
      ...A1.limitNotInteger,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.1.5',
    method: 'GET',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e) => `/v2/${e.p}/volumes/detail`,
    query: () => ({ status: 'available' }),
    status: 200,
    shape: RESPONSE['7.1.5'],
    then: async (_e, body: Body, v) => {
      expect(body.volumes.map((d: { id: string }) => d.id)).toContain(v.id);
      expect(body.volumes.every((d: { status: string }) => d.status === 'available')).toBe(true);
    },
    bad: {
      input: 'a negative limit',
      path: (e) => `/v2/${e.p}/volumes/detail`,
      query: () => ({ limit: -1 }),
      ...A1.limitNotPositive,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.1.6',
    method: 'GET',
    prepare: async (e) => ({ id: (await e.attachedDisk()).id }),
    path: (e, v) => `/v2/${e.p}/volumes/${v.id}`,
    status: 200,
    shape: RESPONSE['7.1.6'],
    then: async (_e, body: Body, v) => {
      expect(body.volume.status).toBe('in-use');
      expect(body.volume.attachments[0].volume_id).toBe(v.id);
    },
    bad: {
      input: 'an unknown disk id',
      path: (e) => `/v2/${e.p}/volumes/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '8.2.1.1',
    method: 'GET',
    prepare: async (e) => ({ id: await e.disk({ name: 'test', description: 'v1 view' }) }),
    path: (e, v) => `/v1/${e.p}/volumes/${v.id}`,
    status: 200,
    shape: RESPONSE['8.2.1.1'],
    then: async (_e, body: Body) => {
      expect(body.volume.display_name).toBe('test');
      expect(body.volume.display_description).toBe('v1 view');
    },
    bad: {
      input: 'an unknown disk id',
      path: (e) => `/v1/${e.p}/volumes/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
];
