// Snapshots named autobk_snapshot_* belong to the backup service (6.2.1, 7.3.1, 7.3.3): never create
// or rename a snapshot into that namespace. (Existing ones are refused by the snapshot-not-backup check.)
import type { GuardFlags } from '../../evs/operation.js';
import { emptyOutcome, type CheckOutcome } from './refusal.js';

export const AUTOBK_PREFIX = 'autobk_snapshot_';

/** Reads a dotted argument path such as `snapshot.name`. */
export function argAt(args: Record<string, unknown>, path: string): unknown {
  let cur: unknown = args;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function checkAutobkName(flags: GuardFlags, args: Record<string, unknown>): CheckOutcome {
  const out = emptyOutcome();
  if (!flags.autobkNameArg) return out;
  const name = argAt(args, flags.autobkNameArg);
  if (typeof name === 'string' && name.startsWith(AUTOBK_PREFIX)) {
    out.refusals.push({
      reason: 'autobk_name',
      section: '7.3.1, 7.3.3',
      message: `Refused: snapshot names starting with "${AUTOBK_PREFIX}" are reserved for snapshots the backup service creates. Choose another name.`,
    });
  }
  return out;
}
