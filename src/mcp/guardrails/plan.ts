// What a confirmation says will happen, in the person's terms: which resource (name, id, size,
// status, attachments), what depends on it, and what is lost.
import type { OperationSpec } from '../../evs/operation.js';
import type { DiskInfo, Lookups, SnapshotInfo } from './lookups.js';

export interface ConfirmationPlan {
  /** One sentence: the action and its target. */
  summary: string;
  /** Facts about the target and its dependants. */
  details: string[];
  request: { method: string; url: string; body?: unknown };
}

type Args = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export const diskLabel = (d: DiskInfo): string => `disk "${d.name}" (${d.id})`;
export const snapshotLabel = (sn: SnapshotInfo): string => `snapshot "${sn.name}" (${sn.id})`;

export function describeDisk(d: DiskInfo): string {
  const attached = d.attachments.length
    ? `attached to ${d.attachments.map((a) => `server ${a.server_id}${a.device ? ` as ${a.device}` : ''}`).join(', ')}`
    : 'not attached';
  return `${diskLabel(d)}: ${d.size} GB${d.volume_type ? ` ${d.volume_type}` : ''}, ${d.status}, ${attached}${d.multiattach ? ', shared' : ''}`;
}

export function describeSnapshot(sn: SnapshotInfo): string {
  return `${snapshotLabel(sn)}: ${sn.size} GB, ${sn.status}${sn.created_at ? `, taken ${sn.created_at}` : ''}, of disk ${sn.volume_id}`;
}

interface Described<T> {
  label: string;
  text: string;
  value?: T;
}

async function diskText(lookups: Lookups, id: unknown): Promise<Described<DiskInfo>> {
  if (typeof id !== 'string') return { label: 'the disk', text: 'the disk' };
  const d = await lookups.disk(id);
  return d.ok
    ? { label: diskLabel(d.value), text: describeDisk(d.value), value: d.value }
    : { label: `disk ${id}`, text: `disk ${id} (details unavailable)` };
}

async function snapshotText(lookups: Lookups, id: unknown): Promise<Described<SnapshotInfo>> {
  if (typeof id !== 'string') return { label: 'the snapshot', text: 'the snapshot' };
  const sn = await lookups.snapshot(id);
  return sn.ok
    ? { label: snapshotLabel(sn.value), text: describeSnapshot(sn.value), value: sn.value }
    : { label: `snapshot ${id}`, text: `snapshot ${id} (details unavailable)` };
}

/** Keys removed, changed and added when `next` replaces `current`. */
export function metadataDiff(current: Record<string, string>, next: Record<string, unknown>): string[] {
  const removed = Object.keys(current).filter((k) => !(k in next));
  const changed = Object.keys(next).filter((k) => k in current && current[k] !== s(next[k]));
  const added = Object.keys(next).filter((k) => !(k in current));
  return [
    removed.length ? `removes: ${removed.map((k) => `${k}=${current[k]}`).join(', ')}` : 'removes no key',
    ...(changed.length
      ? [`changes: ${changed.map((k) => `${k} ${current[k]} -> ${s(next[k])}`).join(', ')}`]
      : []),
    ...(added.length ? [`adds: ${added.join(', ')}`] : []),
  ];
}

type Builder = (args: Args, lookups: Lookups) => Promise<{ summary: string; details: string[] }>;

const deleteDisk: Builder = async (args, lookups) => {
  const { label, text, value: disk } = await diskText(lookups, args.volume_id);
  const details = [text];
  if (disk) {
    const snaps = await lookups.snapshotsOf(disk.id);
    if (snaps.ok) {
      const n = snaps.value.length;
      details.push(
        n === 0
          ? 'it has no snapshots'
          : args.cascade === true
            ? `its ${n} snapshot(s) are deleted too (cascade=true): ${snaps.value.map((x) => x.name || x.id).join(', ')}`
            : `it has ${n} snapshot(s), which are not deleted (cascade not set)`,
      );
    }
  }
  details.push('the data on it is lost for good');
  return { summary: `Permanently delete ${label}.`, details };
};

const BUILDERS: Record<string, Builder> = {
  delete_disk: deleteDisk,
  legacy_delete_disk: deleteDisk,
  delete_snapshot: async (args, lookups) => {
    const { label, text } = await snapshotText(lookups, args.snapshot_id);
    return {
      summary: `Permanently delete ${label}.`,
      details: [text, 'the disk keeps its current data; this point in time is lost'],
    };
  },
  rollback_snapshot: async (args, lookups) => {
    const sn = await snapshotText(lookups, args.snapshot_id);
    const d = await diskText(lookups, args.volume_id);
    const when = sn.value?.created_at ? ` (taken ${sn.value.created_at})` : '';
    return {
      summary: `Overwrite ${d.label} with the contents of ${sn.label}${when}.`,
      details: [
        d.text,
        sn.text,
        'everything written to the disk after the snapshot was taken is lost',
        ...(typeof args.name === 'string' ? [`the disk is renamed to "${args.name}"`] : []),
      ],
    };
  },
  delete_disk_metadata_key: async (args, lookups) => {
    const { label, text, value: disk } = await diskText(lookups, args.volume_id);
    const key = s(args.key);
    const now = disk?.metadata[key];
    return {
      summary: `Remove metadata key "${key}" from ${label}.`,
      details: [text, now === undefined ? 'the key is not set now' : `its value now: ${now}`],
    };
  },
  delete_snapshot_metadata_key: async (args, lookups) => {
    const { label, text, value: snap } = await snapshotText(lookups, args.snapshot_id);
    const key = s(args.key);
    const now = snap?.metadata[key];
    return {
      summary: `Remove metadata key "${key}" from ${label}.`,
      details: [text, now === undefined ? 'the key is not set now' : `its value now: ${now}`],
    };
  },
  replace_disk_metadata: async (args, lookups) => {
    const { label, text, value: disk } = await diskText(lookups, args.volume_id);
    const next = (args.metadata ?? {}) as Record<string, unknown>;
    return {
      summary: `Replace all metadata of ${label}; keys not sent are deleted.`,
      details: [text, ...(disk ? metadataDiff(disk.metadata, next) : [])],
    };
  },
  replace_snapshot_metadata: async (args, lookups) => {
    const { label, text, value: snap } = await snapshotText(lookups, args.snapshot_id);
    const next = (args.metadata ?? {}) as Record<string, unknown>;
    return {
      summary: `Replace all metadata of ${label}; keys not sent are deleted.`,
      details: [text, ...(snap ? metadataDiff(snap.metadata, next) : [])],
    };
  },
  delete_disk_tags: async (args, lookups) => {
    const { label, text } = await diskText(lookups, args.volume_id);
    const keys = Array.isArray(args.keys) ? args.keys.map(s) : [];
    const tags = typeof args.volume_id === 'string' ? await lookups.diskTags(args.volume_id) : undefined;
    const current = tags?.ok ? tags.value : {};
    return {
      summary: `Remove tag(s) ${keys.join(', ')} from ${label}.`,
      details: [
        text,
        ...keys.map((k) => (k in current ? `${k}=${current[k]} is removed` : `${k} is not set now`)),
      ],
    };
  },
  delete_transfer: async (args, lookups) => {
    const id = s(args.transfer_id);
    const t = await lookups.transfer(id);
    const text = t.ok
      ? `transfer "${t.value.name}" (${id})${t.value.volume_id ? ` of disk ${t.value.volume_id}` : ''}`
      : `transfer ${id}`;
    return {
      summary: `Cancel ${text}.`,
      details: [text, 'the auth_key given out stops working; the disk stays in this project'],
    };
  },
  create_transfer: async (args, lookups) => {
    const { label, text } = await diskText(lookups, args.volume_id);
    return {
      summary: `Offer ${label} to another project as transfer "${s(args.name)}".`,
      details: [
        text,
        'whoever holds the transfer id and auth_key can take the disk; it then leaves this project',
      ],
    };
  },
};

export async function buildPlan(
  spec: OperationSpec,
  args: Args,
  lookups: Lookups,
  request: ConfirmationPlan['request'],
): Promise<ConfirmationPlan> {
  const builder = BUILDERS[spec.tool];
  const built = builder
    ? await builder(args, lookups)
    : { summary: `${spec.title} (${spec.section}).`, details: [] };
  return { ...built, request };
}

/** The plan as lines a person reads. */
export function planText(plan: ConfirmationPlan): string {
  return [
    plan.summary,
    ...plan.details.map((d) => `- ${d}`),
    `Request: ${plan.request.method} ${plan.request.url}`,
  ].join('\n');
}
