// Every record, looked up by tool name through one map, validated once when it is built: every
// declared read, name look-up, poll and batch reference resolves to a record of the registry.
import type { OperationSpec } from './operation.js';

export type FindRecord = (tool: string) => OperationSpec | undefined;

export interface Registry {
  readonly records: readonly OperationSpec[];
  /** The record of that tool name, or undefined. */
  find: FindRecord;
}

/** What a record refers to that does not resolve (empty when everything does). */
export function danglingReferences(records: readonly OperationSpec[]): string[] {
  const byTool = new Map(records.map((o) => [o.tool, o]));
  const known = new Set(records);
  const bad: string[] = [];
  for (const spec of records) {
    for (const read of spec.guard?.reads ?? []) {
      const target = byTool.get(read.op);
      if (!target) bad.push(`${spec.tool} reads ${read.op}, which is not a record`);
      else if (!target.hints.readOnly) bad.push(`${spec.tool} reads ${read.op}, which is not read-only`);
    }
    for (const ref of spec.names ?? []) {
      const target = byTool.get(ref.op);
      if (!target) bad.push(`${spec.tool} looks names up with ${ref.op}, which is not a record`);
      else if (!target.hints.readOnly)
        bad.push(`${spec.tool} looks names up with ${ref.op}, which is not read-only`);
    }
    const poll = spec.async?.poll.spec();
    if (poll && !known.has(poll))
      bad.push(`${spec.tool} polls ${poll.tool}, which is not a record of the registry`);
    const of = spec.batch?.of();
    if (of && !known.has(of))
      bad.push(`${spec.tool} is a batch of ${of.tool}, which is not a record of the registry`);
  }
  const twice = records.filter((o, n) => byTool.get(o.tool) !== o || records.indexOf(o) !== n);
  for (const o of twice) bad.push(`${o.tool} is declared twice`);
  return bad;
}

export function createRegistry(records: readonly OperationSpec[]): Registry {
  const bad = danglingReferences(records);
  if (bad.length) throw new Error(`the records do not resolve: ${bad.join('; ')}`);
  const byTool = new Map(records.map((o) => [o.tool, o]));
  return { records, find: (tool) => byTool.get(tool) };
}
