// Disk tags (6.3.1-6.3.5). Tool args are maps and key lists; request() builds the documented lists.
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { mergeGuard } from './merge-confirm.js';
import { readDisk, readTags } from './reads.js';
import { diskId, limit, offset, safeRecord, tagKey, tagValue } from '../schemas/common.js';
import {
  diskTagsSchema,
  projectTagsSchema,
  shapeDiskTags,
  shapeProjectTags,
  shapeTaggedDisks,
  taggedDisksSchema,
  taggedDisksText,
  tagsText,
} from '../shapes/tags.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };

/** 6.3.2 and 6.3.5: at most 10 tags on a disk, and at most 10 keys (or values per key) in one list. */
export const MAX_TAGS = 10;

/** A key/value map of 1-10 entries (a map cannot repeat a key, which the API requires). */
const tagMap = <V extends z.ZodType>(value: V, key: z.ZodString = tagKey) =>
  safeRecord(key, value)
    .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= MAX_TAGS, {
      message: `1-${MAX_TAGS} tags`,
    })
    .meta({ minProperties: 1, maxProperties: MAX_TAGS });

/** An array with no repeated element. */
const uniqueList = <T extends z.ZodType>(item: T, min: number, max: number, what: string) =>
  (min > 0 ? z.array(item).min(min) : z.array(item)).max(max).superRefine((list, ctx) => {
    const seen = new Set<unknown>();
    list.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} ${String(v)}` });
      seen.add(v);
    });
  });

/** 6.3.5 documents no character set for filter keys and values: only the tag lengths apply. */
const filterKey = z.string().min(1).max(36);
const filterValue = z.string().max(43);

/** 6.3.5 `matches[].key`. */
export const SERVICE_TYPES = ['EVS', 'DSS', 'DESS'] as const;

export const tagOperations: OperationSpec[] = [
  defineOperation({
    tool: 'list_project_tags',
    section: '6.3.1',
    operation: 'ListVolumeTags',
    title: "List the project's disk tags",
    description: 'Tag keys and values used on disks in the project.',
    method: 'GET',
    path: '/v2/{project_id}/cloudvolumes/tags',
    successStatus: [200],
    toolset: 'tags',
    // 9.6 lists evs:backupTags:list for backups; disks need only the volume action.
    iamActions: ['evs:volumeTags:list'],
    hints: READ,
    input: z.strictObject({}),
    request: () => ({}),
    output: { schema: projectTagsSchema, shape: shapeProjectTags, text: tagsText },
  }),

  defineOperation({
    tool: 'add_disk_tags',
    section: '6.3.2',
    operation: 'BatchCreateVolumeTags',
    title: 'Add tags to a disk',
    description: 'Add or overwrite disk tags (max 10 per disk).',
    method: 'POST',
    path: '/v2/{project_id}/cloudvolumes/{volume_id}/tags/action',
    action: 'create',
    successStatus: [204],
    toolset: 'tags',
    iamActions: ['evs:volumeTags:create'],
    hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
    input: z.strictObject({ volume_id: diskId, tags: tagMap(tagValue) }),
    request: (a) => ({
      pathParams: { volume_id: a.volume_id },
      body: { action: 'create', tags: Object.entries(a.tags).map(([key, value]) => ({ key, value })) },
    }),
    output: {
      schema: z.object({ volume_id: z.string(), added: z.array(z.string()) }),
      shape: (_b, args) => ({ volume_id: args.volume_id, added: Object.keys(args.tags as object) }),
      text: (s) => `Tagged disk ${String(s.volume_id)}: ${(s.added as string[]).join(', ')}.`,
    },
    guard: {
      reads: [readDisk(), readTags()],
      preflight: ['tag-limit'],
      ...mergeGuard({ kind: 'values-set', read: 'tags', arg: 'tags' }, 'Change tags of {disk}.'),
    },
  }),

  defineOperation({
    tool: 'delete_disk_tags',
    section: '6.3.3',
    operation: 'BatchDeleteVolumeTags',
    title: 'Delete tags from a disk',
    description: 'Remove tags from a disk by key.',
    method: 'POST',
    path: '/v2/{project_id}/cloudvolumes/{volume_id}/tags/action',
    action: 'delete',
    successStatus: [204],
    toolset: 'tags',
    iamActions: ['evs:volumeTags:delete'],
    hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
    input: z.strictObject({ volume_id: diskId, keys: uniqueList(tagKey, 1, MAX_TAGS, 'key') }),
    request: (a) => ({
      pathParams: { volume_id: a.volume_id },
      body: { action: 'delete', tags: a.keys.map((key) => ({ key })) },
    }),
    output: {
      schema: z.object({ volume_id: z.string(), deleted: z.array(z.string()) }),
      shape: (_b, args) => ({ volume_id: args.volume_id, deleted: args.keys }),
      text: (s) => `Removed from disk ${String(s.volume_id)}: ${(s.deleted as string[]).join(', ')}.`,
    },
    guard: {
      reads: [readDisk(), readTags()],
      plan: {
        summary: 'Remove tag(s) {keys} from {disk}.',
        facts: [{ kind: 'values-removed', read: 'tags', keysArg: 'keys' }],
      },
    },
  }),

  defineOperation({
    tool: 'get_disk_tags',
    section: '6.3.4',
    operation: 'ShowVolumeTags',
    title: "Get a disk's tags",
    description: "One disk's tags as key: value.",
    method: 'GET',
    path: '/v2/{project_id}/cloudvolumes/{volume_id}/tags',
    successStatus: [200],
    toolset: 'tag_search',
    iamActions: ['evs:volumeTags:getById'],
    hints: READ,
    input: z.strictObject({ volume_id: diskId }),
    request: (a) => ({ pathParams: { volume_id: a.volume_id } }),
    output: { schema: diskTagsSchema, shape: shapeDiskTags, text: tagsText },
  }),

  defineOperation({
    tool: 'find_disks_by_tags',
    section: '6.3.5',
    operation: 'ListVolumesByTags',
    title: 'Find disks by tag',
    description: 'Find disks carrying all given tag keys, each with any listed value ([] = any value).',
    method: 'POST',
    path: '/v2/{project_id}/cloudvolumes/resource_instances/action',
    action: 'filter',
    successStatus: [200],
    toolset: 'tag_search',
    iamActions: ['evs:volumeTags:get'],
    hints: READ,
    input: z.strictObject({
      tags: tagMap(uniqueList(filterValue, 0, MAX_TAGS, 'value'), filterKey),
      name: z.string().max(255).optional().describe('Fuzzy match'),
      service_type: z.enum(SERVICE_TYPES).optional(),
      limit: limit.optional(),
      offset: offset.optional(),
    }),
    request: (a) => {
      const matches = [
        ...(a.name !== undefined ? [{ key: 'resource_name', value: a.name }] : []),
        ...(a.service_type !== undefined ? [{ key: 'service_type', value: a.service_type }] : []),
      ];
      return {
        body: {
          action: 'filter',
          tags: Object.entries(a.tags).map(([key, values]) => ({ key, values })),
          ...(a.limit !== undefined ? { limit: a.limit } : {}),
          ...(a.offset !== undefined ? { offset: a.offset } : {}),
          ...(matches.length ? { matches } : {}),
        },
      };
    },
    output: { schema: taggedDisksSchema, shape: shapeTaggedDisks, text: taggedDisksText },
    pagination: { itemsKey: 'resources', style: 'offset' },
  }),
];
