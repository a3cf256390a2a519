// The minimal guard: dry runs answer with the request instead of sending it. The full guardrail
// pipeline replaces it in the server; tests that list tools without a guardrail pipeline use this one.
import type { Guard } from '../../src/mcp/guardrails/guard.js';
import { okResult } from '../../src/mcp/results.js';

export const basicGuard: Guard = {
  async check(ctx) {
    if (ctx.engine.dry_run && !ctx.spec.hints.readOnly) {
      const structured = {
        dry_run: true,
        tool: ctx.spec.tool,
        request: ctx.described,
        checks: [] as string[],
      };
      return {
        proceed: false,
        result: okResult(structured, `Dry run, nothing sent: ${JSON.stringify(structured)}`),
      };
    }
    return { proceed: true, notes: [] };
  },
};
