// Set-up for the per-tool end-to-end tests: two servers (the main project and its peer) on one sandbox,
// and fresh disks, snapshots, transfers and a job made through the tools themselves.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';
import { DISK_ROLES, type DiskRole, type ToolCaseCtx } from './tool-cases.js';

/** Sandbox transitions short enough for a quick run; a just-accepted change is still transitional, so `wait` polls. */
export const E2E_DELAYS = {
  create: 30,
  extend: 30,
  delete: 30,
  rollback: 30,
  upload: 30,
  snapshot: 30,
  job: 30,
};

/** The server the detach case's disk is marked attached to. */
export const SERVER_ID = '5d8e3f21-7c4b-4a6e-9b0d-2f1a3c5e7d90';

export interface ToolHarnesses {
  main: Harness;
  /** Project index 1 on the same sandbox: the receiving side of a transfer. */
  peer: Harness;
  ctx: ToolCaseCtx;
  close(): Promise<void>;
}

export type Result = CallToolResult & { text: string };

export async function call(h: Harness, name: string, args: Record<string, unknown>): Promise<Result> {
  const res = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  return { ...res, text: textOf(res) };
}

/** A call that must succeed; its structured result. */
export async function must(
  h: Harness,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await call(h, name, args);
  if (res.isError || !res.structuredContent) throw new Error(`${name} failed in set-up: ${res.text}`);
  return res.structuredContent;
}

/** Transfer auth_keys are withheld from results and saved to a file; the result names the file. */
export function readSealedAuthKey(structured: Record<string, unknown>): string {
  const note = String(structured.auth_key ?? '');
  const m = /saved for the person at (.+?); hand it/.exec(note);
  if (!m) throw new Error(`no saved auth_key path in ${note}`);
  return readFileSync(m[1]!, 'utf8').trim();
}

async function createDisks(h: Harness, zone: string): Promise<{ jobId: string; ids: string[] }> {
  const created = await must(h, 'create_disks', {
    availability_zone: zone,
    volume_type: 'SSD',
    size: 10,
    count: DISK_ROLES.length,
    name: 'e2e',
    metadata: { e2e: 'seed', gone: 'soon' },
    wait: true,
  });
  const jobId = String(created.job_id);
  const job = await must(h, 'get_job', { job_id: jobId });
  const ids = (job.sub_jobs as { volume_ids: string[] } | undefined)?.volume_ids ?? [];
  if (ids.length !== DISK_ROLES.length)
    throw new Error(`expected ${DISK_ROLES.length} disks: ${JSON.stringify(job)}`);
  // wait=true already named the batch's disks, in the job's order.
  const waited = (created.wait as { volume_ids?: string[] } | undefined)?.volume_ids;
  if (JSON.stringify(waited) !== JSON.stringify(ids))
    throw new Error(`create_disks wait named ${JSON.stringify(waited)}, the job ${JSON.stringify(ids)}`);
  return { jobId, ids };
}

async function snapshotOf(h: Harness, volumeId: string, name: string): Promise<string> {
  const s = await must(h, 'cinder_create_snapshot', {
    volume_id: volumeId,
    name,
    metadata: { e2e: 'seed', gone: 'soon' },
    wait: true,
  });
  return String(s.id);
}

async function transferOf(h: Harness, volumeId: string, name: string) {
  const t = await must(h, 'create_transfer', { volume_id: volumeId, name });
  return { id: String(t.id), authKey: readSealedAuthKey(t) };
}

/** `extraEnv` adds settings (e.g. a short request timeout for fault tests). */
export async function startToolHarnesses(extraEnv: Record<string, string> = {}): Promise<ToolHarnesses> {
  const secretsDir = mkdtempSync(join(tmpdir(), 'evs-e2e-secrets-'));
  const env = {
    EVS_MCP_TOOLSETS: 'all',
    EVS_MCP_CONFIRMATION: 'off',
    EVS_MCP_SECRETS_DIR: secretsDir,
    EVS_MCP_POLL_INTERVAL_MS: '50',
    ...extraEnv,
  };
  const main = await startHarness({ env, sandbox: { seedDemoData: true, delays: E2E_DELAYS } });
  const peer = await startHarness({ env, sharedSandbox: main.sandbox, projectIndex: 1 });
  // Listing caches the output schemas, so the client validates every structured result against them.
  await Promise.all([main.client.listTools(), peer.client.listTools()]);

  const zones = (await must(main, 'list_availability_zones', {})).zones as { name: string }[];
  const zone = zones[0]?.name ?? '';
  const types = (await must(main, 'list_disk_types', {})).types as { id: string }[];
  const { jobId, ids } = await createDisks(main, zone);
  const disks = Object.fromEntries(DISK_ROLES.map((role, i) => [role, ids[i]!])) as Record<DiskRole, string>;

  const snapshots = {
    del: await snapshotOf(main, disks.snap, 'e2e-to-delete'),
    meta: await snapshotOf(main, disks.snap, 'e2e-meta'),
    rollback: await snapshotOf(main, disks.rollback, 'e2e-rollback'),
    cloudDel: await snapshotOf(main, disks.snap, 'e2e-cloud-delete'),
  };
  // A GPSSD2 disk for the QoS case. The sandbox's 7.1.7 catalogue lists the 2022 types only (so the
  // retype tool's AZ check refuses GPSSD2 there): RetypeVolume is sent directly.
  const retyped = await main.app.client.request<{ job_id: string }>({
    method: 'POST',
    path: `/v2/${main.app.projectId}/volumes/${disks.qos}/retype`,
    body: { 'os-retype': { new_type: 'GPSSD2', iops: 3000, throughput: 125 } },
  });
  await must(main, 'get_job', { job_id: retyped.body.job_id, wait: true });
  // Two 30-day-old demo disks deleted while the recycle bin is on (threshold 1 day) stay in the bin.
  await must(main, 'set_recycle_bin_policy', { switch: true, threshold_time: 1, keep_time: 7 });
  const binned = { restore: '', del: '' };
  for (const [key, name] of [
    ['restore', 'demo-broken-01'],
    ['del', 'demo-archive-01'],
  ] as const) {
    const found = (await must(main, 'list_disks', { name })).volumes as { id: string }[];
    binned[key] = found[0]!.id;
    await must(main, 'cinder_delete_disk', { volume_id: binned[key], wait: true });
  }
  const transfers = {
    accept: await transferOf(main, disks.transferAccept, 'e2e-accept'),
    del: (await transferOf(main, disks.transferDelete, 'e2e-cancel')).id,
    keep: (await transferOf(main, disks.transferKeep, 'e2e-keep')).id,
  };
  await must(main, 'add_disk_tags', { volume_id: disks.general, tags: { e2e: 'seed', gone: 'soon' } });
  await must(main, 'legacy_attach_disk', {
    volume_id: disks.detach,
    instance_uuid: SERVER_ID,
    mountpoint: '/dev/vdc',
  });
  await must(main, 'legacy_reserve_disk', { volume_id: disks.unreserve });

  const ctx: ToolCaseCtx = {
    zone,
    typeId: types[0]?.id ?? '',
    jobId,
    disks,
    snapshots,
    transfers,
    serverId: SERVER_ID,
    binned,
  };
  return {
    main,
    peer,
    ctx,
    async close() {
      await peer.close();
      await main.close();
    },
  };
}
