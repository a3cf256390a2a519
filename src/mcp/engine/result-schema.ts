// What a tool's structuredContent can be, derived from its record: the operation's result with what
// the engine adds (pages, truncation, wait outcome, checks), or an outcome that is not the operation's
// result (dry run, refusal, confirmation request, declined confirmation, error). tools/list publishes
// exactly this, and the engine checks every result against it before it leaves the server.
import { z } from 'zod';
import type { OperationSpec } from '../../evs/operation.js';
import { waitSchema } from '../../evs/schemas/wait.js';
import { localFilterSchema } from './local-filter.js';

// Declared beside the records (batch records use it); re-exported for the engine's users.
export { waitSchema };

const pagingFields = {
  pages: z.number().int().optional().describe('Pages read by all_pages'),
  truncated: z.boolean().optional().describe('all_pages stopped at its cap'),
  next: z
    .object({ marker: z.string().optional(), offset: z.number().int().optional() })
    .optional()
    .describe('Where to continue after a truncated all_pages'),
};

// Built once per record: zod compiles a schema on its first parse, so a fresh one per call costs ~0.1 ms.
const built = new WeakMap<OperationSpec, z.ZodObject>();

/** The operation's own result plus the engine's additions that apply to this tool. */
export function resultSchema(spec: OperationSpec): z.ZodObject {
  let schema = built.get(spec);
  if (!schema) built.set(spec, (schema = buildResultSchema(spec)));
  return schema;
}

function buildResultSchema(spec: OperationSpec): z.ZodObject {
  const base = spec.output?.schema ?? z.looseObject({});
  const extra: Record<string, z.ZodType> = {};
  if (spec.pagination) Object.assign(extra, pagingFields);
  if (spec.async || spec.batch?.of().async) extra.wait = waitSchema.optional();
  if (spec.localFilters) extra.local_filter = localFilterSchema.optional();
  if (!spec.hints.readOnly)
    extra.checks = z.array(z.string()).optional().describe('Pre-flight look-ups made');
  return Object.keys(extra).length ? base.safeExtend(extra) : base;
}

/** Keys of which an outcome that is not the operation's result has at least one. */
export const OUTCOME_MARKERS = ['dry_run', 'refused', 'confirmation_required', 'declined', 'error'] as const;

const errorSchema = z.looseObject({
  message: z.string(),
  kind: z.string().optional(),
  code: z.string().optional().describe('EVS error code'),
  status: z.number().int().optional(),
  hint: z.string().optional().describe('How to fix it'),
  requestId: z.string().optional(),
  iamActions: z.array(z.string()).optional(),
  section: z.string().optional(),
});

/** Not the operation's result: open, because each guardrail says what it checked in its own words. */
export const outcomeSchema = z
  .looseObject({
    dry_run: z.literal(true).optional().describe('Nothing was sent; request shows what would be'),
    refused: z.literal(true).optional().describe('A guardrail refused; nothing was sent'),
    confirmation_required: z
      .literal(true)
      .optional()
      .describe('Call again with the same arguments plus confirm_token once the person agrees'),
    declined: z.literal(true).optional().describe('The person did not confirm; nothing was sent'),
    error: errorSchema.optional(),
    tool: z.string().optional(),
    reason: z.string().optional(),
    verdict: z.string().optional(),
    confirm_token: z.string().optional(),
    expires_at: z.string().optional(),
  })
  .refine((o) => OUTCOME_MARKERS.some((k) => o[k] !== undefined), {
    message: `one of ${OUTCOME_MARKERS.join(', ')}`,
  });

/**
 * The outcomes a call of this tool can end in besides its result: a read-only tool is never dry-run nor
 * confirmed (the guards pass reads through), so it only refuses or fails.
 */
export function outcomeMarkersOf(spec: OperationSpec): readonly (typeof OUTCOME_MARKERS)[number][] {
  return spec.hints.readOnly ? ['refused', 'error'] : OUTCOME_MARKERS;
}

/** Everything a call of this tool may put in structuredContent. */
export function structuredSchema(spec: OperationSpec): z.ZodType {
  const markers = outcomeMarkersOf(spec);
  const outcome = outcomeSchema.refine((o) => markers.some((k) => o[k] !== undefined), {
    message: `one of ${markers.join(', ')}`,
  });
  return z.union([resultSchema(spec), outcome]);
}
