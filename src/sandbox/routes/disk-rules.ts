// State rules for deleting and expanding disks, shared by the custom and Cinder APIs.
import { evsError, invalidStatus } from '../errors.js';
import { exceeded, exceedsPerVolume } from '../quotas.js';
import { DELETABLE_SNAPSHOT_STATUSES, DELETABLE_VOLUME_STATUSES, snapshotsOf } from '../state-machine.js';
import type { Store } from '../store.js';
import type { VolumeRecord } from '../types.js';

/** EVS.2020 / EVS.2130 / EVS.1046, then the snapshots: refused without cascade, EVS.1047 with it. */
export function checkDeletable(store: Store, v: VolumeRecord, cascade: boolean): void {
  if (v.status === 'error_deleting') throw evsError('EVS.2020');
  if (v.status === 'backing-up') throw evsError('EVS.2130');
  if (!DELETABLE_VOLUME_STATUSES.includes(v.status)) throw evsError('EVS.1046');
  const snaps = snapshotsOf(store, v.id);
  if (snaps.length === 0) return;
  // A disk with snapshots goes only with cascade=true (7.1.2), and only if each snapshot may go.
  if (!cascade) throw invalidStatus();
  if (snaps.some((s) => s.status === 'error_deleting')) throw evsError('EVS.2019');
  if (snaps.some((s) => !DELETABLE_SNAPSHOT_STATUSES.includes(s.status))) throw evsError('EVS.1047');
}

/**
 * Expansion rules. The Cinder API (7.2.1) allows available or in-use (EVS.1064); the deprecated custom
 * API (6.1.7) answers with the older EVS.1048. A shared disk must be available (EVS.1065).
 */
export function checkExtendable(
  store: Store,
  v: VolumeRecord,
  newSize: number | undefined,
  family: 'custom' | 'cinder',
): number {
  if (v.status === 'error_extending') throw evsError('EVS.2026');
  if (v.status !== 'available' && v.status !== 'in-use')
    throw evsError(family === 'cinder' ? 'EVS.1064' : 'EVS.1048');
  if (v.multiattach && v.status !== 'available') throw evsError('EVS.1065');
  if (newSize === undefined)
    throw family === 'cinder' ? evsError('EVS.5400', 'Malformed request body') : evsError('EVS.1011');
  if (newSize <= v.size) throw evsError('EVS.1015');
  if (newSize > (v.bootable ? 1024 : 32768)) throw evsError('EVS.1014');
  const over = exceeded(store, v.projectId, { gigabytes: newSize - v.size, type: v.volume_type });
  if (over || exceedsPerVolume(store, v.projectId, newSize))
    throw evsError(family === 'cinder' ? 'EVS.5413' : 'EVS.1042');
  return newSize;
}
