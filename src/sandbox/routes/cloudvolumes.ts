// Custom disk APIs (6.1.1-6.1.7): creation, deletion and expansion run as jobs (8.1.1).
import { evsError } from '../errors.js';
import { cinderTime } from '../ids.js';
import { submitCreate, submitDelete, submitExtend } from '../jobs.js';
import type { Ctx, Reply, Route } from '../router.js';
import type { VolumeRecord } from '../types.js';
import { volumeSummary, volumeView } from '../views.js';
import { bytesOf, findVolume, intOf, isObject, ok, routeOf } from './common.js';
import { parseCreate } from './disk-create.js';
import { checkDeletable, checkExtendable } from './disk-rules.js';
import { queryVolumes } from './volume-query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The custom APIs check the id's format first (EVS.1002), then existence. */
export function customVolume(ctx: Ctx): VolumeRecord {
  const id = ctx.params.volume_id!;
  if (!UUID.test(id)) throw evsError('EVS.1002');
  return findVolume(ctx, id);
}

function create(ctx: Ctx): Reply {
  const job = submitCreate(ctx.store, ctx.projectId, parseCreate(ctx), ctx.now);
  return ok({ job_id: job.job_id });
}

function listDetail(ctx: Ctx): Reply {
  const page = queryVolumes(ctx, true);
  return ok({
    count: page.count,
    volumes: page.items.map((v) => volumeView(v, ctx.baseUrl, '6.1.2')),
    ...(page.links ? { volumes_links: page.links } : {}),
  });
}

function remove(ctx: Ctx): Reply {
  const v = customVolume(ctx);
  checkDeletable(ctx.store, v, false);
  // Marked at once so a second request cannot queue another job for the same disk.
  v.status = 'deleting';
  v.updated_at = cinderTime(ctx.now);
  return ok({ job_id: submitDelete(ctx.store, ctx.projectId, v.id, ctx.now).job_id });
}

function update(ctx: Ctx): Reply {
  const v = customVolume(ctx);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.volume)) throw evsError('EVS.1001');
  const { name, description } = body.volume;
  if ((name === undefined || name === null) && (description === undefined || description === null))
    throw evsError('EVS.1007');
  if (name !== undefined && name !== null && (typeof name !== 'string' || bytesOf(name) > 255))
    throw evsError('EVS.1003');
  if (
    description !== undefined &&
    description !== null &&
    (typeof description !== 'string' || bytesOf(description) > 255)
  )
    throw evsError('EVS.1004');
  if (typeof name === 'string') v.name = name;
  if (typeof description === 'string') v.description = description;
  v.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok(volumeView(v, ctx.baseUrl, '6.1.4'));
}

const show = (ctx: Ctx): Reply => ok({ volume: volumeView(customVolume(ctx), ctx.baseUrl, '6.1.5') });

function list(ctx: Ctx): Reply {
  const page = queryVolumes(ctx, false);
  return ok({
    volumes: page.items.map((v) => volumeSummary(v, ctx.baseUrl)),
    ...(page.links ? { volumes_links: page.links } : {}),
  });
}

function extend(ctx: Ctx): Reply {
  const v = customVolume(ctx);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body['os-extend'])) throw evsError('EVS.1011');
  const size = checkExtendable(ctx.store, v, intOf(body['os-extend'].new_size), 'custom');
  v.status = 'extending';
  v.updated_at = cinderTime(ctx.now);
  return ok({ job_id: submitExtend(ctx.store, ctx.projectId, v.id, size, ctx.now).job_id });
}

const C = '/v2/{project_id}/cloudvolumes';
const route = routeOf('custom');

export const cloudVolumeRoutes: Route[] = [
  route('POST', C, '6.1.1', create),
  route('GET', `${C}/detail`, '6.1.2', listDetail),
  route('DELETE', `${C}/{volume_id}`, '6.1.3', remove),
  route('PUT', `${C}/{volume_id}`, '6.1.4', update),
  route('GET', '/v2/{project_id}/os-vendor-volumes/{volume_id}', '6.1.5', show),
  route('GET', C, '6.1.6', list),
  route('POST', `${C}/{volume_id}/action`, '6.1.7', extend),
];
