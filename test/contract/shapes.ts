// Response shapes of the 60 documented sections, written from the EVS API Reference's parameter tables
// and examples. Fields a table lists are required; null is allowed where the section's example shows null.
// Where the seed contradicts itself (table against example, or one section against its twin), both are allowed.
// Every object is strict: a field the section does not document fails the shape.
import { z } from 'zod';

const str = z.string();
const nstr = z.string().nullable();
const int = z.number().int();
const strMap = z.record(z.string(), z.string());

/** `YYYY-MM-DDTHH:MM:SS.XXXXXX` (UTC), the disk and snapshot time format. */
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
const ntime = time.nullable();
/** `YYYY-MM-DDTHH:MM:SS.SSS'Z'`, the job time format (8.1.1). */
const jobTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

const diskStatus = z.enum([
  'creating',
  'available',
  'in-use',
  'error',
  'attaching',
  'detaching',
  'backing-up',
  'error_restoring',
  'uploading',
  'downloading',
  'extending',
  'error_extending',
  'deleting',
  'error_deleting',
  'rollbacking',
  'error_rollbacking',
  // Not in A.3, but 7.4.1 documents it.
  'awaiting-transfer',
]);
const snapshotStatus = z.enum([
  'creating',
  'available',
  'error',
  'deleting',
  'error_deleting',
  'rollbacking',
  'backing-up',
]);
const boolString = z.enum(['true', 'false']);

const link = z.strictObject({ href: str, rel: str });
const attachment = z.strictObject({
  server_id: str,
  attachment_id: str,
  attached_at: str,
  host_name: nstr,
  volume_id: str,
  device: str,
  id: str,
});

/** Fields every disk body lists (6.1.2, 6.1.4, 6.1.5, 7.1.1, 7.1.3, 7.1.5, 7.1.6). */
const diskCore = {
  id: uuid,
  name: str,
  status: diskStatus,
  attachments: z.array(attachment),
  availability_zone: str,
  snapshot_id: nstr,
  description: nstr,
  created_at: time,
  // 6.1.5 and 7.1.6 examples show null.
  volume_type: nstr,
  size: int,
  bootable: boolString,
  metadata: strMap,
  multiattach: z.boolean(),
};

/** The custom API's full disk (6.1.2 volumes[], 6.1.5 volume). */
const customDisk = z.strictObject({
  ...diskCore,
  links: z.array(link),
  'os-vol-host-attr:host': nstr,
  source_vol_id: nstr,
  'os-vol-tenant-attr:tenant_id': str,
  volume_image_metadata: strMap.nullable(),
  updated_at: ntime,
  encrypted: z.boolean(),
  replication_status: nstr,
  'os-vol-mig-status-attr:migstat': nstr,
  'os-vol-mig-status-attr:name_id': nstr,
  'os-volume-replication:extended_status': nstr,
  // "shareable String ... no longer used"
  shareable: boolString,
  user_id: str,
  service_type: z.enum(['EVS', 'DSS', 'DESS']),
  dedicated_storage_id: nstr,
  dedicated_storage_name: nstr,
  wwn: str,
});

/** The Cinder API's full disk (7.1.1, 7.1.3, 7.1.5 volumes[], 7.1.6). */
const cinderDisk = z.strictObject({
  ...diskCore,
  links: z.array(link),
  encrypted: z.boolean(),
  replication_status: nstr,
  consistencygroup_id: nstr,
  source_volid: nstr,
  user_id: str,
  updated_at: ntime,
  // 7.1.1/7.1.3/7.1.6 list it as Boolean, 7.1.5 as String.
  shareable: z.union([z.boolean(), boolString]),
});

const cinderDiskRead = cinderDisk.extend({
  'os-vol-host-attr:host': nstr,
  'os-vol-tenant-attr:tenant_id': str,
  volume_image_metadata: strMap.nullable(),
  'os-vol-mig-status-attr:migstat': nstr,
  'os-vol-mig-status-attr:name_id': nstr,
  'os-volume-replication:extended_status': nstr,
});

/** 6.1.6 and 7.1.4: id, links and name only. */
const diskSummary = z.strictObject({ id: uuid, links: z.array(link), name: str });

const jobId = z.strictObject({ job_id: z.string().min(1) });

const snapshotCore = {
  id: uuid,
  status: snapshotStatus,
  name: nstr,
  description: nstr,
  created_at: time,
  updated_at: ntime,
  metadata: strMap,
  volume_id: uuid,
  size: int,
};
const snapshot = z.strictObject(snapshotCore);
const snapshotDetail = z.strictObject({
  ...snapshotCore,
  'os-extended-snapshot-attributes:progress': str,
  'os-extended-snapshot-attributes:project_id': str,
});

const transfer = z.strictObject({ id: uuid, name: str, volume_id: uuid, links: z.array(link) });

const volumeType = z.strictObject({
  extra_specs: z.strictObject({
    volume_backend_name: str,
    'availability-zone': str,
    'HW:availability_zone': str,
  }),
  name: str,
  id: uuid,
  description: nstr,
  qos_specs_id: nstr,
  is_public: z.boolean(),
});

const apiVersion = z.strictObject({
  min_version: str,
  'media-types': z.array(z.strictObject({ type: str, base: str })),
  links: z.array(z.strictObject({ rel: str, href: str, type: str.optional() })),
  id: str,
  updated: str,
  version: str,
  status: z.enum(['CURRENT', 'SUPPORTED', 'DEPRECATED']),
});

const quotaDetail = z.strictObject({ in_use: int, limit: int, reserved: int });
const QUOTA_KEYS = [
  'volumes',
  'snapshots',
  'gigabytes',
  ...['SSD', 'SAS', 'SATA', 'ESSD'].flatMap((t) => [`volumes_${t}`, `snapshots_${t}`, `gigabytes_${t}`]),
  'backups',
  'backup_gigabytes',
  'per_volume_gigabytes',
];

const jobCore = {
  status: z.enum(['SUCCESS', 'RUNNING', 'FAIL', 'INIT']),
  job_id: str,
  job_type: str,
  begin_time: jobTime,
  // Empty until the job ends (example).
  end_time: z.union([jobTime, z.literal('')]),
  error_code: nstr,
  fail_reason: nstr,
};
const jobEntities = z.strictObject({
  name: str.optional(),
  size: int.optional(),
  volume_id: str.optional(),
  volume_type: str.optional(),
});

const empty = z.undefined();

/** One shape per documented section. */
export const RESPONSE = {
  '5.1': z.strictObject({ versions: z.array(apiVersion).min(1) }),
  '5.2': z.strictObject({ versions: z.array(apiVersion).length(1) }),

  '6.1.1': jobId,
  '6.1.2': z.strictObject({
    volumes: z.array(
      customDisk.extend({
        consistencygroup_id: nstr,
        tags: strMap,
        enterprise_project_id: str,
        // "returned only for non-HyperMetro SCSI volumes"
        serial_number: str.optional(),
      }),
    ),
    count: int,
    volumes_links: z.array(link).optional(),
  }),
  '6.1.3': jobId,
  // The updated disk itself, not wrapped in "volume" (table and example).
  '6.1.4': z.strictObject({
    ...diskCore,
    links: z.array(link),
    source_vol_id: nstr,
    'os-vol-tenant-attr:tenant_id': nstr,
    volume_image_metadata: strMap.nullable(),
    'os-vol-host-attr:host': nstr,
    // Table: String; example: false.
    shareable: z.union([z.boolean(), boolString]),
    'os-volume-replication:extended_status': nstr,
  }),
  // The 6.1.5 table lists count (String) and no service_type (its example shows service_type: the table wins).
  '6.1.5': z.strictObject({
    volume: customDisk.omit({ service_type: true }).extend({
      count: str,
      consistency_group_id: nstr,
      'os-volume-replication:driver_data': nstr,
      enterprise_project_id: str,
    }),
  }),
  '6.1.6': z.strictObject({ volumes: z.array(diskSummary), volumes_links: z.array(link).optional() }),
  '6.1.7': jobId,

  '6.2.1': z.strictObject({ rollback: z.strictObject({ volume_id: uuid }) }),

  '6.3.1': z.strictObject({ tags: z.record(z.string(), z.array(z.string())) }),
  '6.3.2': empty,
  '6.3.3': empty,
  '6.3.4': z.strictObject({ tags: z.array(z.strictObject({ key: str, value: str })) }),
  '6.3.5': z.strictObject({
    total_count: int,
    resources: z.array(
      z.strictObject({
        resource_id: uuid,
        resource_name: str,
        resource_detail: z.strictObject({
          ...diskCore,
          links: z.array(link),
          'os-vol-host-attr:host': nstr,
          source_volid: nstr,
          'os-vol-tenant-attr:tenant_id': str,
          volume_image_metadata: strMap.nullable(),
          consistencygroup_id: nstr,
          updated_at: ntime,
          encrypted: z.boolean(),
          replication_status: nstr,
          'os-volume-replication:extended_statuses': nstr,
          'os-vol-mig-status-attr:migstat': nstr,
          'os-vol-mig-status-attr:name_id': nstr,
          shareable: z.boolean(),
          user_id: str,
          service_type: z.enum(['EVS', 'DSS', 'DESS']),
          dedicated_storage_id: nstr,
          dedicated_storage_name: nstr,
          tags: strMap,
          wwn: str,
          enterprise_project_id: str,
        }),
        tags: z.array(z.strictObject({ key: str, value: str })),
      }),
    ),
  }),

  '7.1.1': z.strictObject({ volume: cinderDisk.extend({ storage_cluster_id: nstr }) }),
  '7.1.2': empty,
  '7.1.3': z.strictObject({ volume: cinderDisk.extend({ storage_cluster_id: nstr }) }),
  '7.1.4': z.strictObject({ volumes: z.array(diskSummary), volumes_links: z.array(link).optional() }),
  '7.1.5': z.strictObject({ volumes: z.array(cinderDiskRead), volumes_links: z.array(link).optional() }),
  // 7.1.6 lists source_vol_id where 7.1.5 lists source_volid.
  '7.1.6': z.strictObject({
    volume: cinderDiskRead
      .omit({ source_volid: true })
      .extend({ source_vol_id: nstr, storage_cluster_id: nstr }),
  }),
  '7.1.7': z.strictObject({ volume_types: z.array(volumeType).min(1) }),
  '7.1.8': z.strictObject({ volume_type: volumeType }),
  '7.1.9': z.strictObject({
    quota_set: z.strictObject({ id: str, ...Object.fromEntries(QUOTA_KEYS.map((k) => [k, quotaDetail])) }),
  }),
  '7.1.10': z.strictObject({ metadata: strMap }),
  '7.1.11': z.strictObject({ metadata: strMap }),
  '7.1.12': z.strictObject({ metadata: strMap }),
  '7.1.13': z.strictObject({ meta: strMap }),
  '7.1.14': z.strictObject({ meta: strMap }),
  '7.1.15': empty,
  '7.1.16': z.strictObject({
    extensions: z
      .array(
        z.strictObject({
          updated: str,
          description: str,
          links: z.array(z.unknown()),
          alias: str,
          name: str,
        }),
      )
      .min(1),
  }),
  '7.1.17': z.strictObject({
    availabilityZoneInfo: z
      .array(z.strictObject({ zoneState: z.strictObject({ available: z.boolean() }), zoneName: str }))
      .min(1),
  }),

  '7.2.1': empty,
  '7.2.2': empty,
  '7.2.3': empty,
  '7.2.4': z.strictObject({
    'os-volume_upload_image': z.strictObject({
      status: z.literal('uploading'),
      image_id: str,
      image_name: str,
      volume_type: z.strictObject({
        id: str,
        name: str,
        deleted: z.boolean(),
        is_public: z.boolean(),
        // Table: extra_spec; example: extra_specs.
        extra_specs: z.record(z.string(), z.string()),
        // Table: Integer; example: "None".
        description: z.union([z.string(), z.number(), z.null()]),
        created_at: str,
        updated_at: nstr,
        deleted_at: nstr,
      }),
      container_format: z.enum(['ami', 'ari', 'aki', 'ovf', 'bare']),
      size: int,
      disk_format: z.enum(['vhd', 'zvhd', 'zvhd2', 'raw', 'qcow2']),
      id: uuid,
      display_description: str,
      updated_at: time,
    }),
  }),
  '7.2.5': empty,
  '7.2.6': empty,
  '7.2.7': empty,
  '7.2.8': empty,

  '7.3.1': z.strictObject({ snapshot: snapshotDetail }),
  '7.3.2': empty,
  '7.3.3': z.strictObject({ snapshot: snapshotDetail }),
  // "snapshots_links ... returned only when limit is specified" (the example shows null).
  '7.3.4': z.strictObject({
    snapshots: z.array(snapshot),
    snapshots_links: z.array(link).nullable().optional(),
  }),
  '7.3.5': z.strictObject({
    snapshots: z.array(snapshotDetail),
    snapshots_links: z.array(link).nullable().optional(),
  }),
  '7.3.6': z.strictObject({ snapshot: snapshotDetail }),
  '7.3.7': z.strictObject({ metadata: strMap }),
  '7.3.8': z.strictObject({ metadata: strMap }),
  '7.3.9': z.strictObject({ meta: strMap }),
  '7.3.10': z.strictObject({ metadata: strMap }),
  '7.3.11': z.strictObject({ meta: strMap }),
  '7.3.12': empty,

  '7.4.1': z.strictObject({ transfer: transfer.extend({ auth_key: z.string().min(1), created_at: time }) }),
  '7.4.2': z.strictObject({ transfer }),
  '7.4.3': empty,
  '7.4.4': z.strictObject({ transfer: transfer.extend({ created_at: time }) }),
  // The list (table and example) has no created_at; the detail list's example has it.
  '7.4.5': z.strictObject({ transfers: z.array(z.strictObject(transfer.shape)) }),
  '7.4.6': z.strictObject({ transfers: z.array(transfer.extend({ created_at: time })) }),

  '8.1.1': z.strictObject({
    ...jobCore,
    entities: jobEntities.extend({
      sub_jobs: z.array(z.strictObject({ ...jobCore, entities: jobEntities })).optional(),
    }),
  }),
  '8.2.1.1': z.strictObject({
    volume: z.strictObject({
      id: uuid,
      display_name: str,
      status: diskStatus,
      attachments: z.array(attachment),
      availability_zone: str,
      'os-vol-host-attr:host': nstr,
      source_vol_id: nstr,
      snapshot_id: nstr,
      display_description: nstr,
      created_at: time,
      volume_type: nstr,
      'os-vol-tenant-attr:tenant_id': str,
      size: int,
      metadata: strMap,
      'os-vol-mig-status-attr:migstat': nstr,
      'os-vol-mig-status-attr:name_id': nstr,
      'os-volume-replication:extended_status': nstr,
      encrypted: z.boolean(),
      bootable: boolString,
      shareable: boolString,
      multiattach: z.boolean(),
      volume_image_metadata: strMap.nullable(),
    }),
  }),
} satisfies Record<string, z.ZodType>;

export type Section = keyof typeof RESPONSE;
