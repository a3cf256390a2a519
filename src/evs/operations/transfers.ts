// Disk transfers between projects (7.4.1-7.4.6, Cinder v2).
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { readDisk, readSnapshotsOf, readTransfer } from './reads.js';
import { bytes, diskId, limit, resourceId } from '../schemas/common.js';
import {
  createdTransferSchema,
  createdTransferText,
  shapeCreatedTransfer,
  shapeTransfer,
  shapeTransferList,
  transferListSchema,
  transferListText,
  transferSummarySchema,
  transferText,
} from '../shapes/transfer.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };

export const transferId = resourceId('transfer');

/** 7.4.5/7.4.6: offset is documented as an integer greater than 0. */
const transferListInput = z.strictObject({
  limit: limit.optional(),
  offset: z.number().int().min(1).max(1_000_000).optional(),
});

const transferListQuery = (a: z.infer<typeof transferListInput>) => ({
  query: {
    ...(a.limit !== undefined ? { limit: a.limit } : {}),
    ...(a.offset !== undefined ? { offset: a.offset } : {}),
  },
});

export const transferOperations: OperationSpec[] = [
  defineOperation({
    tool: 'create_transfer',
    section: '7.4.1',
    operation: 'CinderCreateVolumeTransfer',
    title: 'Offer a disk to another project',
    description:
      'Hand an available data disk (no snapshots, backups or backup policy) to another project. Its auth_key goes to a file for the person.',
    method: 'POST',
    path: '/v2/{project_id}/os-volume-transfer',
    successStatus: [202],
    toolset: 'transfers',
    iamActions: ['evs:transfers:create'],
    hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
    input: z.strictObject({ volume_id: diskId, name: bytes(255).pipe(z.string().min(1)) }),
    request: (a) => ({ body: { transfer: { volume_id: a.volume_id, name: a.name } } }),
    output: { schema: createdTransferSchema, shape: shapeCreatedTransfer, text: createdTransferText },
    guard: {
      // The disk leaves this project once accepted (GR-32).
      confirm: { when: () => true, why: 'not destructive by itself, but it hands the disk away' },
      reads: [readDisk(), readSnapshotsOf()],
      preflight: ['transfer-eligible'],
      plan: {
        summary: 'Offer {disk} to another project as transfer "{name}".',
        lost: ['whoever holds the transfer id and auth_key can take the disk; it then leaves this project'],
      },
    },
  }),

  defineOperation({
    tool: 'accept_transfer',
    section: '7.4.2',
    operation: 'CinderAcceptVolumeTransfer',
    title: 'Accept a disk transfer',
    description: 'Take over a disk another project offers, with its transfer ID and auth_key.',
    method: 'POST',
    path: '/v2/{project_id}/os-volume-transfer/{transfer_id}/accept',
    successStatus: [202],
    toolset: 'transfers',
    iamActions: ['evs:transfers:accept'],
    hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
    input: z.strictObject({ transfer_id: transferId, auth_key: z.string().min(1).max(255) }),
    request: (a) => ({
      pathParams: { transfer_id: a.transfer_id },
      body: { accept: { auth_key: a.auth_key } },
    }),
    output: {
      schema: transferSummarySchema,
      shape: shapeTransfer,
      text: (s) => `Accepted: ${transferText(s)}`,
    },
  }),

  defineOperation({
    tool: 'delete_transfer',
    section: '7.4.3',
    operation: 'CinderDeleteVolumeTransfer',
    title: 'Cancel a disk transfer',
    description: 'Cancel a transfer that has not been accepted yet.',
    method: 'DELETE',
    path: '/v2/{project_id}/os-volume-transfer/{transfer_id}',
    successStatus: [202],
    toolset: 'transfers',
    iamActions: ['evs:transfers:delete'],
    hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
    input: z.strictObject({ transfer_id: transferId }),
    request: (a) => ({ pathParams: { transfer_id: a.transfer_id } }),
    output: {
      schema: z.object({ transfer_id: z.string(), deleted: z.boolean() }),
      shape: (_b, args) => ({ transfer_id: args.transfer_id, deleted: true }),
      text: (s) => `Transfer ${String(s.transfer_id)} cancelled.`,
    },
    guard: {
      reads: [readTransfer()],
      plan: {
        summary: 'Cancel {transfer}.',
        lost: ['the auth_key given out stops working; the disk stays in this project'],
      },
    },
  }),

  defineOperation({
    tool: 'get_transfer',
    section: '7.4.4',
    operation: 'CinderShowVolumeTransfer',
    title: 'Get a disk transfer',
    description: 'One pending transfer: name, disk, creation time.',
    method: 'GET',
    path: '/v2/{project_id}/os-volume-transfer/{transfer_id}',
    successStatus: [200],
    toolset: 'transfers',
    iamActions: ['evs:transfers:get'],
    hints: READ,
    input: z.strictObject({ transfer_id: transferId }),
    request: (a) => ({ pathParams: { transfer_id: a.transfer_id } }),
    output: { schema: transferSummarySchema, shape: shapeTransfer, text: transferText },
  }),

  defineOperation({
    tool: 'list_transfers',
    section: '7.4.5',
    operation: 'CinderListVolumeTransfers',
    title: 'List disk transfers',
    description: 'Pending transfers (id, name, disk).',
    method: 'GET',
    path: '/v2/{project_id}/os-volume-transfer',
    successStatus: [200],
    toolset: 'transfers',
    iamActions: ['evs:transfers:list'],
    hints: READ,
    input: transferListInput,
    request: transferListQuery,
    output: { schema: transferListSchema, shape: shapeTransferList, text: transferListText },
    pagination: { itemsKey: 'transfers', style: 'offset' },
  }),

  defineOperation({
    tool: 'cinder_list_transfers_detail',
    section: '7.4.6',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.4.6); the current SDK generates no operation for GET /v2/{project_id}/os-volume-transfer/detail',
    },
    title: 'List disk transfers with details',
    description: 'Pending transfers with creation times, on the detail path.',
    method: 'GET',
    path: '/v2/{project_id}/os-volume-transfer/detail',
    successStatus: [200],
    toolset: 'cinder',
    supersededBy: 'list_transfers',
    iamActions: ['evs:transfers:list'],
    hints: READ,
    input: transferListInput,
    request: transferListQuery,
    output: { schema: transferListSchema, shape: shapeTransferList, text: transferListText },
    pagination: { itemsKey: 'transfers', style: 'offset' },
  }),
];
