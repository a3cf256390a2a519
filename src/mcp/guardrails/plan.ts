// What a confirmation says will happen, in the person's terms, built only from the record's declared
// plan and the answers of its declared reads: which resource (name, id, size, status, attachments),
// what depends on it, and what is lost.
import type { OperationSpec, PlanFact, ReadName } from '../../evs/operation.js';
import { valuesSet } from '../../evs/values-set.js';
import { describeRead, labelOf, type ReadOutcome } from './reads.js';

export interface ConfirmationPlan {
  /** One sentence: the action and its target. */
  summary: string;
  /** Facts about the target and its dependants. */
  details: string[];
  request: { method: string; url: string; body?: unknown };
}

type Args = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const READ_NAMES = new Set<string>([
  'disk',
  'snapshot',
  'snapshots',
  'quota',
  'tags',
  'transfer',
  'types',
  'disks',
  'binned',
  'policy',
]);
/** Reads that stand for the target itself; lists and quotas show through facts. */
const TARGETS: readonly ReadName[] = ['disk', 'snapshot', 'transfer', 'disks', 'binned', 'policy'];

/** Keys removed, changed and added when `next` replaces `current`. */
export function metadataDiff(current: Record<string, unknown>, next: Record<string, unknown>): string[] {
  const removed = Object.keys(current).filter((k) => !(k in next));
  const changed = Object.keys(next).filter((k) => k in current && s(current[k]) !== s(next[k]));
  const added = Object.keys(next).filter((k) => !(k in current));
  return [
    removed.length ? `removes: ${removed.map((k) => `${k}=${s(current[k])}`).join(', ')}` : 'removes no key',
    ...(changed.length
      ? [`changes: ${changed.map((k) => `${k} ${s(current[k])} -> ${s(next[k])}`).join(', ')}`]
      : []),
    ...(added.length ? [`adds: ${added.join(', ')}`] : []),
  ];
}

/** `{disk}` becomes the disk's label, `{key}` the argument's value. */
function fill(template: string, args: Args, reads: ReadOutcome): string {
  return template.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
    if (READ_NAMES.has(name)) return labelOf(name as ReadName, reads, args);
    const v = args[name];
    return Array.isArray(v) ? v.map(s).join(', ') : v === undefined ? '' : s(v);
  });
}

/** The key/value map a fact reads from: a disk's or snapshot's metadata, a disk's tags, the bin policy. */
function currentMap(
  read: 'disk' | 'snapshot' | 'tags' | 'policy',
  reads: ReadOutcome,
): Record<string, unknown> | undefined {
  const v = reads.values;
  if (read === 'tags') return v.tags;
  if (read === 'policy') return v.policy as Record<string, unknown> | undefined;
  return (read === 'disk' ? v.disk?.metadata : v.snapshot?.metadata) ?? (v[read] ? {} : undefined);
}

function factLines(fact: PlanFact, args: Args, reads: ReadOutcome): string[] {
  switch (fact.kind) {
    case 'values-set': {
      const current = currentMap(fact.read, reads);
      if (!current) return [];
      return Object.entries(valuesSet(fact, args)).map(([k, v]) =>
        !(k in current)
          ? `${k}: new, set to ${s(v)}`
          : s(current[k]) === s(v)
            ? `${k}: stays ${s(v)}`
            : `${k}: ${s(current[k])} -> ${s(v)}`,
      );
    }
    case 'values-removed': {
      const current = currentMap(fact.read, reads);
      const raw = args[fact.keysArg];
      const keys = (Array.isArray(raw) ? raw : [raw]).filter((k) => k !== undefined).map(s);
      if (!current) return [];
      return keys.map((k) => (k in current ? `${k}=${s(current[k])} is removed` : `${k} is not set now`));
    }
    case 'metadata-replaced': {
      const current = currentMap(fact.read, reads);
      const next = args[fact.arg];
      return current && next && typeof next === 'object' ? metadataDiff(current, next as Args) : [];
    }
    case 'snapshots': {
      const list = reads.values.snapshots;
      if (!list) return [];
      const n = list.length;
      if (n === 0) return ['it has no snapshots'];
      const names = list.map((x) => x.name || x.id).join(', ');
      return fact.cascadeArg && args[fact.cascadeArg] === true
        ? [`its ${n} snapshot(s) are deleted too (${fact.cascadeArg}=true): ${names}`]
        : [`it has ${n} snapshot(s), which are not deleted: ${names}`];
    }
    case 'renames':
      return typeof args[fact.arg] === 'string' ? [`it is renamed to "${s(args[fact.arg])}"`] : [];
    case 'computed':
      return [...fact.lines(args, reads.values)];
  }
}

export function buildPlan(
  spec: OperationSpec,
  args: Args,
  reads: ReadOutcome,
  request: ConfirmationPlan['request'],
): ConfirmationPlan {
  const p = spec.guard?.plan;
  const details: string[] = [];
  for (const read of spec.guard?.reads ?? []) {
    const value = reads.values[read.as];
    if (TARGETS.includes(read.as) && value !== undefined) details.push(describeRead(read.as, value));
  }
  for (const fact of p?.facts ?? []) details.push(...factLines(fact, args, reads));
  details.push(...(p?.lost ?? []));
  return { summary: fill(p?.summary ?? `${spec.title} (${spec.section}).`, args, reads), details, request };
}

/** The plan as lines a person reads. */
export function planText(plan: ConfirmationPlan): string {
  return [
    plan.summary,
    ...plan.details.map((d) => `- ${d}`),
    `Request: ${plan.request.method} ${plan.request.url}`,
  ].join('\n');
}
