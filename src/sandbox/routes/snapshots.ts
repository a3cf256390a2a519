// Snapshots: Cinder 7.3.1-7.3.6 and the custom rollback 6.2.1.
import { evsError, invalidRequest, invalidStatus, notFound } from '../errors.js';
import { cinderTime, uuid } from '../ids.js';
import { exceeded } from '../quotas.js';
import type { Ctx, Reply, Route } from '../router.js';
import {
  DELETABLE_SNAPSHOT_STATUSES,
  ROLLBACK_VOLUME_STATUSES,
  SNAPSHOT_STATUSES,
  beginRollback,
  beginSnapshot,
  beginSnapshotDelete,
} from '../state-machine.js';
import type { SnapshotRecord } from '../types.js';
import { snapshotView } from '../views.js';
import {
  boolOf,
  findSnapshot,
  isObject,
  nextLink,
  ok,
  optString,
  pageByCreation,
  parsePage,
  routeOf,
  stringMap,
} from './common.js';

const bad = () => invalidRequest('cinder');

function create(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.snapshot)) throw bad();
  const s = body.snapshot;
  if (typeof s.volume_id !== 'string' || s.volume_id === '') throw bad();
  const name = optString(s, 'name', 255, bad);
  const description = optString(s, 'description', 255, bad);
  const force = s.force === undefined || s.force === null ? false : boolOf(s.force);
  if (force === undefined) throw bad();
  const metadata = s.metadata === undefined || s.metadata === null ? {} : stringMap(s.metadata, 'cinder');
  const v = ctx.store.state.volumes[s.volume_id];
  if (!v || v.projectId !== ctx.projectId) throw notFound();
  // 7.3.1: an attaching disk needs force; otherwise the disk must be available or in-use.
  const allowed = v.status === 'available' || v.status === 'in-use' || (v.status === 'attaching' && force);
  if (!allowed) throw invalidStatus();
  if (exceeded(ctx.store, ctx.projectId, { snapshots: 1, gigabytes: v.size, type: v.volume_type }))
    throw evsError('EVS.5413');
  const snap: SnapshotRecord = {
    id: uuid(),
    projectId: ctx.projectId,
    volume_id: v.id,
    name: name ?? null,
    description: description ?? null,
    size: v.size,
    status: 'creating',
    metadata,
    created_at: cinderTime(ctx.now),
    updated_at: cinderTime(ctx.now),
    seq: ctx.store.nextSeq(),
  };
  ctx.store.addSnapshot(snap);
  beginSnapshot(ctx.store, snap, ctx.now);
  return ok({ snapshot: snapshotView(snap, true) }, 202);
}

function remove(ctx: Ctx): Reply {
  const s = findSnapshot(ctx, ctx.params.snapshot_id!);
  if (s.status === 'error_deleting') throw evsError('EVS.2019');
  if (!DELETABLE_SNAPSHOT_STATUSES.includes(s.status)) throw evsError('EVS.1047');
  beginSnapshotDelete(ctx.store, s, ctx.now);
  return ok(undefined, 202);
}

function update(ctx: Ctx): Reply {
  const s = findSnapshot(ctx, ctx.params.snapshot_id!);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.snapshot)) throw bad();
  const name = optString(body.snapshot, 'name', 255, bad);
  const description = optString(body.snapshot, 'description', 255, bad);
  if (name !== undefined) s.name = name;
  if (description !== undefined) s.description = description;
  s.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok({ snapshot: snapshotView(s, true) });
}

function query(ctx: Ctx, detail: boolean): Reply {
  const page = parsePage(ctx);
  const q = ctx.query;
  const tests: ((s: SnapshotRecord) => boolean)[] = [];
  const status = q.get('status');
  if (status !== null) {
    if (!(SNAPSHOT_STATUSES as readonly string[]).includes(status)) throw invalidStatus();
    tests.push((s) => s.status === status);
  }
  const name = q.get('name');
  if (name !== null) tests.push((s) => s.name === name);
  const volumeId = q.get('volume_id');
  if (volumeId !== null) tests.push((s) => s.volume_id === volumeId);
  const az = detail ? q.get('availability_zone') : null;
  if (az !== null) tests.push((s) => ctx.store.state.volumes[s.volume_id]?.availability_zone === az);
  const keep = tests.length === 0 ? undefined : (s: SnapshotRecord) => tests.every((t) => t(s));
  const { snapshotOrder, state } = ctx.store;
  const { items: pageItems, more } = pageByCreation(
    snapshotOrder,
    state.snapshots,
    ctx.projectId,
    'desc',
    page,
    keep,
  );
  const last = pageItems[pageItems.length - 1];
  return ok({
    snapshots: pageItems.map((s) => snapshotView(s, detail)),
    // Documented as present only when `limit` was given and more remain.
    ...(page.limitGiven && more && last ? { snapshots_links: nextLink(ctx, last.id, page.limit) } : {}),
  });
}

const show = (ctx: Ctx): Reply =>
  ok({ snapshot: snapshotView(findSnapshot(ctx, ctx.params.snapshot_id!), true) });

function rollback(ctx: Ctx): Reply {
  const s = ctx.store.state.snapshots[ctx.params.snapshot_id!];
  if (!s || s.projectId !== ctx.projectId) throw notFound();
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.rollback)) throw evsError('EVS.1070');
  const r = body.rollback;
  if (typeof r.volume_id !== 'string' || r.volume_id === '') throw evsError('EVS.1002');
  const name = optString(r, 'name', 255, () => evsError('EVS.1003'), false);
  // Only the source disk can be rolled back (6.2.1).
  if (r.volume_id !== s.volume_id) throw evsError('EVS.1002');
  const v = ctx.store.state.volumes[r.volume_id];
  if (!v || v.projectId !== ctx.projectId) throw notFound();
  if (s.status !== 'available') throw evsError('EVS.2043');
  if (!ROLLBACK_VOLUME_STATUSES.includes(v.status)) throw invalidStatus();
  beginRollback(ctx.store, s, v, name ?? undefined, ctx.now);
  return ok({ rollback: { volume_id: v.id } }, 202);
}

const S = '/v2/{project_id}/snapshots';
const route = routeOf('cinder');

export const snapshotRoutes: Route[] = [
  route('POST', S, '7.3.1', create),
  route('DELETE', `${S}/{snapshot_id}`, '7.3.2', remove),
  route('PUT', `${S}/{snapshot_id}`, '7.3.3', update),
  route('GET', S, '7.3.4', (ctx) => query(ctx, false)),
  route('GET', `${S}/detail`, '7.3.5', (ctx) => query(ctx, true)),
  route('GET', `${S}/{snapshot_id}`, '7.3.6', show),
  {
    method: 'POST',
    path: '/v2/{project_id}/os-vendor-snapshots/{snapshot_id}/rollback',
    section: '6.2.1',
    family: 'custom',
    auth: 'project',
    handler: rollback,
  },
];
