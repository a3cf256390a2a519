// EVS_MCP_TARGETS over the HTTP transport against a sandbox simulating two regions: a call on `dr` reaches
// the dr endpoint and project, a confirmation made on prod is refused on dr, and X-EVS-Targets only narrows.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, verifyToken } from '../../src/mcp/guardrails/confirm-token.js';
import { callerPrincipal } from '../../src/mcp/guardrails/principal.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { runInTarget } from '../../src/targets/context.js';
import { fastDelays, textOf } from '../helpers/harness.js';
import { connectClient, startRemote, type Remote } from '../remote/helpers.js';

let sandbox: SandboxHandle;
let r: Remote;
let c: Client;

const mutating = (mark: number) => sandbox.requestLog.since(mark).filter((e) => e.method !== 'GET');
const disksOf = (res: unknown) => [...JSON.stringify(res).matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays(), regions: ['cn-east-3'] });
  const dr = sandbox.regions[0]!;
  r = await startRemote({
    sandbox,
    env: {
      // Every toolset, so the target argument is checked on every record.
      EVS_MCP_TOOLSETS: 'all',
      EVS_MCP_TARGETS: `prod=${sandbox.region}/${sandbox.projects[0]!.id}@${sandbox.url},dr=cn-east-3/${dr.projectId}@${dr.url}`,
    },
  });
  c = await connectClient(r.url);
});
afterAll(async () => {
  await c?.close();
  await r?.close();
  await sandbox?.close();
});

describe('several targets', () => {
  it('gives every tool an optional target naming the configured targets, the default first', async () => {
    const { tools } = await c.listTools();
    expect(tools.length).toBeGreaterThan(40);
    for (const t of tools)
      expect((t.inputSchema.properties as Record<string, { enum?: string[] }>).target?.enum, t.name).toEqual([
        'prod',
        'dr',
      ]);
  });

  it("sends a call on dr to the dr endpoint and project, and a call without target to prod's", async () => {
    const dr = sandbox.regions[0]!;
    let mark = sandbox.requestLog.total();
    const onDr = await c.callTool({ name: 'list_disks', arguments: { target: 'dr' } });
    expect(onDr.isError, textOf(onDr)).toBeFalsy();
    expect(disksOf(onDr.structuredContent)).toContain('cn-east-3-disk');
    const sent = sandbox.requestLog.since(mark);
    expect(sent.length).toBeGreaterThan(0);
    for (const e of sent) expect(e).toMatchObject({ region: 'cn-east-3', projectId: dr.projectId });
    mark = sandbox.requestLog.total();
    const onProd = await c.callTool({ name: 'list_disks', arguments: {} });
    expect(disksOf(onProd.structuredContent)).not.toContain('cn-east-3-disk');
    for (const e of sandbox.requestLog.since(mark)) {
      expect(e.region).toBeUndefined();
      expect(e.projectId).toBe(sandbox.projects[0]!.id);
    }
  });

  it('refuses on dr a confirmation token made on prod, with nothing sent', async () => {
    const list = await c.callTool({ name: 'list_disks', arguments: { status: 'available' } });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    const first = await c.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const token = (first.structuredContent as { confirm_token?: string }).confirm_token;
    expect(token, textOf(first)).toBeTypeOf('string');
    const mark = sandbox.requestLog.total();
    const replay = await c.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token, target: 'dr' },
    });
    // dr has no such disk, so its own checks refuse first; the token alone would not pass either (below).
    expect(replay.isError, textOf(replay)).toBe(true);
    expect(mutating(mark)).toEqual([]);
    const subject = (target: string) => ({
      tool: 'delete_disk',
      args: { volume_id: disk },
      principal: runInTarget(target, () =>
        callerPrincipal(undefined, { credential: 'aksk:x', projectId: 'p' }),
      ),
      state: '',
    });
    const issued = issueToken('0123456789abcdef0123', subject('prod'));
    expect(verifyToken('0123456789abcdef0123', issued.token, subject('prod')).valid).toBe(true);
    expect(verifyToken('0123456789abcdef0123', issued.token, subject('dr'))).toMatchObject({
      valid: false,
      reason: 'mismatch',
    });
    // The same token on its own target is honoured.
    const done = await c.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(mutating(mark).map((e) => e.method)).toEqual(['DELETE']);
  });

  it('lets X-EVS-Targets narrow the targets of a request, never widen them, with nothing sent', async () => {
    const narrowed = await connectClient(r.url, { 'x-evs-targets': 'prod,staging' });
    const mark = sandbox.requestLog.total();
    const res = await narrowed.callTool({ name: 'list_disks', arguments: { target: 'dr' } });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/Target "dr" is not allowed.*usable: prod\b.*Nothing was sent/);
    expect(sandbox.requestLog.since(mark)).toEqual([]);
    // A name the operator did not configure is not in the schema's enum, so it is refused as bad input.
    const unknown = await narrowed.callTool({ name: 'list_disks', arguments: { target: 'staging' } });
    expect(unknown.isError).toBe(true);
    expect(sandbox.requestLog.since(mark)).toEqual([]);
    const ok = await narrowed.callTool({ name: 'list_disks', arguments: {} });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    await narrowed.close();
    const bad = await fetch(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-evs-targets': 'Bad Name',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('one target', () => {
  it('adds no argument and sends to that target', async () => {
    const dr = sandbox.regions[0]!;
    const one = await startRemote({
      sandbox,
      env: { EVS_MCP_TARGETS: `dr=cn-east-3/${dr.projectId}@${dr.url}` },
    });
    const client = await connectClient(one.url);
    const { tools } = await client.listTools();
    expect(tools.every((t) => !('target' in (t.inputSchema.properties ?? {})))).toBe(true);
    const mark = sandbox.requestLog.total();
    const res = await client.callTool({ name: 'list_disks', arguments: {} });
    expect(disksOf(res.structuredContent)).toContain('cn-east-3-disk');
    expect(sandbox.requestLog.since(mark).every((e) => e.region === 'cn-east-3')).toBe(true);
    await client.close();
    await one.close();
  });
});
