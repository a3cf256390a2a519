// Jobs (8.1.1) behind the custom APIs, and quota enforcement and reporting (7.1.9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
let b: SandboxProject;

beforeAll(async () => {
  h = await start({ delays: { job: 60, create: 60, extend: 20, delete: 20, snapshot: 0 } });
  [a, b] = h.projects as [SandboxProject, SandboxProject];
});
afterAll(() => h.close());

const job = (id: string) => call(h, a, 'GET', `/v1/${a.id}/jobs/${id}`);
/** Moves the sandbox clock past every delay, then reads the job. */
const finished = async (id: string) => {
  h.clock.advance(1_000);
  const r = await job(id);
  expect(['SUCCESS', 'FAIL']).toContain(r.body.status);
  return r.body;
};

describe('jobs', () => {
  it('moves INIT → RUNNING → SUCCESS with the documented fields', async () => {
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, { body: createBody({ name: 'jobbed' }) });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['job_id']);
    // job delay 60 ms, then create delay 60 ms, on the sandbox clock.
    const seen = [(await job(r.body.job_id)).body.status];
    h.clock.advance(59);
    seen.push((await job(r.body.job_id)).body.status);
    h.clock.advance(1);
    seen.push((await job(r.body.job_id)).body.status);
    h.clock.advance(59);
    seen.push((await job(r.body.job_id)).body.status);
    h.clock.advance(1);
    const end = (await job(r.body.job_id)).body;
    seen.push(end.status);
    expect(seen).toEqual(['INIT', 'INIT', 'RUNNING', 'RUNNING', 'SUCCESS']);
    expect(end).toMatchObject({
      job_id: r.body.job_id,
      job_type: 'createVolume',
      error_code: null,
      fail_reason: null,
    });
    expect(end.end_time).toMatch(/Z$/);
    const v = await call(h, a, 'GET', `/v2/${a.id}/os-vendor-volumes/${end.entities.volume_id}`);
    expect(v.body.volume).toMatchObject({ name: 'jobbed', status: 'available' });
  });

  it('reports each disk of a batch as a sub-job', async () => {
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, {
      body: createBody({ name: 'batch', count: 3 }),
    });
    const end = await finished(r.body.job_id);
    expect(end.job_type).toBe('batchCreateVolume');
    expect(end.status).toBe('SUCCESS');
    expect(end.entities.sub_jobs).toHaveLength(3);
    const names = await Promise.all(
      end.entities.sub_jobs.map(
        async (s: { job_type: string; status: string; entities: { volume_id: string } }) => {
          expect(s).toMatchObject({ job_type: 'createVolume', status: 'SUCCESS' });
          return (await call(h, a, 'GET', `/v2/${a.id}/volumes/${s.entities.volume_id}`)).body.volume.name;
        },
      ),
    );
    expect(names.sort()).toEqual(['batch-0001', 'batch-0002', 'batch-0003']);
  });

  it('fails with error_code and fail_reason when the quota is gone at execution time', async () => {
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, { body: createBody({ size: 100 }) });
    h.setQuota(a.id, 'gigabytes', 50);
    const end = await finished(r.body.job_id);
    h.setQuota(a.id, 'gigabytes', -1);
    expect(end).toMatchObject({
      status: 'FAIL',
      error_code: 'EVS.1042',
      fail_reason: 'volume gigabytes exceeded volume gigabytes quota!',
    });
  });

  it('fails a batch partly when only some disks fit, and an injected failure fails extend jobs', async () => {
    const used = (await call(h, a, 'GET', `/v2/${a.id}/os-quota-sets/${a.id}`, { query: { usage: 'True' } }))
      .body.quota_set.volumes.in_use as number;
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, { body: createBody({ count: 3 }) });
    h.setQuota(a.id, 'volumes', used + 2);
    const end = await finished(r.body.job_id);
    h.setQuota(a.id, 'volumes', -1);
    expect(end.status).toBe('FAIL');
    expect(end.error_code).toBe('EVS.1034');
    expect(end.entities.sub_jobs.map((s: { status: string }) => s.status)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'FAIL',
    ]);

    const disk = end.entities.sub_jobs[0].entities.volume_id as string;
    h.injectFailure({ op: 'extend' });
    const ext = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes/${disk}/action`, {
      body: { 'os-extend': { new_size: 20 } },
    });
    expect(ext.status).toBe(200);
    const failed = await finished(ext.body.job_id);
    expect(failed).toMatchObject({ job_type: 'extendVolume', status: 'FAIL', error_code: 'EVS.2026' });
  });

  it('deletes through a deleteVolume job; unknown or foreign job ids give Common.0011', async () => {
    const v = await waitForVolume(
      h,
      a,
      (await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() })).body.volume.id,
      'available',
    );
    const r = await call(h, a, 'DELETE', `/v2/${a.id}/cloudvolumes/${v.id}`);
    expect(r.status).toBe(200);
    expect((await finished(r.body.job_id)).job_type).toBe('deleteVolume');
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/${v.id}`)).status).toBe(404);
    const unknown = await job('ffffffffffffffffffffffffffffffff');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: { code: 'Common.0011', message: 'query job fail.' } });
    const foreign = await call(h, b, 'GET', `/v1/${b.id}/jobs/${r.body.job_id}`);
    expect(foreign.body.error.code).toBe('Common.0011');
  });
});

describe('quotas', () => {
  const quota = async () =>
    (await call(h, b, 'GET', `/v2/${b.id}/os-quota-sets/${b.id}`, { query: { usage: 'True' } })).body
      .quota_set;

  it('reports every documented key as {in_use, limit, reserved}', async () => {
    const q = await quota();
    expect(q.id).toBe(b.id);
    for (const key of [
      'volumes',
      'snapshots',
      'gigabytes',
      'volumes_SSD',
      'volumes_SAS',
      'volumes_SATA',
      'volumes_ESSD',
      'snapshots_SSD',
      'snapshots_SAS',
      'snapshots_SATA',
      'snapshots_ESSD',
      'gigabytes_SSD',
      'gigabytes_SAS',
      'gigabytes_SATA',
      'gigabytes_ESSD',
      'backups',
      'backup_gigabytes',
      'per_volume_gigabytes',
    ]) {
      expect(Object.keys(q[key]).sort(), key).toEqual(['in_use', 'limit', 'reserved']);
    }
    expect(q.volumes.limit).toBe(-1);
    const other = await call(h, b, 'GET', `/v2/${b.id}/os-quota-sets/${a.id}`, { query: { usage: 'True' } });
    expect(other.status).toBe(403);
  });

  it('refuses create, extend and snapshot past the limits with the documented codes', async () => {
    h.setQuota(b.id, 'volumes', 1);
    h.setQuota(b.id, 'gigabytes_SSD', 25);
    h.setQuota(b.id, 'snapshots', 0);
    const V = `/v2/${b.id}/volumes`;
    const first = await call(h, b, 'POST', V, { body: createBody({ size: 20 }) });
    expect(first.status).toBe(202);
    const q = await quota();
    expect(q.volumes).toMatchObject({ in_use: 1, limit: 1 });
    expect(q.gigabytes_SSD).toMatchObject({ in_use: 20, limit: 25 });

    h.requestLog.clear();
    const cinder = await call(h, b, 'POST', V, { body: createBody() });
    expect(cinder.status).toBe(413);
    expect(cinder.body).toEqual({ overLimit: { code: 'EVS.5413', message: 'Insufficient volume quota.' } });
    const custom = await call(h, b, 'POST', `/v2/${b.id}/cloudvolumes`, { body: createBody() });
    expect(custom.body).toEqual({
      error: { code: 'EVS.1034', message: 'volume count exceeded volume count quota!' },
    });
    h.setQuota(b.id, 'volumes', -1);
    const gb = await call(h, b, 'POST', `/v2/${b.id}/cloudvolumes`, { body: createBody({ size: 10 }) });
    expect(gb.body).toEqual({
      error: { code: 'EVS.1042', message: 'volume gigabytes exceeded volume gigabytes quota!' },
    });

    await waitForVolume(h, b, first.body.volume.id, 'available');
    const ext = await call(h, b, 'POST', `${V}/${first.body.volume.id}/action`, {
      body: { 'os-extend': { new_size: 30 } },
    });
    expect(ext.body).toEqual({ overLimit: { code: 'EVS.5413', message: 'Insufficient volume quota.' } });
    const snap = await call(h, b, 'POST', `/v2/${b.id}/snapshots`, {
      body: { snapshot: { volume_id: first.body.volume.id } },
    });
    expect(snap.status).toBe(413);
    expect(h.requestLog.entries().every((e) => e.outcome === 'client_error' || e.method === 'GET')).toBe(
      true,
    );
  });

  it('counts disks of jobs not yet started as reserved', async () => {
    h.setQuota(b.id, 'gigabytes_SSD', -1);
    const r = await call(h, b, 'POST', `/v2/${b.id}/cloudvolumes`, {
      body: createBody({ size: 15, count: 2 }),
    });
    expect(r.status).toBe(200);
    const q = await quota();
    expect(q.volumes.reserved).toBe(2);
    expect(q.gigabytes.reserved).toBe(30);
  });
});
