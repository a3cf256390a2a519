// Creating from a snapshot (6.1.1, 7.1.1): the size must be at least the snapshot's, and the snapshot usable.
// Image min_disk and backup sizes live in other services (IMS, CBR), so only the snapshot is checked here.
import { emptyOutcome } from '../refusal.js';
import { foundOrExplain, idArg, type PreflightFn } from './types.js';

export const sourceSize: PreflightFn = async (input) => {
  const out = emptyOutcome();
  const id = idArg(input.args, 'snapshot_id');
  if (!id) return out;
  const snap = foundOrExplain(await input.lookups.snapshot(id), out, {
    kind: 'snapshot',
    id,
    section: input.section,
    check: 'source-size',
  });
  if (!snap) return out;
  const size = input.args.size;
  if (snap.status !== 'available') {
    out.refusals.push({
      reason: 'snapshot_not_available',
      section: input.section,
      message: `Refused: snapshot ${snap.id} is ${snap.status}; disks can be created only from an available snapshot.`,
    });
  }
  if (typeof size === 'number' && size < snap.size) {
    out.refusals.push({
      reason: 'size_below_source',
      section: input.section,
      message: `Refused: size ${size} GB is smaller than snapshot ${snap.id} (${snap.size} GB); use size ≥ ${snap.size}.`,
    });
  } else out.notes.push(`snapshot ${snap.id} is ${snap.size} GB: size ${String(size)} GB is enough`);
  return out;
};
