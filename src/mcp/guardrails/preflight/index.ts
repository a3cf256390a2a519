// The table from PreflightCheck ids (on the operation records) to the checks that run them.
import type { PreflightCheck } from '../../../evs/operation.js';
import { emptyOutcome, type CheckOutcome } from '../refusal.js';
import { batchRules } from './batch.js';
import { batchExtendable, diskRetypable, qosSupported } from './current-api.js';
import { diskDeletable, diskExtendable, sizeGrows } from './disk-state.js';
import { quotaCreateDisk, quotaExtend, quotaRestore, quotaRetype, quotaSnapshot } from './quota.js';
import { rollbackTarget, snapshotDeletable, snapshotNotBackup } from './snapshot-state.js';
import { sourceSize } from './source-size.js';
import { tagLimit } from './tags.js';
import { transferEligible } from './transfer.js';
import type { Preflight, PreflightInput } from './types.js';

export const PREFLIGHT_CHECKS: Record<PreflightCheck, Preflight> = {
  'disk-deletable': diskDeletable,
  'disk-extendable': diskExtendable,
  'size-grows': sizeGrows,
  'rollback-target': rollbackTarget,
  'snapshot-deletable': snapshotDeletable,
  'snapshot-not-backup': snapshotNotBackup,
  'quota-create-disk': quotaCreateDisk,
  'quota-extend': quotaExtend,
  'quota-snapshot': quotaSnapshot,
  'tag-limit': tagLimit,
  'batch-rules': batchRules,
  'transfer-eligible': transferEligible,
  'source-size': sourceSize,
  'disk-retypable': diskRetypable,
  'quota-retype': quotaRetype,
  'qos-supported': qosSupported,
  'batch-extendable': batchExtendable,
  'quota-restore': quotaRestore,
};

/** Runs every listed check on the answers of the declared reads and merges what they found. */
export function runPreflight(ids: readonly PreflightCheck[], input: PreflightInput): CheckOutcome {
  const all = emptyOutcome();
  for (const id of ids) {
    const r = PREFLIGHT_CHECKS[id].run(input);
    all.notes.push(...r.notes);
    all.refusals.push(...r.refusals);
  }
  return all;
}

export type { PreflightInput } from './types.js';
