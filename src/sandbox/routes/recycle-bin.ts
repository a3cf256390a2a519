// The EVS recycle bin (/v3/{project_id}/recycle-bin-volumes): its policy, and the disks it keeps after
// deletion. Fields from the SDK models RecycleBinVolume, ShowRecyclePolicyResponse and
// ModifyRecycleBinPolicyRequestBody; statuses from the API pages (200 for reads, 204 for changes).
import { evsError, notFound } from '../errors.js';
import { cinderTime } from '../ids.js';
import { limitOf } from '../quotas.js';
import type { Ctx, Reply, Route } from '../router.js';
import { isObject, ok, parsePage, refuse, routeOf } from './common.js';
import { binOf, type BinnedVolume, type RecyclePolicy } from './current-state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = () => evsError('EVS.1070');
const R = '/v3/{project_id}/recycle-bin-volumes';

/** The RecycleBinVolume object of the SDK (recycle_bin_volume.py). */
function binView(b: BinnedVolume): Record<string, unknown> {
  const v = b.volume;
  return {
    id: v.id,
    name: v.name,
    description: v.description,
    status: v.status,
    attachments: [],
    multiattach: v.multiattach,
    size: v.size,
    metadata: { ...v.metadata },
    bootable: String(v.bootable),
    tags: { ...v.tags },
    availability_zone: v.availability_zone,
    created_at: v.created_at,
    service_type: v.service_type,
    updated_at: v.updated_at,
    volume_type: v.volume_type,
    enterprise_project_id: '0',
    plan_delete_at: b.plan_delete_at,
    pre_deleted_at: b.pre_deleted_at,
    dedicated_storage_id: null,
    dedicated_storage_name: null,
    volume_image_metadata: { ...(v.volume_image_metadata ?? {}) },
    wwn: v.wwn,
  };
}

function binned(ctx: Ctx): BinnedVolume {
  const id = ctx.params.volume_id!;
  if (!UUID.test(id)) throw evsError('EVS.1002');
  const b = binOf(ctx.store, ctx.projectId).volumes[id];
  if (!b) throw notFound();
  return b;
}

/** GET .../detail: name (at most 64 characters), status, availability_zone, service_type (EVS, DSS), limit, offset. */
function list(ctx: Ctx): Reply {
  const q = ctx.query;
  const page = parsePage(ctx);
  refuse(q.has('marker'), invalid);
  const name = q.get('name');
  refuse(name !== null && [...name].length > 64, invalid);
  const serviceType = q.get('service_type');
  refuse(serviceType !== null && serviceType !== 'EVS' && serviceType !== 'DSS', invalid);
  const filters: [string, string | null][] = [
    ['name', name],
    ['status', q.get('status')],
    ['availability_zone', q.get('availability_zone')],
    ['service_type', serviceType],
  ];
  const items = Object.values(binOf(ctx.store, ctx.projectId).volumes)
    .filter((b) => filters.every(([k, want]) => want === null || String(b.volume[k as 'name']) === want))
    .sort((a, b) => (a.pre_deleted_at < b.pre_deleted_at ? 1 : a.pre_deleted_at > b.pre_deleted_at ? -1 : 0));
  const slice = items.slice(page.offset, page.offset + page.limit);
  return ok({ count: items.length, volumes: slice.map(binView) });
}

const show = (ctx: Ctx): Reply => ok({ volume: binView(binned(ctx)) });

/** DELETE .../{volume_id}: the disk is gone for good. */
function purge(ctx: Ctx): Reply {
  const b = binned(ctx);
  delete binOf(ctx.store, ctx.projectId).volumes[b.volume.id];
  ctx.store.markDirty();
  return ok(undefined, 204);
}

/** POST .../{volume_id}/revert: the disk comes back available and detached, if its type's quota has room. */
function revert(ctx: Ctx): Reply {
  const b = binned(ctx);
  const v = b.volume;
  let disks = 0;
  let gigabytes = 0;
  let typeDisks = 0;
  let typeGigabytes = 0;
  for (const x of ctx.store.projectVolumes(ctx.projectId)) {
    disks++;
    gigabytes += x.size;
    if (x.volume_type === v.volume_type) {
      typeDisks++;
      typeGigabytes += x.size;
    }
  }
  const over = (key: string, used: number, more: number) => {
    const limit = limitOf(ctx.store, ctx.projectId, key);
    return limit >= 0 && used + more > limit;
  };
  refuse(over('volumes', disks, 1) || over(`volumes_${v.volume_type}`, typeDisks, 1), () =>
    evsError('EVS.1034'),
  );
  refuse(
    over('gigabytes', gigabytes, v.size) || over(`gigabytes_${v.volume_type}`, typeGigabytes, v.size),
    () => evsError('EVS.1042'),
  );
  delete binOf(ctx.store, ctx.projectId).volumes[v.id];
  ctx.store.addVolume({ ...v, status: 'available', attachments: [], updated_at: cinderTime(ctx.now) });
  return ok(undefined, 204);
}

const showPolicy = (ctx: Ctx): Reply => ok({ ...binOf(ctx.store, ctx.projectId).policy });

/** PUT .../policy: switch (Boolean), threshold_time 1-1000, keep_time 1-365; at least one of them. */
function updatePolicy(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body)) throw invalid();
  const known = ['switch', 'threshold_time', 'keep_time'];
  refuse(Object.keys(body).length === 0 || Object.keys(body).some((k) => !known.includes(k)), invalid);
  const next: RecyclePolicy = { ...binOf(ctx.store, ctx.projectId).policy };
  if (body.switch !== undefined) {
    // A JSON Boolean only: the SDK model types it bool, and "true" as a string is refused.
    if (typeof body.switch !== 'boolean') throw invalid();
    next.switch = body.switch;
  }
  const days = (key: 'threshold_time' | 'keep_time', max: number) => {
    const n = body[key];
    if (n === undefined) return;
    refuse(!Number.isInteger(n) || (n as number) < 1 || (n as number) > max, invalid);
    next[key] = n as number;
  };
  days('threshold_time', 1000);
  days('keep_time', 365);
  binOf(ctx.store, ctx.projectId).policy = next;
  ctx.store.markDirty();
  return ok(undefined, 204);
}

const route = routeOf('custom');

export const recycleBinRoutes: Route[] = [
  route('GET', `${R}/detail`, 'ListVolumesInRecycle', list),
  route('GET', `${R}/policy`, 'ShowRecyclePolicy', showPolicy),
  route('PUT', `${R}/policy`, 'UpdateRecyclePolicy', updatePolicy),
  route('GET', `${R}/{volume_id}`, 'ShowVolumeInRecycle', show),
  route('DELETE', `${R}/{volume_id}`, 'DeleteVolumeInRecycle', purge),
  route('POST', `${R}/{volume_id}/revert`, 'RevertVolumeInRecycle', revert),
];
