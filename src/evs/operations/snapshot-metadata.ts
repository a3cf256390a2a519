// Snapshot metadata (7.3.7-7.3.12, Cinder v2). Backup-created snapshots are refused by the guard.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { mergeGuard } from './merge-confirm.js';
import { readSnapshot } from './reads.js';
import { metadataMap, metadataPathKey, snapshotId } from '../schemas/common.js';
import {
  MERGE_HINTS,
  READ_HINTS,
  REMOVE_HINTS,
  metaKeyOutput,
  metadataOutput,
  metadataValue,
  nonEmptyMetadata,
} from './disk-metadata.js';

const SNAP_PATH = '/v2/{project_id}/snapshots/{snapshot_id}/metadata';
const SNAP_KEY_PATH = '/v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}';
const snapKeyInput = z.strictObject({ snapshot_id: snapshotId, key: metadataPathKey });
const UPDATE_IAM = ['evs:snapshots:update', 'evs:snapshots:get'];

export const snapshotMetadataOperations: OperationSpec[] = [
  defineOperation({
    tool: 'add_snapshot_metadata',
    section: '7.3.7',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.7); the current SDK generates no operation for POST /v2/{project_id}/snapshots/{snapshot_id}/metadata',
    },
    title: 'Add snapshot metadata',
    description: 'Add or update metadata keys on a snapshot; other keys stay.',
    method: 'POST',
    path: SNAP_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: UPDATE_IAM,
    hints: MERGE_HINTS,
    input: z.strictObject({ snapshot_id: snapshotId, metadata: nonEmptyMetadata }),
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id }, body: { metadata: a.metadata } }),
    output: metadataOutput,
    guard: {
      reads: [readSnapshot()],
      preflight: ['snapshot-not-backup'],
      ...mergeGuard(
        { kind: 'values-set', read: 'snapshot', arg: 'metadata' },
        'Change metadata of {snapshot}.',
      ),
    },
  }),

  defineOperation({
    tool: 'get_snapshot_metadata',
    section: '7.3.8',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.8); the current SDK generates no operation for GET /v2/{project_id}/snapshots/{snapshot_id}/metadata',
    },
    title: 'Get snapshot metadata',
    description: "All of a snapshot's metadata.",
    method: 'GET',
    path: SNAP_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:snapshots:get'],
    hints: READ_HINTS,
    input: z.strictObject({ snapshot_id: snapshotId }),
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id } }),
    output: metadataOutput,
  }),

  defineOperation({
    tool: 'set_snapshot_metadata_key',
    section: '7.3.9',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.9); the current SDK generates no operation for PUT /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}',
    },
    title: 'Set one snapshot metadata key',
    description: 'Set one metadata key on a snapshot.',
    method: 'PUT',
    path: SNAP_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: UPDATE_IAM,
    hints: MERGE_HINTS,
    input: snapKeyInput.extend({ value: metadataValue }),
    request: (a) => ({
      pathParams: { snapshot_id: a.snapshot_id, key: a.key },
      body: { meta: { [a.key]: a.value } },
    }),
    output: metaKeyOutput,
    guard: {
      reads: [readSnapshot()],
      preflight: ['snapshot-not-backup'],
      ...mergeGuard(
        { kind: 'values-set', read: 'snapshot', keyArg: 'key', valueArg: 'value' },
        'Change metadata key "{key}" of {snapshot}.',
      ),
    },
  }),

  defineOperation({
    tool: 'replace_snapshot_metadata',
    section: '7.3.10',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.10); the current SDK generates no operation for PUT /v2/{project_id}/snapshots/{snapshot_id}/metadata',
    },
    title: 'Replace all snapshot metadata',
    description:
      "Replace all of a snapshot's metadata: keys not sent are deleted (add_snapshot_metadata changes some).",
    method: 'PUT',
    path: SNAP_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: UPDATE_IAM,
    hints: REMOVE_HINTS,
    input: z.strictObject({ snapshot_id: snapshotId, metadata: metadataMap }),
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id }, body: { metadata: a.metadata } }),
    output: metadataOutput,
    guard: {
      reads: [readSnapshot()],
      preflight: ['snapshot-not-backup'],
      plan: {
        summary: 'Replace all metadata of {snapshot}; keys not sent are deleted.',
        facts: [{ kind: 'metadata-replaced', read: 'snapshot', arg: 'metadata' }],
      },
    },
  }),

  defineOperation({
    tool: 'get_snapshot_metadata_key',
    section: '7.3.11',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.11); the current SDK generates no operation for GET /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}',
    },
    title: 'Get one snapshot metadata key',
    description: 'One metadata value of a snapshot.',
    method: 'GET',
    path: SNAP_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:snapshots:get'],
    hints: READ_HINTS,
    input: snapKeyInput,
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id, key: a.key } }),
    output: metaKeyOutput,
  }),

  defineOperation({
    tool: 'delete_snapshot_metadata_key',
    section: '7.3.12',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.3.12); the current SDK generates no operation for DELETE /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}',
    },
    title: 'Delete one snapshot metadata key',
    description: 'Delete one metadata key from a snapshot.',
    method: 'DELETE',
    path: SNAP_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:snapshots:delete', 'evs:snapshots:get'],
    hints: REMOVE_HINTS,
    input: snapKeyInput,
    request: (a) => ({ pathParams: { snapshot_id: a.snapshot_id, key: a.key } }),
    output: {
      schema: z.object({ snapshot_id: z.string(), deleted_key: z.string() }),
      shape: (_b, args) => ({ snapshot_id: args.snapshot_id, deleted_key: args.key }),
      text: (s) => `Deleted metadata key ${String(s.deleted_key)} from snapshot ${String(s.snapshot_id)}.`,
    },
    guard: {
      reads: [readSnapshot()],
      preflight: ['snapshot-not-backup'],
      plan: {
        summary: 'Remove metadata key "{key}" from {snapshot}.',
        facts: [{ kind: 'values-removed', read: 'snapshot', keysArg: 'key' }],
      },
    },
  }),
];
