// Creating from a snapshot (6.1.1, 7.1.1): the size must be at least the snapshot's, and the snapshot usable.
// Image min_disk and backup sizes live in other services (IMS, CBR), so only the snapshot is checked here.
import { emptyOutcome } from '../refusal.js';
import type { Preflight } from './types.js';

export const sourceSize: Preflight = {
  needs: ['snapshot'],
  run(input) {
    const out = emptyOutcome();
    const snap = input.reads.snapshot;
    if (!snap) return out;
    const size = input.args.size;
    const snapSize = snap.size ?? 0;
    if (snap.status !== 'available') {
      out.refusals.push({
        reason: 'snapshot_not_available',
        section: input.section,
        message: `Refused: snapshot ${snap.id} is ${snap.status}; disks can be created only from an available snapshot.`,
      });
    }
    if (typeof size === 'number' && size < snapSize) {
      out.refusals.push({
        reason: 'size_below_source',
        section: input.section,
        message: `Refused: size ${size} GB is smaller than snapshot ${snap.id} (${snapSize} GB); use size ≥ ${snapSize}.`,
      });
    } else out.notes.push(`snapshot ${snap.id} is ${snapSize} GB: size ${String(size)} GB is enough`);
    return out;
  },
};
