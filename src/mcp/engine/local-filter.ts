// Filters a record declares EVS cannot apply: run on the items of the pages read, and said so.
import { z } from 'zod';
import type { OperationSpec } from '../../evs/operation.js';

export const localFilterSchema = z
  .object({
    applied: z.array(z.string()),
    scanned: z.number().int(),
    matched: z.number().int(),
  })
  .describe('Filters applied by this server to the pages read (EVS has none)');

/** Filters the shaped list in place and notes it; returns a line for the text, or undefined. */
export function applyLocalFilters(
  spec: OperationSpec,
  args: Record<string, unknown>,
  shaped: Record<string, unknown>,
): string | undefined {
  const f = spec.localFilters;
  const key = spec.pagination?.itemsKey;
  if (!f || !key) return undefined;
  const applied = f.args.filter((a) => args[a] !== undefined);
  const items = shaped[key];
  if (!applied.length || !Array.isArray(items)) return undefined;
  const kept = items.filter((i) => f.keep(i as Record<string, unknown>, args));
  shaped[key] = kept;
  shaped.local_filter = { applied, scanned: items.length, matched: kept.length };
  const more =
    shaped.next_marker !== undefined || shaped.truncated ? '; more pages exist (all_pages=true)' : '';
  return `Filtered here on ${applied.join(', ')} (EVS has no such filter): ${kept.length} of ${items.length} read${more}.`;
}

/** Arguments a record filters on itself: never part of the request. */
export function localFilterArgs(spec: OperationSpec): readonly string[] {
  return spec.localFilters?.args ?? [];
}
