// Transfer preconditions (7.4.1): only an available disk, not a system disk, with no snapshots.
import { emptyOutcome } from '../refusal.js';
import type { Preflight } from './types.js';

export const transferEligible: Preflight = {
  needs: ['disk', 'snapshots'],
  run(input) {
    const out = emptyOutcome();
    const disk = input.reads.disk;
    if (!disk) return out;
    const refuse = (message: string) =>
      out.refusals.push({
        reason: 'disk_not_transferable',
        section: input.section,
        message: `Refused: ${message}`,
      });
    if (disk.status !== 'available') {
      refuse(
        `disk ${disk.id} is ${disk.status}; a transfer can be created only for an available disk (7.4.1).`,
      );
    }
    if (disk.bootable === true) {
      refuse(`disk ${disk.id} is a system (bootable) disk; system disks cannot be transferred (7.4.1).`);
    }
    const snaps = input.reads.snapshots;
    if (snaps && snaps.length > 0) {
      refuse(
        `disk ${disk.id} has ${snaps.length} snapshot(s); delete them first, disks with snapshots cannot be transferred (7.4.1).`,
      );
    } else if (snaps) out.notes.push(`disk ${disk.id} has no snapshots`);
    return out;
  },
};
