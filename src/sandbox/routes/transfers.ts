// Disk transfers (7.4.1-7.4.6): the auth_key is shown once; accepting moves the disk to another project.
import { evsError, invalidRequest, invalidStatus, notFound } from '../errors.js';
import { authKey, cinderTime, sha256, uuid } from '../ids.js';
import { exceeded } from '../quotas.js';
import type { Ctx, Reply, Route } from '../router.js';
import { snapshotsOf } from '../state-machine.js';
import type { TransferRecord } from '../types.js';
import { transferLinks, transferView } from '../views.js';
import { bytesOf, findVolume, isObject, ok, paginate, parsePage, routeOf, sortItems } from './common.js';

const bad = () => invalidRequest('cinder');

function create(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.transfer)) throw bad();
  const { volume_id, name } = body.transfer;
  if (typeof volume_id !== 'string' || volume_id === '') throw bad();
  if (typeof name !== 'string' || name === '' || bytesOf(name) > 255) throw bad();
  const v = findVolume(ctx, volume_id);
  if (v.status !== 'available') throw invalidStatus();
  // 7.4.1: no system disks, no disks with snapshots.
  if (v.bootable || snapshotsOf(ctx.store, v.id).length > 0) throw bad();
  const key = authKey();
  const t: TransferRecord = {
    id: uuid(),
    projectId: ctx.projectId,
    volume_id: v.id,
    name,
    authKeyHash: sha256(key),
    created_at: cinderTime(ctx.now),
    seq: ctx.store.nextSeq(),
  };
  ctx.store.state.transfers[t.id] = t;
  v.status = 'awaiting-transfer';
  v.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok({ transfer: { ...transferView(t, ctx.baseUrl, true), auth_key: key } }, 202);
}

function accept(ctx: Ctx): Reply {
  const t = ctx.store.state.transfers[ctx.params.transfer_id!];
  if (!t) throw notFound();
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.accept) || typeof body.accept.auth_key !== 'string') throw bad();
  if (sha256(body.accept.auth_key) !== t.authKeyHash) throw evsError('EVS.5400', 'Malformed request body');
  const v = ctx.store.state.volumes[t.volume_id];
  if (!v || v.status !== 'awaiting-transfer') throw invalidStatus();
  if (exceeded(ctx.store, ctx.projectId, { volumes: 1, gigabytes: v.size, type: v.volume_type }))
    throw evsError('EVS.5413');
  ctx.store.moveVolume(v, ctx.projectId);
  v.user_id = ctx.store.project(ctx.projectId)?.userId ?? v.user_id;
  v.status = 'available';
  v.updated_at = cinderTime(ctx.now);
  delete ctx.store.state.transfers[t.id];
  ctx.store.markDirty();
  return ok(
    {
      transfer: {
        id: t.id,
        name: t.name,
        volume_id: t.volume_id,
        links: transferLinks(ctx.baseUrl, ctx.projectId, t.id),
      },
    },
    202,
  );
}

function findTransfer(ctx: Ctx): TransferRecord {
  const t = ctx.store.state.transfers[ctx.params.transfer_id!];
  if (!t || t.projectId !== ctx.projectId) throw notFound();
  return t;
}

function remove(ctx: Ctx): Reply {
  const t = findTransfer(ctx);
  const v = ctx.store.state.volumes[t.volume_id];
  if (v && v.status === 'awaiting-transfer') {
    v.status = 'available';
    v.updated_at = cinderTime(ctx.now);
  }
  delete ctx.store.state.transfers[t.id];
  ctx.store.markDirty();
  return ok(undefined, 202);
}

const show = (ctx: Ctx): Reply => ok({ transfer: transferView(findTransfer(ctx), ctx.baseUrl, true) });

function list(ctx: Ctx, detail: boolean): Reply {
  const page = parsePage(ctx);
  const items = sortItems(
    Object.values(ctx.store.state.transfers).filter((t) => t.projectId === ctx.projectId),
    'created_at',
    'desc',
  );
  return ok({ transfers: paginate(items, page).items.map((t) => transferView(t, ctx.baseUrl, detail)) });
}

const T = '/v2/{project_id}/os-volume-transfer';
const route = routeOf('cinder');

export const transferRoutes: Route[] = [
  route('POST', T, '7.4.1', create),
  route('POST', `${T}/{transfer_id}/accept`, '7.4.2', accept),
  route('DELETE', `${T}/{transfer_id}`, '7.4.3', remove),
  route('GET', `${T}/{transfer_id}`, '7.4.4', show),
  route('GET', T, '7.4.5', (ctx) => list(ctx, false)),
  route('GET', `${T}/detail`, '7.4.6', (ctx) => list(ctx, true)),
];
