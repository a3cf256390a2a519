// EVS custom disk APIs of the 2022 reference: 6.1.1 create (its /v2/ path), 6.1.2 detail list, 6.1.5 detail.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { readQuota, readSnapshot } from './reads.js';
import { diskId, metadataMap, safeRecord, snapshotId } from '../schemas/common.js';
import {
  BATCH_NAME_MAX_BYTES,
  MAX_BATCH_COUNT,
  availabilityZone,
  backupId,
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
  serverId,
  volumeType,
} from '../schemas/disk.js';
import { getJob } from './jobs.js';
import { isoTime, keepDisk } from './local-filters.js';
import {
  shapeVolumeList,
  volumeDetail,
  volumeDetailSchema,
  volumeDetailText,
  volumeListSchema,
  volumeListText,
  volumeOf,
  jobId,
} from '../shapes/volume.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };
const SOURCES = ['backup_id', 'snapshot_id', 'imageRef'] as const;
const MAX_IDS = 60;
/** Appendix A.3: statuses a disk passes through on its way to a settled one. */
export const VOLUME_TRANSITIONAL = [
  'creating',
  'downloading',
  'attaching',
  'detaching',
  'extending',
  'deleting',
  'rollbacking',
  'uploading',
  'backing-up',
];
export const VOLUME_FAILED = [
  'error',
  'error_restoring',
  'error_extending',
  'error_deleting',
  'error_rollbacking',
  'error_detaching',
];

/** The disk fields of a create (6.1.1's `volume`, the same in CreateVolume's CreateVolumeOption). */
export const createDisksFields = {
  availability_zone: availabilityZone,
  volume_type: volumeType,
  size: diskSize.optional(),
  count: z.number().int().min(1).max(MAX_BATCH_COUNT).optional(),
  name: diskName.optional(),
  description: diskDescription.optional(),
  backup_id: backupId.optional(),
  snapshot_id: snapshotId.optional(),
  imageRef: imageId.optional(),
  metadata: metadataMap.optional(),
  multiattach: z.boolean().optional(),
};

type CreateDisksFields = z.infer<z.ZodObject<typeof createDisksFields>>;

/** The rules across create fields (one source, size unless from a backup, batch names, metadata). */
export function checkCreateDisks(a: CreateDisksFields, ctx: z.RefinementCtx): void {
  checkSingleSource(a, SOURCES, ctx);
  if (a.size === undefined && a.backup_id === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['size'],
      message: 'size is required unless creating from backup_id',
    });
  }
  if (a.backup_id !== undefined && a.count !== undefined && a.count !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['count'],
      message: 'count must be 1 when creating from a backup',
    });
  }
  if ((a.count ?? 1) > 1 && a.name !== undefined && Buffer.byteLength(a.name) > BATCH_NAME_MAX_BYTES) {
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: `batch names hold at most ${BATCH_NAME_MAX_BYTES} bytes (the server appends -0000)`,
    });
  }
  checkCreateMetadata(
    a.metadata,
    { snapshot: a.snapshot_id !== undefined, image: a.imageRef !== undefined },
    ctx,
  );
}

/** The `volume` object of a create body. */
export const createVolumeBody = (a: CreateDisksFields): Record<string, unknown> =>
  defined({
    availability_zone: a.availability_zone,
    volume_type: a.volume_type,
    size: a.size,
    count: a.count,
    name: a.name,
    description: a.description,
    backup_id: a.backup_id,
    snapshot_id: a.snapshot_id,
    imageRef: a.imageRef,
    metadata: a.metadata,
    multiattach: a.multiattach,
  });

const createDisksInput = z.strictObject(createDisksFields).superRefine(checkCreateDisks);

// The 2022 path of 6.1.1; create_disks calls CreateVolume on /v2.1/ (yearly/monthly billing too).
const legacyCreateDisks = defineOperation({
  tool: 'legacy_create_disks',
  section: '6.1.1',
  operation: 'CreateVolume',
  title: 'Create disks (2022 path)',
  description: 'Deprecated 2022 path /v2/ (pay-per-use disks, job): use create_disks.',
  method: 'POST',
  path: '/v2/{project_id}/cloudvolumes',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'create_disks' },
  iamActions: ['evs:volumes:create'],
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  input: createDisksInput,
  request: (a) => ({ body: { volume: createVolumeBody(a) } }),
  output: {
    schema: z.object({ job_id: z.string().min(1), count: z.number() }),
    shape: (body, args) => ({ job_id: jobId(body), count: typeof args.count === 'number' ? args.count : 1 }),
    text: (s) => `Job ${String(s.job_id)} started: creating ${String(s.count)} disk(s).`,
  },
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
  guard: {
    reads: [readSnapshot(), readQuota()],
    preflight: ['batch-rules', 'source-size', 'quota-create-disk'],
  },
});

const listDisksInput = z.strictObject({
  ...baseListFilters,
  offset: diskOffset.optional(),
  ids: z.array(diskId).min(1).max(MAX_IDS).optional(),
  server_id: serverId.optional(),
  multiattach: z.boolean().optional(),
  metadata: metadataFilter.optional(),
  volume_type_id: z.string().min(1).max(64).optional(),
  service_type: z.enum(['EVS', 'DSS', 'DESS']).optional(),
  enterprise_project_id: z.string().min(1).max(64).optional().describe('or all_granted_eps'),
  dedicated_storage_id: z.string().min(1).max(64).optional(),
  dedicated_storage_name: z.string().min(1).max(255).optional(),
  detail: detailFlag,
  // Filtered by the engine on the pages read (6.1.2 has none of these).
  created_before: isoTime.optional().describe('ISO time'),
  attached: z.boolean().optional(),
  tags: safeRecord(z.string().max(128), z.string().max(255)).optional().describe('all must match'),
});

/** 6.1.2 documents `ids` as the literal text `['id1','id2']`. */
const encodeIds = (ids: readonly string[] | undefined): string | undefined =>
  ids ? `[${ids.map((id) => `'${id}'`).join(',')}]` : undefined;

const listDisks = defineOperation({
  tool: 'list_disks',
  section: '6.1.2',
  operation: 'ListVolumes',
  title: 'List disks (details)',
  description:
    'List disks; filter by status, name, type, AZ, tags, attachment or age. Compact unless detail=true; next_marker pages.',
  method: 'GET',
  path: '/v2/{project_id}/cloudvolumes/detail',
  successStatus: [200],
  toolset: 'disks',
  iamActions: ['evs:volumes:list'],
  hints: READ,
  input: listDisksInput,
  request: (a) => ({
    query: defined({
      limit: a.limit,
      marker: a.marker,
      offset: a.offset,
      sort_key: a.sort_key,
      sort_dir: a.sort_dir,
      status: a.status,
      name: a.name,
      availability_zone: a.availability_zone,
      ids: encodeIds(a.ids),
      server_id: a.server_id,
      multiattach: a.multiattach,
      metadata: encodeMetadataFilter(a.metadata),
      volume_type_id: a.volume_type_id,
      service_type: a.service_type,
      enterprise_project_id: a.enterprise_project_id,
      dedicated_storage_id: a.dedicated_storage_id,
      dedicated_storage_name: a.dedicated_storage_name,
    }),
  }),
  output: { schema: volumeListSchema, shape: shapeVolumeList, text: volumeListText },
  pagination: { itemsKey: 'volumes', style: 'marker', linksKey: 'volumes_links' },
  // 6.1.2 filters on none of these: the engine applies them to the pages it read.
  localFilters: { args: ['created_before', 'attached', 'tags'], keep: keepDisk },
});

const vendorGetDisk: OperationSpec = defineOperation({
  tool: 'legacy_get_vendor_disk',
  section: '6.1.5',
  operation: {
    none: "reads GET /v2/{project_id}/os-vendor-volumes/{volume_id} (6.1.5); the SDK's ShowVolume reads GET /v2/{project_id}/cloudvolumes/{volume_id}",
  },
  title: 'Get disk details (os-vendor-volumes)',
  description: 'Deprecated here: one disk with tags through os-vendor-volumes; use get_disk.',
  method: 'GET',
  path: '/v2/{project_id}/os-vendor-volumes/{volume_id}',
  successStatus: [200],
  toolset: 'legacy',
  deprecated: { replacedBy: 'get_disk' },
  iamActions: ['evs:volumes:get'],
  hints: READ,
  input: z.strictObject({ volume_id: diskId }),
  request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
  output: {
    schema: volumeDetailSchema,
    shape: (body) => volumeDetail(volumeOf(body)),
    text: volumeDetailText,
  },
  // wait=true reads the disk again until it leaves a transitional status (Appendix A.3), then answers with it.
  async: {
    kind: 'status',
    resource: 'volume',
    poll: { spec: () => vendorGetDisk, arg: 'volume_id' },
    id: { from: 'args', key: 'volume_id' },
    transitional: VOLUME_TRANSITIONAL,
    failed: VOLUME_FAILED,
  },
});

export const diskCustomOperations: OperationSpec[] = [legacyCreateDisks, listDisks, vendorGetDisk];
