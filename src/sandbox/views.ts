// Response bodies: the documented field sets of disks, snapshots and transfers in each API family.
import { DISK_FIELDS, SHAREABLE_AS_STRING } from './data/disk-fields.js';
import type { SnapshotRecord, TransferRecord, VolumeRecord } from './types.js';

/** The sections that answer with a disk object; each has its own documented field set. */
export type DiskSection = keyof typeof DISK_FIELDS | '7.1.3';

const isEncrypted = (m: Record<string, string>): boolean =>
  m['__system__encrypted'] === '1' || m['__system_encrypted'] === '1';

export function volumeLinks(baseUrl: string, projectId: string, id: string) {
  return [
    { href: `${baseUrl}/v2/${projectId}/volumes/${id}`, rel: 'self' },
    { href: `${baseUrl}/${projectId}/volumes/${id}`, rel: 'bookmark' },
  ];
}

function attachmentsView(v: VolumeRecord) {
  return v.attachments.map((a) => ({
    server_id: a.server_id,
    attachment_id: a.attachment_id,
    attached_at: a.attached_at,
    host_name: a.host_name,
    volume_id: a.volume_id,
    device: a.device,
    id: a.id,
  }));
}

export function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** A disk with exactly the fields `section` documents. */
export function volumeView(v: VolumeRecord, baseUrl: string, section: DiskSection): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: v.id,
    links: volumeLinks(baseUrl, v.projectId, v.id),
    name: v.name,
    display_name: v.name,
    status: v.status,
    attachments: attachmentsView(v),
    availability_zone: v.availability_zone,
    // 6.1.5 documents it in the disk object ("the number of queried disks").
    count: '1',
    'os-vol-host-attr:host': `${v.availability_zone}#${v.volume_type}`,
    source_volid: null,
    source_vol_id: null,
    snapshot_id: v.snapshot_id,
    description: v.description,
    display_description: v.description,
    'os-vol-tenant-attr:tenant_id': v.projectId,
    volume_image_metadata: v.volume_image_metadata ?? {},
    created_at: v.created_at,
    volume_type: v.volume_type,
    size: v.size,
    bootable: String(v.bootable),
    metadata: { ...v.metadata },
    updated_at: v.updated_at,
    encrypted: isEncrypted(v.metadata),
    multiattach: v.multiattach,
    shareable: v.multiattach,
    consistencygroup_id: null,
    consistency_group_id: null,
    replication_status: 'disabled',
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
    'os-volume-replication:extended_status': null,
    'os-volume-replication:extended_statuses': null,
    'os-volume-replication:driver_data': null,
    user_id: v.user_id,
    service_type: v.service_type,
    dedicated_storage_id: null,
    dedicated_storage_name: null,
    tags: { ...v.tags },
    wwn: v.wwn,
    enterprise_project_id: '0',
    serial_number: v.wwn.slice(-20),
    storage_cluster_id: null,
  };
  if (SHAREABLE_AS_STRING.includes(section)) all.shareable = String(v.multiattach);
  const fields: readonly string[] = DISK_FIELDS[section === '7.1.3' ? '7.1.1' : section];
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

/** 6.1.6 and 7.1.4: id, links and name only. */
export function volumeSummary(v: VolumeRecord, baseUrl: string) {
  return { id: v.id, links: volumeLinks(baseUrl, v.projectId, v.id), name: v.name };
}

export function snapshotView(s: SnapshotRecord, detail: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    name: s.name,
    description: s.description,
    created_at: s.created_at,
    updated_at: s.updated_at,
    metadata: { ...s.metadata },
    volume_id: s.volume_id,
    size: s.size,
  };
  if (detail) {
    out['os-extended-snapshot-attributes:progress'] = s.status === 'creating' ? '0%' : '100%';
    out['os-extended-snapshot-attributes:project_id'] = s.projectId;
  }
  return out;
}

export function transferLinks(baseUrl: string, projectId: string, id: string) {
  return [
    { href: `${baseUrl}/v2/${projectId}/os-volume-transfer/${id}`, rel: 'self' },
    { href: `${baseUrl}/${projectId}/os-volume-transfer/${id}`, rel: 'bookmark' },
  ];
}

export function transferView(
  t: TransferRecord,
  baseUrl: string,
  withCreatedAt: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    volume_id: t.volume_id,
    links: transferLinks(baseUrl, t.projectId, t.id),
  };
  if (withCreatedAt) out.created_at = t.created_at;
  return out;
}
