// Snapshot preconditions: delete (7.3.2, EVS.1047/2019), rollback (6.2.1, A.3), backup snapshots (6.2.1, 7.3.3).
import { AUTOBK_PREFIX } from '../autobk.js';
import { emptyOutcome } from '../refusal.js';
import { idArg, type Preflight } from './types.js';

export const DELETABLE_SNAPSHOT_STATUSES = ['available', 'error'];
/** 6.2.1: the source disk must be available or error_rollbacking. */
export const ROLLBACK_DISK_STATUSES = ['available', 'error_rollbacking'];

const INSTEAD = 'Manage it through the backup service (CBR) instead: its backups own these snapshots.';

/** Snapshots named autobk_snapshot_* belong to the backup service: never touch them. */
export const snapshotNotBackup: Preflight = {
  needs: ['snapshot'],
  run(input) {
    const out = emptyOutcome();
    const snap = input.reads.snapshot;
    if (!snap) return out;
    const name = snap.name ?? '';
    if (name.startsWith(AUTOBK_PREFIX) || snap.system_managed) {
      out.refusals.push({
        reason: 'autobk_snapshot',
        section: '6.2.1, 7.3.3',
        message: `Refused: snapshot ${snap.id} ("${name}") was created by the backup service for a backup; rolling back from it, deleting it, updating it or changing its metadata would break that backup. ${INSTEAD}`,
      });
    } else out.notes.push(`snapshot ${snap.id} is not a backup (autobk) snapshot`);
    return out;
  },
};

export const snapshotDeletable: Preflight = {
  needs: ['snapshot'],
  run(input) {
    const out = emptyOutcome();
    const snap = input.reads.snapshot;
    if (!snap) return out;
    if (snap.status === 'error_deleting') {
      out.refusals.push({
        reason: 'snapshot_not_deletable',
        section: input.section,
        code: 'EVS.2019',
        message: `Refused: snapshot ${snap.id} is error_deleting; a previous deletion failed. Contact support with the snapshot id.`,
      });
    } else if (!DELETABLE_SNAPSHOT_STATUSES.includes(snap.status ?? '')) {
      out.refusals.push({
        reason: 'snapshot_not_deletable',
        section: input.section,
        code: 'EVS.1047',
        message: `Refused: snapshot ${snap.id} is ${snap.status}; a snapshot can be deleted only when available or error.`,
      });
    } else out.notes.push(`snapshot ${snap.id} is ${snap.status}: deletable`);
    return out;
  },
};

export const rollbackTarget: Preflight = {
  needs: ['snapshot', 'disk'],
  run(input) {
    const out = emptyOutcome();
    const snap = input.reads.snapshot;
    const volumeId = idArg(input.args, 'volume_id');
    if (!snap || !volumeId) return out;
    if (snap.volume_id !== volumeId) {
      out.refusals.push({
        reason: 'rollback_not_source_disk',
        section: '6.2.1',
        message: `Refused: snapshot ${snap.id} was taken of disk ${snap.volume_id}, not ${volumeId}; a snapshot can be rolled back only to its own source disk.`,
      });
      return out;
    }
    if (snap.status !== 'available') {
      out.refusals.push({
        reason: 'snapshot_not_available',
        section: '6.2.1, A.4',
        code: 'EVS.2043',
        message: `Refused: snapshot ${snap.id} is ${snap.status}; only an available snapshot can be rolled back.`,
      });
    }
    const target = input.reads.disk;
    if (!target) return out;
    const status = target.status ?? '';
    if (!ROLLBACK_DISK_STATUSES.includes(status)) {
      out.refusals.push({
        reason: 'disk_not_rollbackable',
        section: '6.2.1, A.3',
        message: `Refused: disk ${volumeId} is ${status}; a snapshot can be rolled back only when its disk is available or error_rollbacking${status === 'in-use' ? ' (detach it first)' : ''}.`,
      });
    } else out.notes.push(`disk ${volumeId} is ${status} and is the snapshot's source: rollback allowed`);
    return out;
  },
};
