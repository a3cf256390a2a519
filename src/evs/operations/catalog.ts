// What the service offers: API versions (5.x), disk types, quotas, extensions and AZs (7.1.x).
import { z } from 'zod';
import { defineOperation, type OperationSpec, type ToolHints } from '../operation.js';
import { resourceId } from '../schemas/common.js';
import { quotasSchema, quotasText, shapeQuotas } from '../shapes/quota.js';

const READ: ToolHints = { readOnly: true, destructive: false, idempotent: true, openWorld: true };

/** 5.2: "The value can be v1 or v2." */
export const API_VERSIONS = ['v1', 'v2'] as const;

const nullableString = z.string().nullable();
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const records = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];

const versionSchema = z.object({
  id: nullableString,
  status: nullableString,
  version: nullableString,
  min_version: nullableString,
  updated: nullableString,
});
const versionsSchema = z.object({ versions: z.array(versionSchema) });

function shapeVersions(body: unknown): Record<string, unknown> {
  const versions = records((body as { versions?: unknown } | null)?.versions).map((v) => ({
    id: str(v.id),
    status: str(v.status),
    version: str(v.version) || null,
    min_version: str(v.min_version) || null,
    updated: str(v.updated),
  }));
  return { versions };
}

const versionsText = (s: Record<string, unknown>): string =>
  (s as z.infer<typeof versionsSchema>).versions
    .map(
      (v) =>
        `${v.id ?? '?'} ${v.status ?? '?'}${v.version ? ` microversions ${v.min_version ?? '?'}-${v.version}` : ''}`,
    )
    .join('\n');

const diskTypeSchema = z.object({
  id: nullableString,
  name: nullableString,
  description: nullableString,
  availability_zone: nullableString,
});
const diskTypeDetailSchema = diskTypeSchema.extend({
  qos_specs_id: nullableString,
  extra_specs: z.record(z.string(), z.unknown()),
});

function summarizeDiskType(t: Record<string, unknown>): z.infer<typeof diskTypeSchema> {
  const specs = (t.extra_specs ?? {}) as Record<string, unknown>;
  return {
    id: str(t.id),
    name: str(t.name),
    description: str(t.description),
    availability_zone: str(specs['availability-zone']) ?? str(specs['HW:availability_zone']),
  };
}

const typeLine = (t: z.infer<typeof diskTypeSchema>): string =>
  `${t.name ?? '?'} ${t.id ?? '?'}${t.availability_zone ? ` az=${t.availability_zone}` : ''}${t.description ? ` ${JSON.stringify(t.description)}` : ''}`;

const extensionSchema = z.object({ alias: nullableString, name: nullableString, updated: nullableString });
const zoneSchema = z.object({ name: nullableString, available: z.boolean() });

export const catalogOperations: OperationSpec[] = [
  defineOperation({
    tool: 'list_api_versions',
    section: '5.1',
    operation: 'ListVersions',
    title: 'List API versions',
    description: 'EVS API versions with status and microversion range.',
    method: 'GET',
    path: '/',
    // 5.1 documents 300 (Multiple Choices) as the normal answer.
    successStatus: [300],
    toolset: 'catalog',
    iamActions: [],
    hints: READ,
    input: z.strictObject({}),
    request: () => ({}),
    output: { schema: versionsSchema, shape: shapeVersions, text: versionsText },
  }),

  defineOperation({
    tool: 'get_api_version',
    section: '5.2',
    operation: 'ShowVersion',
    title: 'Get an API version',
    description: 'Status and microversion range of one EVS API version.',
    method: 'GET',
    path: '/{api_version}',
    successStatus: [200],
    toolset: 'catalog',
    iamActions: [],
    hints: READ,
    input: z.strictObject({ api_version: z.enum(API_VERSIONS) }),
    request: (a) => ({ pathParams: { api_version: a.api_version } }),
    output: { schema: versionsSchema, shape: shapeVersions, text: versionsText },
  }),

  defineOperation({
    tool: 'list_disk_types',
    section: '7.1.7',
    operation: 'CinderListVolumeTypes',
    title: 'List disk types',
    description: 'Disk types usable as volume_type, with their AZs.',
    method: 'GET',
    path: '/v2/{project_id}/types',
    successStatus: [200],
    toolset: 'quotas',
    iamActions: ['evs:types:get'],
    hints: READ,
    input: z.strictObject({}),
    request: () => ({}),
    output: {
      schema: z.object({ types: z.array(diskTypeSchema) }),
      shape: (body) => ({
        types: records((body as { volume_types?: unknown } | null)?.volume_types).map(summarizeDiskType),
      }),
      text: (s) => (s.types as z.infer<typeof diskTypeSchema>[]).map(typeLine).join('\n') || 'No disk types.',
    },
  }),

  defineOperation({
    tool: 'get_disk_type',
    section: '7.1.8',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.8); the current SDK generates no operation for GET /v2/{project_id}/types/{type_id}',
    },
    title: 'Get a disk type',
    description: 'One disk type with its extra specs.',
    method: 'GET',
    path: '/v2/{project_id}/types/{type_id}',
    successStatus: [200],
    toolset: 'catalog',
    iamActions: ['evs:types:get'],
    hints: READ,
    input: z.strictObject({ type_id: resourceId('disk type') }),
    request: (a) => ({ pathParams: { type_id: a.type_id } }),
    output: {
      schema: diskTypeDetailSchema,
      shape: (body) => {
        const t = ((body as { volume_type?: Record<string, unknown> } | null)?.volume_type ?? {}) as Record<
          string,
          unknown
        >;
        return {
          ...summarizeDiskType(t),
          qos_specs_id: str(t.qos_specs_id),
          extra_specs: (t.extra_specs ?? {}) as Record<string, unknown>,
        };
      },
      text: (s) =>
        `${typeLine(s as z.infer<typeof diskTypeSchema>)} extra_specs=${JSON.stringify(s.extra_specs)}`,
    },
  }),

  defineOperation({
    tool: 'get_quotas',
    section: '7.1.9',
    operation: 'CinderListQuotas',
    title: 'Get disk quotas',
    description: 'Used, reserved and limit per quota (disks, GB, snapshots, per type).',
    method: 'GET',
    path: '/v2/{project_id}/os-quota-sets/{target_project_id}',
    successStatus: [200],
    toolset: 'catalog',
    iamActions: ['evs:quotas:get'],
    hints: READ,
    input: z.strictObject({
      target_project_id: resourceId('project').optional().describe('Defaults to the configured project'),
    }),
    request: (a, ctx) => ({
      pathParams: { target_project_id: a.target_project_id ?? ctx.projectId },
      query: { usage: 'True' },
    }),
    output: { schema: quotasSchema, shape: shapeQuotas, text: quotasText },
  }),

  defineOperation({
    tool: 'list_extensions',
    section: '7.1.16',
    operation: {
      none: 'OpenStack Cinder API of the 2022 reference (7.1.16); the current SDK generates no operation for GET /v2/{project_id}/extensions',
    },
    title: 'List API extensions',
    description: 'Cinder extensions the service enables (alias and name).',
    method: 'GET',
    path: '/v2/{project_id}/extensions',
    successStatus: [200],
    toolset: 'catalog',
    iamActions: [],
    hints: READ,
    input: z.strictObject({}),
    request: () => ({}),
    output: {
      schema: z.object({ extensions: z.array(extensionSchema) }),
      shape: (body) => ({
        extensions: records((body as { extensions?: unknown } | null)?.extensions).map((e) => ({
          alias: str(e.alias),
          name: str(e.name),
          updated: str(e.updated),
        })),
      }),
      text: (s) =>
        (s.extensions as z.infer<typeof extensionSchema>[])
          .map((e) => `${e.alias ?? '?'} (${e.name ?? '?'})`)
          .join('\n'),
    },
  }),

  defineOperation({
    tool: 'list_availability_zones',
    section: '7.1.17',
    operation: 'CinderListAvailabilityZones',
    title: 'List availability zones',
    description: 'Availability zones and whether each is available for new disks.',
    method: 'GET',
    path: '/v2/{project_id}/os-availability-zone',
    successStatus: [200],
    toolset: 'quotas',
    iamActions: [],
    hints: READ,
    input: z.strictObject({}),
    request: () => ({}),
    output: {
      schema: z.object({ zones: z.array(zoneSchema) }),
      shape: (body) => ({
        zones: records((body as { availabilityZoneInfo?: unknown } | null)?.availabilityZoneInfo).map(
          (zone) => ({
            name: str(zone.zoneName),
            available: (zone.zoneState as { available?: unknown } | undefined)?.available === true,
          }),
        ),
      }),
      text: (s) =>
        (s.zones as z.infer<typeof zoneSchema>[])
          .map((zone) => `${zone.name ?? '?'} ${zone.available ? 'available' : 'unavailable'}`)
          .join('\n') || 'No availability zones.',
    },
  }),
];
