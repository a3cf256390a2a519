// The values a call sets, by key, as a `values-set` plan fact names them: the one source the confirm
// rule of a merge update and the plan it shows both read.
import type { PlanFact } from './operation.js';

type Args = Record<string, unknown>;
export type ValuesSetFact = Extract<PlanFact, { kind: 'values-set' }>;

export function valuesSet(fact: ValuesSetFact, args: Args): Args {
  if (fact.arg) {
    const map = args[fact.arg];
    return map && typeof map === 'object' ? (map as Args) : {};
  }
  if (fact.keyArg && fact.valueArg) {
    const key = args[fact.keyArg];
    return typeof key === 'string' ? { [key]: args[fact.valueArg] } : {};
  }
  return Object.fromEntries(
    (fact.fields ?? []).filter((f) => args[f] !== undefined).map((f) => [f, args[f]]),
  );
}
