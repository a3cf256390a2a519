// Merge updates (add or set keys, the others stay) ask only when they change a value that exists: the
// plan shows old -> new for each key, and adding new keys (or setting a key to its value) goes ahead.
import type { GuardFlags, ReadAnswers } from '../operation.js';
import { valuesSet, type ValuesSetFact } from '../values-set.js';

type MapRead = 'disk' | 'snapshot' | 'tags';

/** The map the call merges into, from the declared read's answer (undefined when it did not answer). */
function currentOf(read: MapRead, reads: ReadAnswers): Record<string, unknown> | undefined {
  const value = reads[read];
  if (value === undefined) return undefined;
  if (read === 'tags') return value as Record<string, unknown>;
  return (value as { metadata?: Record<string, unknown> | null }).metadata ?? {};
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Confirm and plan for a merge update of `fact.read`'s map, described by `fact`. */
export function mergeGuard(
  fact: ValuesSetFact & { read: MapRead },
  summary: string,
): Pick<GuardFlags, 'confirm' | 'plan'> {
  return {
    confirm: {
      whenRead: (args, reads) => {
        const current = currentOf(fact.read, reads);
        // No answer to judge by: ask (the guard refuses a failed read before this anyway).
        if (!current) return true;
        return Object.entries(valuesSet(fact, args)).some(([k, v]) => k in current && !same(current[k], v));
      },
      why: 'a merge update overwrites an existing value without a trace; adding new keys loses nothing',
    },
    plan: { summary, facts: [fact], lost: ['the old value of each key changed above'] },
  };
}
