// Disk operations of the current EVS API that the 2022 reference lacks: RetypeVolume, ModifyVolumeQoS,
// BatchResizeVolumes, ShowVolume on /cloudvolumes and UnsubscribePostpaidVolume. Sources per route in
// docs/current-api.md; where a page leaves a rule open the sandbox takes the stricter reading.
import { evsError } from '../errors.js';
import { cinderTime } from '../ids.js';
import { exceedsPerVolume, limitOf, usage } from '../quotas.js';
import type { Ctx, Reply, Route } from '../router.js';
import type { JobRecord, VolumeRecord } from '../types.js';
import { volumeView } from '../views.js';
import { findVolume, isObject, ok, refuse, routeOf } from './common.js';
import {
  CURRENT_TYPES,
  currentTypeZones,
  isProvisioned,
  newCurrentJob,
  performanceProblem,
  submitWork,
  type CurrentType,
} from './current-state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = () => evsError('EVS.1070');

function volumeById(ctx: Ctx, id: unknown): VolumeRecord {
  if (typeof id !== 'string' || !UUID.test(id)) throw evsError('EVS.1002');
  return findVolume(ctx, id);
}

/** Retype and QoS changes need a disk at rest: available or in-use (ModifyVolumeQoS constraints). */
function atRest(v: VolumeRecord): void {
  refuse(v.status !== 'available' && v.status !== 'in-use', () => evsError('EVS.1031'));
}

/** `bssParam` / `bss_param`: optional, and when given its isAutoPay is "true" or "false". */
function checkBss(body: Record<string, unknown>, key: string, field: string): void {
  const bss = body[key];
  if (bss === undefined) return;
  if (!isObject(bss)) throw invalid();
  const pay = bss[field];
  if (pay !== undefined && pay !== 'true' && pay !== 'false') throw invalid();
}

/** Disks and GB of a type in the project (snapshots count toward their disk's type, as in 7.1.9). */
function typeUse(ctx: Ctx, type: string): { volumes: number; gigabytes: number } {
  const use = { volumes: 0, gigabytes: 0 };
  for (const v of ctx.store.projectVolumes(ctx.projectId))
    if (v.volume_type === type) {
      use.volumes++;
      use.gigabytes += v.size;
    }
  for (const s of ctx.store.projectSnapshots(ctx.projectId))
    if (ctx.store.state.volumes[s.volume_id]?.volume_type === type) use.gigabytes += s.size;
  return use;
}

/** Room in the type's own quotas for `disks` more disks and `gigabytes` more GB: EVS.1034 / EVS.1042. */
function checkTypeRoom(ctx: Ctx, type: string, gigabytes: number, disks: number): void {
  const use = typeUse(ctx, type);
  const over = (key: string, used: number, more: number) => {
    const limit = limitOf(ctx.store, ctx.projectId, key);
    return more > 0 && limit >= 0 && used + more > limit;
  };
  refuse(over(`volumes_${type}`, use.volumes, disks), () => evsError('EVS.1034'));
  refuse(over(`gigabytes_${type}`, use.gigabytes, gigabytes), () => evsError('EVS.1042'));
}

/** POST /v2/{project_id}/volumes/{volume_id}/retype: 202 {job_id}. */
function retype(ctx: Ctx): Reply {
  const v = volumeById(ctx, ctx.params.volume_id);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body['os-retype'])) throw invalid();
  checkBss(body, 'bssParam', 'isAutoPay');
  const r = body['os-retype'];
  const newType = r.new_type;
  if (
    typeof newType !== 'string' ||
    !(CURRENT_TYPES as readonly string[]).includes(newType) ||
    newType === 'SATA'
  )
    throw evsError('EVS.2070');
  atRest(v);
  const from = CURRENT_TYPES.indexOf(v.volume_type as CurrentType);
  refuse(CURRENT_TYPES.indexOf(newType as CurrentType) <= from, () => evsError('EVS.2087'));
  refuse(
    !currentTypeZones(ctx.store.state.region, newType as CurrentType).includes(v.availability_zone),
    () => evsError('EVS.2071'),
  );
  refuse(performanceProblem(newType, v.size, r.iops, r.throughput) !== undefined, invalid);
  // A retype moves the disk (and its snapshots' GB) from one type's quota to the other's.
  const snapGb = Object.values(ctx.store.state.snapshots)
    .filter((x) => x.volume_id === v.id)
    .reduce((a, x) => a + x.size, 0);
  checkTypeRoom(ctx, newType, v.size + snapGb, 1);
  v.restStatus = v.status;
  v.status = 'retyping';
  v.updated_at = cinderTime(ctx.now);
  const job = submitWork(
    ctx.store,
    ctx.projectId,
    'retypeVolume',
    {
      kind: 'retype',
      volumeId: v.id,
      newType,
      ...(r.iops !== undefined ? { iops: r.iops as number } : {}),
      ...(r.throughput !== undefined ? { throughput: r.throughput as number } : {}),
    },
    ctx.now,
  );
  return ok({ job_id: job.job_id }, 202);
}

/** PUT /v5/{project_id}/cloudvolumes/{volume_id}/qos: 202 {job_id}; GPSSD2 and ESSD2 disks only. */
function modifyQos(ctx: Ctx): Reply {
  const v = volumeById(ctx, ctx.params.volume_id);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.qos_modify)) throw invalid();
  refuse(!isProvisioned(v.volume_type), () => evsError('EVS.2070'));
  atRest(v);
  refuse(v.qosJob !== undefined, () => evsError('EVS.1031'));
  const q = body.qos_modify;
  refuse(performanceProblem(v.volume_type, v.size, q.iops, q.throughput) !== undefined, invalid);
  const job = submitWork(
    ctx.store,
    ctx.projectId,
    'modifyVolumeQoS',
    {
      kind: 'qos',
      volumeId: v.id,
      iops: q.iops as number,
      ...(q.throughput !== undefined ? { throughput: q.throughput as number } : {}),
    },
    ctx.now,
  );
  v.qosJob = job.job_id;
  return ok({ job_id: job.job_id }, 202);
}

/**
 * POST /v5/{project_id}/volumes/batch-extend: every disk is checked before any changes (all or
 * nothing), then one batchExtendVolume job runs one extendVolume sub-job per disk.
 */
function batchExtend(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || !Array.isArray(body.volumes) || body.volumes.length === 0) throw invalid();
  checkBss(body, 'bss_param', 'is_auto_pay');
  const seen = new Set<string>();
  const plan: { v: VolumeRecord; newSize: number }[] = [];
  for (const item of body.volumes as unknown[]) {
    if (!isObject(item)) throw invalid();
    const v = volumeById(ctx, item.id);
    refuse(seen.has(v.id), invalid);
    seen.add(v.id);
    const newSize = item.new_size;
    if (!Number.isInteger(newSize)) throw invalid();
    // The expansion constraints of the page: available, or in-use when not shared (EVS.1064 / EVS.1065).
    refuse(v.status !== 'available' && v.status !== 'in-use', () => evsError('EVS.1064'));
    refuse(v.multiattach && v.status !== 'available', () => evsError('EVS.1065'));
    refuse((newSize as number) <= v.size, () => evsError('EVS.1015'));
    refuse((newSize as number) > (v.bootable ? 1024 : 32768), () => evsError('EVS.1014'));
    refuse(exceedsPerVolume(ctx.store, ctx.projectId, newSize as number), () => evsError('EVS.1042'));
    plan.push({ v, newSize: newSize as number });
  }
  const growth = new Map<string, number>();
  for (const { v, newSize } of plan)
    growth.set(v.volume_type, (growth.get(v.volume_type) ?? 0) + newSize - v.size);
  for (const [type, gb] of growth) checkTypeRoom(ctx, type, gb, 0);
  // Across types the project-wide gigabytes limit holds for the sum.
  const total = [...growth.values()].reduce((a, b) => a + b, 0);
  const limit = limitOf(ctx.store, ctx.projectId, 'gigabytes');
  const used = usage(ctx.store, ctx.projectId).gigabytes?.in_use ?? 0;
  refuse(limit >= 0 && used + total > limit, () => evsError('EVS.1042'));

  const parent = newCurrentJob(ctx.store, ctx.projectId, 'batchExtendVolume', {}, ctx.now);
  parent.subJobIds = plan.map(({ v, newSize }) => {
    const sub: JobRecord = newCurrentJob(
      ctx.store,
      ctx.projectId,
      'extendVolume',
      { volume_id: v.id, size: newSize },
      ctx.now,
    );
    sub.plan = { kind: 'extend', volumeId: v.id, newSize };
    sub.parentId = parent.job_id;
    // Marked at once so a second request cannot queue another change for the same disk.
    v.restStatus = v.status;
    v.status = 'extending';
    v.updated_at = cinderTime(ctx.now);
    return sub.job_id;
  });
  // The shared job runner (8.1.1) starts the sub-jobs and settles the parent from them.
  ctx.store.schedule('job.start', parent.job_id, ctx.store.delays.job, ctx.now);
  return ok({ job_id: parent.job_id }, 202);
}

/** GET /v2/{project_id}/cloudvolumes/{volume_id}: 200 {volume}, with iops/throughput for GPSSD2/ESSD2. */
function show(ctx: Ctx): Reply {
  const v = volumeById(ctx, ctx.params.volume_id);
  const perf = (total: number | undefined, id: string) =>
    total === undefined
      ? {}
      : { [id]: { frozened: false, id: `${v.id}-${id}`, total_val: total, volume_id: v.id } };
  return ok({
    volume: {
      ...volumeView(v, ctx.baseUrl, '6.1.2'),
      ...perf(v.iops, 'iops'),
      ...perf(v.throughput, 'throughput'),
    },
  });
}

/**
 * POST /v2/{project_id}/cloudvolumes/unsubscribe: 202 with [{results: [...]}], one result per disk.
 * Sandbox disks are all pay-per-use, so each known disk gets result FAIL with the reason; system and
 * boot disks are refused outright, as are more than 50 ids (the Chinese page says 50, the English 60).
 */
function unsubscribe(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || !Array.isArray(body.volume_ids)) throw invalid();
  const ids = body.volume_ids as unknown[];
  refuse(ids.length === 0 || ids.length > 50 || new Set(ids).size !== ids.length, invalid);
  const disks = ids.map((id) => volumeById(ctx, id));
  refuse(
    disks.some((v) => v.bootable),
    () => evsError('EVS.1070'),
  );
  const results = disks.map((v) => ({
    volume_id: v.id,
    result: 'FAIL',
    fail_reason: 'the disk is billed pay-per-use; delete it instead of unsubscribing',
  }));
  return ok([{ results }], 202);
}

const route = routeOf('custom');

export const currentDiskRoutes: Route[] = [
  route('POST', '/v2/{project_id}/volumes/{volume_id}/retype', 'RetypeVolume', retype),
  route('PUT', '/v5/{project_id}/cloudvolumes/{volume_id}/qos', 'ModifyVolumeQoS', modifyQos),
  route('POST', '/v5/{project_id}/volumes/batch-extend', 'BatchResizeVolumes', batchExtend),
  route('GET', '/v2/{project_id}/cloudvolumes/{volume_id}', 'ShowVolume', show),
  route('POST', '/v2/{project_id}/cloudvolumes/unsubscribe', 'UnsubscribePostpaidVolume', unsubscribe),
];
