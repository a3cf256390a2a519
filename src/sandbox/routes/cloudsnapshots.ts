// The custom snapshot APIs of the current SDK (/v2/{project_id}/cloudsnapshots): CreateSnapshot,
// ListSnapshots, ShowSnapshot, UpdateSnapshot, DeleteSnapshot, RollbackSnapshot. Fields from the SDK
// models (create_snapshot_option.py, snapshot_details.py, snapshot_list.py, rollback_info.py); statuses
// follow their 2022 twins (7.3.x, 6.2.1) as the pages read here do not restate them.
import { evsError, notFound } from '../errors.js';
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
  bytesOf,
  isObject,
  nextLink,
  ok,
  parsePage,
  refuse,
  pageByCreation,
  routeOf,
  stringMap,
} from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = () => evsError('EVS.1070');
const C = '/v2/{project_id}/cloudsnapshots';

/** Name: at most 255 bytes (SDK). Description: at most 255 bytes (SDK) and 85 characters (English page). */
function text(obj: Record<string, unknown>, key: 'name' | 'description'): string | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v;
  refuse(typeof v !== 'string' || bytesOf(v) > 255, invalid);
  refuse(key === 'description' && [...(v as string)].length > 85, invalid);
  return v as string;
}

function snapshotById(ctx: Ctx): SnapshotRecord {
  const id = ctx.params.snapshot_id!;
  if (!UUID.test(id)) throw evsError('EVS.1032');
  const s = ctx.store.state.snapshots[id];
  if (!s || s.projectId !== ctx.projectId) throw notFound();
  return s;
}

/** SnapshotList: the detail view plus the storage fields of snapshot_list.py. */
const listView = (ctx: Ctx, s: SnapshotRecord) => ({
  ...snapshotView(s, true),
  dedicated_storage_id: null,
  dedicated_storage_name: null,
  service_type: ctx.store.state.volumes[s.volume_id]?.service_type ?? 'EVS',
});

/** POST: 202 {snapshot}; the disk must be available or in-use (attaching only with force). */
function create(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.snapshot)) throw invalid();
  const o = body.snapshot;
  if (typeof o.volume_id !== 'string' || !UUID.test(o.volume_id)) throw evsError('EVS.1002');
  const name = text(o, 'name');
  const description = text(o, 'description');
  refuse(o.force !== undefined && typeof o.force !== 'boolean', invalid);
  const metadata = o.metadata === undefined || o.metadata === null ? {} : stringMap(o.metadata, 'custom');
  const v = ctx.store.state.volumes[o.volume_id];
  if (!v || v.projectId !== ctx.projectId) throw notFound();
  const ok2 =
    v.status === 'available' || v.status === 'in-use' || (v.status === 'attaching' && o.force === true);
  refuse(!ok2, () => evsError('EVS.1031'));
  refuse(
    exceeded(ctx.store, ctx.projectId, { snapshots: 1, gigabytes: v.size, type: v.volume_type }) !==
      undefined,
    () => evsError('EVS.5413'),
  );
  const s: SnapshotRecord = {
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
  ctx.store.addSnapshot(s);
  beginSnapshot(ctx.store, s, ctx.now);
  return ok({ snapshot: snapshotView(s, true) }, 202);
}

/** GET .../detail: offset/limit paging with count, filters of list_snapshots_request.py. */
function list(ctx: Ctx): Reply {
  const q = ctx.query;
  const page = parsePage(ctx);
  refuse(q.has('marker'), invalid);
  const status = q.get('status');
  refuse(status !== null && !(SNAPSHOT_STATUSES as readonly string[]).includes(status), invalid);
  const serviceType = q.get('service_type');
  refuse(serviceType !== null && serviceType !== 'EVS' && serviceType !== 'DSS', invalid);
  const want = (k: string) => q.get(k);
  const filters: [string | null, (s: SnapshotRecord) => unknown][] = [
    [want('name'), (s) => s.name],
    [status, (s) => s.status],
    [want('volume_id'), (s) => s.volume_id],
    [want('id'), (s) => s.id],
    [want('availability_zone'), (s) => ctx.store.state.volumes[s.volume_id]?.availability_zone],
    [serviceType, (s) => ctx.store.state.volumes[s.volume_id]?.service_type ?? 'EVS'],
    // The sandbox has no dedicated storage and one enterprise project ("0").
    [want('dedicated_storage_id'), () => null],
    [want('dedicated_storage_name'), () => null],
    [want('enterprise_project_id'), () => '0'],
  ];
  const given = filters.filter(([w]) => w !== null);
  const keep =
    given.length === 0 ? undefined : (s: SnapshotRecord) => given.every(([w, actual]) => w === actual(s));
  const { snapshotOrder, state } = ctx.store;
  // Offset paging only: a marker is refused above.
  const {
    items: slice,
    more,
    count,
  } = pageByCreation(snapshotOrder, state.snapshots, ctx.projectId, 'desc', page, keep);
  const last = slice[slice.length - 1];
  return ok({
    count,
    snapshots: slice.map((s) => listView(ctx, s)),
    ...(page.limitGiven && more && last ? { snapshots_links: nextLink(ctx, last.id, page.limit) } : {}),
  });
}

const show = (ctx: Ctx): Reply => ok({ snapshot: snapshotView(snapshotById(ctx), true) });

/** PUT: 200 {snapshot}; name and/or description. */
function update(ctx: Ctx): Reply {
  const s = snapshotById(ctx);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.snapshot)) throw invalid();
  const name = text(body.snapshot, 'name');
  const description = text(body.snapshot, 'description');
  refuse(name === undefined && description === undefined, invalid);
  if (name !== undefined) s.name = name;
  if (description !== undefined) s.description = description;
  s.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok({ snapshot: snapshotView(s, true) });
}

/** DELETE: 202; available or error only (EVS.1047), error_deleting is EVS.2019. */
function remove(ctx: Ctx): Reply {
  const s = snapshotById(ctx);
  refuse(s.status === 'error_deleting', () => evsError('EVS.2019'));
  refuse(!DELETABLE_SNAPSHOT_STATUSES.includes(s.status), () => evsError('EVS.1047'));
  beginSnapshotDelete(ctx.store, s, ctx.now);
  return ok(undefined, 202);
}

/** POST .../rollback: 202 {rollback: {volume_id}}; only onto the snapshot's own disk, as 6.2.1. */
function rollback(ctx: Ctx): Reply {
  const s = snapshotById(ctx);
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.rollback)) throw invalid();
  const r = body.rollback;
  if (typeof r.volume_id !== 'string' || !UUID.test(r.volume_id)) throw evsError('EVS.1002');
  const name = text(r, 'name');
  refuse(r.volume_id !== s.volume_id, () => evsError('EVS.1002'));
  const v = ctx.store.state.volumes[r.volume_id];
  if (!v || v.projectId !== ctx.projectId) throw notFound();
  refuse(s.status !== 'available', () => evsError('EVS.2043'));
  refuse(!ROLLBACK_VOLUME_STATUSES.includes(v.status), () => evsError('EVS.1031'));
  beginRollback(ctx.store, s, v, name ?? undefined, ctx.now);
  return ok({ rollback: { volume_id: v.id } }, 202);
}

const route = routeOf('custom');

export const cloudSnapshotRoutes: Route[] = [
  route('POST', C, 'CreateSnapshot', create),
  route('GET', `${C}/detail`, 'ListSnapshots', list),
  route('GET', `${C}/{snapshot_id}`, 'ShowSnapshot', show),
  route('PUT', `${C}/{snapshot_id}`, 'UpdateSnapshot', update),
  route('DELETE', `${C}/{snapshot_id}`, 'DeleteSnapshot', remove),
  route('POST', `${C}/{snapshot_id}/rollback`, 'RollbackSnapshot', rollback),
];
