// Validation shared by 6.1.1 and 7.1.1: a disk create request becomes one or more volume specs.
import { DISK_TYPES, PUBLIC_IMAGES, typeZones, zones } from '../catalog.js';
import { EvsError, evsError, invalidRequest, type ErrorFamily } from '../errors.js';
import { exceeded, exceedsPerVolume } from '../quotas.js';
import type { Ctx } from '../router.js';
import type { VolumeSpec } from '../state-machine.js';
import { boolOf, bytesOf, intOf, isObject, stringMap } from './common.js';

const ENCRYPTION_KEYS = ['__system__encrypted', '__system_encrypted', '__system_cmkid', '__system__cmkid'];

function fill(err: EvsError, ...values: string[]): EvsError {
  let message = err.message;
  for (const v of values) message = message.replace('%s', v);
  return new EvsError(err.status, err.code, message);
}

export interface CreateResult {
  specs: VolumeSpec[];
}

/** Parses and checks a create body; throws the documented error of the family on the first problem. */
export function parseCreate(ctx: Ctx): VolumeSpec[] {
  const family: ErrorFamily = ctx.family;
  const custom = family === 'custom';
  const body = ctx.body;
  if (!isObject(body) || !isObject(body.volume)) throw custom ? evsError('EVS.1008') : invalidRequest(family);
  const vol = body.volume;
  const bad = () => invalidRequest(family);

  // Data source: at most one.
  const sources = ['backup_id', 'snapshot_id', 'imageRef', 'source_volid'].filter(
    (k) => vol[k] !== undefined && vol[k] !== null,
  );
  if (sources.length > 1) throw evsError('EVS.1016');
  if (!custom && (vol.source_volume_id != null || vol.source_replica != null || vol.source_volid != null))
    throw bad();
  if (vol.backup_id != null) throw evsError('EVS.1006');

  // count
  let count = 1;
  if (vol.count !== undefined && vol.count !== null) {
    const n = intOf(vol.count);
    if (n === undefined || n < 1 || n > 100) throw evsError('EVS.1021');
    count = n;
  }

  // name / description
  let name = '';
  if (vol.name !== undefined && vol.name !== null) {
    if (typeof vol.name !== 'string') throw custom ? evsError('EVS.1003') : bad();
    const tooLong =
      count > 1 ? bytesOf(vol.name) > 250 : custom ? [...vol.name].length > 255 : bytesOf(vol.name) > 255;
    if (tooLong) throw custom ? evsError('EVS.1003') : bad();
    name = vol.name;
  }
  let description: string | null = null;
  if (vol.description !== undefined && vol.description !== null) {
    if (typeof vol.description !== 'string' || bytesOf(vol.description) > 255)
      throw custom ? evsError('EVS.1004') : bad();
    description = vol.description;
  }

  // AZ
  const region = ctx.store.state.region;
  if (typeof vol.availability_zone !== 'string' || vol.availability_zone === '')
    throw custom ? evsError('EVS.2083') : bad();
  const az = zones(region).find((z) => z.name === vol.availability_zone);
  if (!az || !az.available) throw evsError('EVS.1036');

  // Source snapshot / image
  let snapshotId: string | null = null;
  let sourceType: string | undefined;
  let minSize = 10;
  let maxSize = 32768;
  let image: (typeof PUBLIC_IMAGES)[number] | undefined;
  const inherited: Record<string, string> = {};
  if (vol.snapshot_id != null) {
    const snap = typeof vol.snapshot_id === 'string' ? ctx.store.state.snapshots[vol.snapshot_id] : undefined;
    if (!snap || snap.projectId !== ctx.projectId) throw evsError('EVS.2045');
    if (snap.status !== 'available' && snap.status !== 'backing-up') throw evsError('EVS.2043');
    const source = ctx.store.state.volumes[snap.volume_id];
    if (source && source.availability_zone !== az.name) throw evsError('EVS.2054');
    sourceType = source?.volume_type;
    if (source?.metadata['hw:passthrough']) inherited['hw:passthrough'] = source.metadata['hw:passthrough'];
    snapshotId = snap.id;
    minSize = Math.max(snap.size, 1);
  }
  if (vol.imageRef != null) {
    const own = typeof vol.imageRef === 'string' ? ctx.store.state.images[vol.imageRef] : undefined;
    image =
      PUBLIC_IMAGES.find((i) => i.id === vol.imageRef) ??
      (own && own.projectId === ctx.projectId
        ? { id: own.id, name: own.name, min_disk: own.min_disk, os_type: own.os_type }
        : undefined);
    if (!image) throw custom ? evsError('EVS.2046') : evsError('EVS.5400', 'Invalid imageRef provided');
    minSize = Math.max(image.min_disk, 1);
    maxSize = 1024;
  }

  // Type
  let type: string;
  if (vol.volume_type === undefined || vol.volume_type === null) {
    if (custom && !sourceType) throw evsError('EVS.2083');
    type = sourceType ?? 'SAS';
  } else {
    if (typeof vol.volume_type !== 'string') throw custom ? evsError('EVS.1020') : bad();
    type = vol.volume_type;
  }
  if (!(DISK_TYPES as readonly string[]).includes(type))
    throw custom ? evsError('EVS.1020') : evsError('EVS.2070');
  if (sourceType && type !== sourceType) throw fill(evsError('EVS.2096'), type, String(snapshotId));
  if (!typeZones(region, type as (typeof DISK_TYPES)[number]).includes(az.name))
    throw fill(evsError('EVS.2071'), az.name, type);

  // Size
  const size = intOf(vol.size);
  if (size === undefined || size < minSize || size > maxSize) throw evsError('EVS.1010');

  // Metadata
  const metadata = vol.metadata === undefined || vol.metadata === null ? {} : stringMap(vol.metadata, family);
  if (
    (snapshotId || image) &&
    Object.keys(metadata).some((k) => ENCRYPTION_KEYS.includes(k) || k === 'hw:passthrough')
  )
    throw evsError('EVS.1043');
  if (metadata['hw:passthrough'] !== undefined && !['true', 'false'].includes(metadata['hw:passthrough']))
    throw evsError('EVS.1057');
  if (metadata.full_clone !== undefined && !['0', '1'].includes(metadata.full_clone))
    throw evsError('EVS.1063');
  for (const key of ['__system__encrypted', '__system_encrypted'])
    if (metadata[key] !== undefined && !['0', '1'].includes(metadata[key]!)) throw bad();

  // Sharing
  let multiattach = false;
  if (vol.multiattach !== undefined && vol.multiattach !== null) {
    if (typeof vol.multiattach !== 'boolean') throw bad();
    multiattach = vol.multiattach;
  }
  if (vol.shareable !== undefined && vol.shareable !== null) {
    const s = boolOf(vol.shareable);
    if (s === undefined) throw evsError('EVS.1054');
    multiattach = multiattach || s;
  }
  if (multiattach && image) throw evsError('EVS.2094');

  // Quota, counted with what other jobs have reserved.
  const over = exceeded(ctx.store, ctx.projectId, { volumes: count, gigabytes: size * count, type });
  if (over || exceedsPerVolume(ctx.store, ctx.projectId, size)) {
    if (!custom) throw evsError('EVS.5413');
    throw evsError(over === 'volumes' ? 'EVS.1034' : 'EVS.1042');
  }

  const userId = ctx.store.project(ctx.projectId)?.userId ?? '';
  const base: VolumeSpec = {
    name,
    description,
    size,
    availability_zone: az.name,
    volume_type: type,
    bootable: !!image,
    multiattach,
    metadata: { ...inherited, ...metadata },
    tags: {},
    attachments: [],
    snapshot_id: snapshotId,
    image_id: image?.id ?? null,
    volume_image_metadata: image
      ? {
          image_id: image.id,
          image_name: image.name,
          min_disk: String(image.min_disk),
          __os_type: image.os_type,
        }
      : null,
    service_type: 'EVS',
    user_id: userId,
  };
  if (count === 1) return [base];
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    name: `${name}-${String(i + 1).padStart(4, '0')}`,
  }));
}
