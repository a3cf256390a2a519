// The single description of an EVS operation. Tool registration, docs, coverage checks,
// guardrails and the tool list are all derived from these records.
import type { z } from 'zod';
import type { HttpMethod, Query } from '../evs-client/types.js';
import type { Toolset } from './toolsets.js';

export { TOOLSETS, type Toolset } from './toolsets.js';

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

/** Pre-flight checks the guardrail layer runs before a mutating request, on the results of the declared reads. */
export type PreflightCheck =
  | 'disk-deletable'
  | 'disk-extendable'
  | 'size-grows'
  | 'rollback-target'
  | 'snapshot-deletable'
  | 'snapshot-not-backup'
  | 'quota-create-disk'
  | 'quota-extend'
  | 'quota-snapshot'
  | 'tag-limit'
  | 'batch-rules'
  | 'transfer-eligible'
  | 'source-size'
  | 'disk-retypable'
  | 'quota-retype'
  | 'qos-supported'
  | 'batch-extendable'
  | 'quota-restore';

/**
 * What a declared read stands for; the guard knows how to label, describe and fingerprint each
 * (the disk, one snapshot, the disk's snapshots, the quota headroom, the disk's tags, a transfer).
 */
export type ReadName =
  | 'disk'
  | 'snapshot'
  | 'snapshots'
  | 'quota'
  | 'tags'
  | 'transfer'
  /** The disk-type catalogue (7.1.7) with the AZs each type is sold in. */
  | 'types'
  /** Several disks named by id (6.1.2 `ids`), all in one page. */
  | 'disks'
  /** A disk in the recycle bin (ShowVolumeInRecycle). */
  | 'binned'
  /** The recycle bin policy (ShowRecyclePolicy). */
  | 'policy';

/** A look-up the guard makes before the call: another record, run with arguments taken from this call's. */
export interface DeclaredRead {
  as: ReadName;
  /** The record to run, by its tool name (resolved through the registry; a test checks every one resolves). */
  op: string;
  /** That record's arguments, or undefined when this call does not involve it (e.g. no snapshot_id given). */
  args(args: Record<string, unknown>): Record<string, unknown> | undefined;
}

/** What the declared reads answered, by read name (the guard's shaped values, for a record to judge). */
export type ReadAnswers = Partial<Record<ReadName, unknown>>;

/**
 * Confirmation follows from `hints.destructive`. A record overrides it only with a reason:
 * `never` says why a destructive call loses nothing; `when` confirms for some argument values only
 * (narrowing a destructive call, or confirming a non-destructive one that hands something away);
 * `whenRead` confirms by what the declared reads found (a value the call would change or drop).
 */
export type ConfirmRule =
  | { never: string }
  | { when: (args: Record<string, unknown>) => boolean; why: string }
  | { whenRead: (args: Record<string, unknown>, reads: ReadAnswers) => boolean; why: string };

/** Facts a confirmation shows beyond each read's own description. */
export type PlanFact =
  /** The current value of each key the call removes (`keysArg` names one key or a list of keys). */
  | { kind: 'values-removed'; read: 'disk' | 'snapshot' | 'tags'; keysArg: string }
  /** Keys removed, changed and added when `arg` replaces the whole metadata of `read`. */
  | { kind: 'metadata-replaced'; read: 'disk' | 'snapshot'; arg: string }
  /** The disk's snapshots, and whether `cascadeArg` deletes them too. */
  | { kind: 'snapshots'; cascadeArg?: string }
  /** A new name the call gives, from `arg`. */
  | { kind: 'renames'; arg: string }
  /** Lines the record works out from the call and its reads' answers (e.g. what a purchase buys, for how long). */
  | {
      kind: 'computed';
      lines: (args: Record<string, unknown>, reads: Readonly<Record<string, unknown>>) => readonly string[];
    }
  /**
   * Each value the call sets beside the value `read` holds now (`old -> new`, or `new`): from the map in
   * `arg`, the one `keyArg`/`valueArg` pair, or the arguments named in `fields`.
   */
  | {
      kind: 'values-set';
      read: 'disk' | 'snapshot' | 'tags' | 'policy';
      arg?: string;
      keyArg?: string;
      valueArg?: string;
      fields?: readonly string[];
    };

/** What the person is told before confirming, in their terms. */
export interface PlanSpec {
  /** One sentence; `{disk}`, `{snapshot}`, `{transfer}` become the read's label, `{arg}` an argument. */
  summary: string;
  facts?: readonly PlanFact[];
  /** What is lost for good, in plain words. */
  lost?: readonly string[];
}

export interface GuardFlags {
  /** Look-ups the checks and the confirmation need; a mutating call fails closed when one fails. */
  reads?: readonly DeclaredRead[];
  confirm?: ConfirmRule;
  plan?: PlanSpec;
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

/**
 * The official API operation the tool calls, by the name Huawei's SDKs give it (e.g. `ListVolumes`),
 * or why it has none (a 2022 path the current SDK does not generate).
 */
export type OfficialOperation = string | { none: string };

/**
 * Filters EVS does not offer on this list: the engine applies them to the items of the pages it read
 * (and says so in the result), never sending them.
 */
export interface LocalFilters {
  /** The inputs that are local filters. */
  args: readonly string[];
  /** Whether a shaped item passes the local filters given in `args`. */
  keep(item: Record<string, unknown>, args: Record<string, unknown>): boolean;
}

/**
 * An argument that takes a disk's id or its name: a value that is not a UUID is looked up by name
 * through `op` (a read-only list record taking `name`), used only when exactly one disk has it.
 */
export interface NameRef {
  arg: string;
  op: string;
}

/** A tool that runs one record over an exact list of ids: same reads, checks and request per item. */
export interface BatchSpec {
  /** The single-item record (lazy: records refer to each other whatever the import order). */
  of: () => OperationSpec;
  /** The batch input holding the list of ids, and the single record's argument each one becomes. */
  idsArg: string;
  itemArg: string;
}

export interface OperationSpec<S extends z.ZodObject = z.ZodObject> {
  /** MCP tool name (snake_case). */
  tool: string;
  /** Section of the API Reference, e.g. `7.1.1`; for operations newer than it, the official operation name. */
  section: string;
  /** See OfficialOperation; test/evs/sdk-coverage.test.ts compares these with the SDK's operations. */
  operation: OfficialOperation;
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
  /** Set where the 2022 reference deprecates the path; `replacedBy` as for `supersededBy`. */
  deprecated?: { replacedBy: string };
  /**
   * On the cinder twins of a default tool: the phrase naming the default tool that serves the intent
   * (legacy records say it in `deprecated`); see replacementOf.
   */
  supersededBy?: string;
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
  /** Inputs the engine filters on itself (EVS has no such filter). */
  localFilters?: LocalFilters;
  /** Arguments that accept a disk name as well as an id. */
  names?: readonly NameRef[];
  /** Set on batch tools: the engine runs `of` per id, with one confirmation for the whole list. */
  batch?: BatchSpec;
}

/** Which default tool replaces an opt-in twin, in a phrase (cinder and legacy records), or undefined. */
export function replacementOf(spec: OperationSpec): string | undefined {
  return spec.supersededBy ?? spec.deprecated?.replacedBy;
}

/** The official operation name, or null where the SDK has none. */
export function operationName(spec: OperationSpec): string | null {
  return typeof spec.operation === 'string' ? spec.operation : null;
}

/** Identity helper that keeps the input type of each spec while collecting them in one array. */
export function defineOperation<S extends z.ZodObject>(spec: OperationSpec<S>): OperationSpec {
  return spec as unknown as OperationSpec;
}

/**
 * Whether this call needs the person's confirmation: from `hints.destructive` unless the record says why
 * not. A rule on the reads' answers confirms when it is not given them (it cannot tell: fail closed).
 */
export function needsConfirmation(
  spec: OperationSpec,
  args: Record<string, unknown>,
  reads?: ReadAnswers,
): boolean {
  const rule = spec.guard?.confirm;
  if (!rule) return spec.hints.destructive;
  if ('never' in rule) return false;
  if ('whenRead' in rule) return reads ? rule.whenRead(args, reads) : true;
  return rule.when(args);
}

/** Whether some call of this record can need confirmation (it then accepts `confirm_token`). */
export function mayNeedConfirmation(spec: OperationSpec): boolean {
  const rule = spec.guard?.confirm;
  if (!rule) return spec.hints.destructive;
  return !('never' in rule);
}
