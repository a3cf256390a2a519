// The sandbox's state: resources per project, pending transitions, and atomic persistence.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CreationOrder } from './creation-order.js';
import type {
  Delays,
  FailureOp,
  JobRecord,
  PendingEvent,
  ProjectRecord,
  SandboxState,
  SnapshotRecord,
  UserRecord,
  VolumeRecord,
} from './types.js';
import { findSession, userUrn, type SessionRecord } from './agencies.js';

/** A signing key as the verifier needs it. */
export interface KeyRecord {
  projectId: string;
  sk: string;
  securityToken?: string;
  user: string;
  actions?: string[];
  /** Who signs with this key (request log, trust policies). */
  principal?: string;
  /** Temporary credentials of an assumed agency: refused once expired. */
  expiresAt?: number;
  /** Every project the key may act in (its account's projects in the simulated regions). */
  projectIds?: string[];
}

/** An assumed agency session as a signing key. */
function sessionKey(s: SessionRecord | undefined, projects: readonly ProjectRecord[]): KeyRecord | undefined {
  if (!s) return undefined;
  // An agency acts in its account's projects of every simulated region (those sharing its project's key).
  const home = projects.find((p) => p.id === s.projectId);
  const projectIds = projects.filter((p) => home && p.ak === home.ak).map((p) => p.id);
  return {
    projectIds,
    projectId: s.projectId,
    sk: s.sk,
    securityToken: s.securityToken,
    user: s.principal,
    actions: s.actions,
    principal: s.principal,
    expiresAt: s.expiresAt,
  };
}

export type EventHandler = (store: Store, event: PendingEvent) => void;

export const DEFAULT_DELAYS: Delays = {
  create: 800,
  extend: 600,
  delete: 500,
  rollback: 700,
  upload: 1000,
  snapshot: 600,
  job: 300,
};

export class StateFileError extends Error {}

export const DEFAULT_FINISHED_JOBS_KEPT = 10_000;

const isFinished = (j: JobRecord): boolean => j.status === 'SUCCESS' || j.status === 'FAIL';

export class Store {
  private dirty = false;
  private readonly handlers = new Map<string, EventHandler>();

  constructor(
    readonly state: SandboxState,
    public delays: Delays,
    private readonly file?: string,
    private readonly logger?: Logger,
    private readonly finishedJobsKept: number = DEFAULT_FINISHED_JOBS_KEPT,
  ) {
    if (!Number.isSafeInteger(finishedJobsKept) || finishedJobsKept < 1)
      throw new Error(`finishedJobsKept must be a whole number of at least 1 (got ${finishedJobsKept})`);
  }

  /** Job records held, and the count at which the next pruning pass runs (amortised: one pass per many jobs). */
  private jobCount: number | undefined;
  private pruneAt = 0;

  // Derived from state.volumes / state.snapshots on first use; kept up to date by the methods below.
  private volumeIndex: CreationOrder<VolumeRecord> | undefined;
  private snapshotIndex: CreationOrder<SnapshotRecord> | undefined;

  /** Disks by project in creation order: lists page through it instead of sorting every disk. */
  get volumeOrder(): CreationOrder<VolumeRecord> {
    return (this.volumeIndex ??= new CreationOrder(Object.values(this.state.volumes)));
  }

  get snapshotOrder(): CreationOrder<SnapshotRecord> {
    return (this.snapshotIndex ??= new CreationOrder(Object.values(this.state.snapshots)));
  }

  /** The project's disks, oldest first. */
  projectVolumes(projectId: string): readonly VolumeRecord[] {
    return this.volumeOrder.of(projectId);
  }

  /** The project's snapshots, oldest first. */
  projectSnapshots(projectId: string): readonly SnapshotRecord[] {
    return this.snapshotOrder.of(projectId);
  }

  addVolume(v: VolumeRecord): void {
    this.state.volumes[v.id] = v;
    this.volumeIndex?.add(v);
    this.markDirty();
  }

  deleteVolume(id: string): void {
    const v = this.state.volumes[id];
    if (!v) return;
    delete this.state.volumes[id];
    this.volumeIndex?.remove(v);
    this.markDirty();
  }

  /** Gives a disk to another project (an accepted transfer). */
  moveVolume(v: VolumeRecord, projectId: string): void {
    this.volumeIndex?.remove(v);
    v.projectId = projectId;
    this.volumeIndex?.add(v);
    this.markDirty();
  }

  addSnapshot(s: SnapshotRecord): void {
    this.state.snapshots[s.id] = s;
    this.snapshotIndex?.add(s);
    this.markDirty();
  }

  deleteSnapshot(id: string): void {
    const s = this.state.snapshots[id];
    if (!s) return;
    delete this.state.snapshots[id];
    this.snapshotIndex?.remove(s);
    this.markDirty();
  }

  /** Records a new job; once enough have piled up, forgets the oldest finished ones (see pruneJobs). */
  addJob(job: JobRecord): void {
    this.state.jobs[job.job_id] = job;
    this.markDirty();
    this.jobCount = (this.jobCount ?? Object.keys(this.state.jobs).length - 1) + 1;
    if (this.jobCount > Math.max(this.pruneAt, this.finishedJobsKept + this.pruneSlack())) this.pruneJobs();
  }

  private pruneSlack(): number {
    return Math.ceil(this.finishedJobsKept / 4);
  }

  /**
   * Keeps the newest `finishedJobsKept` records of finished jobs: the oldest finished top-level jobs (by
   * end_time) go first, each with its sub-jobs, so a batch is kept or forgotten whole. Unfinished jobs stay.
   */
  private pruneJobs(): void {
    const jobs = this.state.jobs;
    const all = Object.values(jobs);
    const done = all.filter((j) => j.parentId === undefined && isFinished(j));
    // Stable sort: jobs that ended in the same millisecond keep their creation order.
    done.sort((x, y) => (x.end_time < y.end_time ? -1 : x.end_time > y.end_time ? 1 : 0));
    let finishedRecords = done.reduce((n, j) => n + 1 + (j.subJobIds?.length ?? 0), 0);
    let count = all.length;
    for (const j of done) {
      if (finishedRecords <= this.finishedJobsKept) break;
      for (const id of [...(j.subJobIds ?? []), j.job_id]) {
        if (!jobs[id]) continue;
        delete jobs[id];
        count--;
      }
      finishedRecords -= 1 + (j.subJobIds?.length ?? 0);
    }
    this.jobCount = count;
    // The next pass waits for another slack's worth of jobs, whatever is still unfinished.
    this.pruneAt = count + this.pruneSlack();
  }

  on(kind: string, handler: EventHandler): void {
    this.handlers.set(kind, handler);
  }

  nextSeq(): number {
    return ++this.state.seq;
  }

  markDirty(): void {
    this.dirty = true;
  }

  project(id: string): ProjectRecord | undefined {
    return this.state.projects.find((p) => p.id === id);
  }

  /** The key with this AK: a project's own (every action) or an IAM user's. */
  findKey(ak: string): KeyRecord | undefined {
    const p = this.state.projects.find((x) => x.ak === ak);
    if (p) {
      // The same key acts in its account's projects of every simulated region.
      const projectIds = this.state.projects.filter((x) => x.ak === ak).map((x) => x.id);
      return { projectId: p.id, sk: p.sk, user: p.user, principal: userUrn(p.domainId, p.user), projectIds };
    }
    const u: UserRecord | undefined = (this.state.users ?? []).find((x) => x.ak === ak);
    if (!u) return sessionKey(findSession(this, ak), this.state.projects);
    const domainId = this.project(u.projectId)?.domainId ?? '';
    return {
      projectId: u.projectId,
      sk: u.sk,
      user: u.name,
      principal: userUrn(domainId, u.name),
      ...(u.securityToken !== undefined ? { securityToken: u.securityToken } : {}),
      ...(u.actions ? { actions: u.actions } : {}),
    };
  }

  /** Queues a transition `delayMs` after `base` (the time the triggering step happened). */
  schedule(kind: string, ref: string, delayMs: number, base: number, data?: Record<string, unknown>): void {
    const event: PendingEvent = { at: base + Math.max(0, delayMs), seq: this.nextSeq(), kind, ref, data };
    // Kept ordered by (at, seq): binary search for the insertion point.
    const events = this.state.events;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = events[mid]!;
      if (e.at < event.at || (e.at === event.at && e.seq < event.seq)) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, event);
    this.markDirty();
  }

  /** Applies every transition that is due, oldest first, including those the applied ones queue. */
  advance(now: number): void {
    for (;;) {
      const next = this.state.events[0];
      if (!next || next.at > now) return;
      this.state.events.shift();
      this.markDirty();
      const handler = this.handlers.get(next.kind);
      if (handler) handler(this, next);
      else this.logger?.warn({ kind: next.kind }, 'sandbox: no handler for pending event');
    }
  }

  /** Consumes one injected failure for `op`, if any is armed. */
  takeFailure(op: FailureOp): boolean {
    const rule = this.state.failures.find((f) => f.op === op && f.times > 0);
    if (!rule) return false;
    rule.times--;
    this.state.failures = this.state.failures.filter((f) => f.times > 0);
    this.markDirty();
    return true;
  }

  /** Writes the state if it changed: temp file, fsync, rename, so a crash never leaves half a file. */
  persist(): void {
    if (!this.dirty || !this.file) {
      this.dirty = false;
      return;
    }
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, this.file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // the temp file is already gone
      }
      throw err;
    }
    this.dirty = false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a state file. Returns undefined when it does not exist; throws StateFileError when it is unusable. */
export function loadStateFile(file: string): SandboxState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`sandbox state file ${file} cannot be read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(
      `sandbox state file ${file} is corrupt (invalid JSON: ${(err as Error).message}); it was left untouched. ` +
        'Fix or remove it, or start with another --state file.',
    );
  }
  const problem = describeInvalidState(parsed);
  if (problem) {
    throw new StateFileError(
      `sandbox state file ${file} is not a sandbox state (${problem}); it was left untouched. ` +
        'Fix or remove it, or start with another --state file.',
    );
  }
  return parsed as SandboxState;
}

function describeInvalidState(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (v.version !== 1) return `unsupported version ${JSON.stringify(v.version)}`;
  if (typeof v.region !== 'string') return 'missing region';
  if (typeof v.seq !== 'number') return 'missing seq';
  if (!Array.isArray(v.projects) || v.projects.length < 2) return 'missing projects';
  for (const p of v.projects) {
    if (!isObject(p) || typeof p.id !== 'string' || typeof p.ak !== 'string' || typeof p.sk !== 'string')
      return 'malformed project';
  }
  for (const key of ['volumes', 'snapshots', 'transfers', 'jobs', 'quotas', 'tokens'] as const) {
    if (!isObject(v[key])) return `missing ${key}`;
  }
  if (!Array.isArray(v.events) || !Array.isArray(v.failures)) return 'missing events';
  for (const vol of Object.values(v.volumes as Record<string, unknown>)) {
    if (
      !isObject(vol) ||
      typeof vol.id !== 'string' ||
      typeof vol.projectId !== 'string' ||
      typeof vol.size !== 'number'
    )
      return 'malformed volume';
  }
  return undefined;
}
