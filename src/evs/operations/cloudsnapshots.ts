// The default snapshot tools: the current SDK's operations on /v2/{project_id}/cloudsnapshots (CreateSnapshot,
// ListSnapshots, ShowSnapshot, UpdateSnapshot, DeleteSnapshot, RollbackSnapshot). They take and return what the
// 2022 snapshot APIs (7.3.x, 6.2.1) do, so each record is its 2022 twin on the SDK's path: same input, output,
// guardrails (autobk refusals included) and waiting; only the listing differs (offset paging, more filters).
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/evs_client.py
//   #create_snapshot #list_snapshots #show_snapshot #update_snapshot #delete_snapshot #rollback_snapshot
// source: huaweicloud/huaweicloud-sdk-python-v3/huaweicloud-sdk-evs/huaweicloudsdkevs/v2/model/list_snapshots_request.py
import { z } from 'zod';
import { defineOperation, type AsyncBehaviour, type OperationSpec } from '../operation.js';
import { bytes, diskId, limit, offset, snapshotId } from '../schemas/common.js';
import { shapeSnapshotList, snapshotListSchema, snapshotListText } from '../shapes/snapshot.js';
import { SNAPSHOT_STATUSES, getSnapshot, snapshotOperations } from './snapshots.js';
import { showVolume } from './cloudvolumes-current.js';

const C = '/v2/{project_id}/cloudsnapshots';

/** The 2022 twin of a record, found once at load (a missing twin is a start-up error, not a silent gap). */
function twin(tool: string): OperationSpec {
  const spec = tool === getSnapshot.tool ? getSnapshot : snapshotOperations.find((o) => o.tool === tool);
  if (!spec) throw new Error(`cloudsnapshots: no 2022 snapshot record ${tool}`);
  return spec;
}

/** The twin on the SDK's path, in the default toolset, waiting through the SDK's ShowSnapshot or ShowVolume. */
function onSdkPath(
  base: OperationSpec,
  over: Pick<OperationSpec, 'tool' | 'operation' | 'title' | 'description' | 'path'>,
): OperationSpec {
  const async: AsyncBehaviour | undefined =
    base.async?.kind === 'status'
      ? base.async.resource === 'snapshot'
        ? { ...base.async, poll: { spec: () => showCloudSnapshot, arg: 'snapshot_id' } }
        : { ...base.async, poll: { spec: () => showVolume, arg: 'volume_id' } }
      : base.async;
  // The twin's pointer to its replacement is about the twin, not this record.
  const { supersededBy: _s, deprecated: _d, ...rest } = base;
  return {
    ...rest,
    ...over,
    toolset: 'snapshots',
    section: String(over.operation),
    ...(async ? { async } : {}),
  };
}

const showCloudSnapshot: OperationSpec = onSdkPath(twin('cinder_get_snapshot'), {
  tool: 'get_snapshot',
  operation: 'ShowSnapshot',
  title: 'Get a snapshot',
  description: 'One snapshot with description, metadata and whether it is backup-managed.',
  path: `${C}/{snapshot_id}`,
});

// The SDK's listing pages by offset (no marker) and filters by more fields than 7.3.5.
const listCloudSnapshots = defineOperation({
  tool: 'list_snapshots',
  section: 'ListSnapshots',
  operation: 'ListSnapshots',
  title: 'List snapshots',
  description: 'List snapshots; filter by disk, AZ, name, status or id. Offset paging.',
  method: 'GET',
  path: `${C}/detail`,
  successStatus: [200],
  toolset: 'snapshots',
  iamActions: ['evs:snapshots:list'],
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({
    limit: limit.optional(),
    offset: offset.optional(),
    name: bytes(255).optional(),
    status: z.enum(SNAPSHOT_STATUSES).optional(),
    volume_id: diskId.optional(),
    availability_zone: z.string().min(1).max(128).optional(),
    id: snapshotId.optional(),
  }),
  request: (a) => ({ query: a }),
  output: {
    schema: snapshotListSchema,
    shape: (body, args) => {
      // Offset paging: the total comes from `count`, and there is no marker to hand back.
      const { next_marker: _n, ...page } = shapeSnapshotList(body, args);
      const count = (body as { count?: unknown } | null)?.count;
      return { ...page, ...(typeof count === 'number' ? { count } : {}) };
    },
    text: snapshotListText,
  },
  pagination: { itemsKey: 'snapshots', style: 'offset' },
});

export const cloudSnapshotOperations: OperationSpec[] = [
  onSdkPath(twin('cinder_create_snapshot'), {
    tool: 'create_snapshot',
    operation: 'CreateSnapshot',
    title: 'Create a snapshot',
    description: 'Snapshot a disk (no names starting autobk_snapshot_).',
    path: C,
  }),
  listCloudSnapshots,
  showCloudSnapshot,
  onSdkPath(twin('cinder_update_snapshot'), {
    tool: 'update_snapshot',
    operation: 'UpdateSnapshot',
    title: 'Rename a snapshot',
    description: "Change a snapshot's name and/or description.",
    path: `${C}/{snapshot_id}`,
  }),
  onSdkPath(twin('cinder_delete_snapshot'), {
    tool: 'delete_snapshot',
    operation: 'DeleteSnapshot',
    title: 'Delete a snapshot',
    description: 'Delete a snapshot (available or error). Irreversible.',
    path: `${C}/{snapshot_id}`,
  }),
  onSdkPath(twin('legacy_rollback_vendor_snapshot'), {
    tool: 'rollback_snapshot',
    operation: 'RollbackSnapshot',
    title: 'Roll back a snapshot to its disk',
    description: "Overwrite a snapshot's source disk with it; later data is lost.",
    path: `${C}/{snapshot_id}/rollback`,
  }),
];
