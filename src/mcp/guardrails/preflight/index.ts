// The table from PreflightCheck ids (on the operation records) to the functions that run them.
import type { PreflightCheck } from '../../../evs/operation.js';
import { batchRules } from './batch.js';
import { diskDeletable, diskExtendable, sizeGrows } from './disk-state.js';
import { quotaCreateDisk, quotaExtend, quotaSnapshot } from './quota.js';
import { rollbackTarget, snapshotDeletable } from './snapshot-state.js';
import { sourceSize } from './source-size.js';
import { tagLimit } from './tags.js';
import { transferEligible } from './transfer.js';
import type { PreflightFn, PreflightInput } from './types.js';
import { emptyOutcome, type CheckOutcome } from '../refusal.js';

export const PREFLIGHT_CHECKS: Record<PreflightCheck, PreflightFn> = {
  'disk-deletable': diskDeletable,
  'disk-extendable': diskExtendable,
  'size-grows': sizeGrows,
  'rollback-target': rollbackTarget,
  'snapshot-deletable': snapshotDeletable,
  'quota-create-disk': quotaCreateDisk,
  'quota-extend': quotaExtend,
  'quota-snapshot': quotaSnapshot,
  'tag-limit': tagLimit,
  'batch-rules': batchRules,
  'transfer-eligible': transferEligible,
  'source-size': sourceSize,
};

/** Runs every listed check (look-ups are shared and cached) and merges what they found. */
export async function runPreflight(
  ids: readonly PreflightCheck[],
  input: PreflightInput,
): Promise<CheckOutcome> {
  const all = emptyOutcome();
  for (const id of ids) {
    const r = await PREFLIGHT_CHECKS[id](input);
    all.notes.push(...r.notes);
    all.refusals.push(...r.refusals);
  }
  return all;
}

export type { PreflightInput } from './types.js';
