// The declared reads of a record, run through the same request-and-shape path as the tools, and what
// the guard makes of each kind of answer: a label, a description, and the state a token binds.
import type { DeclaredRead, OperationSpec, ReadName } from '../../evs/operation.js';
import type { QuotaHeadroom } from '../../evs/shapes/quota.js';
import type { SnapshotDetail, SnapshotSummary } from '../../evs/shapes/snapshot.js';
import type { TransferSummary } from '../../evs/shapes/transfer.js';
import type { VolumeDetail, VolumeSummary } from '../../evs/shapes/volume.js';
import { danglingReferences, type FindRecord } from '../../evs/registry.js';
import { EvsError } from '../../evs-client/errors.js';
import type { ApiClient } from '../../evs-client/types.js';
import { callRecord } from '../call/call-record.js';
import { telemetry } from '../../telemetry/telemetry.js';

export interface ReadValues {
  disk: VolumeDetail;
  snapshot: SnapshotDetail;
  snapshots: SnapshotSummary[];
  quota: QuotaHeadroom;
  tags: Record<string, string>;
  transfer: TransferSummary;
  types: DiskTypeSummary[];
  disks: VolumeSummary[];
  binned: BinnedDisk;
  policy: RecyclePolicy;
}

/** The recycle bin policy, as get_recycle_bin_policy shapes it. */
export interface RecyclePolicy {
  switch: boolean;
  threshold_time: number;
  keep_time: number;
}

/** A disk type as 7.1.7's tool shapes it: its AZs are a comma-separated list. */
export interface DiskTypeSummary {
  name: string | null;
  availability_zone: string | null;
}

/** A disk in the recycle bin, as get_recycle_bin_disk shapes it. */
export interface BinnedDisk {
  id: string | null;
  name: string | null;
  size: number | null;
  volume_type: string | null;
  availability_zone: string | null;
  plan_delete_at: string | null;
}

/** A declared read that did not answer: the call it guards fails closed. */
export interface ReadFailure {
  as: ReadName;
  /** What it was about, e.g. `disk 6f1c...`. */
  target: string;
  section: string;
  iamActions: readonly string[];
  /** The thing does not exist (404): a plain "does not exist" refusal. */
  notFound: boolean;
  status?: number;
  message: string;
}

export interface ReadOutcome {
  values: Partial<ReadValues>;
  failures: ReadFailure[];
  /** One line per look-up that answered, for the result's `checks` (failures are refusals, listed once). */
  log: string[];
  /** Per read name, the state a confirmation token binds (what the plan showed). */
  state: Partial<Record<ReadName, unknown>>;
}

/** Thrown by a kind when an answer parsed but is not about what was asked (or cannot be complete). */
class NotTheAnswer extends Error {}

interface Kind<T> {
  /** What the read is about, from its arguments: `disk <id>`. */
  target(readArgs: Record<string, unknown>): string;
  /** The typed value from the record's shaped result. */
  from(shaped: Record<string, unknown>, readArgs: Record<string, unknown>): T;
  /** How the thing is named to a person: `disk "data" (id)`. */
  label(value: T, readArgs: Record<string, unknown>): string;
  /** One line of facts for the confirmation plan. */
  describe(value: T, readArgs: Record<string, unknown>): string;
  /** What the look-up found, briefly, for `checks` ('' for nothing to add). */
  brief(value: T): string;
  /** The part of the state a confirmation binds, or undefined when it binds none (quota). */
  state?(value: T): unknown;
  /** EVS code of "does not exist", when documented. */
  notFoundCode?: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function sameId(shaped: Record<string, unknown>, want: unknown, what: string): void {
  if (shaped.id !== want) throw new NotTheAnswer(`the answer is not about ${what} ${text(want)}`);
}

const disk: Kind<VolumeDetail> = {
  target: (a) => `disk ${text(a.volume_id)}`,
  from(shaped, a) {
    sameId(shaped, a.volume_id, 'disk');
    return shaped as VolumeDetail;
  },
  label: (d) => `disk "${d.name ?? ''}" (${d.id})`,
  describe(d) {
    const devices = new Map((d.attachment_details ?? []).map((x) => [x.server_id, x.device]));
    const servers = d.attachments ?? [];
    const attached = servers.length
      ? `attached to ${servers.map((s) => `server ${s}${devices.get(s) ? ` as ${String(devices.get(s))}` : ''}`).join(', ')}`
      : 'not attached';
    return `${disk.label(d, {})}: ${d.size ?? '?'} GB${d.volume_type ? ` ${d.volume_type}` : ''}, ${d.status ?? '?'}, ${attached}${d.multiattach ? ', shared' : ''}`;
  },
  brief: (d) =>
    `${d.status ?? '?'}, ${d.size ?? '?'} GB${d.volume_type ? ` ${d.volume_type}` : ''}${d.multiattach ? ', shared' : ''}${d.attachments?.length ? `, attached to ${d.attachments.join(', ')}` : ''}`,
  state: (d) => ({
    id: d.id,
    name: d.name,
    status: d.status,
    size: d.size,
    attachments: d.attachments ?? [],
    metadata: d.metadata ?? {},
    updated_at: d.updated_at,
  }),
};

const snapshot: Kind<SnapshotDetail> = {
  target: (a) => `snapshot ${text(a.snapshot_id)}`,
  from(shaped, a) {
    sameId(shaped, a.snapshot_id, 'snapshot');
    return shaped as SnapshotDetail;
  },
  label: (s) => `snapshot "${s.name ?? ''}" (${s.id})`,
  describe: (s) =>
    `${snapshot.label(s, {})}: ${s.size ?? '?'} GB, ${s.status ?? '?'}${s.created_at ? `, taken ${s.created_at}` : ''}, of disk ${s.volume_id ?? '?'}`,
  brief: (s) => `"${s.name ?? ''}", ${s.status ?? '?'}, ${s.size ?? '?'} GB, of disk ${s.volume_id ?? '?'}`,
  state: (s) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    size: s.size,
    volume_id: s.volume_id,
    metadata: s.metadata,
    updated_at: s.updated_at,
  }),
  notFoundCode: 'EVS.5404',
};

const snapshots: Kind<SnapshotSummary[]> = {
  target: (a) => `snapshots of disk ${text(a.volume_id)}`,
  from(shaped, a) {
    // One page is all a check reads; a longer list cannot be judged from part of it.
    if (shaped.next_marker !== undefined) throw new NotTheAnswer('the disk has more snapshots than one page');
    // Offset-paged listings (ListSnapshots) say the total in `count` instead.
    const page = shaped.snapshots as SnapshotSummary[];
    if (typeof shaped.count === 'number' && shaped.count > page.length)
      throw new NotTheAnswer('the disk has more snapshots than one page');
    return page.filter((s) => s.volume_id === a.volume_id);
  },
  label: (l) => `${l.length} snapshot(s)`,
  describe: (l) => `${l.length} snapshot(s)`,
  brief: (l) => String(l.length),
  state: (l) => l.map((s) => ({ id: s.id, status: s.status })).sort((x, y) => x.id.localeCompare(y.id)),
};

const quota: Kind<QuotaHeadroom> = {
  target: () => 'quotas',
  from: (shaped) => shaped as unknown as QuotaHeadroom,
  label: () => 'the quotas',
  describe: () => 'headroom per disk type and in total',
  brief: () => '',
};

const tags: Kind<Record<string, string>> = {
  target: (a) => `tags of disk ${text(a.volume_id)}`,
  from: (shaped) => shaped.tags as Record<string, string>,
  label: (t) => `${Object.keys(t).length} tag(s)`,
  describe: (t) => `${Object.keys(t).length} tag(s)`,
  brief: (t) => String(Object.keys(t).length),
  state: (t) => t,
};

const transfer: Kind<TransferSummary> = {
  target: (a) => `transfer ${text(a.transfer_id)}`,
  from(shaped, a) {
    sameId(shaped, a.transfer_id, 'transfer');
    return shaped as TransferSummary;
  },
  label: (t) => `transfer "${t.name ?? ''}" (${t.id})`,
  describe: (t) => `${transfer.label(t, {})}${t.volume_id ? ` of disk ${t.volume_id}` : ''}`,
  brief: (t) => `"${t.name ?? ''}"${t.volume_id ? ` for disk ${t.volume_id}` : ''}`,
  state: (t) => t,
};

const types: Kind<DiskTypeSummary[]> = {
  target: () => 'disk types',
  from: (shaped) => shaped.types as DiskTypeSummary[],
  label: (l) => `${l.length} disk type(s)`,
  describe: (l) => `${l.length} disk type(s)`,
  brief: (l) => l.map((t) => t.name ?? '?').join(', '),
};

const disks: Kind<VolumeSummary[]> = {
  target: (a) => `disks ${Array.isArray(a.ids) ? a.ids.map(text).join(', ') : ''}`,
  from(shaped, a) {
    // A check judges every disk of the call, so it needs them all in this one page.
    if (shaped.next_marker !== undefined) throw new NotTheAnswer('the disks do not fit in one page');
    const want = new Set(Array.isArray(a.ids) ? a.ids : []);
    return (shaped.volumes as VolumeSummary[]).filter((d) => want.has(d.id));
  },
  label: (l) => l.map((d) => `disk "${d.name ?? ''}" (${d.id})`).join(', '),
  describe: (l) =>
    l
      .map(
        (d) =>
          `disk "${d.name ?? ''}" (${d.id}): ${d.size ?? '?'} GB ${d.volume_type ?? ''}, ${d.status ?? '?'}`,
      )
      .join('; '),
  brief: (l) => `${l.length} found`,
  state: (l) =>
    l.map((d) => ({ id: d.id, status: d.status, size: d.size })).sort((x, y) => x.id.localeCompare(y.id)),
};

const binned: Kind<BinnedDisk> = {
  target: (a) => `recycle-bin disk ${text(a.volume_id)}`,
  from(shaped, a) {
    sameId(shaped, a.volume_id, 'recycle-bin disk');
    return shaped as unknown as BinnedDisk;
  },
  label: (d) => `recycle-bin disk "${d.name ?? ''}" (${String(d.id)})`,
  describe: (d) =>
    `${binned.label(d, {})}: ${d.size ?? '?'} GB ${d.volume_type ?? ''}, in ${d.availability_zone ?? '?'}, deleted for good at ${d.plan_delete_at ?? '?'}`,
  brief: (d) => `${d.size ?? '?'} GB ${d.volume_type ?? ''}`,
  state: (d) => ({ id: d.id, size: d.size, volume_type: d.volume_type, plan_delete_at: d.plan_delete_at }),
};

const policy: Kind<RecyclePolicy> = {
  target: () => 'the recycle bin policy',
  from(shaped) {
    const p = shaped as Partial<RecyclePolicy>;
    if (
      typeof p.switch !== 'boolean' ||
      typeof p.keep_time !== 'number' ||
      typeof p.threshold_time !== 'number'
    )
      throw new NotTheAnswer('the answer is not a recycle bin policy');
    return { switch: p.switch, threshold_time: p.threshold_time, keep_time: p.keep_time };
  },
  label: () => 'the recycle bin policy',
  describe: (p) =>
    p.switch
      ? `the recycle bin is on: disks older than ${p.threshold_time} day(s) are kept ${p.keep_time} day(s) after deletion`
      : 'the recycle bin is off: deleted disks are gone at once',
  brief: (p) => `${p.switch ? 'on' : 'off'}, threshold ${p.threshold_time} d, keep ${p.keep_time} d`,
  state: (p) => p,
};

export const KINDS: { [K in ReadName]: Kind<ReadValues[K]> } = {
  disk,
  snapshot,
  snapshots,
  quota,
  tags,
  transfer,
  types,
  disks,
  binned,
  policy,
};

/** The declared reads of `operations` resolved (a subset of the registry, in tests): a dangling or mutating one throws. */
export function resolveReads(operations: readonly OperationSpec[]): FindRecord {
  const bad = danglingReferences(operations).filter((line) => line.includes(' reads '));
  if (bad.length) throw new Error(`declared reads do not resolve: ${bad.join('; ')}`);
  const byTool = new Map(operations.map((o) => [o.tool, o]));
  return (tool) => byTool.get(tool);
}

/** Every IAM action a call of this record needs: its own, those of its declared reads, then its poll's (wait). */
export function iamActionsOf(spec: OperationSpec, find: FindRecord): string[] {
  const reads = (spec.guard?.reads ?? []).flatMap((r) => find(r.op)?.iamActions ?? []);
  // A batch waits the way its single-item record does.
  const poll = (spec.async ?? spec.batch?.of().async)?.poll.spec();
  const waiting = poll && poll !== spec ? poll.iamActions : [];
  return [...new Set([...spec.iamActions, ...reads, ...waiting])];
}

async function runOne(
  read: DeclaredRead,
  readArgs: Record<string, unknown>,
  find: FindRecord,
  deps: { client: ApiClient; signal?: AbortSignal },
  out: ReadOutcome,
): Promise<void> {
  const record = find(read.op);
  const kind = KINDS[read.as] as Kind<unknown>;
  const target = kind.target(readArgs);
  if (!record) throw new Error(`declared read ${read.op} is not a record`);
  try {
    // Telemetry: a span per declared read.
    const { shaped } = await telemetry().read(read.as, record.tool, () => callRecord(record, readArgs, deps));
    const value = kind.from(shaped, readArgs);
    (out.values as Record<string, unknown>)[read.as] = value;
    const state = kind.state?.(value);
    if (state !== undefined) out.state[read.as] = state;
    const found = kind.brief(value);
    out.log.push(`looked up ${target} (${record.section})${found ? `: ${found}` : ''}`);
  } catch (err) {
    if (deps.signal?.aborted) throw err;
    const status = err instanceof EvsError ? err.status : undefined;
    const message = err instanceof Error ? err.message : String(err);
    telemetry().readFailed(read.as, status === 404 ? 'not_found' : 'failed'); // telemetry
    out.failures.push({
      as: read.as,
      target,
      section: record.section,
      iamActions: record.iamActions,
      notFound: status === 404,
      ...(status !== undefined ? { status } : {}),
      message,
    });
  }
}

/** Runs every read the record declares for these arguments (those that apply), one after the other. */
export async function runReads(
  spec: OperationSpec,
  args: Record<string, unknown>,
  find: FindRecord,
  deps: { client: ApiClient; signal?: AbortSignal },
): Promise<ReadOutcome> {
  const out: ReadOutcome = { values: {}, failures: [], log: [], state: {} };
  for (const read of spec.guard?.reads ?? []) {
    const readArgs = read.args(args);
    if (readArgs) await runOne(read, readArgs, find, deps, out);
  }
  return out;
}

/** Label of a read for plan summaries, or the bare target when it did not answer. */
export function labelOf(read: ReadName, outcome: ReadOutcome, args: Record<string, unknown>): string {
  const value = outcome.values[read];
  const kind = KINDS[read] as Kind<unknown>;
  return value === undefined ? kind.target(args) : kind.label(value, args);
}

export function describeRead(read: ReadName, value: unknown): string {
  return (KINDS[read] as Kind<unknown>).describe(value, {});
}
