// The plan an approver sees, rebuilt from fresh declared reads of the record (never the requester's
// copy): what is lost, sizes, attachments, snapshots, and the digest of that state, which the
// decision binds. A read that fails yields no plan, so nothing can be approved blind.
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../evs-client/types.js';
import { stateDigest } from '../mcp/guardrails/confirm-token.js';
import { buildPlan, type ConfirmationPlan } from '../mcp/guardrails/plan.js';
import { resolveReads, runReads } from '../mcp/guardrails/reads.js';
import type { ApprovalRequest } from './types.js';

export type FreshPlan = { plan: ConfirmationPlan; state: string } | { failed: string };

export function createReplanner(client: ApiClient, operations: readonly OperationSpec[]) {
  const find = resolveReads(operations);
  return async (request: ApprovalRequest): Promise<FreshPlan> => {
    const spec = find(request.tool);
    // A batch binds a state over all its items (guardrails/batch.ts); the page does not rebuild that.
    if (!spec || spec.batch) return { failed: `${request.tool} cannot be re-read here` };
    const reads = await runReads(spec, request.args, find, { client, signal: AbortSignal.timeout(15_000) });
    if (reads.failures.length)
      return {
        failed: reads.failures.map((f) => `${f.target}: ${f.notFound ? 'not found' : f.message}`).join('; '),
      };
    const state = Object.keys(reads.state).length ? stateDigest(reads.state) : '';
    return { plan: buildPlan(spec, request.args, reads, request.plan.request), state };
  };
}
