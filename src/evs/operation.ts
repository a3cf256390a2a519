// The single description of an EVS operation. Tool registration, docs, coverage checks,
// guardrails and the tool list are all derived from these records.
import type { z } from 'zod';
import type { HttpMethod, Query } from '../http/types.js';

export type Toolset =
  'disks' | 'snapshots' | 'tags' | 'metadata' | 'transfers' | 'catalog' | 'jobs' | 'legacy';

export const TOOLSETS: readonly Toolset[] = [
  'disks',
  'snapshots',
  'tags',
  'metadata',
  'transfers',
  'catalog',
  'jobs',
  'legacy',
];

/** MCP tool annotations, every one set deliberately. */
export interface ToolHints {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
  openWorld: boolean;
}

/** The record `wait` polls, and the argument that carries the polled id (a reference, not a section string). */
export interface PollRef {
  /** Lazy, so records in different files can refer to each other whatever the import order. */
  spec: () => OperationSpec;
  /** The polled record's argument that receives the job or resource id. */
  arg: string;
}

/** How an asynchronous operation settles, so `wait` can poll it. */
export type AsyncBehaviour =
  /** The response carries `job_id`; poll 8.1.1 until SUCCESS or FAIL. */
  | { kind: 'job'; poll: PollRef }
  /** 202 with no job: poll the resource until its status leaves the transitional ones. */
  | {
      kind: 'status';
      resource: 'volume' | 'snapshot';
      poll: PollRef;
      /** Where the resource id comes from: an argument name, or a dotted path in the response body. */
      id: { from: 'args'; key: string } | { from: 'response'; path: string };
      /** Statuses that mean "still working". */
      transitional: readonly string[];
      /** Statuses that mean it failed. */
      failed: readonly string[];
      /** For deletions: only a 404 means done; any other settled status means the delete did not happen. */
      goneMeansDone?: boolean;
    };

/** Pre-flight checks the guardrail layer runs before a mutating request (issue: guardrails). */
export type PreflightCheck =
  | 'disk-deletable'
  | 'disk-extendable'
  | 'size-grows'
  | 'rollback-target'
  | 'snapshot-deletable'
  | 'quota-create-disk'
  | 'quota-extend'
  | 'quota-snapshot'
  | 'tag-limit'
  | 'batch-rules'
  | 'transfer-eligible'
  | 'source-size';

export interface GuardFlags {
  /** Deletes, rollbacks and replace-all updates: the person confirms first. */
  confirm?: boolean;
  /** Confirmation only for some argument values (e.g. `force` on an in-use disk). */
  confirmWhen?: (args: Record<string, unknown>) => boolean;
  /** Argument naming an existing snapshot that must not be an `autobk_snapshot_*` one. */
  autobkSnapshotArg?: string;
  /** Dotted argument path carrying a new snapshot name that must not start with `autobk_snapshot_`. */
  autobkNameArg?: string;
  preflight?: readonly PreflightCheck[];
}

/** What `request()` gets besides the arguments: the configured project (for defaults such as 7.1.9's target). */
export interface RequestContext {
  projectId: string;
}

/** The HTTP request an operation makes from validated tool arguments. */
export interface RequestParts {
  /**
   * Values for the `{placeholders}` of the path other than `{project_id}`: raw, each one whole path segment (the
   * engine encodes them and refuses values that would change the path). Nothing inside a value is substituted.
   */
  pathParams?: Record<string, string>;
  query?: Query;
  body?: unknown;
}

/** How the response is shown to a model. */
export interface OutputSpec {
  /** zod object describing `structuredContent` (becomes the tool's outputSchema). */
  schema?: z.ZodObject;
  /** Compact structured result from the response body and the arguments. */
  shape(body: unknown, args: Record<string, unknown>): Record<string, unknown>;
  /** One- or few-line text rendering of the shaped result. Defaults to compact JSON. */
  text?(shaped: Record<string, unknown>): string;
}

/** Marker/offset pagination, for the engine's opt-in auto-pagination. */
export interface PaginationSpec {
  /** Key of the array in the response body, e.g. `volumes`. */
  itemsKey: string;
  style: 'marker' | 'offset';
  /** Key of the `*_links` array carrying the `next` link, when documented. */
  linksKey?: string;
}

export interface OperationSpec<S extends z.ZodObject = z.ZodObject> {
  /** MCP tool name (snake_case). */
  tool: string;
  /** Section of the API Reference, e.g. `7.1.1`. */
  section: string;
  /** Short human title (annotations.title). */
  title: string;
  /** Model-facing description: short and exact; constraints live in the schema. */
  description: string;
  method: HttpMethod;
  /** Documented path, e.g. `/v2/{project_id}/volumes/{volume_id}`. */
  path: string;
  /** For /action endpoints: the body's action key (e.g. `os-extend`) or the tag `action` value. */
  action?: string;
  /** Documented success status codes. */
  successStatus: readonly number[];
  toolset: Toolset;
  deprecated?: { replacedBy: string };
  /** IAM actions the call needs (permission tables). */
  iamActions: readonly string[];
  hints: ToolHints;
  /** The documented inputs only; the engine adds `wait`, `dry_run`, `confirm_token`, auto-pagination. */
  input: S;
  request(args: z.infer<S>, ctx: RequestContext): RequestParts;
  output?: OutputSpec;
  async?: AsyncBehaviour;
  pagination?: PaginationSpec;
  guard?: GuardFlags;
}

/** Identity helper that keeps the input type of each spec while collecting them in one array. */
export function defineOperation<S extends z.ZodObject>(spec: OperationSpec<S>): OperationSpec {
  return spec as unknown as OperationSpec;
}
