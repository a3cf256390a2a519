// The toolsets, as data: id, what it is for, whether it is on by default. The config schema's allowed
// values, the default selection, `--help`, the README table and `--list-tools` all derive from this list.

export interface ToolsetMetadata {
  id: string;
  /** One line for `--help` and the README: the intents it serves. */
  description: string;
  /** On when no toolsets are named. */
  default: boolean;
}

export const TOOLSET_METADATA = [
  {
    id: 'disks',
    description: 'List, inspect, create, rename, expand, retype, delete and unsubscribe disks (current API)',
    default: true,
  },
  {
    id: 'snapshots',
    description: 'List, inspect, take, rename, delete and roll back snapshots (current /cloudsnapshots API)',
    default: true,
  },
  { id: 'tags', description: 'Tag and untag disks; the tag keys and values in use', default: true },
  {
    id: 'quotas',
    description: 'What can still be created, disk types and availability zones',
    default: true,
  },
  { id: 'jobs', description: 'Status of the jobs that create, expand and delete disks', default: true },
  {
    id: 'metadata',
    description: 'Disk and snapshot metadata keys, one by one or as a whole',
    default: false,
  },
  { id: 'transfers', description: 'Hand a disk to another project and accept one', default: false },
  {
    id: 'recycle_bin',
    description: 'The recycle bin: its policy, deleted disks, restore, purge',
    default: false,
  },
  {
    id: 'disk_actions',
    description: 'Bootable and read-only flags, export a disk to an image',
    default: false,
  },
  { id: 'tag_search', description: "One disk's tags; find disks by tags", default: false },
  {
    id: 'catalog',
    description: 'API versions, extensions, one disk type in full, raw quota numbers',
    default: false,
  },
  {
    id: 'cinder',
    description: 'OpenStack Cinder twins of the default tools (2022 /volumes and /snapshots paths)',
    default: false,
  },
  {
    id: 'legacy',
    description: 'Paths the 2022 reference deprecates or the current SDK no longer generates',
    default: false,
  },
] as const satisfies readonly ToolsetMetadata[];

export type Toolset = (typeof TOOLSET_METADATA)[number]['id'];

export const TOOLSETS: readonly Toolset[] = TOOLSET_METADATA.map((t) => t.id);

/** The toolsets enabled when none are named. */
export const DEFAULT_TOOLSETS: readonly Toolset[] = TOOLSET_METADATA.filter((t) => t.default).map(
  (t) => t.id,
);

export function isToolset(name: string): name is Toolset {
  return (TOOLSETS as readonly string[]).includes(name);
}
