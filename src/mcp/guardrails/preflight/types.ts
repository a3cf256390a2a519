// What every pre-flight check receives and returns.
import type { Found, Lookups } from '../lookups.js';
import type { CheckOutcome } from '../refusal.js';

export interface PreflightInput {
  tool: string;
  section: string;
  args: Record<string, unknown>;
  lookups: Lookups;
}

export type PreflightFn = (input: PreflightInput) => Promise<CheckOutcome>;

export const idArg = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === 'string' ? (args[key] as string) : undefined;

/**
 * The value a look-up found, or undefined after recording why: a refusal when the resource does not
 * exist (nothing would be sent for it), a note when it could not be looked up (the check is skipped).
 */
export function foundOrExplain<T>(
  found: Found<T>,
  out: CheckOutcome,
  what: { kind: 'disk' | 'snapshot'; id: string; section: string; check: string; code?: string },
): T | undefined {
  if (found.ok) return found.value;
  if (found.notFound) {
    out.refusals.push({
      reason: `${what.kind}_not_found`,
      section: what.section,
      ...(what.code ? { code: what.code } : {}),
      message: `Refused: ${what.kind} ${what.id} does not exist in this project.`,
    });
  } else out.notes.push(`${what.check} check skipped: the ${what.kind} could not be looked up`);
  return undefined;
}
