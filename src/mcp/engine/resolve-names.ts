// Disk names in place of ids: a value that is not a UUID is looked up by name through the list record
// the tool declares, and used only when exactly one disk has that name. The look-up is a read like the
// guard's: if it fails, the call is refused (fail closed), never guessed.
import type { NameRef, OperationSpec } from '../../evs/operation.js';
import type { FindRecord } from '../../evs/registry.js';
import { EvsError } from '../../evs-client/errors.js';
import type { ApiClient } from '../../evs-client/types.js';
import type { Refusal } from '../guardrails/refusal.js';
import { callRecord } from '../call/call-record.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Resolved {
  /** The arguments with every name replaced by its disk's id. */
  args: Record<string, unknown>;
  notes: string[];
  refusals: Refusal[];
}

interface Candidate {
  id: string;
  name?: string;
  status?: string;
  size?: number;
  created_at?: string;
}

/** Resolves one value; `what` names where it came from for the messages. */
export async function resolveDiskName(
  value: string,
  ref: Pick<NameRef, 'op'>,
  find: FindRecord,
  deps: { client: ApiClient; signal?: AbortSignal },
): Promise<{ id: string; note?: string } | { refusal: Refusal }> {
  if (UUID.test(value)) return { id: value };
  const record = find(ref.op);
  if (!record) throw new Error(`name look-up ${ref.op} is not a record`);
  let found: Candidate[];
  try {
    const { shaped } = await callRecord(record, { name: value, limit: 100 }, deps);
    found = ((shaped.volumes ?? []) as Candidate[]).filter((v) => v.name === value);
    if (shaped.next_marker !== undefined && found.length < 2)
      throw new Error('more disks have that name than one page shows');
  } catch (err) {
    if (deps.signal?.aborted) throw err;
    const status = err instanceof EvsError ? ` (HTTP ${err.status})` : '';
    return {
      refusal: {
        reason: 'check_failed',
        section: record.section,
        message: `Refused: could not look up the disk named "${value}"${status}: ${err instanceof Error ? err.message : String(err)}. Nothing is sent unless the name can be resolved; it needs IAM action(s) ${record.iamActions.join(', ')}. Pass the disk id instead, or try again.`,
      },
    };
  }
  if (found.length === 1) {
    const id = found[0]!.id;
    return { id, note: `disk name "${value}" is disk ${id} (looked up, ${record.section})` };
  }
  if (!found.length) {
    return {
      refusal: {
        reason: 'disk_not_found',
        section: record.section,
        message: `Refused: no disk is named "${value}" (and it is not a disk id). List disks with list_disks to find it.`,
      },
    };
  }
  const list = found
    .map((c) => `${c.id} (${c.status ?? '?'}, ${c.size ?? '?'} GB, created ${c.created_at ?? '?'})`)
    .join('; ');
  return {
    refusal: {
      reason: 'name_ambiguous',
      section: record.section,
      message: `Refused: ${found.length} disks are named "${value}": ${list}. Pass the id of the one you mean.`,
    },
  };
}

/** Resolves every name-accepting argument of the record (single values and lists of ids). */
export async function resolveNames(
  spec: OperationSpec,
  args: Record<string, unknown>,
  find: FindRecord,
  deps: { client: ApiClient; signal?: AbortSignal },
): Promise<Resolved> {
  const out: Resolved = { args: { ...args }, notes: [], refusals: [] };
  for (const ref of spec.names ?? []) {
    const v = args[ref.arg];
    const values = Array.isArray(v) ? v : [v];
    const ids: unknown[] = [];
    for (const one of values) {
      if (typeof one !== 'string') {
        ids.push(one);
        continue;
      }
      const r = await resolveDiskName(one, ref, find, deps);
      if ('refusal' in r) out.refusals.push(r.refusal);
      else {
        ids.push(r.id);
        if (r.note) out.notes.push(r.note);
      }
    }
    if (v !== undefined) out.args[ref.arg] = Array.isArray(v) ? ids : ids[0];
  }
  return out;
}
