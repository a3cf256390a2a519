// Snapshots named autobk_snapshot_* belong to the backup service (6.2.1, 7.3.1, 7.3.3): never touch
// them, and never create or rename a snapshot into that namespace.
import type { GuardFlags } from '../../evs/operation.js';
import type { Lookups } from './lookups.js';
import { emptyOutcome, type CheckOutcome } from './refusal.js';

export const AUTOBK_PREFIX = 'autobk_snapshot_';

const INSTEAD = 'Manage it through the backup service (CBR) instead: its backups own these snapshots.';

/** Reads a dotted argument path such as `snapshot.name`. */
export function argAt(args: Record<string, unknown>, path: string): unknown {
  let cur: unknown = args;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export async function checkAutobk(
  flags: GuardFlags,
  args: Record<string, unknown>,
  lookups: Lookups,
): Promise<CheckOutcome> {
  const out = emptyOutcome();
  if (flags.autobkNameArg) {
    const name = argAt(args, flags.autobkNameArg);
    if (typeof name === 'string' && name.startsWith(AUTOBK_PREFIX)) {
      out.refusals.push({
        reason: 'autobk_name',
        section: '7.3.1, 7.3.3',
        message: `Refused: snapshot names starting with "${AUTOBK_PREFIX}" are reserved for snapshots the backup service creates. Choose another name.`,
      });
    }
  }
  if (flags.autobkSnapshotArg) {
    const id = argAt(args, flags.autobkSnapshotArg);
    if (typeof id === 'string') {
      const found = await lookups.snapshot(id);
      if (!found.ok) {
        out.refusals.push(
          found.notFound
            ? {
                reason: 'snapshot_not_found',
                code: 'EVS.5404',
                section: '7.3.6',
                message: `Refused: snapshot ${id} does not exist in this project.`,
              }
            : {
                reason: 'autobk_unverified',
                section: '7.3.6',
                message: `Refused: could not look up snapshot ${id} to make sure it is not a backup snapshot (${found.message}). It needs evs:snapshots:get; try again.`,
              },
        );
      } else if (found.value.name.startsWith(AUTOBK_PREFIX)) {
        out.refusals.push({
          reason: 'autobk_snapshot',
          section: '6.2.1, 7.3.3',
          message: `Refused: snapshot ${id} ("${found.value.name}") was created by the backup service for a backup; rolling back from it, deleting it, updating it or changing its metadata would break that backup. ${INSTEAD}`,
        });
      } else out.notes.push(`snapshot ${id} is not a backup (autobk) snapshot`);
    }
  }
  return out;
}
