// The telemetry seam: the engine, the guard, the HTTP client and the transports call these few hooks.
// The default does nothing and loads nothing; metrics and traces install a live one at start when configured.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** How a confirmation was given; `approval` is reserved for approvals granted outside the call. */
export type ConfirmedBy = 'elicitation' | 'token' | 'approval';

/** What a tool call is, from its record: never an argument value. */
export interface CallInfo {
  tool: string;
  /** The official operation name, or the record's section where the SDK has none. */
  operation: string;
  /** W3C trace context the client sent: `_meta.traceparent`, else the HTTP `traceparent` header. */
  traceparent?: string;
  tracestate?: string;
}

/** The end of one EVS request (all its attempts). */
export interface RequestEnd {
  status?: number;
  requestId?: string;
  /** Attempts after the first. */
  retries: number;
  /** Transport failure kind when no status came back (network, timeout, aborted, auth). */
  error?: string;
}

export interface RequestScope {
  end(result: RequestEnd): void;
}

/** How a wait ended. */
export type WaitEnd = 'settled' | 'failed' | 'budget_exhausted' | 'poll_error';

export interface Telemetry {
  readonly enabled: boolean;
  /** Runs one tool call in its own scope (a span, a row of metrics). */
  call(info: CallInfo, run: () => Promise<CallToolResult>): Promise<CallToolResult>;
  /** The current call's confirmation was given. */
  confirmed(by: ConfirmedBy): void;
  /** One declared read of the guard. */
  read<T>(as: string, tool: string, run: () => Promise<T>): Promise<T>;
  /** One declared read that did not answer: the thing is not there, or it could not be read. */
  readFailed(as: string, why: 'not_found' | 'failed'): void;
  /** One EVS request by its method and the documented section of its record. */
  request(method: string, section: string | undefined): RequestScope;
  /** One poll of a wait. */
  poll<T>(run: () => Promise<T>): Promise<T>;
  /** A wait ended. */
  waited(end: WaitEnd, ms: number): void;
  /** The HTTP transport's rate limit turned a request away. */
  rateLimited(): void;
  /** The HTTP transport answered a request. */
  httpResponse(route: string, status: number): void;
  /** Per-caller identity (another branch): an STS assume, or a cached credential reused. */
  credential(how: 'sts_assume' | 'cache_hit'): void;
  /** Trace id of the current call, when tracing. */
  traceId(): string | undefined;
}

const noScope: RequestScope = { end() {} };

export const NOOP_TELEMETRY: Telemetry = {
  enabled: false,
  call: (_info, run) => run(),
  confirmed() {},
  read: (_as, _tool, run) => run(),
  readFailed() {},
  request: () => noScope,
  poll: (run) => run(),
  waited() {},
  rateLimited() {},
  httpResponse() {},
  credential() {},
  traceId: () => undefined,
};

let current: Telemetry = NOOP_TELEMETRY;

/** The process's telemetry (the no-op one unless metrics or traces were configured). */
export function telemetry(): Telemetry {
  return current;
}

/** Installs the live telemetry (once, at start); tests restore the no-op one with no argument. */
export function installTelemetry(t: Telemetry = NOOP_TELEMETRY): void {
  current = t;
}
