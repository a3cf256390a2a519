// Disk metadata (7.1.10-7.1.15, Cinder v2): merge, read, replace all, and one key at a time.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { mergeGuard } from './merge-confirm.js';
import { readDisk } from './reads.js';
import { bytes, diskId, metadataMap, metadataPathKey } from '../schemas/common.js';
import {
  metaKeyText,
  metadataKeyResultSchema,
  metadataResultSchema,
  metadataText,
  shapeMetaKey,
  shapeMetadata,
} from '../shapes/metadata.js';

export const READ_HINTS: ToolHints = {
  readOnly: true,
  destructive: false,
  idempotent: true,
  openWorld: true,
};
export const MERGE_HINTS: ToolHints = {
  readOnly: false,
  destructive: false,
  idempotent: true,
  openWorld: true,
};
/** Replace-all drops every key not sent; deleting a key removes it. */
export const REMOVE_HINTS: ToolHints = {
  readOnly: false,
  destructive: true,
  idempotent: true,
  openWorld: true,
};

/** At least one pair: an empty merge does nothing. */
export const nonEmptyMetadata = metadataMap
  .refine((m) => Object.keys(m).length > 0, { message: 'at least one key' })
  .meta({ minProperties: 1 });
export const metadataValue = bytes(255);

export const metadataOutput = { schema: metadataResultSchema, shape: shapeMetadata, text: metadataText };
export const metaKeyOutput = { schema: metadataKeyResultSchema, shape: shapeMetaKey, text: metaKeyText };

const DISK_PATH = '/v2/{project_id}/volumes/{volume_id}/metadata';
const DISK_KEY_PATH = '/v2/{project_id}/volumes/{volume_id}/metadata/{key}';
const diskKeyInput = z.strictObject({ volume_id: diskId, key: metadataPathKey });

export const diskMetadataOperations: OperationSpec[] = [
  defineOperation({
    tool: 'add_disk_metadata',
    section: '7.1.10',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.10); the current SDK generates no operation for POST /v2/{project_id}/volumes/{volume_id}/metadata',
    },
    title: 'Add disk metadata',
    description: 'Add or update metadata keys on a disk; other keys stay.',
    method: 'POST',
    path: DISK_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:update', 'evs:volumes:get'],
    hints: MERGE_HINTS,
    input: z.strictObject({ volume_id: diskId, metadata: nonEmptyMetadata }),
    request: (a) => ({ pathParams: { volume_id: a.volume_id }, body: { metadata: a.metadata } }),
    output: metadataOutput,
    guard: {
      reads: [readDisk()],
      ...mergeGuard({ kind: 'values-set', read: 'disk', arg: 'metadata' }, 'Change metadata of {disk}.'),
    },
  }),

  defineOperation({
    tool: 'get_disk_metadata',
    section: '7.1.11',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.11); the current SDK generates no operation for GET /v2/{project_id}/volumes/{volume_id}/metadata',
    },
    title: 'Get disk metadata',
    description: "All of a disk's metadata.",
    method: 'GET',
    path: DISK_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:get'],
    hints: READ_HINTS,
    input: z.strictObject({ volume_id: diskId }),
    request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
    output: metadataOutput,
  }),

  defineOperation({
    tool: 'replace_disk_metadata',
    section: '7.1.12',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.12); the current SDK generates no operation for PUT /v2/{project_id}/volumes/{volume_id}/metadata',
    },
    title: 'Replace all disk metadata',
    description:
      "Replace all of a disk's metadata: keys not sent are deleted (add_disk_metadata changes some).",
    method: 'PUT',
    path: DISK_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:update', 'evs:volumes:get'],
    hints: REMOVE_HINTS,
    input: z.strictObject({ volume_id: diskId, metadata: metadataMap }),
    request: (a) => ({ pathParams: { volume_id: a.volume_id }, body: { metadata: a.metadata } }),
    output: metadataOutput,
    guard: {
      reads: [readDisk()],
      plan: {
        summary: 'Replace all metadata of {disk}; keys not sent are deleted.',
        facts: [{ kind: 'metadata-replaced', read: 'disk', arg: 'metadata' }],
      },
    },
  }),

  defineOperation({
    tool: 'get_disk_metadata_key',
    section: '7.1.13',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.13); the current SDK generates no operation for GET /v2/{project_id}/volumes/{volume_id}/metadata/{key}',
    },
    title: 'Get one disk metadata key',
    description: 'One metadata value of a disk.',
    method: 'GET',
    path: DISK_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:get'],
    hints: READ_HINTS,
    input: diskKeyInput,
    request: (a) => ({ pathParams: { volume_id: a.volume_id, key: a.key } }),
    output: metaKeyOutput,
  }),

  defineOperation({
    tool: 'set_disk_metadata_key',
    section: '7.1.14',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.14); the current SDK generates no operation for PUT /v2/{project_id}/volumes/{volume_id}/metadata/{key}',
    },
    title: 'Set one disk metadata key',
    description: 'Set one metadata key on a disk.',
    method: 'PUT',
    path: DISK_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:update', 'evs:volumes:get'],
    hints: MERGE_HINTS,
    input: diskKeyInput.extend({ value: metadataValue }),
    request: (a) => ({
      pathParams: { volume_id: a.volume_id, key: a.key },
      body: { meta: { [a.key]: a.value } },
    }),
    output: metaKeyOutput,
    guard: {
      reads: [readDisk()],
      ...mergeGuard(
        { kind: 'values-set', read: 'disk', keyArg: 'key', valueArg: 'value' },
        'Change metadata key "{key}" of {disk}.',
      ),
    },
  }),

  defineOperation({
    tool: 'delete_disk_metadata_key',
    section: '7.1.15',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.15); the current SDK generates no operation for DELETE /v2/{project_id}/volumes/{volume_id}/metadata/{key}',
    },
    title: 'Delete one disk metadata key',
    description: 'Delete one metadata key from a disk.',
    method: 'DELETE',
    path: DISK_KEY_PATH,
    successStatus: [200],
    toolset: 'metadata',
    iamActions: ['evs:volumes:delete', 'evs:volumes:get'],
    hints: REMOVE_HINTS,
    input: diskKeyInput,
    request: (a) => ({ pathParams: { volume_id: a.volume_id, key: a.key } }),
    output: {
      schema: z.object({ volume_id: z.string(), deleted_key: z.string() }),
      shape: (_b, args) => ({ volume_id: args.volume_id, deleted_key: args.key }),
      text: (s) => `Deleted metadata key ${String(s.deleted_key)} from disk ${String(s.volume_id)}.`,
    },
    guard: {
      reads: [readDisk()],
      plan: {
        summary: 'Remove metadata key "{key}" from {disk}.',
        facts: [{ kind: 'values-removed', read: 'disk', keysArg: 'key' }],
      },
    },
  }),
];
