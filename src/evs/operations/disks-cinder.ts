// OpenStack Cinder v2 disk APIs (7.1.1-7.1.6): twins of the custom APIs, plus the only non-deprecated delete and update.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { byDiskName, readDisk, readQuota, readSnapshot, readSnapshotsOf } from './reads.js';
import { diskId, diskRef, metadataMap, snapshotId } from '../schemas/common.js';
import {
  availabilityZone,
  baseListFilters,
  checkCreateMetadata,
  checkSingleSource,
  defined,
  detailFlag,
  diskDescription,
  diskName,
  diskOffset,
  diskSize,
  encodeMetadataFilter,
  imageId,
  metadataFilter,
  volumeType,
} from '../schemas/disk.js';
import {
  shapeVolumeList,
  summarizeVolume,
  volumeDetail,
  volumeDetailSchema,
  volumeDetailText,
  volumeLine,
  volumeListSchema,
  volumeListText,
  volumeOf,
  volumeSummarySchema,
} from '../shapes/volume.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };
const PAGINATION = { itemsKey: 'volumes', style: 'marker', linksKey: 'volumes_links' } as const;

// source_volume_id/source_replica (cloning, unsupported), consistency_group_id (reserved), shareable (replaced by
// multiattach) and count (batches belong to create_disks) are deliberately not offered.
const cinderCreateInput = z
  .strictObject({
    availability_zone: availabilityZone,
    size: diskSize,
    volume_type: volumeType.optional(),
    name: diskName.optional(),
    description: diskDescription.optional(),
    snapshot_id: snapshotId.optional(),
    imageRef: imageId.optional(),
    metadata: metadataMap.optional(),
    multiattach: z.boolean().optional(),
  })
  .superRefine((a, ctx) => {
    checkSingleSource(a, ['snapshot_id', 'imageRef'], ctx);
    checkCreateMetadata(
      a.metadata,
      { snapshot: a.snapshot_id !== undefined, image: a.imageRef !== undefined },
      ctx,
    );
  });

const cinderCreateDisk = defineOperation({
  tool: 'cinder_create_disk',
  section: '7.1.1',
  title: 'Create a disk (Cinder)',
  description:
    'OpenStack Cinder twin of create_disks: one disk, empty or from a snapshot or image; prefer create_disks.',
  method: 'POST',
  path: '/v2/{project_id}/volumes',
  successStatus: [202],
  toolset: 'disks',
  iamActions: ['evs:volumes:create', 'evs:volumes:get', 'ims:images:get', 'evs:snapshots:get'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: cinderCreateInput,
  request: (a) => ({
    body: {
      volume: defined({
        availability_zone: a.availability_zone,
        size: a.size,
        volume_type: a.volume_type,
        name: a.name,
        description: a.description,
        snapshot_id: a.snapshot_id,
        imageRef: a.imageRef,
        metadata: a.metadata,
        multiattach: a.multiattach,
      }),
    },
  }),
  output: {
    schema: volumeSummarySchema,
    shape: (body) => summarizeVolume(volumeOf(body)),
    text: (s) => volumeLine(s),
  },
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
    id: { from: 'response', path: 'volume.id' },
    transitional: ['creating', 'downloading'],
    failed: ['error'],
  },
  guard: { reads: [readSnapshot(), readQuota()], preflight: ['source-size', 'quota-create-disk'] },
});

const deleteDisk = defineOperation({
  tool: 'delete_disk',
  section: '7.1.2',
  title: 'Delete a disk',
  description:
    'Permanently delete a disk; cascade=true also deletes all its snapshots. The disk must not be in use.',
  method: 'DELETE',
  path: '/v2/{project_id}/volumes/{volume_id}',
  successStatus: [202],
  toolset: 'disks',
  iamActions: ['evs:volumes:delete', 'evs:volumes:get'],
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  input: z.strictObject({ volume_id: diskRef, cascade: z.boolean().optional() }),
  names: [byDiskName()],
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    query: defined({ cascade: a.cascade }),
  }),
  output: {
    schema: z.object({ ok: z.boolean(), volume_id: z.string(), cascade: z.boolean() }),
    shape: (_body, args) => ({ ok: true, volume_id: String(args.volume_id), cascade: args.cascade === true }),
    text: (s) => `Deleting disk ${String(s.volume_id)}${s.cascade ? ' and all its snapshots' : ''}.`,
  },
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
    id: { from: 'args', key: 'volume_id' },
    transitional: ['deleting'],
    failed: ['error_deleting'],
    goneMeansDone: true,
  },
  guard: {
    reads: [readDisk(), readSnapshotsOf()],
    preflight: ['disk-deletable'],
    plan: {
      summary: 'Permanently delete {disk}.',
      facts: [{ kind: 'snapshots', cascadeArg: 'cascade' }],
      lost: ['the data on it is lost for good'],
    },
  },
});

const updateDiskInput = z
  .strictObject({
    volume_id: diskId,
    name: diskName.optional(),
    description: diskDescription.optional(),
    metadata: metadataMap.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.name === undefined && a.description === undefined && a.metadata === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give name, description or metadata' });
    }
  });

// display_name/display_description are documented aliases the server ignores when name/description are set.
const updateDisk = defineOperation({
  tool: 'update_disk',
  section: '7.1.3',
  title: 'Update a disk',
  description: 'Rename a disk or change its description or metadata.',
  method: 'PUT',
  path: '/v2/{project_id}/volumes/{volume_id}',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:update', 'evs:volumes:get'],
  // With metadata it replaces all of it (keys not sent are deleted), as replace_disk_metadata does.
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  input: updateDiskInput,
  request: (a) => ({
    pathParams: { volume_id: a.volume_id },
    body: { volume: defined({ name: a.name, description: a.description, metadata: a.metadata }) },
  }),
  output: {
    schema: volumeDetailSchema,
    shape: (body) => volumeDetail(volumeOf(body)),
    text: volumeDetailText,
  },
  guard: {
    confirm: {
      when: (a) => a.metadata !== undefined,
      why: 'only metadata is replaced as a whole; a new name or description loses nothing',
    },
    reads: [readDisk()],
    plan: {
      summary: 'Update {disk}; its metadata is replaced as a whole, keys not sent are deleted.',
      facts: [{ kind: 'metadata-replaced', read: 'disk', arg: 'metadata' }],
    },
  },
});

const cinderListFilters = {
  ...baseListFilters,
  offset: diskOffset.optional(),
  metadata: metadataFilter.optional(),
};

const listQuery = (a: z.infer<z.ZodObject<typeof cinderListFilters>>) =>
  defined({
    limit: a.limit,
    marker: a.marker,
    offset: a.offset,
    sort_key: a.sort_key,
    sort_dir: a.sort_dir,
    status: a.status,
    name: a.name,
    availability_zone: a.availability_zone,
    metadata: encodeMetadataFilter(a.metadata),
  });

const cinderListDisks = defineOperation({
  tool: 'cinder_list_disks',
  section: '7.1.4',
  title: 'List disk ids and names (Cinder)',
  description: 'Cinder brief list: ids and names only. Prefer list_disks.',
  method: 'GET',
  path: '/v2/{project_id}/volumes',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:list'],
  hints: READ,
  input: z.strictObject(cinderListFilters),
  request: (a) => ({ query: listQuery(a) }),
  output: { schema: volumeListSchema, shape: shapeVolumeList, text: volumeListText },
  pagination: PAGINATION,
});

const cinderListDisksDetail = defineOperation({
  tool: 'cinder_list_disks_detail',
  section: '7.1.5',
  title: 'List disks with details (Cinder)',
  description: 'Cinder twin of list_disks with fewer filters; prefer list_disks.',
  method: 'GET',
  path: '/v2/{project_id}/volumes/detail',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:list'],
  hints: READ,
  input: z.strictObject({ ...cinderListFilters, detail: detailFlag }),
  request: (a) => ({ query: listQuery(a) }),
  output: { schema: volumeListSchema, shape: shapeVolumeList, text: volumeListText },
  pagination: PAGINATION,
});

export const cinderGetDisk: OperationSpec = defineOperation({
  tool: 'cinder_get_disk',
  section: '7.1.6',
  title: 'Get disk details (Cinder)',
  description: 'Cinder twin of get_disk (no tags); prefer get_disk.',
  method: 'GET',
  path: '/v2/{project_id}/volumes/{volume_id}',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:get'],
  hints: READ,
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: {
    schema: volumeDetailSchema,
    shape: (body) => volumeDetail(volumeOf(body)),
    text: volumeDetailText,
  },
});

export const diskCinderOperations: OperationSpec[] = [
  cinderCreateDisk,
  deleteDisk,
  updateDisk,
  cinderListDisks,
  cinderListDisksDetail,
  cinderGetDisk,
];
