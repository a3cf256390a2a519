// The registry resolves every reference between records once, at start-up, and refuses a dangling one.
import { describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../src/evs/operation.js';
import { OPERATIONS, REGISTRY, findOperation } from '../../src/evs/operations/index.js';
import { createRegistry, danglingReferences } from '../../src/evs/registry.js';

const record = (tool: string): OperationSpec => findOperation(tool)!;

describe('registry', () => {
  it('holds every record once and finds each by its tool name', () => {
    expect(danglingReferences(OPERATIONS)).toEqual([]);
    for (const spec of OPERATIONS) expect(REGISTRY.find(spec.tool)).toBe(spec);
    expect(REGISTRY.find('no_such_tool')).toBeUndefined();
  });

  it('refuses a read of a record it does not hold, or of one that changes things', () => {
    const base = record('delete_disk');
    const read = base.guard!.reads![0]!;
    const missing = { ...base, tool: 'x1', guard: { reads: [{ ...read, op: 'no_such_tool' }] } };
    const mutating = { ...base, tool: 'x2', guard: { reads: [{ ...read, op: 'delete_disk' }] } };
    expect(() => createRegistry([...OPERATIONS, missing])).toThrow(
      /x1 reads no_such_tool, which is not a record/,
    );
    expect(() => createRegistry([...OPERATIONS, mutating])).toThrow(
      /x2 reads delete_disk, which is not read-only/,
    );
  });

  it('refuses a name look-up, a poll or a batch item outside the registry', () => {
    const stray = { ...record('get_job'), tool: 'stray_get_job' };
    const batch = OPERATIONS.find((o) => o.batch)!;
    const async = OPERATIONS.find((o) => o.async && o.async.poll.spec() !== o)!;
    const names = { ...batch, tool: 'x3', names: [{ arg: 'volume_ids', op: 'nope' }] };
    const polls = {
      ...async,
      tool: 'x4',
      async: { ...async.async!, poll: { spec: () => stray, arg: 'job_id' } },
    };
    const items = { ...batch, tool: 'x5', batch: { ...batch.batch!, of: () => stray } };
    expect(() => createRegistry([...OPERATIONS, names])).toThrow(/x3 looks names up with nope/);
    expect(() => createRegistry([...OPERATIONS, polls])).toThrow(/x4 polls stray_get_job/);
    expect(() => createRegistry([...OPERATIONS, items])).toThrow(/x5 is a batch of stray_get_job/);
  });

  it('refuses two records with one tool name', () => {
    expect(() => createRegistry([...OPERATIONS, { ...record('get_job') }])).toThrow(
      /get_job is declared twice/,
    );
  });
});
