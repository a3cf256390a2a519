// What an approval is: one call (tool, arguments, principal) waiting for a person's decision, bound to
// the state of its target as the plan showed it. Held in a store all replicas share.
import type { ConfirmationPlan } from '../mcp/guardrails/plan.js';

export type ApprovalStatus = 'pending' | 'approved' | 'declined' | 'used' | 'stale';

export interface ApprovalRequest {
  id: string;
  /** sha256 of tool, canonical arguments and principal: the repeated call finds its approval by it. */
  call: string;
  tool: string;
  section: string;
  /** Documented arguments, secrets redacted: what the page shows and re-reads the target with. */
  args: Record<string, unknown>;
  /** The plan as the requester's call saw it (the page rebuilds its own from fresh reads). */
  plan: ConfirmationPlan;
  /** The token subject who asked (`local` on stdio), and the client it came through. */
  requester: string;
  principal: string;
  client: string;
  /** Digest of the target's state when asked. */
  state: string;
  createdAt: number;
  expiresAt: number;
}

export interface ApprovalDecision {
  by: string;
  at: number;
  /** Digest of the state the approver saw; the call runs only on that state. */
  state: string;
}

export interface ApprovalRecord {
  request: ApprovalRequest;
  status: ApprovalStatus;
  decision?: ApprovalDecision;
}

/** The store could not be reached or answered garbage: whatever depends on it refuses. */
export { StoreUnavailable } from '../mcp/guardrails/approval-gate.js';

export interface RateCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

export interface SharedStore {
  /** Saves a new pending approval and points its call at it; `keepMs` bounds how long Redis keeps it. */
  create(request: ApprovalRequest, keepMs: number): Promise<void>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** The approval a call points at, if any. */
  findByCall(call: string): Promise<ApprovalRecord | undefined>;
  /** Forgets the call's pointer (the next call asks afresh). */
  forgetCall(call: string, id: string): Promise<void>;
  /** Atomically moves `from` -> `to` (with a decision when given); false if it was not in `from`. */
  transition(
    id: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    decision?: ApprovalDecision,
  ): Promise<boolean>;
  /** True the first time a key is used within `ttlMs`, false after (single-use tokens). */
  useOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Counts one request for `key` in the current one-minute window, service-wide. */
  count(key: string, windowMs: number): Promise<RateCount>;
  /** Short-lived values for the page's login (state, PKCE verifier, sessions). */
  putValue(key: string, value: string, ttlMs: number): Promise<void>;
  /** Reads and, with `take`, deletes in the same step (one-time values). */
  getValue(key: string, take?: boolean): Promise<string | undefined>;
  /** Why the store cannot be used now, or undefined when it answers. */
  problem(): Promise<string | undefined>;
  close(): Promise<void>;
}
