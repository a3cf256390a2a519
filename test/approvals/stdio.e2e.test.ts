// stdio without elicitation: the server opens the person's browser on a loopback page with a one-time
// path (the "browser" here records the link, as the test hook; the tool result never carries it), a
// click in headless chromium approves, and the repeated call runs. No browser: tokens, and it says so.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/harness.js';
import { spawnServer, type Spawned } from '../e2e/spawn.js';
import { requireApprovals } from './redis.js';

const CHROMIUM = '/usr/bin/chromium';
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

describe.skipIf(!requireApprovals && !existsSync(CHROMIUM))('approval on stdio, loopback page', () => {
  const servers: Spawned[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const deletable = async (s: Spawned) => {
    const list = await s.client.callTool({ name: 'list_disks', arguments: { name: 'demo-archive-01' } });
    return /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
  };

  it('opens the page on loopback, the model learns only that approval is pending, a click lets the call run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evs-stdio-approval-'));
    const hook = join(dir, 'opened.txt');
    const opener = join(dir, 'open-browser');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > "${hook}"\n`);
    chmodSync(opener, 0o755);
    const s = await spawnServer(
      { EVS_MCP_CONFIRMATION: 'approval', EVS_MCP_BROWSER: opener, EVS_MCP_POLL_INTERVAL_MS: '50' },
      ['--sandbox'],
    );
    servers.push(s);
    const disk = await deletable(s);
    const first = await s.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const s1 = first.structuredContent as Record<string, unknown>;
    expect(s1.approval_required, textOf(first)).toBe(true);
    const link = readFileSync(hook, 'utf8');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approve\/[A-Za-z0-9_-]{43}$/);
    const secret = link.split('/').at(-1)!;
    expect(JSON.stringify(first)).not.toContain(secret);
    expect(s1.confirm_token).toBeUndefined();
    const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'evs-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(link);
      expect(await page.locator('#plan').textContent()).toContain(disk);
      await Promise.all([page.waitForSelector('#outcome'), page.click('#approve')]);
      expect(await page.locator('#outcome').textContent()).toBe('Approved');
      if (process.env.EVS_MCP_SHOTS_DIR)
        await page.screenshot({ path: join(process.env.EVS_MCP_SHOTS_DIR, 'stdio-approved.png') });
      // The path worked once.
      await page.goto(link);
      expect(await page.locator('#detail').textContent()).toContain('works once');
    } finally {
      await browser.close();
    }
    const run = await s.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(textOf(run)).not.toMatch(/approval_required|Refused/);
  });

  it('without a browser it falls back to tokens and says so', async () => {
    const s = await spawnServer(
      { EVS_MCP_CONFIRMATION: 'approval', EVS_MCP_BROWSER: '/nonexistent/browser' },
      ['--sandbox'],
    );
    servers.push(s);
    const disk = await deletable(s);
    const first = await s.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const s1 = first.structuredContent as { confirm_token?: string; approval_unavailable?: string };
    expect(s1.confirm_token, textOf(first)).toBeTypeOf('string');
    expect(textOf(first)).toContain('falls back to a confirmation token, which a model could give itself');
    expect(s.stderr()).toContain('no browser could be opened');
    const run = await s.client.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: s1.confirm_token! },
    });
    expect(run.isError, textOf(run)).toBeFalsy();
  });
});
