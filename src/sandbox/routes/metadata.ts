// Metadata of disks (7.1.10-7.1.15) and snapshots (7.3.7-7.3.12): add/merge, replace-all, single key.
import { evsError, invalidRequest, notFound } from '../errors.js';
import { cinderTime } from '../ids.js';
import type { Ctx, Reply, Route } from '../router.js';
import { findSnapshot, findVolume, isObject, ok, routeOf, stringMap } from './common.js';

/** System keys the metadata APIs may not change (EVS.5403 "metadata can not be operated."). */
export const PROTECTED_METADATA = (key: string): boolean =>
  key.startsWith('__system') ||
  key === 'hw:passthrough' ||
  key === 'full_clone' ||
  key === 'readonly' ||
  key === 'attached_mode';

export function refuseProtected(keys: string[]): void {
  if (keys.some(PROTECTED_METADATA)) throw evsError('EVS.5403', 'metadata can not be operated');
}

interface Owner {
  metadata: Record<string, string>;
  updated_at: string | null;
}

type Lookup = (ctx: Ctx) => Owner;
const volumeOwner: Lookup = (ctx) => findVolume(ctx, ctx.params.volume_id!);
const snapshotOwner: Lookup = (ctx) => findSnapshot(ctx, ctx.params.snapshot_id!);

function changed(ctx: Ctx, owner: Owner): void {
  owner.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
}

function bodyMap(ctx: Ctx, key: 'metadata' | 'meta'): Record<string, string> {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body[key])) throw invalidRequest('cinder');
  return stringMap(body[key], 'cinder');
}

const add =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply => {
    const owner = lookup(ctx);
    const incoming = bodyMap(ctx, 'metadata');
    refuseProtected(Object.keys(incoming));
    Object.assign(owner.metadata, incoming);
    changed(ctx, owner);
    return ok({ metadata: { ...owner.metadata } });
  };

const get =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply =>
    ok({ metadata: { ...lookup(ctx).metadata } });

/** Replace-all: user keys become exactly the body's; protected system keys stay. */
const replaceAll =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply => {
    const owner = lookup(ctx);
    const incoming = bodyMap(ctx, 'metadata');
    refuseProtected(Object.keys(incoming));
    const kept = Object.fromEntries(Object.entries(owner.metadata).filter(([k]) => PROTECTED_METADATA(k)));
    owner.metadata = { ...kept, ...incoming };
    changed(ctx, owner);
    return ok({ metadata: { ...owner.metadata } });
  };

const getKey =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply => {
    const owner = lookup(ctx);
    const key = ctx.params.key!;
    if (!(key in owner.metadata)) throw notFound();
    return ok({ meta: { [key]: owner.metadata[key] } });
  };

const putKey =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply => {
    const owner = lookup(ctx);
    const key = ctx.params.key!;
    const meta = bodyMap(ctx, 'meta');
    const entries = Object.entries(meta);
    if (entries.length !== 1 || entries[0]![0] !== key)
      throw evsError('EVS.5400', 'Request body and URI mismatch');
    refuseProtected([key]);
    owner.metadata[key] = entries[0]![1];
    changed(ctx, owner);
    return ok({ meta: { [key]: owner.metadata[key] } });
  };

const deleteKey =
  (lookup: Lookup) =>
  (ctx: Ctx): Reply => {
    const owner = lookup(ctx);
    const key = ctx.params.key!;
    if (!(key in owner.metadata)) throw notFound();
    refuseProtected([key]);
    delete owner.metadata[key];
    changed(ctx, owner);
    return ok(undefined, 200);
  };

const V = '/v2/{project_id}/volumes/{volume_id}/metadata';
const S = '/v2/{project_id}/snapshots/{snapshot_id}/metadata';
const route = routeOf('cinder');

export const metadataRoutes: Route[] = [
  route('POST', V, '7.1.10', add(volumeOwner)),
  route('GET', V, '7.1.11', get(volumeOwner)),
  route('PUT', V, '7.1.12', replaceAll(volumeOwner)),
  route('GET', `${V}/{key}`, '7.1.13', getKey(volumeOwner)),
  route('PUT', `${V}/{key}`, '7.1.14', putKey(volumeOwner)),
  route('DELETE', `${V}/{key}`, '7.1.15', deleteKey(volumeOwner)),
  route('POST', S, '7.3.7', add(snapshotOwner)),
  route('GET', S, '7.3.8', get(snapshotOwner)),
  route('PUT', `${S}/{key}`, '7.3.9', putKey(snapshotOwner)),
  route('PUT', S, '7.3.10', replaceAll(snapshotOwner)),
  route('GET', `${S}/{key}`, '7.3.11', getKey(snapshotOwner)),
  route('DELETE', `${S}/{key}`, '7.3.12', deleteKey(snapshotOwner)),
];
