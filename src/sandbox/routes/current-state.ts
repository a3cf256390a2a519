// State and timed work of the EVS operations added after the 2022 reference (retype, QoS, batch
// expansion, recycle bin), written from Huawei's SDK models and API pages cited in docs/current-api.md.
import { jobId, jobTime, cinderTime } from '../ids.js';
import { typeZones, DISK_TYPES, type DiskType } from '../catalog.js';
import type { Store } from '../store.js';
import type { JobRecord, VolumeRecord } from '../types.js';

declare module '../types.js' {
  interface VolumeRecord {
    /** Provisioned IOPS and throughput (MiB/s) of GPSSD2 / ESSD2 disks (ModifyVolumeQoS, RetypeVolume). */
    iops?: number;
    throughput?: number;
    /** Id of a QoS change still running: a second one is refused until it ends. */
    qosJob?: string;
  }
  interface SandboxState {
    /** Per project: the recycle-bin policy and the disks it holds (ListVolumesInRecycle & co). */
    recycleBin?: Record<string, RecycleBin>;
  }
}

// ---- disk types as the current API names them ------------------------------------------------

/**
 * The seven types the current SDK documents (RecycleBinVolume.volume_type), lowest to highest. The
 * order is the sandbox's reading of EVS.2087 ("the new one is higher than origin"): a retype may only
 * go up it. SATA is sold out and is never a target (RetypeVolume lists six targets).
 */
export const CURRENT_TYPES = ['SATA', 'SAS', 'GPSSD', 'SSD', 'GPSSD2', 'ESSD', 'ESSD2'] as const;
export type CurrentType = (typeof CURRENT_TYPES)[number];

/**
 * AZs where a type is sold. The 2022 catalogue's types keep their zones; of the newer ones GPSSD and
 * GPSSD2 are sold in every usable AZ and ESSD2 only in the second, so "not sold in this AZ" can happen.
 */
export function currentTypeZones(region: string, type: CurrentType): string[] {
  if ((DISK_TYPES as readonly string[]).includes(type)) return typeZones(region, type as DiskType);
  const usable = typeZones(region, 'SAS');
  return type === 'ESSD2' ? usable.slice(1, 2) : usable;
}

/**
 * Provisioned-performance limits (product pages "General Purpose SSD V2 Disks" and "Disk Types and
 * Performance"): IOPS within the range and at most 500 per GiB; GPSSD2 throughput within its range and
 * at most IOPS / 4. ESSD2 takes IOPS only.
 */
export const PERFORMANCE = {
  GPSSD2: { iops: [3000, 128000], throughput: [125, 1000] },
  ESSD2: { iops: [100, 256000], throughput: undefined },
} as const;

export type ProvisionedType = keyof typeof PERFORMANCE;
export const isProvisioned = (t: string): t is ProvisionedType => t in PERFORMANCE;

/** Why the IOPS/throughput pair does not fit a disk of this type and size, or undefined when it does. */
export function performanceProblem(
  type: string,
  size: number,
  iops: unknown,
  throughput: unknown,
): string | undefined {
  if (!isProvisioned(type)) {
    return iops === undefined && throughput === undefined
      ? undefined
      : 'iops/throughput only for GPSSD2, ESSD2';
  }
  const limits = PERFORMANCE[type];
  if (!Number.isInteger(iops)) return 'iops must be an integer';
  const i = iops as number;
  if (i < limits.iops[0] || i > limits.iops[1] || i > 500 * size) return 'iops out of range';
  if (!limits.throughput) return throughput === undefined ? undefined : 'throughput only for GPSSD2';
  if (!Number.isInteger(throughput)) return 'throughput is required for GPSSD2';
  const t = throughput as number;
  if (t < limits.throughput[0] || t > limits.throughput[1] || t > i / 4) return 'throughput out of range';
  return undefined;
}

// ---- jobs of the newer operations ------------------------------------------------------------

export type CurrentWork =
  | { kind: 'retype'; volumeId: string; newType: string; iops?: number; throughput?: number }
  | { kind: 'qos'; volumeId: string; iops: number; throughput?: number };

/** Job types the sandbox reports for the newer operations (the SDK documents job_type as a free string). */
export type CurrentJobType = 'retypeVolume' | 'modifyVolumeQoS' | 'batchExtendVolume';

/** A job record of a newer operation (the shared record's job_type union predates these operations). */
export function newCurrentJob(
  store: Store,
  projectId: string,
  type: CurrentJobType | 'extendVolume',
  entities: Record<string, unknown>,
  now: number,
): JobRecord {
  const job = {
    job_id: jobId(),
    projectId,
    job_type: type as JobRecord['job_type'],
    status: 'INIT' as const,
    entities,
    begin_time: jobTime(now),
    end_time: '',
    error_code: null,
    fail_reason: null,
  };
  store.addJob(job);
  return job;
}

/** Queues a retype or QoS job: INIT, RUNNING after the job delay, done after the extend delay. */
export function submitWork(
  store: Store,
  projectId: string,
  type: CurrentJobType,
  work: CurrentWork,
  now: number,
): JobRecord {
  const job = newCurrentJob(store, projectId, type, { volume_id: work.volumeId }, now);
  store.schedule('current.job.start', job.job_id, store.delays.job, now, { ...work });
  return job;
}

function touch(store: Store, v: VolumeRecord, now: number): void {
  v.updated_at = cinderTime(now);
  store.markDirty();
}

function end(store: Store, job: JobRecord, now: number, errorCode?: string, reason?: string): void {
  job.status = errorCode ? 'FAIL' : 'SUCCESS';
  job.error_code = errorCode ?? null;
  job.fail_reason = reason ?? null;
  job.end_time = jobTime(now);
  store.markDirty();
}

function finishWork(store: Store, job: JobRecord, work: CurrentWork, now: number): void {
  const v = store.state.volumes[work.volumeId];
  if (!v)
    return end(store, job, now, 'EVS.5404', 'Resource(Volume, Snapshot, Backup .etc) could not be found.');
  if (work.kind === 'retype') {
    v.volume_type = work.newType;
    if (work.iops !== undefined) v.iops = work.iops;
    else delete v.iops;
    if (work.throughput !== undefined) v.throughput = work.throughput;
    else delete v.throughput;
    v.status = v.restStatus ?? (v.attachments.length > 0 ? 'in-use' : 'available');
    delete v.restStatus;
  } else {
    v.iops = work.iops;
    if (work.throughput !== undefined) v.throughput = work.throughput;
    delete v.qosJob;
  }
  job.entities = {
    ...job.entities,
    volume_type: v.volume_type,
    iops: v.iops ?? null,
    throughput: v.throughput ?? null,
  };
  touch(store, v, now);
  end(store, job, now);
}

// ---- recycle bin -----------------------------------------------------------------------------

export interface RecyclePolicy {
  switch: boolean;
  /** Days a disk must have existed for its deletion to keep it in the bin (1-1000, default 7). */
  threshold_time: number;
  /** Days a disk stays in the bin before it is deleted for good (1-365, default 7). */
  keep_time: number;
}

export interface BinnedVolume {
  volume: VolumeRecord;
  pre_deleted_at: string;
  plan_delete_at: string;
}

export interface RecycleBin {
  policy: RecyclePolicy;
  volumes: Record<string, BinnedVolume>;
}

const DAY_MS = 24 * 3600 * 1000;

/** The project's bin; the policy starts switched off with the documented defaults (7 and 7 days). */
export function binOf(store: Store, projectId: string): RecycleBin {
  const all = (store.state.recycleBin ??= {});
  return (all[projectId] ??= { policy: { switch: false, threshold_time: 7, keep_time: 7 }, volumes: {} });
}

/**
 * Called when a disk's deletion completes: with the bin switched on and the disk at least
 * threshold_time days old, a copy is kept in the bin for keep_time days. Returns whether it was kept.
 */
export function keepInRecycleBin(store: Store, v: VolumeRecord, now: number): boolean {
  const bin = binOf(store, v.projectId);
  const ageMs = now - Date.parse(`${v.created_at.slice(0, 23)}Z`);
  if (!bin.policy.switch || !(ageMs >= bin.policy.threshold_time * DAY_MS)) return false;
  const planMs = now + bin.policy.keep_time * DAY_MS;
  bin.volumes[v.id] = {
    volume: { ...v, status: 'deleted', attachments: [], updated_at: cinderTime(now) },
    pre_deleted_at: cinderTime(now),
    plan_delete_at: cinderTime(planMs),
  };
  store.schedule('current.recycle.expire', v.id, planMs - now, now, { projectId: v.projectId });
  store.markDirty();
  return true;
}

/** Wires the completion of the newer operations' timed work. */
export function registerCurrentApi(store: Store): void {
  store.on('current.job.start', (st, ev) => {
    const job = st.state.jobs[ev.ref];
    if (!job || job.status !== 'INIT') return;
    job.status = 'RUNNING';
    st.markDirty();
    st.schedule('current.job.finish', job.job_id, st.delays.extend, ev.at, ev.data);
  });
  store.on('current.job.finish', (st, ev) => {
    const job = st.state.jobs[ev.ref];
    if (job && job.status === 'RUNNING') finishWork(st, job, ev.data as unknown as CurrentWork, ev.at);
  });
  store.on('current.recycle.expire', (st, ev) => {
    const bin = st.state.recycleBin?.[String(ev.data?.projectId)];
    const kept = bin?.volumes[ev.ref];
    // A disk restored and deleted again has a later plan; only the matching one expires.
    if (bin && kept && Date.parse(`${kept.plan_delete_at.slice(0, 23)}Z`) <= ev.at) {
      delete bin.volumes[ev.ref];
      st.markDirty();
    }
  });
}
