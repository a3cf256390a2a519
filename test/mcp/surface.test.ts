// The default surface after issue 19: one tool per intent on the current API, within its budgets; every
// intent of the old 71-tool default still one call away; `--toolsets all` still covering every documented
// section and SDK operation; and toolset, allow and deny names that match nothing refused at start.
import { readFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { runBin } from '../cli/run.js';
import { DEFAULT_TOOLSETS, TOOLSET_METADATA, type Toolset } from '../../src/evs/toolsets.js';
import documented from '../fixtures/documented-operations.json' with { type: 'json' };

const json = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;
const oldDefault = json<{ tools: string[] }>('../fixtures/old-default-tools.json').tools;
const sdk = json<{ operations: { operation: string }[] }>('../fixtures/sdk-operations.json').operations;

interface Listed {
  tools: Tool[];
  bytes: number;
  tokens: number;
  tokenizer: string;
}

/** The tool list exactly as `--list-tools --json` prints it for these flags (the built binary). */
async function listed(...flags: string[]): Promise<Listed> {
  const r = await runBin(['--list-tools', '--json', ...flags], {});
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
}

const params = (t: Tool | undefined) => Object.keys(t?.inputSchema.properties ?? {});

/**
 * Where each old default tool's intent is now, when its name is not a default tool serving it: the
 * default tool that serves it (and the arguments the intent needs there), or the opt-in toolset that
 * has it, with the reason it is not in the default.
 */
type Move = { tool: string; args?: string[] } | { toolset: Toolset; tool: string; reason: string };
const META =
  'key-by-key metadata edits are rare in chat and ops workflows; get_disk and get_snapshot show it';
const MOVES: Record<string, Move> = {
  show_disk: { tool: 'get_disk', args: ['volume_id'] },
  cinder_get_disk: { tool: 'get_disk', args: ['volume_id'] },
  get_disk_tags: { tool: 'get_disk', args: ['volume_id'] },
  cinder_list_disks: { tool: 'list_disks', args: ['name', 'status', 'limit', 'marker'] },
  cinder_list_disks_detail: { tool: 'list_disks', args: ['name', 'status', 'availability_zone', 'metadata'] },
  find_disks_by_tags: { tool: 'list_disks', args: ['tags'] },
  cinder_create_disk: {
    tool: 'create_disks',
    args: ['availability_zone', 'size', 'snapshot_id', 'imageRef'],
  },
  list_snapshots_detail: { tool: 'list_snapshots', args: ['volume_id', 'availability_zone', 'status'] },
  list_cloud_snapshots: { tool: 'list_snapshots', args: ['volume_id', 'offset', 'id'] },
  get_cloud_snapshot: { tool: 'get_snapshot', args: ['snapshot_id'] },
  create_cloud_snapshot: { tool: 'create_snapshot', args: ['volume_id', 'name', 'force', 'metadata'] },
  update_cloud_snapshot: { tool: 'update_snapshot', args: ['snapshot_id', 'name', 'description'] },
  delete_cloud_snapshot: { tool: 'delete_snapshot', args: ['snapshot_id'] },
  rollback_cloud_snapshot: { tool: 'rollback_snapshot', args: ['snapshot_id', 'volume_id', 'name'] },
  get_disk_metadata: { tool: 'get_disk', args: ['volume_id'] },
  get_disk_metadata_key: { tool: 'get_disk', args: ['volume_id'] },
  get_snapshot_metadata: { tool: 'get_snapshot', args: ['snapshot_id'] },
  get_snapshot_metadata_key: { tool: 'get_snapshot', args: ['snapshot_id'] },
  add_disk_metadata: { toolset: 'metadata', tool: 'add_disk_metadata', reason: META },
  replace_disk_metadata: { toolset: 'metadata', tool: 'replace_disk_metadata', reason: META },
  set_disk_metadata_key: { toolset: 'metadata', tool: 'set_disk_metadata_key', reason: META },
  delete_disk_metadata_key: { toolset: 'metadata', tool: 'delete_disk_metadata_key', reason: META },
  add_snapshot_metadata: { toolset: 'metadata', tool: 'add_snapshot_metadata', reason: META },
  set_snapshot_metadata_key: { toolset: 'metadata', tool: 'set_snapshot_metadata_key', reason: META },
  replace_snapshot_metadata: { toolset: 'metadata', tool: 'replace_snapshot_metadata', reason: META },
  delete_snapshot_metadata_key: { toolset: 'metadata', tool: 'delete_snapshot_metadata_key', reason: META },
  ...Object.fromEntries(
    ['create_transfer', 'accept_transfer', 'delete_transfer', 'get_transfer', 'list_transfers'].map((t) => [
      t,
      {
        toolset: 'transfers',
        tool: t,
        reason: 'handing a disk to another project is rare and gives data away',
      },
    ]),
  ),
  list_transfers_detail: {
    toolset: 'cinder',
    tool: 'cinder_list_transfers_detail',
    reason: 'list_transfers (transfers) lists the same transfers; this adds only creation times',
  },
  ...Object.fromEntries(
    [
      'get_recycle_bin_policy',
      'set_recycle_bin_policy',
      'list_recycle_bin',
      'get_recycle_bin_disk',
      'restore_recycle_bin_disk',
      'delete_recycle_bin_disk',
    ].map((t) => [
      t,
      {
        toolset: 'recycle_bin',
        tool: t,
        reason: 'the recycle bin is an account setting, off unless enabled',
      },
    ]),
  ),
  ...Object.fromEntries(
    ['set_disk_bootable', 'set_disk_readonly', 'export_disk_to_image'].map((t) => [
      t,
      { toolset: 'disk_actions', tool: t, reason: 'flags and image export are image-building chores' },
    ]),
  ),
  ...Object.fromEntries(
    ['list_api_versions', 'get_api_version', 'list_extensions', 'get_disk_type'].map((t) => [
      t,
      {
        toolset: 'catalog',
        tool: t,
        reason: 'service catalogue details no disk, snapshot or quota task needs',
      },
    ]),
  ),
  get_quotas: {
    toolset: 'catalog',
    tool: 'get_quotas',
    reason: 'the raw numbers behind get_quota_headroom, which answers "how much can I still create"',
  },
};

/** Options of an old default tool that now live in an opt-in tool only. */
const MOVED_OPTIONS = [
  { old: 'delete_disk', arg: 'cascade', toolset: 'cinder', tool: 'cinder_delete_disk' },
  { old: 'batch_delete_disks', arg: 'cascade', toolset: 'cinder', tool: 'cinder_delete_disk' },
  { old: 'update_disk', arg: 'metadata', toolset: 'metadata', tool: 'replace_disk_metadata' },
  { old: 'list_snapshots', arg: 'marker', toolset: 'cinder', tool: 'cinder_list_snapshots' },
];

describe('the default surface', () => {
  it('is the default toolsets, at most 30 tools and 3,500 o200k tokens; read-only at most 15', async () => {
    const d = await listed();
    expect(new Set(d.tools.map((t) => t._meta?.['evs/toolset']))).toEqual(new Set(DEFAULT_TOOLSETS));
    expect(DEFAULT_TOOLSETS).toEqual(TOOLSET_METADATA.filter((t) => t.default).map((t) => t.id));
    expect(d.tools.length).toBeLessThanOrEqual(30);
    expect(d.tokenizer).toBe('o200k');
    expect(d.tokens).toBeLessThanOrEqual(3500);
    const ro = await listed('--read-only');
    expect(ro.tools.length).toBeLessThanOrEqual(15);
    expect(ro.tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
  });

  it('calls the current operation wherever the SDK has one, and holds no twin of another default tool', async () => {
    const d = await listed();
    const operations = d.tools.map((t) => t._meta?.['evs/operation']).filter((o) => o !== null);
    // Batches aside, every default tool names its SDK operation, and no two name the same one.
    const single = d.tools.filter((t) => !t.name.startsWith('batch_'));
    const noOperation = single.filter((t) => t._meta?.['evs/operation'] === null).map((t) => t.name);
    expect(noOperation).toEqual([]);
    expect(new Set(operations).size).toBe(operations.length);
    for (const t of d.tools) {
      expect(t._meta?.['evs/replacedBy'], t.name).toBeUndefined();
      expect(t.name, t.name).not.toMatch(/^(cinder|legacy)_/);
    }
  });
});

describe('every intent of the old default (71 tools) is one call away', () => {
  it('by the same name in the default, by the default tool the table names, or in a named opt-in toolset', async () => {
    expect(oldDefault).toHaveLength(71);
    expect(new Set(oldDefault).size).toBe(71);
    const d = await listed();
    const all = await listed('--toolsets', 'all');
    const inDefault = new Map(d.tools.map((t) => [t.name, t]));
    const inAll = new Map(all.tools.map((t) => [t.name, t]));
    const optIn = new Set(TOOLSET_METADATA.filter((t) => !t.default).map((t) => t.id as string));
    for (const old of oldDefault) {
      const move = MOVES[old];
      if (!move) {
        expect(inDefault.has(old), `${old}: not in the default and not in the table`).toBe(true);
        continue;
      }
      if ('reason' in move) {
        expect(optIn.has(move.toolset), old).toBe(true);
        expect(inAll.get(move.tool)?._meta?.['evs/toolset'], old).toBe(move.toolset);
        expect(move.reason, old).toMatch(/\w{3}/);
      } else {
        expect(inDefault.has(move.tool), `${old} -> ${move.tool}`).toBe(true);
        for (const a of move.args ?? [])
          expect(params(inDefault.get(move.tool)), `${old} -> ${move.tool}`).toContain(a);
      }
    }
    // The table names only old default tools: nothing stale.
    for (const k of Object.keys(MOVES)) expect(oldDefault, k).toContain(k);
    for (const m of MOVED_OPTIONS) {
      expect(oldDefault).toContain(m.old);
      expect(params(inDefault.get(m.old)), `${m.old}.${m.arg} left the default`).not.toContain(m.arg);
      expect(inAll.get(m.tool)?._meta?.['evs/toolset'], m.tool).toBe(m.toolset);
      expect(params(inAll.get(m.tool)), m.tool).toContain(m.arg);
    }
  });
});

describe('--toolsets all', () => {
  it('covers every documented section of the 2022 reference and every operation of the current SDK', async () => {
    const all = await listed('--toolsets', 'all');
    const sections = new Set(all.tools.map((t) => String(t._meta?.['evs/section'])));
    expect(documented).toHaveLength(60);
    for (const d of documented) expect(sections.has(d.section), d.section).toBe(true);
    const operations = new Set(all.tools.map((t) => t._meta?.['evs/operation']));
    expect(sdk).toHaveLength(38);
    for (const o of sdk) expect(operations.has(o.operation), o.operation).toBe(true);
    // And every toolset holds at least one tool.
    const toolsets = new Set(all.tools.map((t) => t._meta?.['evs/toolset']));
    for (const t of TOOLSET_METADATA) expect(toolsets.has(t.id), t.id).toBe(true);
  });
});

describe('names that match nothing are refused at start', () => {
  it('an unknown toolset, naming it and the valid choices', async () => {
    const r = await runBin(['--sandbox', '--toolsets', 'disks,volumes'], {});
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /EVS_MCP_TOOLSETS \(--toolsets\): unknown toolset "volumes"; valid: all, disks, snapshots/,
    );
    for (const t of TOOLSET_METADATA) expect(r.stderr).toContain(t.id);
    const env = await runBin(['--list-tools'], { EVS_MCP_TOOLSETS: 'cinder,legacyy' });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/unknown toolset "legacyy"/);
  });

  it('an allow-list or deny-list entry that matches no tool, naming it', async () => {
    const allow = await runBin(['--sandbox', '--allow-tools', 'list_disks,get_dsk'], {});
    expect(allow.status).toBe(2);
    expect(allow.stderr).toMatch(
      /EVS_MCP_ALLOW_TOOLS \(--allow-tools\): "get_dsk" \(did you mean get_disk\?\) matches no tool/,
    );
    const deny = await runBin(['--list-tools'], { EVS_MCP_DENY_TOOLS: 'legacy_*,nothing_like_this_*' });
    expect(deny.status).toBe(2);
    expect(deny.stderr).toMatch(
      /EVS_MCP_DENY_TOOLS \(--deny-tools\): "nothing_like_this_\*" matches no tool/,
    );
    // A glob that matches an opt-in tool is not a typo, even when its toolset is off.
    const ok = await runBin(['--list-tools', '--deny-tools', 'legacy_*,cinder_*'], {});
    expect(ok.status, ok.stderr).toBe(0);
  });
});
