// Static catalogue the sandbox serves: disk types, AZs, extensions (7.1.16), API versions (5.x), images.

export const DISK_TYPES = ['SATA', 'SAS', 'SSD', 'ESSD'] as const;
export type DiskType = (typeof DISK_TYPES)[number];

/** Fixed ids so that ids survive restarts and tests can name them. */
const TYPE_IDS: Record<DiskType, string> = {
  SATA: '0f1c6ce4-13b9-4a55-9c0a-6c4a6f5b7a01',
  SAS: '6c81c680-df58-4512-81e7-ecf66d160638',
  SSD: '6f2dee9e-82f0-4be3-ad89-bae605a3d24f',
  ESSD: 'c2b1f2a8-4e0b-4c1e-9d2c-2f3c4b5a6e07',
};

export interface Zone {
  name: string;
  available: boolean;
}

/** Three AZs: two usable, one unavailable (so AZ checks have something to refuse). */
export function zones(region: string): Zone[] {
  return [
    { name: `${region}a`, available: true },
    { name: `${region}b`, available: true },
    { name: `${region}c`, available: false },
  ];
}

/** The AZs where a disk type is sold: ESSD only in the first AZ. */
export function typeZones(region: string, type: DiskType): string[] {
  const usable = zones(region)
    .filter((z) => z.available)
    .map((z) => z.name);
  return type === 'ESSD' ? usable.slice(0, 1) : usable;
}

export interface VolumeTypeView {
  extra_specs: Record<string, string>;
  name: string;
  id: string;
  description: string | null;
  qos_specs_id: string | null;
  is_public: boolean;
}

export function volumeTypes(region: string): VolumeTypeView[] {
  return DISK_TYPES.map((t) => ({
    extra_specs: {
      volume_backend_name: t,
      'availability-zone': typeZones(region, t).join(','),
      'HW:availability_zone': typeZones(region, t).join(','),
    },
    name: t,
    id: TYPE_IDS[t],
    description: null,
    qos_specs_id: null,
    is_public: true,
  }));
}

export const typeIdOf = (t: string): string | undefined => TYPE_IDS[t as DiskType];

export interface ImageRecord {
  id: string;
  name: string;
  min_disk: number;
  os_type: string;
}

/** Public images a disk can be created from (imageRef). */
export const PUBLIC_IMAGES: ImageRecord[] = [
  { id: '027cf713-45a6-45f0-ac1b-0ccc57ac12e2', name: 'CentOS 7.9 64bit', min_disk: 40, os_type: 'Linux' },
  {
    id: 'c6c153a6-dde8-4bac-8e40-3d7619436934',
    name: 'Ubuntu 22.04 server 64bit',
    min_disk: 10,
    os_type: 'Linux',
  },
  {
    id: '5b8f1f0e-8a4b-4d7e-9f3c-1e2d3c4b5a69',
    name: 'Windows Server 2019 DataCenter',
    min_disk: 40,
    os_type: 'Windows',
  },
];

/** 7.1.16, as listed in the documentation's example. */
export const EXTENSIONS: [name: string, alias: string, updated: string, description: string][] = [
  [
    'SchedulerHints',
    'OS-SCH-HNT',
    '2013-04-18T00:00:00+00:00',
    'Pass arbitrary key/value pairs to the scheduler.',
  ],
  ['Hosts', 'os-hosts', '2011-06-29T00:00:00+00:00', 'Admin-only host administration.'],
  [
    'VolumeTenantAttribute',
    'os-vol-tenant-attr',
    '2011-11-03T00:00:00+00:00',
    'Expose the internal project_id as an attribute of a volume.',
  ],
  ['Quotas', 'os-quota-sets', '2011-08-08T00:00:00+00:00', 'Quota management support.'],
  ['TypesManage', 'os-types-manage', '2011-08-24T00:00:00+00:00', 'Types manage support.'],
  [
    'VolumeEncryptionMetadata',
    'os-volume-encryption-metadata',
    '2013-07-10T00:00:00+00:00',
    'Volume encryption metadata retrieval support.',
  ],
  ['Backups', 'backups', '2012-12-12T00:00:00+00:00', 'Backups support.'],
  ['SnapshotActions', 'os-snapshot-actions', '2013-07-16T00:00:00+00:00', 'Enable snapshot manager actions.'],
  ['VolumeActions', 'os-volume-actions', '2012-05-31T00:00:00+00:00', 'Enable volume actions'],
  [
    'UsedLimits',
    'os-used-limits',
    '2013-10-03T00:00:00+00:00',
    'Provide data on limited resources that are being used.',
  ],
  ['VolumeUnmanage', 'os-volume-unmanage', '2012-05-31T00:00:00+00:00', 'Enable volume unmanage operation.'],
  [
    'VolumeHostAttribute',
    'os-vol-host-attr',
    '2011-11-03T00:00:00+00:00',
    'Expose host as an attribute of a volume.',
  ],
  ['VolumeTypeEncryption', 'encryption', '2013-07-01T00:00:00+00:00', 'Encryption support for volume types.'],
  ['AvailabilityZones', 'os-availability-zone', '2013-06-27T00:00:00+00:00', 'Describe Availability Zones.'],
  ['Qos_specs_manage', 'qos-specs', '2013-08-02T00:00:00+00:00', 'QoS specs support.'],
  ['TypesExtraSpecs', 'os-types-extra-specs', '2011-08-24T00:00:00+00:00', 'Type extra specs support.'],
  [
    'VolumeMigStatusAttribute',
    'os-vol-mig-status-attr',
    '2013-08-08T00:00:00+00:00',
    'Expose migration_status as an attribute of a volume.',
  ],
  [
    'CreateVolumeExtension',
    'os-image-create',
    '2012-08-13T00:00:00+00:00',
    'Allow creating a volume from an image in the Create Volume v1 API.',
  ],
  ['ExtendedServices', 'os-extended-services', '2014-01-10T00:00:00-00:00', 'Extended services support.'],
  [
    'ExtendedSnapshotAttributes',
    'os-extended-snapshot-attributes',
    '2012-06-19T00:00:00+00:00',
    'Extended SnapshotAttributes support.',
  ],
  [
    'VolumeImageMetadata',
    'os-vol-image-meta',
    '2012-12-07T00:00:00+00:00',
    'Show image metadata associated with the volume.',
  ],
  ['QuotaClasses', 'os-quota-class-sets', '2012-03-12T00:00:00+00:00', 'Quota classes management support.'],
  [
    'VolumeTransfer',
    'os-volume-transfer',
    '2013-05-29T00:00:00+00:00',
    'Volume transfer management support.',
  ],
  [
    'VolumeManage',
    'os-volume-manage',
    '2014-02-10T00:00:00+00:00',
    "Allows existing backend storage to be 'managed' by Cinder.",
  ],
  ['AdminActions', 'os-admin-actions', '2012-08-25T00:00:00+00:00', 'Enable admin actions.'],
  ['Services', 'os-services', '2012-10-28T00:00:00-00:00', 'Services support.'],
];

/** 5.1/5.2: the three versions of the documentation's example. */
export function apiVersions(baseUrl: string): Record<string, unknown>[] {
  const mediaTypes = [
    { type: 'application/vnd.openstack.volume+json;version=1', base: 'application/json' },
    { type: 'application/vnd.openstack.volume+xml;version=1', base: 'application/xml' },
  ];
  const version = (id: string, path: string, updated: string, min: string, max: string, status: string) => ({
    min_version: min,
    'media-types': mediaTypes,
    links: [
      { rel: 'describedby', href: 'http://docs.openstack.org/', type: 'text/html' },
      { rel: 'self', href: `${baseUrl}/${path}/` },
    ],
    id,
    updated,
    version: max,
    status,
  });
  return [
    version('v1.0', 'v1', '2014-06-28T12:20:21Z', '', '', 'SUPPORTED'),
    version('v2.0', 'v2', '2014-06-28T12:20:21Z', '', '', 'SUPPORTED'),
    version('v3.0', 'v3', '2016-02-08T12:20:21Z', '3.0', '3.0', 'CURRENT'),
  ];
}
