// Arguments the engine adds to an operation's documented inputs, and how to split them off again.
import { z } from 'zod';
import { mayNeedConfirmation, type OperationSpec } from '../../evs/operation.js';

export const ENGINE_ARG_NAMES = ['wait', 'all_pages', 'dry_run', 'confirm_token'] as const;

// Declared with the guard, which reads dry_run and confirm_token; the engine owns the rest.
import type { EngineArgs } from '../guardrails/guard.js';
export type { EngineArgs };

// Every tool that takes them repeats them in tools/list, so none is described there: the names say
// what they do, the server instructions say once how wait polls and when it gives up, and a
// confirmation_required result says how to send its confirm_token.
const wait = z.boolean().optional();
const allPages = z.boolean().optional();
const dryRun = z.boolean().optional();
const confirmToken = z.string().max(2048).optional();

/** The tool's full input schema: the documented inputs plus the engine's options that apply. */
export function toolInputSchema(spec: OperationSpec): z.ZodObject {
  const extra: Record<string, z.ZodType> = {};
  if (spec.async || spec.batch?.of().async) extra.wait = wait;
  if (spec.pagination) extra.all_pages = allPages;
  if (!spec.hints.readOnly) extra.dry_run = dryRun;
  if (mayNeedConfirmation(spec)) extra.confirm_token = confirmToken;
  return Object.keys(extra).length ? spec.input.safeExtend(extra) : spec.input;
}

/** Splits validated tool arguments into the documented ones and the engine's. */
export function splitArgs(all: Record<string, unknown>): {
  args: Record<string, unknown>;
  engine: EngineArgs;
} {
  const args: Record<string, unknown> = {};
  const engine: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if ((ENGINE_ARG_NAMES as readonly string[]).includes(k)) engine[k] = v;
    else args[k] = v;
  }
  return { args, engine: engine as EngineArgs };
}
