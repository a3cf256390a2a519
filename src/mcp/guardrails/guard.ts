// The guard seam: every tool call passes `check` before a request is sent and `after` once it is done.
// The full pipeline (confirmation, autobk refusal, pre-flight checks, audit, policy) implements Guard.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiRequest } from '../../evs-client/types.js';

/** Options the engine adds to every tool's documented inputs (see engine/engine-args.ts). */
export interface EngineArgs {
  wait?: boolean;
  all_pages?: boolean;
  dry_run?: boolean;
  confirm_token?: string;
}

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface GuardContext {
  spec: OperationSpec;
  /** The documented arguments (engine options split off). */
  args: Record<string, unknown>;
  engine: EngineArgs;
  /** The exact request that would be sent. */
  request: ApiRequest;
  /** The request as a person reads it: method, URL, body. */
  described: { method: string; url: string; body?: unknown };
  extra: ToolExtra;
}

export type GuardVerdict = { proceed: true; notes: string[] } | { proceed: false; result: CallToolResult };

export interface CallOutcome {
  ok: boolean;
  status?: number;
  requestId?: string;
  error?: unknown;
  /** The outcome of `wait`, when the call waited. */
  waited?: { settled: boolean; status: string };
}

export interface Guard {
  check(ctx: GuardContext): Promise<GuardVerdict>;
  /**
   * A batch tool: `batch` is the call as made (its request is the first item's), `items` one context
   * per item with the single record. `after` is then called once per item sent.
   */
  checkBatch?(batch: GuardContext, items: readonly GuardContext[]): Promise<GuardVerdict>;
  after?(ctx: GuardContext, outcome: CallOutcome): Promise<void>;
}
