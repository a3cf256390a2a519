// Snapshots on the 2022 paths: Cinder v2 (7.3.1-7.3.6, the cinder toolset) and rolling a snapshot back through
// os-vendor-snapshots (6.2.1, legacy). The default snapshot tools are their twins on /cloudsnapshots.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { cinderGetDisk } from './disks-cinder.js';
import { byDiskName, readDisk, readQuota, readSnapshot } from './reads.js';
import { bytes, diskId, diskRef, limit, marker, metadataMap, offset, snapshotId } from '../schemas/common.js';
import {
  shapeSnapshot,
  shapeSnapshotList,
  snapshotDetailSchema,
  snapshotListSchema,
  snapshotListText,
  snapshotText,
} from '../shapes/snapshot.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };

/** A.4 EVS Snapshot Status. */
export const SNAPSHOT_STATUSES = [
  'creating',
  'available',
  'error',
  'deleting',
  'error_deleting',
  'rollbacking',
  'backing-up',
] as const;

const snapshotName = bytes(255);
const snapshotDescription = bytes(255);

/** Drops undefined members so request bodies carry only what the caller set. */
const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const listFilters = {
  limit: limit.optional(),
  offset: offset.optional(),
  marker: marker.optional(),
  name: snapshotName.optional(),
  status: z.enum(SNAPSHOT_STATUSES).optional(),
  volume_id: diskId.optional(),
};

const listQuery = (a: Record<string, unknown>) => ({ query: defined(a) as Record<string, string | number> });

export const getSnapshot: OperationSpec = defineOperation({
  tool: 'cinder_get_snapshot',
  section: '7.3.6',
  operation: {
    none: 'OpenStack Cinder GET /v2/{project_id}/snapshots/{snapshot_id} (7.3.6); the SDK calls /v2/{project_id}/cloudsnapshots/{snapshot_id}',
  },
  title: 'Get a snapshot (Cinder)',
  description:
    'One snapshot with description, metadata and whether it is backup-managed, on the Cinder path.',
  method: 'GET',
  path: '/v2/{project_id}/snapshots/{snapshot_id}',
  successStatus: [200],
  toolset: 'cinder',
  supersededBy: 'get_snapshot',
  iamActions: ['evs:snapshots:get'],
  hints: READ,
  input: z.strictObject({ snapshot_id: snapshotId }),
  request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id } }),
  output: { schema: snapshotDetailSchema, shape: shapeSnapshot, text: snapshotText },
});

export const snapshotOperations: OperationSpec[] = [
  defineOperation({
    tool: 'legacy_rollback_vendor_snapshot',
    section: '6.2.1',
    operation: {
      none: "calls /v2/{project_id}/os-vendor-snapshots/{snapshot_id}/rollback (6.2.1); the SDK's RollbackSnapshot calls /v2/{project_id}/cloudsnapshots/{snapshot_id}/rollback",
    },
    title: 'Roll back a snapshot (os-vendor-snapshots)',
    description:
      "Deprecated here: overwrite a snapshot's source disk with it through os-vendor-snapshots; use rollback_snapshot.",
    method: 'POST',
    path: '/v2/{project_id}/os-vendor-snapshots/{snapshot_id}/rollback',
    successStatus: [202],
    toolset: 'legacy',
    deprecated: { replacedBy: 'rollback_snapshot' },
    iamActions: ['evs:snapshots:rollback', 'evs:snapshots:get', 'evs:volumes:get'],
    hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
    input: z.strictObject({
      snapshot_id: snapshotId,
      volume_id: diskId.describe("The snapshot's source disk"),
      name: bytes(255).optional().describe('New disk name'),
    }),
    request: (a) => ({
      pathParams: { snapshot_id: a.snapshot_id },
      body: { rollback: defined({ volume_id: a.volume_id, name: a.name }) },
    }),
    output: {
      schema: z.object({ volume_id: z.string(), snapshot_id: z.string() }),
      shape: (body, args) => ({
        volume_id:
          ((body ?? {}) as { rollback?: { volume_id?: string } }).rollback?.volume_id ??
          String(args.volume_id),
        snapshot_id: String(args.snapshot_id),
      }),
      text: (s) => `Rollback of snapshot ${String(s.snapshot_id)} onto disk ${String(s.volume_id)} started.`,
    },
    async: {
      kind: 'status',
      resource: 'volume',
      poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
      id: { from: 'args', key: 'volume_id' },
      // A.3: the disk is `rollbacking` while data is restored, `error_rollbacking` if it failed.
      transitional: ['rollbacking'],
      failed: ['error_rollbacking'],
    },
    guard: {
      reads: [readSnapshot(), readDisk()],
      preflight: ['snapshot-not-backup', 'rollback-target'],
      plan: {
        summary: 'Overwrite {disk} with the contents of {snapshot}.',
        facts: [{ kind: 'renames', arg: 'name' }],
        lost: ['everything written to the disk after the snapshot was taken is lost'],
      },
    },
  }),

  defineOperation({
    tool: 'cinder_create_snapshot',
    section: '7.3.1',
    operation: {
      none: "OpenStack Cinder POST /v2/{project_id}/snapshots (7.3.1); the SDK's CreateSnapshot calls POST /v2/{project_id}/cloudsnapshots",
    },
    title: 'Create a snapshot (Cinder)',
    description: 'Snapshot a disk (no names starting autobk_snapshot_).',
    method: 'POST',
    path: '/v2/{project_id}/snapshots',
    successStatus: [202],
    toolset: 'cinder',
    supersededBy: 'create_snapshot',
    iamActions: ['evs:snapshots:create', 'evs:volumes:get'],
    hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
    names: [byDiskName()],
    input: z.strictObject({
      volume_id: diskRef,
      name: snapshotName.optional(),
      description: snapshotDescription.optional(),
      force: z.boolean().optional().describe('Allow while the disk is attaching'),
      metadata: metadataMap.optional(),
    }),
    request: (a) => ({
      body: {
        snapshot: defined({
          name: a.name,
          description: a.description,
          volume_id: a.volume_id,
          force: a.force,
          metadata: a.metadata,
        }),
      },
    }),
    output: { schema: snapshotDetailSchema, shape: shapeSnapshot, text: snapshotText },
    async: {
      kind: 'status',
      resource: 'snapshot',
      poll: { spec: () => getSnapshot, arg: 'snapshot_id' },
      id: { from: 'response', path: 'snapshot.id' },
      transitional: ['creating'],
      failed: ['error'],
    },
    guard: {
      // force snapshots a disk that is attaching (GR-20).
      confirm: { when: (a) => a.force === true, why: 'only force snapshots a disk that is being attached' },
      reads: [readDisk(), readQuota()],
      autobkNameArg: 'name',
      preflight: ['quota-snapshot'],
      plan: {
        summary: 'Snapshot {disk} with force, while it may be attaching.',
        lost: ['the snapshot may not hold a consistent copy of the data'],
      },
    },
  }),

  defineOperation({
    tool: 'cinder_delete_snapshot',
    section: '7.3.2',
    operation: {
      none: 'OpenStack Cinder DELETE /v2/{project_id}/snapshots/{snapshot_id} (7.3.2); the SDK calls /v2/{project_id}/cloudsnapshots/{snapshot_id}',
    },
    title: 'Delete a snapshot (Cinder)',
    description: 'Delete a snapshot (available or error). Irreversible.',
    method: 'DELETE',
    path: '/v2/{project_id}/snapshots/{snapshot_id}',
    successStatus: [202],
    toolset: 'cinder',
    supersededBy: 'delete_snapshot',
    iamActions: ['evs:snapshots:delete', 'evs:snapshots:get', 'evs:volumes:get'],
    hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
    input: z.strictObject({ snapshot_id: snapshotId }),
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id } }),
    output: {
      schema: z.object({ snapshot_id: z.string(), deleting: z.boolean() }),
      shape: (_body, args) => ({ snapshot_id: String(args.snapshot_id), deleting: true }),
      text: (s) => `Deletion of snapshot ${String(s.snapshot_id)} accepted.`,
    },
    async: {
      kind: 'status',
      resource: 'snapshot',
      poll: { spec: () => getSnapshot, arg: 'snapshot_id' },
      id: { from: 'args', key: 'snapshot_id' },
      transitional: ['deleting'],
      failed: ['error_deleting'],
      goneMeansDone: true,
    },
    guard: {
      reads: [readSnapshot()],
      preflight: ['snapshot-not-backup', 'snapshot-deletable'],
      plan: {
        summary: 'Permanently delete {snapshot}.',
        lost: ['the disk keeps its current data; this point in time is lost'],
      },
    },
  }),

  defineOperation({
    tool: 'cinder_update_snapshot',
    section: '7.3.3',
    operation: {
      none: 'OpenStack Cinder PUT /v2/{project_id}/snapshots/{snapshot_id} (7.3.3); the SDK calls /v2/{project_id}/cloudsnapshots/{snapshot_id}',
    },
    title: 'Rename a snapshot (Cinder)',
    description: "Change a snapshot's name and/or description.",
    method: 'PUT',
    path: '/v2/{project_id}/snapshots/{snapshot_id}',
    successStatus: [200],
    toolset: 'cinder',
    supersededBy: 'update_snapshot',
    iamActions: ['evs:snapshots:update', 'evs:snapshots:get'],
    hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
    input: z
      .strictObject({
        snapshot_id: snapshotId,
        name: snapshotName.optional(),
        description: snapshotDescription.optional(),
      })
      .refine((a) => a.name !== undefined || a.description !== undefined, {
        message: 'set name and/or description',
      }),
    request: (a) => ({
      pathParams: { snapshot_id: a.snapshot_id },
      body: { snapshot: defined({ name: a.name, description: a.description }) },
    }),
    output: { schema: snapshotDetailSchema, shape: shapeSnapshot, text: snapshotText },
    guard: { reads: [readSnapshot()], autobkNameArg: 'name', preflight: ['snapshot-not-backup'] },
  }),

  defineOperation({
    tool: 'cinder_list_snapshots',
    section: '7.3.4',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.4); the current SDK generates no operation for GET /v2/{project_id}/snapshots',
    },
    title: 'List snapshots (Cinder)',
    description: 'Snapshots, compactly, on the Cinder path.',
    method: 'GET',
    path: '/v2/{project_id}/snapshots',
    successStatus: [200],
    toolset: 'cinder',
    supersededBy: 'list_snapshots',
    iamActions: ['evs:snapshots:list'],
    hints: READ,
    input: z.strictObject(listFilters),
    request: listQuery,
    output: { schema: snapshotListSchema, shape: shapeSnapshotList, text: snapshotListText },
    pagination: { itemsKey: 'snapshots', style: 'marker', linksKey: 'snapshots_links' },
  }),

  defineOperation({
    tool: 'cinder_list_snapshots_detail',
    section: '7.3.5',
    operation: {
      none: 'OpenStack Cinder GET /v2/{project_id}/snapshots/detail (7.3.5); the SDK calls /v2/{project_id}/cloudsnapshots/detail',
    },
    title: 'List snapshots with details (Cinder)',
    description: 'Snapshots with an availability_zone filter, on the Cinder path.',
    method: 'GET',
    path: '/v2/{project_id}/snapshots/detail',
    successStatus: [200],
    toolset: 'cinder',
    supersededBy: 'list_snapshots',
    iamActions: ['evs:snapshots:list'],
    hints: READ,
    input: z.strictObject({ ...listFilters, availability_zone: z.string().max(128).optional() }),
    request: listQuery,
    output: { schema: snapshotListSchema, shape: shapeSnapshotList, text: snapshotListText },
    pagination: { itemsKey: 'snapshots', style: 'marker', linksKey: 'snapshots_links' },
  }),

  getSnapshot,
];
