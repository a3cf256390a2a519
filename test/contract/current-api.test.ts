// Contract of the current EVS API's operations that the 2022 reference lacks (retype, QoS, batch
// expansion, ShowVolume on /cloudvolumes, unsubscribe, the recycle bin), against the sandbox over signed
// HTTP. Shapes come from the SDK models (huaweicloud-sdk-python-v3, huaweicloudsdkevs/v2/model); each
// operation gets its documented success and one bad input with its A.1 status, code, message and envelope.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAgedEnv, type AgedEnv } from './aged-env.js';
import { poll, type Caller, type Env } from './env.js';
import { HttpFailure, type HttpMethod, type Query } from './wire.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;
type Vars = Record<string, string>;

interface SdkOperation {
  operation: string;
  method: string;
  path: string;
  tool: string | null;
}

const SDK = JSON.parse(readFileSync(new URL('../fixtures/sdk-operations.json', import.meta.url), 'utf8')) as {
  operations: SdkOperation[];
  /** Every tool with its official operation; the ones newer than the 2022 reference carry it as section. */
  tools: { tool: string; section: string; operation: string | null }[];
};

// ---- shapes from the SDK models ----------------------------------------------------------------

const str = z.string();
const nstr = z.string().nullable();
const int = z.number().int();
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
/** RetypeVolumeResponse / ModifyVolumeQoSResponse / BatchResizeVolumesResponse of a pay-per-use disk. */
const jobAccepted = z.strictObject({ job_id: z.string().regex(/^[0-9a-f]{32}$/) });
/** recycle_bin_volume.py: every field of RecycleBinVolume. */
const recycleBinVolume = z.strictObject({
  id: uuid,
  name: str,
  description: nstr,
  status: str,
  attachments: z.array(z.unknown()),
  multiattach: z.boolean(),
  size: int,
  metadata: z.record(str, z.unknown()),
  bootable: z.enum(['true', 'false']),
  tags: z.record(str, str),
  availability_zone: str,
  created_at: time,
  service_type: z.enum(['EVS', 'DSS']),
  updated_at: time,
  volume_type: z.enum(['SATA', 'SAS', 'GPSSD', 'SSD', 'ESSD', 'GPSSD2', 'ESSD2']),
  enterprise_project_id: str,
  plan_delete_at: time,
  pre_deleted_at: time,
  dedicated_storage_id: nstr,
  dedicated_storage_name: nstr,
  volume_image_metadata: z.record(str, z.unknown()),
  wwn: str,
});
/** snapshot_details.py: SnapshotDetails. */
const snapshotDetails = z.strictObject({
  id: uuid,
  status: z.enum([
    'creating',
    'available',
    'error',
    'deleting',
    'error_deleting',
    'rollbacking',
    'backing-up',
  ]),
  name: nstr,
  description: nstr,
  created_at: time,
  updated_at: time.nullable(),
  metadata: z.record(str, str),
  volume_id: uuid,
  size: int,
  'os-extended-snapshot-attributes:project_id': str,
  'os-extended-snapshot-attributes:progress': str,
});
/** snapshot_list.py: SnapshotList adds the storage fields. */
const snapshotListItem = snapshotDetails.extend({
  dedicated_storage_id: nstr,
  dedicated_storage_name: nstr,
  service_type: z.enum(['EVS', 'DSS']),
});
/** show_recycle_policy_response.py with the documented ranges. */
const policy = z.strictObject({
  switch: z.boolean(),
  threshold_time: int.min(1).max(1000),
  keep_time: int.min(1).max(365),
});
/** volume_detail.py: the fields the sandbox must return (a subset of VolumeDetail). */
const volumeDetail = z.object({
  id: uuid,
  links: z.array(z.object({ href: str, rel: str })),
  name: str,
  status: str,
  attachments: z.array(z.unknown()),
  availability_zone: str,
  'os-vol-host-attr:host': str,
  snapshot_id: nstr,
  description: nstr,
  created_at: time,
  'os-vol-tenant-attr:tenant_id': str,
  volume_type: str,
  size: int,
  bootable: z.enum(['true', 'false']),
  metadata: z.record(str, z.unknown()),
  updated_at: time.nullable(),
  encrypted: z.boolean(),
  shareable: z.union([z.boolean(), z.enum(['true', 'false'])]),
  user_id: str,
  service_type: str,
  multiattach: z.boolean(),
  tags: z.record(str, str),
  wwn: str,
  enterprise_project_id: str,
});
/** unsubscribe_postpaid_volume_response.py: an array of UnsubscribeVolumeResponseBody. */
const unsubscribeResults = z.array(
  z.strictObject({
    results: z.array(
      z.strictObject({
        volume_id: uuid,
        order_id: str.optional(),
        result: z.enum(['SUCCESS', 'FAIL']),
        fail_reason: str.optional(),
      }),
    ),
  }),
);

// ---- A.1 rows the bad inputs expect (copied from the seed's Appendix A.1) -------------------------

const row = (status: number, code: string, message: string) => ({ status, code, message });
const A1 = {
  invalidResourceId: row(400, 'EVS.1032', 'invalid resources ID!'),
  invalidTenantId: row(400, 'EVS.0001', 'invalid tenant id!'),
  invalidVolumeId: row(400, 'EVS.1002', 'invalid volume id!'),
  newSizeNotGreater: row(400, 'EVS.1015', 'new volume Size must be greater than old Size!'),
  invalidFilterLimit: row(400, 'EVS.1023', 'invalid filter limit!'),
  invalidRequest: row(400, 'EVS.1070', 'invalid request.'),
  typeNotSupported: row(400, 'EVS.2070', 'VolumeTypes are not supported !'),
  retypeNotHigher: row(
    400,
    'EVS.2087',
    'retype failed. please make sure that type is supported and the new one is higher than origin',
  ),
  notFound: row(404, 'EVS.5404', 'Resource(Volume, Snapshot, Backup .etc) could not be found.'),
};

// ---- cases -------------------------------------------------------------------------------------

interface Call {
  prepare?: (env: Env) => Promise<Vars>;
  path: (env: Env, v: Vars) => string;
  query?: (env: Env, v: Vars) => Query;
  body?: (env: Env, v: Vars) => unknown;
  /** The project that calls (default: the one that owns the resources). */
  as?: Caller;
}

interface Case extends Call {
  operation: string;
  method: HttpMethod;
  status: number;
  shape: z.ZodType;
  then?: (env: Env, body: Body, v: Vars) => Promise<void>;
  bad: Call & { input: string; status: number; code: string; message: string };
}

const cloudVolume = async (e: Env, id: string) =>
  (await e.send({ method: 'GET', path: `/v2/${e.p}/cloudvolumes/${id}`, accept: [200, 404] })).body;

/** An SAS disk retyped to GPSSD2 (the only way to a GPSSD2 disk: create in the sandbox knows the 2022 types). */
async function gpssd2Disk(e: Env): Promise<Vars> {
  const id = await e.disk({ volume_type: 'SAS', size: 20 });
  const r = await e.send({
    method: 'POST',
    path: `/v2/${e.p}/volumes/${id}/retype`,
    body: { 'os-retype': { new_type: 'GPSSD2', iops: 3000, throughput: 125 } },
  });
  expect((await e.jobEnd(r.body.job_id)).status).toBe('SUCCESS');
  return { id };
}

/** Disks made "days ago" (see aged-env.ts), used one per case. */
let agedDisks: string[] = [];

async function setPolicy(e: Env, body: Record<string, unknown>): Promise<void> {
  await e.send({ method: 'PUT', path: `/v3/${e.p}/recycle-bin-volumes/policy`, body, accept: [204] });
}

/** Switches the bin on and deletes an aged disk through DeleteVolume; the bin keeps it. */
async function binnedDisk(e: Env): Promise<Vars> {
  await setPolicy(e, { switch: true, threshold_time: 1, keep_time: 7 });
  const id = agedDisks.shift()!;
  const r = await e.send({ method: 'DELETE', path: `/v2/${e.p}/cloudvolumes/${id}` });
  expect((await e.jobEnd(r.body.job_id)).status).toBe('SUCCESS');
  return { id };
}

/** A new disk with an available snapshot (made through the 2022 Cinder snapshot API). */
const snapshotOfNewDisk = async (e: Env): Promise<Vars> => {
  const disk = await e.disk();
  return { disk, id: await e.snapshot(disk) };
};

const bin = (e: Env, v: Vars) => `/v3/${e.p}/recycle-bin-volumes/${v.id}`;

const CASES: Case[] = [
  {
    operation: 'CreateVolume',
    method: 'POST',
    path: (e) => `/v2.1/${e.p}/cloudvolumes`,
    body: (e) => ({
      volume: { availability_zone: e.az, volume_type: 'SSD', size: 10, name: 'v21-postpaid' },
      bssParam: { chargingMode: 'postPaid' },
    }),
    status: 200,
    // create_volume_response.py: job_id for a pay-per-use disk (order_id only for yearly/monthly).
    shape: jobAccepted,
    then: async (e, body) => {
      const job = await e.jobEnd(body.job_id);
      expect(job.status).toBe('SUCCESS');
      const disk = (await cloudVolume(e, String(job.entities.volume_id))).volume;
      expect(disk).toMatchObject({ name: 'v21-postpaid', size: 10, status: 'available' });
      expect(disk.metadata.orderID).toBeUndefined();
    },
    bad: {
      input: 'prePaid without periodType and periodNum',
      path: (e) => `/v2.1/${e.p}/cloudvolumes`,
      body: (e) => ({
        volume: { availability_zone: e.az, volume_type: 'SSD', size: 10 },
        bssParam: { chargingMode: 'prePaid', isAutoPay: 'true' },
      }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'ResizeVolume',
    method: 'POST',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2.1/${e.p}/cloudvolumes/${v.id}/action`,
    body: () => ({ 'os-extend': { new_size: 20 }, bssParam: { isAutoPay: 'false' } }),
    status: 202,
    shape: jobAccepted,
    then: async (e, body, v) => {
      expect((await e.jobEnd(body.job_id)).status).toBe('SUCCESS');
      expect((await cloudVolume(e, v.id!)).volume).toMatchObject({ size: 20, status: 'available' });
    },
    bad: {
      input: 'isAutoPay as a JSON boolean (the model types it as the string "true" or "false")',
      prepare: async (e) => ({ id: await e.disk() }),
      path: (e, v) => `/v2.1/${e.p}/cloudvolumes/${v.id}/action`,
      body: () => ({ 'os-extend': { new_size: 20 }, bssParam: { isAutoPay: true } }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'RetypeVolume',
    method: 'POST',
    prepare: async (e) => ({ id: await e.disk({ volume_type: 'SAS' }) }),
    path: (e, v) => `/v2/${e.p}/volumes/${v.id}/retype`,
    body: () => ({ 'os-retype': { new_type: 'SSD' } }),
    status: 202,
    shape: jobAccepted,
    then: async (e, body, v) => {
      expect((await e.jobEnd(body.job_id)).status).toBe('SUCCESS');
      const disk = (await cloudVolume(e, v.id!)).volume;
      expect(disk).toMatchObject({ volume_type: 'SSD', status: 'available' });
    },
    bad: {
      input: 'a type lower than the current one',
      prepare: async (e) => ({ id: await e.disk({ volume_type: 'SSD' }) }),
      path: (e, v) => `/v2/${e.p}/volumes/${v.id}/retype`,
      body: () => ({ 'os-retype': { new_type: 'SAS' } }),
      ...A1.retypeNotHigher,
    },
  },
  {
    operation: 'ModifyVolumeQoS',
    method: 'PUT',
    prepare: gpssd2Disk,
    path: (e, v) => `/v5/${e.p}/cloudvolumes/${v.id}/qos`,
    body: () => ({ qos_modify: { iops: 6000, throughput: 200 } }),
    status: 202,
    shape: jobAccepted,
    then: async (e, body, v) => {
      const job = await e.jobEnd(body.job_id);
      expect(job.status).toBe('SUCCESS');
      const disk = (await cloudVolume(e, v.id!)).volume;
      expect(disk.iops.total_val).toBe(6000);
      expect(disk.throughput.total_val).toBe(200);
    },
    bad: {
      input: 'a disk type without provisioned performance (SSD)',
      prepare: async (e) => ({ id: await e.disk({ volume_type: 'SSD' }) }),
      path: (e, v) => `/v5/${e.p}/cloudvolumes/${v.id}/qos`,
      body: () => ({ qos_modify: { iops: 6000 } }),
      ...A1.typeNotSupported,
    },
  },
  {
    operation: 'BatchResizeVolumes',
    method: 'POST',
    prepare: async (e) => ({ a: await e.disk(), b: await e.disk() }),
    path: (e) => `/v5/${e.p}/volumes/batch-extend`,
    body: (_e, v) => ({
      volumes: [
        { id: v.a, new_size: 20 },
        { id: v.b, new_size: 30 },
      ],
    }),
    status: 202,
    shape: jobAccepted,
    then: async (e, body, v) => {
      const job = await e.jobEnd(body.job_id);
      expect(job.status).toBe('SUCCESS');
      expect(job.entities.sub_jobs).toHaveLength(2);
      expect((await cloudVolume(e, v.a!)).volume.size).toBe(20);
      expect((await cloudVolume(e, v.b!)).volume.size).toBe(30);
    },
    bad: {
      input: 'one disk whose new size is not above its size (the other is left as it was)',
      prepare: async (e) => ({ a: await e.disk(), b: await e.disk() }),
      path: (e) => `/v5/${e.p}/volumes/batch-extend`,
      body: (_e, v) => ({
        volumes: [
          { id: v.a, new_size: 20 },
          { id: v.b, new_size: 10 },
        ],
      }),
      ...A1.newSizeNotGreater,
    },
  },
  {
    operation: 'ShowVolume',
    method: 'GET',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}`,
    status: 200,
    shape: z.strictObject({ volume: volumeDetail }),
    then: async (_e, body, v) => {
      expect(body.volume.id).toBe(v.id);
    },
    bad: {
      input: 'a disk id that is not a UUID',
      path: (e) => `/v2/${e.p}/cloudvolumes/not-a-uuid`,
      ...A1.invalidVolumeId,
    },
  },
  {
    operation: 'UnsubscribePostpaidVolume',
    method: 'POST',
    prepare: async (e) => ({ id: await e.disk() }),
    path: (e) => `/v2/${e.p}/cloudvolumes/unsubscribe`,
    body: (_e, v) => ({ volume_ids: [v.id] }),
    status: 202,
    shape: unsubscribeResults,
    then: async (e, body, v) => {
      // A pay-per-use disk cannot be unsubscribed: its result says so and the disk stays.
      expect(body[0].results[0]).toMatchObject({ volume_id: v.id, result: 'FAIL' });
      expect((await cloudVolume(e, v.id!)).volume.status).toBe('available');
    },
    bad: {
      input: 'an empty id list',
      path: (e) => `/v2/${e.p}/cloudvolumes/unsubscribe`,
      body: () => ({ volume_ids: [] }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'ShowRecyclePolicy',
    method: 'GET',
    path: (e) => `/v3/${e.p}/recycle-bin-volumes/policy`,
    status: 200,
    shape: policy,
    bad: {
      input: "another project's policy",
      path: (e) => `/v3/${e.p}/recycle-bin-volumes/policy`,
      as: 'peer',
      ...A1.invalidTenantId,
    },
  },
  {
    operation: 'UpdateRecyclePolicy',
    method: 'PUT',
    path: (e) => `/v3/${e.p}/recycle-bin-volumes/policy`,
    body: () => ({ switch: true, threshold_time: 3, keep_time: 30 }),
    status: 204,
    shape: z.undefined(),
    then: async (e) => {
      const r = await e.send({ method: 'GET', path: `/v3/${e.p}/recycle-bin-volumes/policy` });
      expect(r.body).toEqual({ switch: true, threshold_time: 3, keep_time: 30 });
    },
    bad: {
      input: 'keep_time above 365 days',
      path: (e) => `/v3/${e.p}/recycle-bin-volumes/policy`,
      body: () => ({ keep_time: 366 }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'ListVolumesInRecycle',
    method: 'GET',
    prepare: binnedDisk,
    path: (e) => `/v3/${e.p}/recycle-bin-volumes/detail`,
    query: () => ({ limit: 1000 }),
    status: 200,
    shape: z.strictObject({ count: int, volumes: z.array(recycleBinVolume) }),
    then: async (_e, body, v) => {
      expect(body.volumes.map((x: Body) => x.id)).toContain(v.id);
      expect(body.count).toBe(body.volumes.length);
    },
    bad: {
      input: 'limit 0',
      path: (e) => `/v3/${e.p}/recycle-bin-volumes/detail`,
      query: () => ({ limit: 0 }),
      ...A1.invalidFilterLimit,
    },
  },
  {
    operation: 'ShowVolumeInRecycle',
    method: 'GET',
    prepare: binnedDisk,
    path: bin,
    status: 200,
    shape: z.strictObject({ volume: recycleBinVolume }),
    then: async (e, body, v) => {
      expect(body.volume.id).toBe(v.id);
      // Kept in the bin means gone from the disks.
      expect(
        (await e.send({ method: 'GET', path: `/v2/${e.p}/cloudvolumes/${v.id}`, accept: [404] })).status,
      ).toBe(404);
    },
    bad: {
      input: 'a live disk that is not in the bin',
      prepare: async (e) => ({ id: await e.disk() }),
      path: bin,
      ...A1.notFound,
    },
  },
  {
    operation: 'RevertVolumeInRecycle',
    method: 'POST',
    prepare: binnedDisk,
    path: (e, v) => `${bin(e, v)}/revert`,
    status: 204,
    shape: z.undefined(),
    then: async (e, _body, v) => {
      expect((await cloudVolume(e, v.id!)).volume.status).toBe('available');
      expect((await e.send({ method: 'GET', path: bin(e, v), accept: [404] })).status).toBe(404);
    },
    bad: {
      input: 'a disk id that is not a UUID',
      path: (e) => `/v3/${e.p}/recycle-bin-volumes/not-a-uuid/revert`,
      ...A1.invalidVolumeId,
    },
  },
  {
    operation: 'DeleteVolumeInRecycle',
    method: 'DELETE',
    prepare: binnedDisk,
    path: bin,
    status: 204,
    shape: z.undefined(),
    then: async (e, _body, v) => {
      expect((await e.send({ method: 'GET', path: bin(e, v), accept: [404] })).status).toBe(404);
      expect((await cloudVolume(e, v.id!)).error?.code).toBe('EVS.5404');
    },
    bad: {
      input: 'an unknown disk id',
      path: (e) => `/v3/${e.p}/recycle-bin-volumes/00000000-0000-4000-8000-000000000000`,
      ...A1.notFound,
    },
  },
  {
    operation: 'CreateSnapshot',
    method: 'POST',
    prepare: async (e) => ({ disk: await e.disk() }),
    path: (e) => `/v2/${e.p}/cloudsnapshots`,
    body: (_e, v) => ({ snapshot: { volume_id: v.disk, name: 'cloud-snap', metadata: { k: 'v' } } }),
    status: 202,
    shape: z.strictObject({ snapshot: snapshotDetails }),
    then: async (e, body, v) => {
      expect(body.snapshot).toMatchObject({ volume_id: v.disk, name: 'cloud-snap', status: 'creating' });
      await poll(e.sandbox, 'cloud snapshot available', async () => {
        const r = await e.send({ method: 'GET', path: `/v2/${e.p}/cloudsnapshots/${body.snapshot.id}` });
        return r.body.snapshot.status === 'available' ? true : undefined;
      });
    },
    bad: {
      input: 'a description of 86 characters (the page allows 85)',
      prepare: async (e) => ({ disk: await e.disk() }),
      path: (e) => `/v2/${e.p}/cloudsnapshots`,
      body: (_e, v) => ({ snapshot: { volume_id: v.disk, description: 'd'.repeat(86) } }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'ListSnapshots',
    method: 'GET',
    prepare: snapshotOfNewDisk,
    path: (e) => `/v2/${e.p}/cloudsnapshots/detail`,
    query: (_e, v) => ({ volume_id: v.disk! }),
    status: 200,
    shape: z.strictObject({ count: int, snapshots: z.array(snapshotListItem) }),
    then: async (_e, body, v) => {
      expect(body.count).toBe(1);
      expect(body.snapshots[0].id).toBe(v.id);
    },
    bad: {
      input: 'an unknown status filter',
      path: (e) => `/v2/${e.p}/cloudsnapshots/detail`,
      query: () => ({ status: 'sleeping' }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'ShowSnapshot',
    method: 'GET',
    prepare: snapshotOfNewDisk,
    path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}`,
    status: 200,
    shape: z.strictObject({ snapshot: snapshotDetails }),
    then: async (_e, body, v) => {
      expect(body.snapshot).toMatchObject({ id: v.id, volume_id: v.disk, status: 'available' });
    },
    bad: {
      input: 'a snapshot id that is not a UUID',
      path: (e) => `/v2/${e.p}/cloudsnapshots/not-a-uuid`,
      ...A1.invalidResourceId,
    },
  },
  {
    operation: 'UpdateSnapshot',
    method: 'PUT',
    prepare: snapshotOfNewDisk,
    path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}`,
    body: () => ({ snapshot: { name: 'renamed', description: 'now described' } }),
    status: 200,
    shape: z.strictObject({ snapshot: snapshotDetails }),
    then: async (_e, body) => {
      expect(body.snapshot).toMatchObject({ name: 'renamed', description: 'now described' });
    },
    bad: {
      input: 'neither name nor description',
      prepare: snapshotOfNewDisk,
      path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}`,
      body: () => ({ snapshot: {} }),
      ...A1.invalidRequest,
    },
  },
  {
    operation: 'DeleteSnapshot',
    method: 'DELETE',
    prepare: snapshotOfNewDisk,
    path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}`,
    status: 202,
    shape: z.undefined(),
    then: async (e, _body, v) => {
      await poll(e.sandbox, 'cloud snapshot gone', async () => {
        const r = await e.send({ method: 'GET', path: `/v2/${e.p}/cloudsnapshots/${v.id}`, accept: [404] });
        return r.status === 404 ? true : undefined;
      });
    },
    bad: {
      input: 'an unknown snapshot id',
      path: (e) => `/v2/${e.p}/cloudsnapshots/00000000-0000-4000-8000-000000000000`,
      ...A1.notFound,
    },
  },
  {
    operation: 'RollbackSnapshot',
    method: 'POST',
    prepare: snapshotOfNewDisk,
    path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}/rollback`,
    body: (_e, v) => ({ rollback: { volume_id: v.disk } }),
    status: 202,
    shape: z.strictObject({ rollback: z.strictObject({ volume_id: uuid }) }),
    then: async (e, body, v) => {
      expect(body.rollback.volume_id).toBe(v.disk);
      await e.diskStatus(v.disk!, 'available');
    },
    bad: {
      input: 'a disk other than the snapshot source',
      prepare: async (e) => ({ ...(await snapshotOfNewDisk(e)), other: await e.disk() }),
      path: (e, v) => `/v2/${e.p}/cloudsnapshots/${v.id}/rollback`,
      body: (_e, v) => ({ rollback: { volume_id: v.other } }),
      ...A1.invalidVolumeId,
    },
  },
];

const template = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);

async function build(env: Env, call: Call) {
  const v = (await call.prepare?.(env)) ?? {};
  return { v, path: call.path(env, v), query: call.query?.(env, v), body: call.body?.(env, v) };
}

describe('contract: current API operations beyond the 2022 reference', () => {
  let env: Env;
  let aged: AgedEnv;

  beforeAll(async () => {
    aged = await startAgedEnv(4);
    env = aged.env;
    agedDisks = [...aged.aged];
  });
  afterAll(() => aged?.close());

  it('has one case for each operation of the SDK newer than the 2022 reference, on its SDK route', () => {
    const newer = SDK.tools.filter((t) => t.operation !== null && t.section === t.operation);
    const covered = CASES.map((c) => c.operation);
    expect([...covered].sort()).toEqual(newer.map((t) => t.operation).sort());
    for (const c of CASES)
      expect(SDK.operations.find((o) => o.operation === c.operation)?.method).toBe(c.method);
  });

  it.each(CASES.map((c) => [c.operation, c] as const))(
    '%s answers the documented status and response fields',
    async (_name, c) => {
      const { v, path, query, body } = await build(env, c);
      const op = SDK.operations.find((o) => o.operation === c.operation)!;
      expect(path).toMatch(template(op.path));
      const res = await env.send({
        method: c.method,
        path,
        ...(query ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
        accept: [c.status],
      });
      expect(res.status).toBe(c.status);
      const parsed = c.shape.safeParse(res.body);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues, null, 1)).toBe(true);
      await c.then?.(env, res.body, v);
    },
  );

  it.each(CASES.map((c) => [c.operation, c.bad.input, c] as const))(
    '%s refuses %s with the documented error',
    async (_name, _input, c) => {
      const bad = c.bad;
      const { v, path, query, body } = await build(env, bad);
      const req = {
        method: c.method,
        path,
        ...(query ? { query } : {}),
        ...(body !== undefined ? { body } : {}),
        ...(bad.as ? { as: bad.as } : {}),
      };
      const thrown = await env.send(req).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(thrown).toBeInstanceOf(HttpFailure);
      expect((thrown as HttpFailure).status).toBe(bad.status);
      expect((thrown as HttpFailure).code).toBe(bad.code);
      const res = await env.send({ ...req, accept: [bad.status] });
      expect(res.status).toBe(bad.status);
      expect(res.body).toEqual({ error: { message: bad.message, code: bad.code } });
      // A refused batch changes none of its disks.
      if (c.operation === 'BatchResizeVolumes') expect((await cloudVolume(env, v.a!)).volume.size).toBe(10);
    },
  );

  it('deletes a disk younger than threshold_time for good, even with the bin switched on', async () => {
    await setPolicy(env, { switch: true, threshold_time: 1, keep_time: 7 });
    const id = await env.disk();
    const r = await env.send({ method: 'DELETE', path: `/v2/${env.p}/cloudvolumes/${id}` });
    expect((await env.jobEnd(r.body.job_id)).status).toBe('SUCCESS');
    const res = await env.send({
      method: 'GET',
      path: `/v3/${env.p}/recycle-bin-volumes/${id}`,
      accept: [404],
    });
    expect(res.status).toBe(404);
  });

  it('refuses a retype to a type not sold in the disk AZ, and QoS changes out of the documented ranges', async () => {
    const id = await env.disk({ volume_type: 'SAS' });
    const inAz = await env.send({
      method: 'POST',
      path: `/v2/${env.p}/volumes/${id}/retype`,
      body: { 'os-retype': { new_type: 'ESSD2', iops: 1000 } },
      accept: [400],
    });
    expect(inAz.body.error.code).toBe('EVS.2071');
    const { id: g } = await gpssd2Disk(env);
    // 20 GiB allows at most 10,000 IOPS (500 per GiB); throughput at most IOPS / 4.
    for (const qos of [{ iops: 10001, throughput: 200 }, { iops: 4000, throughput: 1001 }, { iops: 4000 }]) {
      const res = await env.send({
        method: 'PUT',
        path: `/v5/${env.p}/cloudvolumes/${g}/qos`,
        body: { qos_modify: qos },
        accept: [400],
      });
      expect(res.body.error.code, JSON.stringify(qos)).toBe('EVS.1070');
    }
  });
});
