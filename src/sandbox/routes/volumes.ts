// Cinder disk APIs: 7.1.1-7.1.6, and the deprecated v1 detail 8.2.1.1.
import { invalidRequest } from '../errors.js';
import { cinderTime } from '../ids.js';
import type { Ctx, Reply, Route } from '../router.js';
import { beginCreate, beginDelete, newVolume } from '../state-machine.js';
import { volumeSummary, volumeView } from '../views.js';
import { findVolume, isObject, ok, optString, stringMap } from './common.js';
import { parseCreate } from './disk-create.js';
import { checkDeletable } from './disk-rules.js';
import { queryVolumes } from './volume-query.js';
import { PROTECTED_METADATA, refuseProtected } from './metadata.js';

function create(ctx: Ctx): Reply {
  const specs = parseCreate(ctx);
  const created = specs.map((spec) => {
    const v = newVolume(ctx.store, ctx.projectId, spec, 'creating', ctx.now);
    beginCreate(ctx.store, v, ctx.now);
    return v;
  });
  return ok({ volume: volumeView(created[0]!, ctx.baseUrl, '7.1.1') }, 202);
}

function remove(ctx: Ctx): Reply {
  const v = findVolume(ctx, ctx.params.volume_id!);
  const cascade = ctx.query.get('cascade') === 'true' || ctx.query.get('cascade') === 'True';
  checkDeletable(ctx.store, v, cascade);
  beginDelete(ctx.store, v, cascade, ctx.now);
  return ok(undefined, 202);
}

function update(ctx: Ctx): Reply {
  const v = findVolume(ctx, ctx.params.volume_id!);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.volume)) throw invalidRequest('cinder');
  const u = body.volume;
  const bad = () => invalidRequest('cinder');
  const name = optString(u, 'name', 255, bad) ?? optString(u, 'display_name', 255, bad);
  const description = optString(u, 'description', 255, bad) ?? optString(u, 'display_description', 255, bad);
  let metadata: Record<string, string> | undefined;
  if (u.metadata !== undefined) {
    metadata = stringMap(u.metadata, 'cinder');
    refuseProtected(Object.keys(metadata));
  }
  if (name !== undefined) v.name = name ?? '';
  if (description !== undefined) v.description = description;
  if (metadata) {
    const kept = Object.fromEntries(Object.entries(v.metadata).filter(([k]) => PROTECTED_METADATA(k)));
    v.metadata = { ...kept, ...metadata };
  }
  v.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok({ volume: volumeView(v, ctx.baseUrl, '7.1.3') });
}

function list(ctx: Ctx): Reply {
  const page = queryVolumes(ctx, false);
  return ok({
    volumes: page.items.map((v) => volumeSummary(v, ctx.baseUrl)),
    ...(page.links ? { volumes_links: page.links } : {}),
  });
}

function listDetail(ctx: Ctx): Reply {
  const page = queryVolumes(ctx, false);
  return ok({
    volumes: page.items.map((v) => volumeView(v, ctx.baseUrl, '7.1.5')),
    ...(page.links ? { volumes_links: page.links } : {}),
  });
}

const show = (ctx: Ctx): Reply =>
  ok({ volume: volumeView(findVolume(ctx, ctx.params.volume_id!), ctx.baseUrl, '7.1.6') });
const showV1 = (ctx: Ctx): Reply =>
  ok({ volume: volumeView(findVolume(ctx, ctx.params.volume_id!), ctx.baseUrl, '8.2.1.1') });

const P = '/v2/{project_id}/volumes';
export const volumeRoutes: Route[] = [
  { method: 'POST', path: P, section: '7.1.1', family: 'cinder', auth: 'project', handler: create },
  {
    method: 'DELETE',
    path: `${P}/{volume_id}`,
    section: '7.1.2',
    family: 'cinder',
    auth: 'project',
    handler: remove,
  },
  {
    method: 'PUT',
    path: `${P}/{volume_id}`,
    section: '7.1.3',
    family: 'cinder',
    auth: 'project',
    handler: update,
  },
  { method: 'GET', path: P, section: '7.1.4', family: 'cinder', auth: 'project', handler: list },
  {
    method: 'GET',
    path: `${P}/detail`,
    section: '7.1.5',
    family: 'cinder',
    auth: 'project',
    handler: listDetail,
  },
  {
    method: 'GET',
    path: `${P}/{volume_id}`,
    section: '7.1.6',
    family: 'cinder',
    auth: 'project',
    handler: show,
  },
  {
    method: 'GET',
    path: '/v1/{project_id}/volumes/{volume_id}',
    section: '8.2.1.1',
    family: 'cinder',
    auth: 'project',
    handler: showV1,
  },
];
