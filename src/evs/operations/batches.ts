// Batch tools: a single-item record run over an exact list of disks (ids or names). Everything but
// the list comes from that record: its other inputs, request, declared reads, checks, IAM actions and
// async rule; the engine confirms once for the whole list and reports each disk's outcome.
import { z } from 'zod';
import { defineOperation, type DeclaredRead, type OperationSpec } from '../operation.js';
import { resourceId } from '../schemas/common.js';
import { waitSchema } from '../schemas/wait.js';
import { cloudSnapshotOperations } from './cloudsnapshots.js';
import { legacyOperations } from './legacy.js';

const MAX_ITEMS = 50;
const LIST_DISKS_BY_NAME = 'list_disks';

interface BatchOptions {
  tool: string;
  title: string;
  description: string;
  /** Inputs of the single record a batch does not offer (they need a per-item decision). */
  omit?: readonly string[];
}

const firstItem = (r: DeclaredRead): DeclaredRead => ({
  ...r,
  args: (a) => {
    const ids = a.volume_ids;
    return Array.isArray(ids) && ids.length ? r.args({ ...a, volume_id: ids[0] }) : undefined;
  },
});

function single(ops: readonly OperationSpec[], tool: string): OperationSpec {
  const spec = ops.find((o) => o.tool === tool);
  if (!spec) throw new Error(`batch of ${tool}: no such record`);
  return spec;
}

/** The batch record of `of`: `volume_ids` in place of its `volume_id`, everything else derived. */
export function batchOf(of: OperationSpec, opts: BatchOptions): OperationSpec {
  const drop = Object.fromEntries(['volume_id', ...(opts.omit ?? [])].map((k) => [k, true] as const));
  const input = of.input.omit(drop as never).extend({
    volume_ids: z.array(resourceId('disk')).min(1).max(MAX_ITEMS).describe('Disk IDs or unique names'),
  });
  const item = z.object({
    id: z.string(),
    ok: z.boolean(),
    result: (of.output?.schema ?? z.looseObject({})).optional(),
    error: z.looseObject({ message: z.string(), code: z.string().optional() }).optional(),
    wait: waitSchema.optional(),
  });
  return defineOperation({
    tool: opts.tool,
    section: of.section,
    // No SDK operation takes a list: the batch sends the single record's request once per disk.
    operation: {
      none: `a batch of ${of.tool}: one ${of.method} ${of.path} per disk (the SDK has no batch form)`,
    },
    title: opts.title,
    description: opts.description,
    method: of.method,
    path: of.path,
    successStatus: of.successStatus,
    toolset: of.toolset,
    iamActions: of.iamActions,
    hints: { ...of.hints, idempotent: of.hints.idempotent },
    input,
    // Each item's request is the single record's; this is the first one's (for docs and dry runs).
    request: (a, ctx) => {
      const { volume_ids, ...rest } = a as { volume_ids: string[] } & Record<string, unknown>;
      return of.request({ ...rest, volume_id: volume_ids[0] }, ctx);
    },
    output: {
      schema: z.object({
        items: z.array(item).describe('One per disk, in the order given'),
        succeeded: z.number().int(),
        failed: z.number().int(),
      }),
      shape: (body) => body as Record<string, unknown>,
    },
    // Every item makes the single record's reads; declared here as the first item's, so the IAM
    // actions and the fail-closed checks derive from them like any record's.
    // The plan is the single record's, shown once per item in the one confirmation.
    ...(of.guard?.reads
      ? {
          guard: {
            reads: of.guard.reads.map((r) => firstItem(r)),
            ...(of.guard.plan ? { plan: of.guard.plan } : {}),
          },
        }
      : {}),
    names: [{ arg: 'volume_ids', op: LIST_DISKS_BY_NAME }],
    batch: { of: () => of, idsArg: 'volume_ids', itemArg: 'volume_id' },
  });
}

export const batchOperations: OperationSpec[] = [
  batchOf(single(legacyOperations, 'delete_disk'), {
    tool: 'batch_delete_disks',
    title: 'Delete disks (batch)',
    description:
      'Delete listed disks after one confirmation; each checked like delete_disk. Per-disk results.',
  }),
  batchOf(single(cloudSnapshotOperations, 'create_snapshot'), {
    tool: 'batch_create_snapshots',
    title: 'Snapshot disks (batch)',
    description: 'Snapshot listed disks; quota checked on the sum. Per-disk results.',
    omit: ['force'],
  }),
];
