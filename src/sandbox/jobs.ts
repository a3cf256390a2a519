// Jobs (8.1.1) behind 6.1.1, 6.1.3 and 6.1.7: INIT, then RUNNING, then SUCCESS or FAIL.
import { evsError } from './errors.js';
import { jobId, jobTime } from './ids.js';
import { room } from './quotas.js';
import { beginCreate, beginDelete, beginExtend, newVolume, type VolumeSpec } from './state-machine.js';
import type { Store } from './store.js';
import type { JobRecord } from './types.js';

function newJob(
  store: Store,
  projectId: string,
  type: JobRecord['job_type'],
  entities: Record<string, unknown>,
  now: number,
  plan?: JobRecord['plan'],
): JobRecord {
  const job: JobRecord = {
    job_id: jobId(),
    projectId,
    job_type: type,
    status: 'INIT',
    entities,
    begin_time: jobTime(now),
    end_time: '',
    error_code: null,
    fail_reason: null,
    plan,
  };
  store.addJob(job);
  return job;
}

/** 6.1.1: one createVolume job, or a batchCreateVolume job with one sub-job per disk. */
export function submitCreate(store: Store, projectId: string, specs: VolumeSpec[], now: number): JobRecord {
  const first = specs[0]!;
  const batchName = specs.length > 1 ? first.name.replace(/-\d{4}$/, '') : first.name;
  const summary = { name: batchName, size: first.size, volume_type: first.volume_type };
  if (specs.length === 1) {
    const job = newJob(store, projectId, 'createVolume', { ...summary }, now, {
      kind: 'create',
      volume: first,
    });
    store.schedule('job.start', job.job_id, store.delays.job, now);
    return job;
  }
  const parent = newJob(store, projectId, 'batchCreateVolume', { ...summary }, now);
  parent.subJobIds = specs.map((spec) => {
    const sub = newJob(
      store,
      projectId,
      'createVolume',
      { name: spec.name, size: spec.size, volume_type: spec.volume_type },
      now,
      {
        kind: 'create',
        volume: spec,
      },
    );
    sub.parentId = parent.job_id;
    return sub.job_id;
  });
  store.schedule('job.start', parent.job_id, store.delays.job, now);
  return parent;
}

export function submitExtend(
  store: Store,
  projectId: string,
  volumeId: string,
  newSize: number,
  now: number,
): JobRecord {
  const job = newJob(store, projectId, 'extendVolume', { volume_id: volumeId, size: newSize }, now, {
    kind: 'extend',
    volumeId,
    newSize,
  });
  store.schedule('job.start', job.job_id, store.delays.job, now);
  return job;
}

export function submitDelete(store: Store, projectId: string, volumeId: string, now: number): JobRecord {
  const job = newJob(store, projectId, 'deleteVolume', { volume_id: volumeId }, now, {
    kind: 'delete',
    volumeId,
  });
  store.schedule('job.start', job.job_id, store.delays.job, now);
  return job;
}

function fail(store: Store, job: JobRecord, code: string, now: number, reason?: string): void {
  job.status = 'FAIL';
  job.error_code = code;
  job.fail_reason = reason ?? evsError(code).message;
  job.end_time = jobTime(now);
  store.markDirty();
}

type Room = Map<string, { volumes: number; gigabytes: number }>;

/** Starts one job's work; returns the delay after which it finishes. `quota` is the room left per disk type. */
function start(store: Store, job: JobRecord, now: number, quota: Room = new Map()): number {
  job.status = 'RUNNING';
  store.markDirty();
  const plan = job.plan;
  if (!plan) return 0;
  if (plan.kind === 'create') {
    // Checked again at execution: the quota may have shrunk since the request was accepted.
    const type = plan.volume.volume_type;
    const left = quota.get(type) ?? room(store, job.projectId, type);
    quota.set(type, left);
    if (left.volumes < 1 || left.gigabytes < plan.volume.size) {
      fail(store, job, left.volumes < 1 ? 'EVS.1034' : 'EVS.1042', now);
      return 0;
    }
    left.volumes--;
    left.gigabytes -= plan.volume.size;
    const v = newVolume(store, job.projectId, plan.volume, 'creating', now);
    beginCreate(store, v, now);
    job.entities = { ...job.entities, volume_id: v.id };
    return store.delays.create;
  }
  const v = store.state.volumes[plan.volumeId];
  if (!v) {
    fail(store, job, 'EVS.5404', now);
    return 0;
  }
  if (plan.kind === 'extend') {
    beginExtend(store, v, plan.newSize, now);
    return store.delays.extend;
  }
  beginDelete(store, v, false, now);
  return store.delays.delete;
}

function finish(store: Store, job: JobRecord, now: number): void {
  if (job.status !== 'RUNNING') return;
  const plan = job.plan;
  if (job.subJobIds) {
    const subs = job.subJobIds.map((id) => store.state.jobs[id]).filter((j): j is JobRecord => !!j);
    for (const sub of subs) finish(store, sub, now);
    const failed = subs.find((s) => s.status === 'FAIL');
    if (failed) fail(store, job, failed.error_code ?? 'EVS.2001', now, failed.fail_reason ?? undefined);
    else job.status = 'SUCCESS';
  } else if (plan?.kind === 'create') {
    const v = store.state.volumes[String(job.entities.volume_id)];
    if (!v || v.status === 'error') return fail(store, job, 'EVS.2024', now);
    job.status = 'SUCCESS';
  } else if (plan?.kind === 'extend') {
    const v = store.state.volumes[plan.volumeId];
    if (!v || v.status === 'error_extending') return fail(store, job, 'EVS.2026', now);
    job.status = 'SUCCESS';
  } else if (plan?.kind === 'delete') {
    const v = store.state.volumes[plan.volumeId];
    if (v) return fail(store, job, v.status === 'error_deleting' ? 'EVS.2020' : 'EVS.2002', now);
    job.status = 'SUCCESS';
  } else job.status = 'SUCCESS';
  job.end_time = jobTime(now);
  store.markDirty();
}

export function registerJobs(store: Store): void {
  store.on('job.start', (st, ev) => {
    const job = st.state.jobs[ev.ref];
    if (!job || job.status !== 'INIT') return;
    let delay = 0;
    if (job.subJobIds) {
      job.status = 'RUNNING';
      const quota: Room = new Map();
      for (const id of job.subJobIds) {
        const sub = st.state.jobs[id];
        if (sub) delay = Math.max(delay, start(st, sub, ev.at, quota));
      }
    } else delay = start(st, job, ev.at);
    // Scheduled after the resource transitions of the same instant, so those land first.
    if (job.status === 'RUNNING') st.schedule('job.finish', job.job_id, delay, ev.at);
  });
  store.on('job.finish', (st, ev) => {
    const job = st.state.jobs[ev.ref];
    if (job) finish(st, job, ev.at);
  });
}

/** The 8.1.1 body. */
export function jobView(store: Store, job: JobRecord): Record<string, unknown> {
  const entities: Record<string, unknown> = { ...job.entities };
  if (job.subJobIds) {
    entities.sub_jobs = job.subJobIds
      .map((id) => store.state.jobs[id])
      .filter((j): j is JobRecord => !!j)
      .map((sub) => jobView(store, sub));
  }
  return {
    status: job.status,
    entities,
    job_id: job.job_id,
    job_type: job.job_type,
    begin_time: job.begin_time,
    end_time: job.end_time,
    error_code: job.error_code,
    fail_reason: job.fail_reason,
  };
}
