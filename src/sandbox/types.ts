// Public contract of the sandbox and the shapes of its persisted state.
import type { Logger } from 'pino';
import type { Clock } from './clock.js';

export type DelayKind = 'create' | 'extend' | 'delete' | 'rollback' | 'upload' | 'snapshot' | 'job';
export type Delays = Record<DelayKind, number>;

export interface SandboxOptions {
  host?: string;
  port?: number;
  stateFile?: string;
  seedDemoData?: boolean;
  delays?: Partial<Delays>;
  region?: string;
  logger?: Logger;
  faults?: FaultRule[];
  tokenTtlSeconds?: number;
  /** Where time comes from: the real clock (default), `'manual'` (starts now, moves only when advanced) or your own. */
  clock?: Clock | 'manual';
  /** More simulated regions, each a project of the main account on its own endpoint (default none). */
  regions?: string[];
  /** How many of the latest requests the request log keeps (default 10,000). */
  requestLogCapacity?: number;
  /**
   * Finished jobs (with their sub-jobs) kept for 8.1.1 queries: at least this many job records, the
   * newest; older finished ones are forgotten (default 10,000). Unfinished jobs are always kept.
   */
  finishedJobsKept?: number;
}

/** An IAM user of a sandbox project with its own AK/SK and policy. */
export interface SandboxUser {
  name: string;
  projectId: string;
  ak: string;
  sk: string;
  /** Set for temporary credentials: must be sent (and signed) as X-Security-Token. */
  securityToken?: string;
}

export interface NewUser {
  name: string;
  /** Allowed IAM actions (`evs:volumes:get`, ...); omitted = every action (like the project's own user). */
  actions?: string[];
  /** Issue temporary credentials (AK/SK plus a security token). */
  temporary?: boolean;
}

/** The sandbox's time, for tests: read it, and move a manual clock forward. */
export interface SandboxClockControl {
  now(): number;
  readonly manual: boolean;
  /** Moves a manual clock forward and applies every transition that became due; throws on the real clock. */
  advance(ms: number): number;
}

export interface SandboxProject {
  id: string;
  name: string;
  ak: string;
  sk: string;
  domain: string;
  user: string;
  password: string;
}

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  projectId?: string;
  outcome: 'ok' | 'client_error' | 'server_error' | 'rejected_auth' | 'fault';
  requestId: string;
  /** The IAM user that signed the request, when known. */
  user?: string;
  /** The first action the caller's policy lacked (the call was refused with 403 EVS.5403). */
  deniedAction?: string;
  /** Who signed it: iam::<account>:user:<name>, or sts::<account>:assumed-agency:<agency>/<session>. */
  principal?: string;
  /** The simulated region's endpoint it reached, when not the sandbox's own. */
  region?: string;
}

/** The latest requests, oldest first (the log keeps a fixed number: SandboxOptions.requestLogCapacity). */
export interface RequestLog {
  entries(): RequestLogEntry[];
  /** Non-GET requests only. */
  mutating(): RequestLogEntry[];
  /** Requests logged since the last clear (also those no longer kept): a mark for `since`. */
  total(): number;
  /** The requests logged after `mark` (a `total()` taken earlier); throws if the log no longer holds them all. */
  since(mark: number): RequestLogEntry[];
  clear(): void;
}

export interface FaultRule {
  method?: string;
  /** Glob on the path (`*` = one segment, `**` = anything) or a regular expression. */
  path: string | RegExp;
  status?: number;
  /** Probability 0..1 that the rule fires (default 1). */
  rate?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Answer with a body that is not valid JSON. */
  malformed?: boolean;
  /** Fire at most this many times. */
  times?: number;
}

export interface FaultController {
  add(rule: FaultRule): void;
  clear(): void;
}

/** Operations whose asynchronous completion can be made to fail on purpose. */
export type FailureOp =
  'create' | 'extend' | 'delete' | 'rollback' | 'upload' | 'snapshot-create' | 'snapshot-delete';

export interface FailureRule {
  op: FailureOp;
  /** How many upcoming operations of this kind fail (default 1). */
  times?: number;
}

export interface SandboxAgency {
  urn: string;
  name: string;
  /** Principals its trust policy names. */
  trusted: string[];
  actions: string[];
  maxSessionSeconds: number;
}

export interface SandboxHandle {
  url: string;
  region: string;
  projects: SandboxProject[];
  /** IAM agencies seeded in the main project's account (STS AssumeAgency). */
  agencies: SandboxAgency[];
  /** The other simulated regions: their endpoint and the main account's project there. */
  regions: { region: string; url: string; projectId: string }[];
  requestLog: RequestLog;
  faults: FaultController;
  close(): Promise<void>;
  /** Change the transition delays of operations started from now on. */
  setDelays(delays: Partial<Delays>): void;
  /** Set one quota limit (`volumes`, `gigabytes_SSD`, ...; -1 = unlimited) of a project. */
  setQuota(projectId: string, key: string, limit: number): void;
  /** Make the next asynchronous operation(s) of a kind end in their error state (jobs end in FAIL). */
  injectFailure(rule: FailureRule): void;
  /** Issue a token directly (a negative ttl gives an already expired token). */
  issueToken(projectId: string, ttlSeconds?: number): string;
  clock: SandboxClockControl;
  /** Adds an IAM user with its own keys and policy to a project. */
  addUser(projectId: string, user: NewUser): SandboxUser;
  /** Replaces a user's allowed actions (undefined = every action). */
  setUserActions(ak: string, actions: string[] | undefined): void;
  /** The temporary credentials STS issued so far (so tests can look for them where they must not be). */
  issuedSessions(): { principal: string; ak: string; sk: string; securityToken: string; actions: string[] }[];
}

// ---- persisted state -------------------------------------------------------------------------

export interface Attachment {
  id: string;
  attachment_id: string;
  server_id: string;
  host_name: string | null;
  device: string;
  attached_at: string;
  volume_id: string;
}

export interface VolumeRecord {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  size: number;
  status: string;
  /** Status to return to after a transitional one (in-use or available). */
  restStatus?: string;
  availability_zone: string;
  volume_type: string;
  bootable: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  attachments: Attachment[];
  snapshot_id: string | null;
  image_id: string | null;
  volume_image_metadata: Record<string, string> | null;
  service_type: string;
  wwn: string;
  user_id: string;
  created_at: string;
  updated_at: string | null;
  /** Insertion order, for stable sorting. */
  seq: number;
}

export interface SnapshotRecord {
  id: string;
  projectId: string;
  volume_id: string;
  name: string | null;
  description: string | null;
  size: number;
  status: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string | null;
  seq: number;
}

export interface TransferRecord {
  id: string;
  projectId: string;
  volume_id: string;
  name: string;
  /** sha256 of the auth key: the key itself is shown once and never stored. */
  authKeyHash: string;
  created_at: string;
  seq: number;
}

export interface JobRecord {
  job_id: string;
  projectId: string;
  job_type: 'createVolume' | 'batchCreateVolume' | 'deleteVolume' | 'extendVolume';
  status: 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';
  entities: Record<string, unknown>;
  begin_time: string;
  end_time: string;
  error_code: string | null;
  fail_reason: string | null;
  /** Child job ids of a batch. */
  subJobIds?: string[];
  parentId?: string;
  /** What the job does when it runs. */
  plan?:
    CreatePlan | { kind: 'extend'; volumeId: string; newSize: number } | { kind: 'delete'; volumeId: string };
}

export interface CreatePlan {
  kind: 'create';
  volume: Omit<VolumeRecord, 'id' | 'projectId' | 'status' | 'created_at' | 'updated_at' | 'seq' | 'wwn'>;
}

export interface TokenRecord {
  projectId: string;
  userName: string;
  expiresAt: number;
}

/** A due-time transition, applied lazily when a request arrives after `at`. */
export interface PendingEvent {
  at: number;
  seq: number;
  kind: string;
  ref: string;
  data?: Record<string, unknown>;
}

export interface UserRecord extends SandboxUser {
  /** Allowed actions; undefined = every action. */
  actions?: string[];
}

export interface ProjectRecord extends SandboxProject {
  domainId: string;
  userId: string;
  /** A project of the main account in another simulated region (undefined: the sandbox's region). */
  region?: string;
}

export interface SandboxState {
  version: 1;
  region: string;
  seq: number;
  projects: ProjectRecord[];
  volumes: Record<string, VolumeRecord>;
  snapshots: Record<string, SnapshotRecord>;
  transfers: Record<string, TransferRecord>;
  jobs: Record<string, JobRecord>;
  /** Limits per project; missing keys are unlimited. */
  quotas: Record<string, Record<string, number>>;
  /** Keyed by sha256 of the token. */
  tokens: Record<string, TokenRecord>;
  events: PendingEvent[];
  /** Images exported with os-volume_upload_image, usable as imageRef. */
  images: Record<string, { id: string; name: string; min_disk: number; os_type: string; projectId: string }>;
  failures: { op: FailureOp; times: number }[];
  /** IAM users added to projects (the project's own user has every action). */
  users?: UserRecord[];
}
