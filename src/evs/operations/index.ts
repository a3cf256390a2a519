// The registry: every EVS operation record, in the order of the API Reference, then the newer ones.
import type { OperationSpec } from '../operation.js';
import { createRegistry, type FindRecord, type Registry } from '../registry.js';
import { batchOperations } from './batches.js';
import { catalogOperations } from './catalog.js';
import { cloudSnapshotOperations } from './cloudsnapshots.js';
import { currentCloudVolumeOperations } from './cloudvolumes-current.js';
import { cloudVolumeV21Operations } from './cloudvolumes-v21.js';
import { diskActionOperations } from './disk-actions.js';
import { diskCinderOperations } from './disks-cinder.js';
import { diskCustomOperations } from './disks-custom.js';
import { diskMetadataOperations } from './disk-metadata.js';
import { jobOperations } from './jobs.js';
import { legacyOperations } from './legacy.js';
import { quotaHeadroomOperation } from './quota-headroom.js';
import { recycleBinOperations } from './recycle-bin.js';
import { retypeQosOperations } from './retype-qos.js';
import { snapshotMetadataOperations } from './snapshot-metadata.js';
import { snapshotOperations } from './snapshots.js';
import { tagOperations } from './tags.js';
import { transferOperations } from './transfers.js';

/** `7.1.2` as numbers; operations newer than the reference (section = operation name) sort after it. */
function sectionKey(section: string): number[] {
  return /^\d+(\.\d+)*$/.test(section) ? section.split('.').map(Number) : [Number.MAX_SAFE_INTEGER];
}

function bySection(a: OperationSpec, b: OperationSpec): number {
  const x = sectionKey(a.section);
  const y = sectionKey(b.section);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  // Code-unit order: localeCompare would load ICU collation at start-up for names that are plain ASCII.
  return a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0;
}

export const OPERATIONS: readonly OperationSpec[] = [
  ...catalogOperations,
  ...diskCustomOperations,
  ...diskCinderOperations,
  ...diskActionOperations,
  ...diskMetadataOperations,
  ...snapshotOperations,
  ...snapshotMetadataOperations,
  ...tagOperations,
  ...transferOperations,
  ...jobOperations,
  ...legacyOperations,
  quotaHeadroomOperation,
  ...retypeQosOperations,
  ...currentCloudVolumeOperations,
  ...cloudVolumeV21Operations,
  ...cloudSnapshotOperations,
  ...recycleBinOperations,
  ...batchOperations,
].sort(bySection);

/** The records by tool name, every reference between them checked once, here, at start-up. */
export const REGISTRY: Registry = createRegistry(OPERATIONS);

export const findOperation: FindRecord = REGISTRY.find;
