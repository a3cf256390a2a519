// Shared set-up for the guardrail tests: a harness with an audit file, a known confirmation secret,
// every toolset, and the ids of the sandbox's demo resources by name.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { callerPrincipal, credentialFingerprint } from '../../src/mcp/guardrails/principal.js';
import { startHarness, textOf, type Harness, type HarnessOptions } from '../helpers/harness.js';

export const CONFIRM_SECRET = 'guardrail-tests-shared-confirm-secret';

export interface Demo {
  disks: Record<'data' | 'system' | 'shared' | 'broken' | 'archive', string>;
  snapshots: Record<'daily' | 'autobk', string>;
  autobkName: string;
  zone: string;
}

export interface GuardHarness extends Harness {
  auditPath: string;
  secretsDir: string;
  demo: Demo;
  /** The principal the audit log records and tokens bind for a local (stdio) caller. */
  principal: string;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string }>;
  /** Non-GET requests the sandbox received since the last clear. */
  mutations(): { method: string; path: string }[];
  audit(): Record<string, unknown>[];
  get(path: string, query?: Record<string, string>): Promise<Record<string, unknown>>;
}

const DISK_NAMES = {
  data: 'demo-data-01',
  system: 'demo-system-01',
  shared: 'demo-shared-01',
  broken: 'demo-broken-01',
  archive: 'demo-archive-01',
} as const;

export async function startGuardHarness(
  opts: {
    capabilities?: ClientCapabilities;
    env?: Record<string, string>;
    /** Share an audit file with another harness. */
    auditPath?: string;
  } & Omit<HarnessOptions, 'env' | 'capabilities'> = {},
): Promise<GuardHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'evs-guard-'));
  const auditPath = opts.auditPath ?? join(dir, 'audit.jsonl');
  const secretsDir = join(dir, 'secrets');
  const h = await startHarness({
    ...opts,
    ...(opts.capabilities ? { capabilities: opts.capabilities } : {}),
    env: {
      EVS_MCP_TOOLSETS: 'all',
      EVS_MCP_AUDIT_LOG: auditPath,
      EVS_MCP_CONFIRM_SECRET: CONFIRM_SECRET,
      EVS_MCP_SECRETS_DIR: secretsDir,
      ...opts.env,
    },
  });
  const pid = h.app.projectId;
  const get = async (path: string, query?: Record<string, string>) =>
    (await h.app.client.request({ method: 'GET', path: `/v2/${pid}${path}`, ...(query ? { query } : {}) }))
      .body as Record<string, unknown>;
  const volumes = (await get('/volumes/detail')).volumes as {
    id: string;
    name: string;
    availability_zone: string;
  }[];
  const snaps = (await get('/snapshots/detail')).snapshots as { id: string; name: string }[];
  const byName = (n: string) => volumes.find((x) => x.name === n)?.id ?? '';
  const autobk = snaps.find((s) => s.name.startsWith('autobk_snapshot_'));
  const daily = snaps.find((s) => s.name === 'demo-data-01-daily');
  // Only the main sandbox project holds the demo resources; the peer's ids stay empty.
  const demo: Demo = {
    disks: Object.fromEntries(Object.entries(DISK_NAMES).map(([k, n]) => [k, byName(n)])) as Demo['disks'],
    snapshots: { daily: daily?.id ?? '', autobk: autobk?.id ?? '' },
    autobkName: autobk?.name ?? '',
    zone: volumes[0]?.availability_zone ?? '',
  };
  h.sandbox.requestLog.clear();
  return {
    ...h,
    auditPath,
    secretsDir,
    demo,
    principal: callerPrincipal(undefined, {
      credential: credentialFingerprint(h.config.auth),
      projectId: pid,
    }),
    get,
    async call(name, args) {
      const res = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
      return { ...res, text: textOf(res) };
    },
    mutations: () => h.sandbox.requestLog.mutating().map((e) => ({ method: e.method, path: e.path })),
    audit: () =>
      existsSync(auditPath)
        ? readFileSync(auditPath, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
  };
}

export function structured(res: CallToolResult): Record<string, unknown> {
  return (res.structuredContent ?? {}) as Record<string, unknown>;
}

/** Polls a GET until `done` says so (transitions in the sandbox take tens of milliseconds). */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One confirmed operation: its arguments (which may depend on earlier steps) and the request it sends. */
export interface ConfirmStep {
  tool: string;
  args: () => Record<string, unknown>;
  sends: { method: string; path: RegExp };
  /** Facts the confirmation must tell the person. */
  mentions: () => string[];
  /** Reads the result (e.g. a new id) and waits for the resource to settle before the next step. */
  after?: (res: CallToolResult) => Promise<void>;
}

/**
 * Every tool that needs confirmation, in an order that works on the demo seed: each step leaves the
 * resources in a state where the next one passes its pre-flight checks.
 */
export function confirmSteps(h: GuardHarness): ConfirmStep[] {
  const { disks, snapshots } = h.demo;
  const state: { transferId?: string; server?: string } = {};
  const diskStatus = async (id: string) =>
    ((await h.get(`/volumes/${id}`)).volume as { status: string }).status;
  const snapStatus = async (id: string) =>
    ((await h.get(`/snapshots/${id}`)).snapshot as { status: string } | undefined)?.status;
  return [
    {
      tool: 'replace_snapshot_metadata',
      args: () => ({ snapshot_id: snapshots.daily, metadata: { a: '1', b: '2' } }),
      sends: { method: 'PUT', path: /\/snapshots\/[^/]+\/metadata$/ },
      mentions: () => [snapshots.daily, 'demo-data-01-daily', 'adds: a, b'],
    },
    {
      tool: 'delete_snapshot_metadata_key',
      args: () => ({ snapshot_id: snapshots.daily, key: 'a' }),
      sends: { method: 'DELETE', path: /\/snapshots\/[^/]+\/metadata\/a$/ },
      mentions: () => ['"a"', 'a=1 is removed'],
    },
    {
      tool: 'replace_disk_metadata',
      args: () => ({ volume_id: disks.data, metadata: { purpose: 'archive', tier: 'cold' } }),
      sends: { method: 'PUT', path: /\/volumes\/[^/]+\/metadata$/ },
      mentions: () => [
        'demo-data-01',
        disks.data,
        '100 GB',
        'available',
        'changes: purpose app-data -> archive',
        'adds: tier',
      ],
    },
    {
      tool: 'delete_disk_metadata_key',
      args: () => ({ volume_id: disks.data, key: 'tier' }),
      sends: { method: 'DELETE', path: /\/volumes\/[^/]+\/metadata\/tier$/ },
      mentions: () => ['"tier"', 'tier=cold is removed'],
    },
    {
      tool: 'delete_disk_tags',
      args: () => ({ volume_id: disks.data, keys: ['owner'] }),
      sends: { method: 'POST', path: /\/cloudvolumes\/[^/]+\/tags\/action$/ },
      mentions: () => ['owner=alice is removed', 'demo-data-01'],
    },
    {
      tool: 'legacy_rollback_vendor_snapshot',
      args: () => ({ snapshot_id: snapshots.daily, volume_id: disks.data }),
      sends: { method: 'POST', path: /\/os-vendor-snapshots\/[^/]+\/rollback$/ },
      mentions: () => ['Overwrite disk "demo-data-01"', 'demo-data-01-daily', 'is lost'],
      after: async () => {
        await until(
          () => diskStatus(disks.data),
          (s) => s === 'available',
        );
        await until(
          () => snapStatus(snapshots.daily),
          (s) => s === 'available',
        );
      },
    },
    {
      tool: 'cinder_delete_snapshot',
      args: () => ({ snapshot_id: snapshots.daily }),
      sends: { method: 'DELETE', path: /\/snapshots\/[^/]+$/ },
      mentions: () => ['Permanently delete snapshot "demo-data-01-daily"', snapshots.daily],
    },
    {
      tool: 'cinder_delete_disk',
      args: () => ({ volume_id: disks.broken }),
      sends: { method: 'DELETE', path: /\/volumes\/[^/]+$/ },
      mentions: () => ['demo-broken-01', disks.broken, '20 GB', 'error', 'not attached', 'no snapshots'],
    },
    {
      tool: 'create_transfer',
      args: () => ({ volume_id: disks.archive, name: 'hand-over' }),
      sends: { method: 'POST', path: /\/os-volume-transfer$/ },
      mentions: () => ['demo-archive-01', '500 GB', 'hand-over'],
      after: async (res) => {
        state.transferId = String((res.structuredContent as { id?: unknown }).id ?? '');
        if (!state.transferId) throw new Error(`no transfer id in ${JSON.stringify(res.structuredContent)}`);
      },
    },
    {
      tool: 'delete_transfer',
      args: () => ({ transfer_id: state.transferId }),
      sends: { method: 'DELETE', path: /\/os-volume-transfer\/[^/]+$/ },
      mentions: () => ['transfer "hand-over"', disks.archive],
    },
    {
      tool: 'delete_disk',
      args: () => ({ volume_id: disks.archive }),
      sends: { method: 'DELETE', path: /\/cloudvolumes\/[^/]+$/ },
      mentions: () => ['demo-archive-01', disks.archive, 'available'],
    },
    {
      tool: 'cinder_update_disk',
      args: () => ({ volume_id: disks.data, metadata: { purpose: 'scratch' } }),
      sends: { method: 'PUT', path: /\/volumes\/[^/]+$/ },
      mentions: () => ['demo-data-01', 'metadata is replaced', 'changes: purpose archive -> scratch'],
      after: async () => {
        const attachments = (
          (await h.get(`/volumes/${disks.system}`)).volume as {
            attachments: { server_id: string }[];
          }
        ).attachments;
        state.server = attachments[0]?.server_id;
        if (!state.server) throw new Error('the system disk has no server');
      },
    },
    {
      tool: 'legacy_detach_disk',
      args: () => ({ volume_id: disks.system }),
      sends: { method: 'POST', path: /\/volumes\/[^/]+\/action$/ },
      mentions: () => ['demo-system-01', 'available (detached) in EVS records only', 'keeps writing'],
      after: async () => {
        await until(
          () => diskStatus(disks.system),
          (s) => s === 'available',
        );
      },
    },
    {
      tool: 'legacy_attach_disk',
      args: () => ({ volume_id: disks.system, instance_uuid: state.server, mountpoint: '/dev/vda' }),
      sends: { method: 'POST', path: /\/volumes\/[^/]+\/action$/ },
      mentions: () => ['demo-system-01', `server ${state.server ?? ''} as /dev/vda`, 'EVS records only'],
    },
  ];
}
