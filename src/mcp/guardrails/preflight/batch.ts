// 6.1.1 batch rules: 1-100 disks (EVS.1021), exactly 1 from a backup (EVS.1051), batch names ≤250 bytes.
import { emptyOutcome } from '../refusal.js';
import type { Preflight } from './types.js';

export const MAX_BATCH = 100;
/** The server appends "-0000" to each name of a batch, and names hold 255 bytes. */
export const BATCH_NAME_BYTES = 250;

export const batchRules: Preflight = {
  needs: [],
  run(input) {
    const out = emptyOutcome();
    const count = input.args.count === undefined ? 1 : input.args.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_BATCH) {
      out.refusals.push({
        reason: 'batch_count',
        section: '6.1.1',
        code: 'EVS.1021',
        message: `Refused: count must be a whole number from 1 to ${MAX_BATCH}.`,
      });
      return out;
    }
    if (input.args.backup_id !== undefined && count !== 1) {
      out.refusals.push({
        reason: 'batch_from_backup',
        section: '6.1.1',
        code: 'EVS.1051',
        message: 'Refused: disks created from a backup cannot be batched; set count to 1.',
      });
    }
    const name = input.args.name;
    if (count > 1 && typeof name === 'string' && Buffer.byteLength(name, 'utf8') > BATCH_NAME_BYTES) {
      out.refusals.push({
        reason: 'batch_name_length',
        section: '6.1.1',
        message: `Refused: in a batch the name may hold at most ${BATCH_NAME_BYTES} bytes, since the server appends -0000 etc.`,
      });
    }
    if (!out.refusals.length)
      out.notes.push(
        count > 1
          ? `batch of ${count}: disks will be named ${String(name ?? 'volume')}-0001..`
          : 'single disk',
      );
    return out;
  },
};
