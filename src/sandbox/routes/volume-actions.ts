// POST /v2/{project_id}/volumes/{volume_id}/action: 7.2.1-7.2.8, dispatched on the body's top-level key.
import { evsError, invalidRequest, invalidStatus, notFound } from '../errors.js';
import { typeIdOf } from '../catalog.js';
import { cinderTime, uuid } from '../ids.js';
import type { Ctx, Reply, Route } from '../router.js';
import { beginExtend, beginUpload } from '../state-machine.js';
import type { VolumeRecord } from '../types.js';
import { boolOf, bytesOf, findVolume, intOf, isObject, ok } from './common.js';
import { checkExtendable } from './disk-rules.js';

const bad = () => invalidRequest('cinder');

function touch(ctx: Ctx, v: VolumeRecord): void {
  v.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
}

type ActionHandler = (ctx: Ctx, v: VolumeRecord, args: Record<string, unknown>) => Reply;

const extend: ActionHandler = (ctx, v, args) => {
  const size = checkExtendable(ctx.store, v, intOf(args.new_size), 'cinder');
  beginExtend(ctx.store, v, size, ctx.now);
  return ok(undefined, 202);
};

const setBootable: ActionHandler = (ctx, v, args) => {
  const bootable = boolOf(args.bootable);
  if (bootable === undefined) throw bad();
  v.bootable = bootable;
  touch(ctx, v);
  return ok(undefined, 200);
};

const setReadonly: ActionHandler = (ctx, v, args) => {
  const readonly = boolOf(args.readonly);
  if (readonly === undefined) throw bad();
  if (v.status !== 'available') throw invalidStatus();
  v.metadata.readonly = readonly ? 'True' : 'False';
  touch(ctx, v);
  return ok(undefined, 202);
};

const DISK_FORMATS = ['vhd', 'zvhd', 'zvhd2', 'raw', 'qcow2'];
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'ovf', 'bare'];

const uploadImage: ActionHandler = (ctx, v, args) => {
  const name = args.image_name;
  if (
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > 128 ||
    name.trim() !== name ||
    !/^[A-Za-z0-9 ._-]+$/.test(name)
  )
    throw bad();
  const diskFormat = args.disk_format ?? 'zvhd2';
  const containerFormat = args.container_format ?? 'bare';
  const osType = args.__os_type ?? 'linux';
  if (typeof diskFormat !== 'string' || !DISK_FORMATS.includes(diskFormat)) throw bad();
  if (typeof containerFormat !== 'string' || !CONTAINER_FORMATS.includes(containerFormat)) throw bad();
  if (typeof osType !== 'string' || !['windows', 'linux'].includes(osType)) throw bad();
  const force = args.force === undefined ? false : boolOf(args.force);
  if (force === undefined) throw bad();
  if (!(v.status === 'available' || (v.status === 'in-use' && force))) throw invalidStatus();
  const imageId = uuid();
  beginUpload(ctx.store, v, { id: imageId, name, osType }, ctx.now);
  return ok(
    {
      'os-volume_upload_image': {
        status: 'uploading',
        size: v.size,
        id: v.id,
        image_id: imageId,
        image_name: name,
        volume_type: {
          description: null,
          deleted: false,
          created_at: '2020-01-01T00:00:00.000000',
          updated_at: null,
          extra_specs: { volume_backend_name: v.volume_type, 'availability-zone': v.availability_zone },
          is_public: true,
          deleted_at: null,
          // 7.2.4: the disk type ID (as 7.1.7 lists it), not its name.
          id: typeIdOf(v.volume_type) ?? v.volume_type,
          name: v.volume_type,
        },
        container_format: containerFormat,
        disk_format: diskFormat,
        display_description: v.description ?? '',
        updated_at: v.updated_at,
      },
    },
    202,
  );
};

const attach: ActionHandler = (ctx, v, args) => {
  const server = args.instance_uuid;
  const mountpoint = args.mountpoint;
  if (typeof server !== 'string' || server === '' || typeof mountpoint !== 'string' || mountpoint === '')
    throw bad();
  if (args.mode !== undefined && args.mode !== 'rw' && args.mode !== 'ro') throw bad();
  if (
    args.host_name !== undefined &&
    args.host_name !== null &&
    (typeof args.host_name !== 'string' || bytesOf(args.host_name) > 255)
  )
    throw bad();
  const shareable = v.multiattach && v.status === 'in-use';
  if (v.status !== 'available' && v.status !== 'attaching' && !shareable) throw invalidStatus();
  if (v.attachments.some((a) => a.server_id === server)) throw invalidStatus();
  v.attachments.push({
    id: v.id,
    attachment_id: uuid(),
    server_id: server,
    host_name: typeof args.host_name === 'string' ? args.host_name : null,
    device: mountpoint,
    attached_at: cinderTime(ctx.now),
    volume_id: v.id,
  });
  v.metadata.attached_mode = args.mode === 'ro' ? 'ro' : 'rw';
  v.status = 'in-use';
  touch(ctx, v);
  return ok(undefined, 202);
};

const detach: ActionHandler = (ctx, v, args) => {
  if (v.status !== 'in-use') throw invalidStatus();
  const id = args.attachment_id;
  if (id !== undefined && id !== null && typeof id !== 'string') throw bad();
  let index: number;
  if (typeof id === 'string') {
    index = v.attachments.findIndex((a) => a.attachment_id === id);
    if (index < 0) throw notFound();
  } else {
    // With several attachments the one to remove must be named (7.2.6).
    if (v.attachments.length !== 1) throw bad();
    index = 0;
  }
  v.attachments.splice(index, 1);
  if (v.attachments.length === 0) {
    v.status = 'available';
    delete v.metadata.attached_mode;
  }
  touch(ctx, v);
  return ok(undefined, 202);
};

const reserve: ActionHandler = (ctx, v) => {
  if (!(v.status === 'available' || (v.multiattach && v.status === 'in-use'))) throw invalidStatus();
  v.status = 'attaching';
  touch(ctx, v);
  return ok(undefined, 202);
};

const unreserve: ActionHandler = (ctx, v) => {
  if (v.status !== 'attaching') throw invalidStatus();
  v.status = v.attachments.length > 0 ? 'in-use' : 'available';
  touch(ctx, v);
  return ok(undefined, 202);
};

/** The eight documented actions of this path. */
export const VOLUME_ACTIONS: Record<string, { section: string; handler: ActionHandler }> = {
  'os-extend': { section: '7.2.1', handler: extend },
  'os-set_bootable': { section: '7.2.2', handler: setBootable },
  'os-update_readonly_flag': { section: '7.2.3', handler: setReadonly },
  'os-volume_upload_image': { section: '7.2.4', handler: uploadImage },
  'os-attach': { section: '7.2.5', handler: attach },
  'os-detach': { section: '7.2.6', handler: detach },
  'os-reserve': { section: '7.2.7', handler: reserve },
  'os-unreserve': { section: '7.2.8', handler: unreserve },
};

function dispatch(ctx: Ctx): Reply {
  const v = findVolume(ctx, ctx.params.volume_id!);
  const body = ctx.body;
  if (!isObject(body)) throw bad();
  const keys = Object.keys(body);
  const action = keys.length === 1 ? VOLUME_ACTIONS[keys[0]!] : undefined;
  if (!action) throw evsError('EVS.5400', 'Malformed request body');
  const args = body[keys[0]!];
  // os-reserve / os-unreserve take an empty object (or nothing); the others need an object.
  if (args !== null && args !== undefined && !isObject(args)) throw bad();
  return action.handler(ctx, v, (args as Record<string, unknown> | null) ?? {});
}

export const volumeActionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/{project_id}/volumes/{volume_id}/action',
    section: Object.values(VOLUME_ACTIONS)
      .map((a) => a.section)
      .join(','),
    sectionOf: (body) => {
      const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
      return keys.length === 1 ? VOLUME_ACTIONS[keys[0]!]?.section : undefined;
    },
    family: 'cinder',
    auth: 'project',
    handler: dispatch,
  },
];
