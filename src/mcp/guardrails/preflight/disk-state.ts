// Disk state preconditions: delete (7.1.2/6.1.3, EVS.1046), expand (7.2.1/6.1.7, EVS.1064/1065/1015).
import { AUTOBK_PREFIX } from '../autobk.js';
import { emptyOutcome } from '../refusal.js';
import { DELETABLE_SNAPSHOT_STATUSES } from './snapshot-state.js';
import type { Preflight } from './types.js';

/** EVS.1046: the statuses a disk can be deleted from. */
export const DELETABLE_DISK_STATUSES = [
  'available',
  'error',
  'error_extending',
  'error_restoring',
  'error_rollbacking',
];
/** EVS.1064: expandable statuses; a shared disk only when available (EVS.1065). */
export const EXTENDABLE_DISK_STATUSES = ['available', 'in-use'];

export const diskDeletable: Preflight = {
  needs: ['disk', 'snapshots'],
  run(input) {
    const out = emptyOutcome();
    const disk = input.reads.disk;
    if (!disk) return out;
    const section = input.section;
    const status = disk.status ?? '';
    const servers = disk.attachments ?? [];
    if (status === 'error_deleting') {
      out.refusals.push({
        reason: 'disk_not_deletable',
        section,
        code: 'EVS.2020',
        message: `Refused: disk ${disk.id} is error_deleting; a previous deletion failed. Contact support with the disk id.`,
      });
    } else if (status === 'backing-up') {
      out.refusals.push({
        reason: 'disk_not_deletable',
        section,
        code: 'EVS.2130',
        message: `Refused: disk ${disk.id} is backing-up; wait for the backup to finish.`,
      });
    } else if (!DELETABLE_DISK_STATUSES.includes(status) || servers.length > 0) {
      const detach = servers.length
        ? ` It is attached to ${servers.join(', ')}: detach it first (ECS detach API).`
        : '';
      out.refusals.push({
        reason: 'disk_not_deletable',
        section,
        code: 'EVS.1046',
        message: `Refused: disk ${disk.id} is ${status}; a disk can be deleted only when available, error, error_extending, error_restoring or error_rollbacking and not attached.${detach}`,
      });
    } else out.notes.push(`disk ${disk.id} is ${status}: deletable`);
    const list = input.reads.snapshots;
    if (!list) return out;
    if (list.length === 0) {
      out.notes.push('disk has no snapshots');
      return out;
    }
    const names = list.map((s) => s.name || s.id).join(', ');
    // Whether this record can cascade is in its input schema, not in its name.
    const canCascade = 'cascade' in input.spec.input.shape;
    if (input.args.cascade !== true) {
      const how = canCascade
        ? 'Delete them first, or pass cascade=true to delete them with the disk'
        : 'Delete them first (each with its own confirmation), or delete through the cinder toolset, whose delete takes cascade=true';
      out.refusals.push({
        reason: 'disk_has_snapshots',
        section,
        message: `Refused: disk ${disk.id} has ${list.length} snapshot(s) (${names}); EVS keeps a disk that has snapshots unless they are deleted with it. ${how}.`,
      });
      return out;
    }
    const backups = list.filter((s) => (s.name ?? '').startsWith(AUTOBK_PREFIX));
    if (backups.length) {
      out.refusals.push({
        reason: 'autobk_snapshot',
        section: '7.1.2, 6.2.1',
        message: `Refused: cascade=true would delete ${backups.length} snapshot(s) the backup service owns (${backups.map((s) => s.name).join(', ')}). Manage those through the backup service (CBR) first.`,
      });
    }
    const failed = list.filter((s) => s.status === 'error_deleting');
    const busy = list.filter(
      (s) => !DELETABLE_SNAPSHOT_STATUSES.includes(s.status ?? '') && s.status !== 'error_deleting',
    );
    if (failed.length) {
      out.refusals.push({
        reason: 'snapshot_not_deletable',
        section: '7.3.2',
        code: 'EVS.2019',
        message: `Refused: snapshot(s) ${failed.map((s) => s.id).join(', ')} of the disk are error_deleting, so cascade cannot delete them.`,
      });
    }
    if (busy.length) {
      out.refusals.push({
        reason: 'snapshot_not_deletable',
        section: '7.3.2',
        code: 'EVS.1047',
        message: `Refused: snapshot(s) of the disk are not available or error (${busy.map((s) => `${s.id} ${s.status}`).join(', ')}), so cascade cannot delete them yet.`,
      });
    }
    if (!backups.length && !failed.length && !busy.length)
      out.notes.push(`cascade=true: its ${list.length} snapshot(s) are deleted too (${names})`);
    return out;
  },
};

export const diskExtendable: Preflight = {
  needs: ['disk'],
  run(input) {
    const out = emptyOutcome();
    const disk = input.reads.disk;
    if (!disk) return out;
    const section = input.section;
    const status = disk.status ?? '';
    if (status === 'error_extending') {
      out.refusals.push({
        reason: 'disk_not_extendable',
        section,
        code: 'EVS.2026',
        message: `Refused: disk ${disk.id} is error_extending; a previous expansion failed.`,
      });
    } else if (!EXTENDABLE_DISK_STATUSES.includes(status)) {
      out.refusals.push({
        reason: 'disk_not_extendable',
        section,
        code: 'EVS.1064',
        message: `Refused: disk ${disk.id} is ${status}; a disk can be expanded only when available or in-use.`,
      });
    } else if (disk.multiattach && status !== 'available') {
      out.refusals.push({
        reason: 'disk_not_extendable',
        section,
        code: 'EVS.1065',
        message: `Refused: disk ${disk.id} is shared (multiattach) and ${status}; a shared disk can be expanded only when available. Detach it first.`,
      });
    } else out.notes.push(`disk ${disk.id} is ${status}${disk.multiattach ? ' (shared)' : ''}: expandable`);
    return out;
  },
};

export const sizeGrows: Preflight = {
  needs: ['disk'],
  run(input) {
    const out = emptyOutcome();
    const newSize = input.args.new_size;
    const disk = input.reads.disk;
    if (typeof newSize !== 'number' || !disk) return out;
    const size = disk.size ?? 0;
    if (newSize <= size) {
      out.refusals.push({
        reason: 'size_not_larger',
        section: input.section,
        code: 'EVS.1015',
        message: `Refused: new_size ${newSize} GB is not larger than the disk's current ${size} GB; disks can only grow.`,
      });
    } else out.notes.push(`new size ${newSize} GB > current ${size} GB`);
    return out;
  },
};
