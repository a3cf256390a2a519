// The approval gate as the guard sees it: a port the guard calls and src/approvals implements, so the guard
// never imports the approvals folder (which builds on the guard's plans and reads).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GuardContext } from './guard.js';
import type { ConfirmationPlan } from './plan.js';

/** The shared store (Redis) could not be reached: confirmations and approvals fail closed. */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}

export interface ApprovalSubject {
  principal: string;
  requester: string;
  state: string;
}

export type ApprovalOutcome =
  | { go: true; note: string; id: string }
  /** Nobody could be shown the approval (no browser): the caller falls back to a token and says so. */
  | { go: false; fallback: string }
  | { go: false; verdict: `refused:${string}` | 'approval_required'; result: CallToolResult };

export interface ApprovalGate {
  confirm(
    ctx: GuardContext,
    plan: () => ConfirmationPlan,
    checks: string[],
    subject: ApprovalSubject,
  ): Promise<ApprovalOutcome>;
  /** True once a fallback to tokens happened (then a token is accepted, as in mode `on`). */
  tokensAllowed(): boolean;
}
