// What the guard knows comes from the records alone: these checks are derived from the registry, so a
// new record that deletes without asking, reads something undeclared or lists the wrong IAM actions fails.
import { describe, expect, it } from 'vitest';
import { mayNeedConfirmation, type OperationSpec, type ReadName } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { PREFLIGHT_CHECKS } from '../../src/mcp/guardrails/preflight/index.js';
import { iamActionsOf, resolveReads } from '../../src/mcp/guardrails/reads.js';
import { toolMeta } from '../../src/mcp/tool-definition.js';

const find = resolveReads(OPERATIONS);
const READ_NAMES: readonly ReadName[] = [
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
];

describe('confirmation is one fact: destructive, unless the record says why not', () => {
  it('every destructive tool requires confirmation unless its record states a reason', () => {
    for (const spec of OPERATIONS.filter((o) => o.hints.destructive)) {
      const rule = spec.guard?.confirm;
      if (!rule) {
        expect(mayNeedConfirmation(spec), spec.tool).toBe(true);
        continue;
      }
      // An override always carries its reason in words.
      const why = 'never' in rule ? rule.never : rule.why;
      expect(why.trim().length, `${spec.tool} overrides confirmation without a reason`).toBeGreaterThan(10);
    }
  });

  it('a non-destructive tool asks only through a rule with a reason', () => {
    for (const spec of OPERATIONS.filter((o) => !o.hints.destructive && mayNeedConfirmation(o))) {
      const rule = spec.guard?.confirm;
      expect(rule && ('when' in rule || 'whenRead' in rule) && rule.why.length > 10, spec.tool).toBe(true);
    }
    expect(OPERATIONS.filter((o) => o.hints.readOnly && mayNeedConfirmation(o))).toEqual([]);
  });

  it('every call that can ask shows a plan and reads the target it names', () => {
    for (const spec of OPERATIONS.filter(mayNeedConfirmation)) {
      const plan = spec.guard?.plan;
      expect(plan?.summary, spec.tool).toBeTruthy();
      const declared = new Set((spec.guard?.reads ?? []).map((r) => r.as));
      expect(declared.size, `${spec.tool} confirms without reading what it shows`).toBeGreaterThan(0);
      const inputs = Object.keys(spec.input.shape);
      for (const [, name] of plan!.summary.matchAll(/\{([a-z_]+)\}/g)) {
        if ((READ_NAMES as readonly string[]).includes(name!)) expect(declared, spec.tool).toContain(name);
        else expect(inputs, `${spec.tool} plan names {${name}}`).toContain(name);
      }
      for (const fact of plan!.facts ?? []) {
        if ('read' in fact) expect(declared, `${spec.tool} ${fact.kind}`).toContain(fact.read);
        if (fact.kind === 'snapshots') expect(declared, spec.tool).toContain('snapshots');
        const args =
          fact.kind === 'values-set'
            ? [fact.arg, fact.keyArg, fact.valueArg, ...(fact.fields ?? [])]
            : [
                'arg' in fact
                  ? fact.arg
                  : 'keysArg' in fact
                    ? fact.keysArg
                    : 'cascadeArg' in fact
                      ? fact.cascadeArg
                      : undefined,
              ];
        for (const arg of args) if (arg) expect(inputs, `${spec.tool} ${fact.kind}`).toContain(arg);
      }
    }
  });
});

describe('declared reads', () => {
  it('every reference resolves to a read-only record, and a dangling one is a start-up error', () => {
    for (const spec of OPERATIONS)
      for (const read of spec.guard?.reads ?? []) expect(find(read.op)?.hints.readOnly, spec.tool).toBe(true);
    const broken = {
      ...OPERATIONS[0]!,
      tool: 'broken',
      guard: { reads: [{ as: 'disk', op: 'no_such_tool', args: () => ({}) }] },
    } as OperationSpec;
    expect(() => resolveReads([...OPERATIONS, broken])).toThrow(/broken reads no_such_tool/);
  });

  it('each pre-flight check consumes only reads its record declares', () => {
    for (const spec of OPERATIONS) {
      const declared = new Set((spec.guard?.reads ?? []).map((r) => r.as));
      for (const id of spec.guard?.preflight ?? [])
        for (const need of PREFLIGHT_CHECKS[id].needs) expect(declared, `${spec.tool} ${id}`).toContain(need);
    }
  });

  it('read arguments are valid input of the record they reference', () => {
    const id = '6f1c8a2e-5b0d-4c3e-9a7f-1234567890ab';
    const args = {
      volume_id: id,
      snapshot_id: id,
      transfer_id: id,
      // Calls on several disks (BatchResizeVolumes, UnsubscribePostpaidVolume).
      volumes: [{ id, new_size: 20 }],
      volume_ids: [id],
    };
    for (const spec of OPERATIONS)
      for (const read of spec.guard?.reads ?? []) {
        const readArgs = read.args(args);
        expect(readArgs, `${spec.tool} -> ${read.op}`).toBeDefined();
        expect(find(read.op)!.input.safeParse(readArgs).success, `${spec.tool} -> ${read.op}`).toBe(true);
      }
  });
});

/**
 * The documented permission tables (EVS API Reference, "Actions" pages for disk actions and snapshots),
 * copied here: documented path (+ action) -> the IAM actions listed for it.
 */
const PERMISSION_TABLE: Record<string, readonly string[]> = {
  'POST /v2/{project_id}/volumes/{volume_id}/action os-extend': ['evs:volumes:extend', 'evs:volumes:get'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-volume_upload_image': ['evs:volumes:uploadImage'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-attach': ['evs:volumes:attach', 'evs:volumes:get'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-detach': ['evs:volumes:detach', 'evs:volumes:get'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-reserve': ['evs:volumes:attach'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-unreserve': ['evs:volumes:attach'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-set_bootable': ['evs:volumes:update'],
  'POST /v2/{project_id}/volumes/{volume_id}/action os-update_readonly_flag': ['evs:volumes:update'],
  'POST /v2/{project_id}/snapshots': ['evs:snapshots:create', 'evs:volumes:get'],
  'GET /v2/{project_id}/snapshots': ['evs:snapshots:list'],
  'GET /v2/{project_id}/snapshots/detail': ['evs:snapshots:list'],
  'PUT /v2/{project_id}/snapshots/{snapshot_id}': ['evs:snapshots:update', 'evs:snapshots:get'],
  'GET /v2/{project_id}/snapshots/{snapshot_id}': ['evs:snapshots:get'],
  'DELETE /v2/{project_id}/snapshots/{snapshot_id}': [
    'evs:snapshots:delete',
    'evs:snapshots:get',
    'evs:volumes:get',
  ],
  'POST /v2/{project_id}/os-vendor-snapshots/{snapshot_id}/rollback': [
    'evs:snapshots:rollback',
    'evs:snapshots:get',
    'evs:volumes:get',
  ],
  'POST /v2/{project_id}/snapshots/{snapshot_id}/metadata': ['evs:snapshots:update', 'evs:snapshots:get'],
  'GET /v2/{project_id}/snapshots/{snapshot_id}/metadata': ['evs:snapshots:get'],
  'PUT /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}': [
    'evs:snapshots:update',
    'evs:snapshots:get',
  ],
  'PUT /v2/{project_id}/snapshots/{snapshot_id}/metadata': ['evs:snapshots:update', 'evs:snapshots:get'],
  'GET /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}': ['evs:snapshots:get'],
  'DELETE /v2/{project_id}/snapshots/{snapshot_id}/metadata/{key}': [
    'evs:snapshots:delete',
    'evs:snapshots:get',
  ],
};

describe('honest IAM', () => {
  it('records list exactly the actions the permission tables give their path', () => {
    let checked = 0;
    for (const spec of OPERATIONS) {
      const key = `${spec.method} ${spec.path}${spec.action && spec.path.endsWith('/action') ? ` ${spec.action}` : ''}`;
      const documented = PERMISSION_TABLE[key];
      if (!documented) continue;
      expect([...spec.iamActions].sort(), `${spec.tool} (${key})`).toEqual([...documented].sort());
      checked++;
    }
    // Every row of the tables is some record's path.
    expect(checked).toBeGreaterThanOrEqual(Object.keys(PERMISSION_TABLE).length);
  });

  it("evs/iam is the tool's own actions plus those of its declared reads and of the record its wait polls", () => {
    for (const spec of OPERATIONS) {
      const meta = toolMeta(spec)['evs/iam'] as string[];
      const reads = (spec.guard?.reads ?? []).flatMap((r) => find(r.op)!.iamActions);
      const poll = (spec.async ?? spec.batch?.of().async)?.poll.spec();
      const waiting = poll && poll !== spec ? poll.iamActions : [];
      expect(new Set(meta), spec.tool).toEqual(new Set([...spec.iamActions, ...reads, ...waiting]));
      expect(meta, spec.tool).toEqual(iamActionsOf(spec, find));
    }
    expect(toolMeta(OPERATIONS.find((o) => o.tool === 'cinder_delete_disk')!)['evs/iam']).toEqual([
      'evs:volumes:delete',
      'evs:volumes:get',
      'evs:snapshots:list',
    ]);
  });
});
