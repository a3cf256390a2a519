// Snapshot preconditions: delete (7.3.2, EVS.1047/2019) and rollback (6.2.1, A.3).
import { emptyOutcome, type CheckOutcome } from '../refusal.js';
import type { PreflightFn, PreflightInput } from './types.js';
import { foundOrExplain, idArg } from './types.js';
import type { SnapshotInfo } from '../lookups.js';

export const DELETABLE_SNAPSHOT_STATUSES = ['available', 'error'];
/** 6.2.1: the source disk must be available or error_rollbacking. */
export const ROLLBACK_DISK_STATUSES = ['available', 'error_rollbacking'];

async function snapshotFor(input: PreflightInput, out: CheckOutcome): Promise<SnapshotInfo | undefined> {
  const id = idArg(input.args, 'snapshot_id');
  if (!id) return undefined;
  return foundOrExplain(await input.lookups.snapshot(id), out, {
    kind: 'snapshot',
    id,
    section: input.section,
    check: 'snapshot state',
    code: 'EVS.5404',
  });
}

export const snapshotDeletable: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const snap = await snapshotFor(input, out);
  if (!snap) return out;
  if (snap.status === 'error_deleting') {
    out.refusals.push({
      reason: 'snapshot_not_deletable',
      section: input.section,
      code: 'EVS.2019',
      message: `Refused: snapshot ${snap.id} is error_deleting; a previous deletion failed. Contact support with the snapshot id.`,
    });
  } else if (!DELETABLE_SNAPSHOT_STATUSES.includes(snap.status)) {
    out.refusals.push({
      reason: 'snapshot_not_deletable',
      section: input.section,
      code: 'EVS.1047',
      message: `Refused: snapshot ${snap.id} is ${snap.status}; a snapshot can be deleted only when available or error.`,
    });
  } else out.notes.push(`snapshot ${snap.id} is ${snap.status}: deletable`);
  return out;
};

export const rollbackTarget: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const snap = await snapshotFor(input, out);
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
  const target = foundOrExplain(await input.lookups.disk(volumeId), out, {
    kind: 'disk',
    id: volumeId,
    section: '6.2.1',
    check: 'rollback target state',
  });
  if (!target) return out;
  if (!ROLLBACK_DISK_STATUSES.includes(target.status)) {
    out.refusals.push({
      reason: 'disk_not_rollbackable',
      section: '6.2.1, A.3',
      message: `Refused: disk ${volumeId} is ${target.status}; a snapshot can be rolled back only when its disk is available or error_rollbacking${target.status === 'in-use' ? ' (detach it first)' : ''}.`,
    });
  } else
    out.notes.push(`disk ${volumeId} is ${target.status} and is the snapshot's source: rollback allowed`);
  return out;
};
