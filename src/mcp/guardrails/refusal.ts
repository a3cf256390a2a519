// A guardrail's "no": a machine-readable reason plus the documented rule it stands for.
export interface Refusal {
  /** Short machine reason, e.g. `disk_not_deletable`; it becomes the audit verdict `refused:<reason>`. */
  reason: string;
  /** What is wrong and what to do instead. */
  message: string;
  /** Section of the API Reference the rule comes from. */
  section?: string;
  /** The EVS error code the server would answer with. */
  code?: string;
}

/** What a check found: notes for the result's `checks`, and refusals if the call must not go out. */
export interface CheckOutcome {
  notes: string[];
  refusals: Refusal[];
}

export const emptyOutcome = (): CheckOutcome => ({ notes: [], refusals: [] });

export function refusalText(r: Refusal): string {
  const cite = [r.section ? `section ${r.section}` : undefined, r.code].filter(Boolean).join(', ');
  return `${r.message}${cite ? ` (${cite})` : ''}`;
}
