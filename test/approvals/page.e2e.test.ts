// End to end in a real headless browser (Debian's chromium driven by playwright-core): the agent's
// delete answers approval_required; a person logs in at the organisation's OpenID Connect provider,
// sees the plan read afresh and approves; the agent's repeated call deletes the disk through another
// replica than the one that filed the approval; a second repeat is refused. Then the refusals, each
// with nothing sent: no approver role, four eyes, a cross-site POST, the disk changed after approval,
// Redis stopped. Screenshots go to EVS_MCP_SHOTS_DIR when it is set.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/harness.js';
import { freePort, replicaEnv, startReplica, type Replica, type SandboxCreds } from '../remote/spawn-http.js';
import { startProvider, type TestProvider } from './oidc-provider.js';
import { haveRedis, requireApprovals, startRedis, type TestRedis } from './redis.js';
import { agent, sandboxAdmin, startSandboxProcess } from './replicas.js';

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = requireApprovals || existsSync(CHROMIUM);
/** Screenshots of the page (plan, approved, refused) when set. */
const SHOTS = process.env.EVS_MCP_SHOTS_DIR;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Structured {
  approval_required?: boolean;
  approval_url?: string;
  approval_id?: string;
  refused?: boolean;
  reason?: string;
  confirm_token?: string;
}

describe.skipIf(!haveRedis || !haveBrowser)('approval page in a browser, two replicas sharing Redis', () => {
  let redis: TestRedis;
  let sandboxProc: ChildProcess;
  let sandbox: SandboxCreds;
  let provider: TestProvider;
  let a: Replica;
  let b: Replica;
  let publicUrl = '';
  let context: BrowserContext;
  let page: Page;
  let attacker: Server;
  let shots: string | undefined;
  const audits: string[] = [];
  const disks: string[] = [];
  const argsOf = new Map<string, Record<string, unknown>>();
  const admin = () => sandboxAdmin(sandbox);

  const token = (sub: string) => provider.accessToken(sub, 'evs:read evs:write', publicUrl);
  const shot = async (name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  /** The agent's delete on a replica; returns the structured answer. */
  const del = async (client: Client, disk: string) => {
    const r = await client.callTool({ name: 'delete_disk', arguments: argsOf.get(disk)! });
    return { r, s: (r.structuredContent ?? {}) as Structured, text: textOf(r) };
  };
  /** Opens an approval link signed in as `user` (a fresh login each time). */
  const openAs = async (link: string, user: string) => {
    await context.clearCookies();
    await page.goto(link);
    await page.waitForURL(`${provider.url}/authorize**`);
    await page.fill('#username', user);
    await page.fill('#password', `${user}-pw`);
    await Promise.all([page.waitForURL(`${link}`), page.click('#signin')]);
  };

  beforeAll(async () => {
    redis = await startRedis();
    ({ proc: sandboxProc, creds: sandbox } = await startSandboxProcess());
    provider = await startProvider({
      alice: { password: 'alice-pw', name: 'Alice Approver', scopes: ['evs:approve'] },
      bob: { password: 'bob-pw', name: 'Bob Bystander' },
    });
    const [portA, portB] = [await freePort(), await freePort()];
    publicUrl = `http://127.0.0.1:${portA}/mcp`;
    provider.register([`http://127.0.0.1:${portA}/approvals/callback`]);
    const dir = mkdtempSync(join(tmpdir(), 'evs-approvals-'));
    const env = (name: string) => {
      const audit = join(dir, `${name}.jsonl`);
      audits.push(audit);
      return replicaEnv(sandbox, {
        EVS_MCP_AUTH_ISSUER: provider.url,
        EVS_MCP_PUBLIC_URL: publicUrl,
        EVS_MCP_REDIS_URL: redis.url,
        EVS_MCP_OIDC_CLIENT_ID: provider.clientId,
        EVS_MCP_OIDC_CLIENT_SECRET: provider.clientSecret,
        EVS_MCP_FOUR_EYES: 'true',
        EVS_MCP_AUDIT_LOG: audit,
        EVS_MCP_LOG_LEVEL: 'info',
      });
    };
    [a, b] = await Promise.all([startReplica(portA, env('a')), startReplica(portB, env('b'))]);
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'evs-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      shots = SHOTS;
    }
    // Another site (localhost is not 127.0.0.1) whose page posts a decision form to the approval page.
    attacker = createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="${target}"><input name="decision" value="approve"><input name="csrf" value="guess"></form><script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    const lister = await agent(a.url, await token('lister'));
    const list = await lister.callTool({ name: 'list_disks', arguments: {} });
    // Disks a delete may go to: DeleteVolume (6.1.3) has no cascade and refuses a disk with snapshots or
    // attachments, so only those the dry run says would just need confirmation (an `error` disk counts).
    for (const m of JSON.stringify(list.structuredContent).matchAll(/"id":"([0-9a-f-]{36})"/g)) {
      const args = { volume_id: m[1]! };
      const dry = await lister.callTool({ name: 'delete_disk', arguments: { ...args, dry_run: true } });
      expect(dry.structuredContent, textOf(dry)).toBeDefined();
      const verdict = (dry.structuredContent as { verdict?: string }).verdict;
      if (verdict === 'would_need_confirmation' && !disks.includes(m[1]!)) {
        disks.push(m[1]!);
        argsOf.set(m[1]!, args);
      }
    }
    expect(disks.length).toBeGreaterThanOrEqual(2);
    await lister.close();
  });

  afterAll(async () => {
    await context?.close();
    attacker?.close();
    a?.proc.kill('SIGKILL');
    b?.proc.kill('SIGKILL');
    sandboxProc?.kill('SIGTERM');
    await provider?.close();
    await redis?.stop();
  });

  it('a caller without the approver role sees the plan but cannot decide; nothing is sent', async () => {
    const client = await agent(a.url, await token('agent-norole'));
    await admin().clear();
    const first = await del(client, disks[1]!);
    expect(first.s.approval_required, first.text).toBe(true);
    await openAs(first.s.approval_url!, 'bob');
    await expect(page.locator('#blocked').textContent()).resolves.toContain('evs:approve');
    expect(await page.locator('#approve').count()).toBe(0);
    await shot('refused-no-role');
    const again = await del(client, disks[1]!);
    expect(again.s.approval_required, again.text).toBe(true);
    expect(await admin().mutations()).toEqual([]);
    await client.close();
  });

  it('under four eyes the requester cannot approve their own call; nothing is sent', async () => {
    const client = await agent(a.url, await token('alice'));
    await admin().clear();
    const first = await del(client, disks[1]!);
    expect(first.s.approval_required, first.text).toBe(true);
    await openAs(first.s.approval_url!, 'alice');
    await expect(page.locator('#blocked').textContent()).resolves.toContain('four eyes');
    await shot('refused-four-eyes');
    expect((await del(client, disks[1]!)).s.approval_required).toBe(true);
    expect(await admin().mutations()).toEqual([]);
    await client.close();
  });

  it('a cross-site POST decides nothing; nothing is sent', async () => {
    const client = await agent(a.url, await token('agent-csrf'));
    await admin().clear();
    const first = await del(client, disks[1]!);
    const link = first.s.approval_url!;
    await openAs(link, 'alice');
    expect(await page.locator('#approve').count()).toBe(1);
    const evil = `http://localhost:${(attacker.address() as AddressInfo).port}/?target=${encodeURIComponent(`${link}/decision`)}`;
    await Promise.all([page.waitForURL(`${link}/decision`), page.goto(evil)]);
    await expect(page.locator('#detail').textContent()).resolves.toContain('Cross-site');
    await shot('refused-cross-site');
    expect((await del(client, disks[1]!)).s.approval_required).toBe(true);
    expect(await admin().mutations()).toEqual([]);
    await client.close();
  });

  it('an approval of a disk that changed afterwards is refused; the delete is not sent', async () => {
    const client = await agent(a.url, await token('agent-stale'));
    const first = await del(client, disks[1]!);
    await openAs(first.s.approval_url!, 'alice');
    await Promise.all([page.waitForSelector('#outcome'), page.click('#approve')]);
    const rename = await client.callTool({
      name: 'update_disk',
      arguments: { volume_id: disks[1]!, name: 'renamed-after-approval' },
    });
    expect(rename.isError, textOf(rename)).toBeFalsy();
    await admin().clear();
    const onB = await agent(b.url, await token('agent-stale'));
    const repeat = await del(onB, disks[1]!);
    expect(repeat.s.reason, repeat.text).toBe('approval_stale');
    expect(await admin().mutations()).toEqual([]);
    await onB.close();
    await client.close();
  });

  it('approve in the browser, delete through the other replica, once', async () => {
    const onA = await agent(a.url, await token('agent-main'));
    await admin().clear();
    const first = await del(onA, disks[0]!);
    expect(first.s.approval_required, first.text).toBe(true);
    expect(first.s.confirm_token).toBeUndefined();
    expect(first.text).not.toMatch(/confirm_token=/);
    expect(first.s.approval_url).toBe(`${new URL(publicUrl).origin}/approvals/${first.s.approval_id}`);
    await openAs(first.s.approval_url!, 'alice');
    const plan = (await page.locator('#plan').textContent()) ?? '';
    expect(plan).toContain(disks[0]!);
    expect(plan).toMatch(/GB/);
    await expect(page.locator('#requester').textContent()).resolves.toBe('agent-main');
    const html = await page.content();
    expect(html).not.toContain(provider.clientSecret);
    expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT of any kind in the page
    await shot('plan');
    await Promise.all([page.waitForSelector('#outcome'), page.click('#approve')]);
    const detail = (await page.locator('#detail').textContent()) ?? '';
    await expect(page.locator('#outcome').textContent(), detail).resolves.toBe('Approved');
    await shot('approved');
    expect(await admin().mutations()).toEqual([]);

    const onB = await agent(b.url, await token('agent-main'));
    const run = await del(onB, disks[0]!);
    expect(run.r.isError, run.text).toBeFalsy();
    expect(await admin().mutations()).toEqual([expect.stringMatching(new RegExp(`^DELETE .*/${disks[0]}$`))]);
    const twice = await del(onB, disks[0]!);
    expect(twice.r.isError || twice.s.refused || twice.s.approval_required, twice.text).toBeTruthy();
    expect(await admin().mutations()).toHaveLength(1);
    const lines = audits
      .flatMap((f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : []))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.verdict === 'allowed' && l.tool === 'delete_disk')).toMatchObject({
      confirmed_by: 'approval',
      caller: 'agent-main',
    });
    await onA.close();
    await onB.close();
  });

  it('with Redis stopped, confirmed calls are refused, reads go on, /readyz says why', async () => {
    const client = await agent(b.url, await token('agent-down'));
    await redis.stop();
    await admin().clear();
    const refused = await del(client, disks[1]!);
    expect(refused.s.reason, refused.text).toBe('approval_store_unavailable');
    const read = await client.callTool({ name: 'list_disks', arguments: {} });
    expect(read.isError, textOf(read)).toBeFalsy();
    const ready = await fetch(`http://127.0.0.1:${b.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/Redis is unavailable/);
    expect(b.stderr()).toContain('rate limit falls back to this replica only');
    expect(await admin().mutations()).toEqual([]);
    await client.close();
  });
});
