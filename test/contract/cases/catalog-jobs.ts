// API versions (5.1, 5.2), the read-only catalogue (7.1.7-7.1.9, 7.1.16, 7.1.17) and job status (8.1.1).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { ContractCase } from '../runner.js';
import { RESPONSE } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

export const CATALOG_JOB_CASES: ContractCase[] = [
  {
    section: '5.1',
    method: 'GET',
    path: () => '/',
    // Documented as "Normal 300".
    status: 300,
    shape: RESPONSE['5.1'],
    then: async (_e, body: Body) => {
      expect(body.versions.map((v: { id: string }) => v.id)).toEqual(['v1.0', 'v2.0', 'v3.0']);
    },
    bad: {
      input: 'a method the path does not serve',
      method: 'POST',
      path: () => '/',
      // A.2: 405 Method Not Allowed; the code and message are A.1's "Malformed request url." row.
      ...A1.malformedUrl,
      status: 405,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '5.2',
    method: 'GET',
    path: () => '/v2',
    status: 200,
    shape: RESPONSE['5.2'],
    then: async (_e, body: Body) => {
      expect(body.versions[0].id).toBe('v2.0');
    },
    bad: {
      input: 'a version that does not exist',
      path: () => '/v9',
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.1.7',
    method: 'GET',
    path: (e) => `/v2/${e.p}/types`,
    status: 200,
    shape: RESPONSE['7.1.7'],
    then: async (_e, body: Body) => {
      expect(body.volume_types.map((t: { name: string }) => t.name)).toEqual(
        expect.arrayContaining(['SSD', 'SAS']),
      );
    },
    bad: {
      input: "another project's id in the path",
      path: (e) => `/v2/${e.peer.id}/types`,
      ...A1.invalidTenantId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '7.1.8',
    method: 'GET',
    prepare: async (e) => {
      const types = await e.send({ method: 'GET', path: `/v2/${e.p}/types` });
      return { id: types.body.volume_types.find((t: { name: string }) => t.name === 'SAS').id as string };
    },
    path: (e, v) => `/v2/${e.p}/types/${v.id}`,
    status: 200,
    shape: RESPONSE['7.1.8'],
    then: async (_e, body: Body, v) => {
      expect(body.volume_type).toMatchObject({ id: v.id, name: 'SAS' });
    },
    bad: {
      input: 'an unknown type id',
      path: (e) => `/v2/${e.p}/types/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.1.9',
    method: 'GET',
    prepare: async (e) => ({ disk: await e.disk({ size: 15, volume_type: 'SAS' }) }),
    path: (e) => `/v2/${e.p}/os-quota-sets/${e.p}`,
    query: () => ({ usage: 'True' }),
    status: 200,
    shape: RESPONSE['7.1.9'],
    then: async (e, body: Body) => {
      expect(body.quota_set.id).toBe(e.p);
      expect(body.quota_set.volumes_SAS.in_use).toBeGreaterThanOrEqual(1);
      expect(body.quota_set.gigabytes_SAS.in_use).toBeGreaterThanOrEqual(15);
    },
    bad: {
      input: 'a target project other than the caller',
      path: (e) => `/v2/${e.p}/os-quota-sets/${e.peer.id}`,
      query: () => ({ usage: 'True' }),
      ...A1.policyCheckFailed,
      // The seed shows no 403 example; Cinder names the 403 fault "forbidden".
      envelope: ENVELOPE.forbidden,
    },
  },
  {
    section: '7.1.16',
    method: 'GET',
    path: (e) => `/v2/${e.p}/extensions`,
    status: 200,
    shape: RESPONSE['7.1.16'],
    then: async (_e, body: Body) => {
      expect(body.extensions[0]).toMatchObject({ name: 'SchedulerHints', alias: 'OS-SCH-HNT' });
    },
    bad: {
      input: "another project's id in the path",
      path: (e) => `/v2/${e.peer.id}/extensions`,
      ...A1.invalidTenantId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '7.1.17',
    method: 'GET',
    path: (e) => `/v2/${e.p}/os-availability-zone`,
    status: 200,
    shape: RESPONSE['7.1.17'],
    then: async (e, body: Body) => {
      expect(body.availabilityZoneInfo).toContainEqual({ zoneState: { available: true }, zoneName: e.az });
    },
    bad: {
      input: "another project's id in the path",
      path: (e) => `/v2/${e.peer.id}/os-availability-zone`,
      ...A1.invalidTenantId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '8.1.1',
    method: 'GET',
    prepare: async (e) => {
      const r = await e.send({
        method: 'POST',
        path: `/v2/${e.p}/cloudvolumes`,
        body: { volume: { availability_zone: e.az, volume_type: 'SSD', size: 10, name: 'job-disk' } },
      });
      return { job: r.body.job_id as string };
    },
    path: (e, v) => `/v1/${e.p}/jobs/${v.job}`,
    status: 200,
    shape: RESPONSE['8.1.1'],
    then: async (e, body: Body, v) => {
      expect(body).toMatchObject({ job_id: v.job, job_type: 'createVolume' });
      const done = await e.jobEnd(v.job!);
      expect(done.status).toBe('SUCCESS');
      expect(RESPONSE['8.1.1'].parse(done).entities).toMatchObject({ name: 'job-disk', size: 10 });
      expect(done.entities.volume_id).toBeTypeOf('string');
    },
    bad: {
      input: 'an unknown job id',
      path: (e) => `/v1/${e.p}/jobs/ff80808100000000000000000000dead`,
      ...A1.queryJobFail,
      envelope: ENVELOPE.custom,
    },
  },
];
