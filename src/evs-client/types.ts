// Contracts of the signed HTTP layer, shared by the client, the auth providers and their callers.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A query value; arrays become repeated keys, undefined/null are omitted. */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
export type Query = Record<string, QueryValue>;

/** One EVS (or IAM) request as the operation layer describes it. */
export interface ApiRequest {
  method: HttpMethod;
  /** Absolute path with every parameter already substituted and percent-encoded, e.g. `/v2/abc/volumes/x`. */
  path: string;
  query?: Query;
  /** JSON-serialisable body; serialised once, and those exact bytes are signed and sent. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The MCP request's signal: aborting it aborts the HTTP call. */
  signal?: AbortSignal;
  /** Per-call budget in ms for all attempts together (defaults to the client's request timeout). */
  timeoutMs?: number;
  /** For error hints: the documented section and the IAM actions it needs. */
  operation?: { section: string; iamActions: readonly string[]; successStatus?: readonly number[] };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** The request id the server returned (X-Request-Id / X-Openstack-Request-Id), if any. */
  requestId?: string;
}

/** What the operation layer needs from an HTTP client; the real one is `EvsHttpClient`. */
export interface ApiClient {
  readonly projectId: string;
  readonly endpoint: string;
  request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** A request about to be sent, fully serialised: what signers and auth providers see. */
export interface PreparedRequest {
  method: HttpMethod;
  url: URL;
  /** Header names as they will be sent. */
  headers: Record<string, string>;
  /** Exact body bytes (empty string when there is no body). */
  body: string;
}

/** Adds authentication to a prepared request. Implementations: AK/SK, static token, IAM password. */
export interface AuthProvider {
  /** Short, secret-free description of who is calling (for logs and the audit trail). */
  readonly principal: string;
  /** Returns the headers to send (the input headers plus auth headers). May fetch a token. */
  authorize(req: PreparedRequest, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Called once after a 401; token providers drop their cache and return true when a retry can help. */
  invalidate?(): Promise<boolean> | boolean;
  /** Every secret this provider holds, so loggers and error messages can scrub them. */
  secrets(): string[];
}
