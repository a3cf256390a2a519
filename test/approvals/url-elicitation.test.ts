// A client that declares URL-mode elicitation (MCP 2025-11-25) gets the approval link through
// elicitation/create with mode "url", addressed to the person, never in the tool result; accepting
// only means the page was opened: the decision is made on the page.
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

describe('approval mode with URL-mode elicitation (stdio)', () => {
  let h: Harness;
  const asked: { mode?: string; url?: string; elicitationId?: string }[] = [];
  let answer: 'accept' | 'decline' = 'accept';
  const mutations = () => h.sandbox.requestLog.entries().filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    h = await startHarness({
      env: { EVS_MCP_CONFIRMATION: 'approval', EVS_MCP_BROWSER: '/nonexistent/browser' },
      capabilities: { elicitation: { url: {} } },
    });
    h.client.setRequestHandler(ElicitRequestSchema, (req) => {
      asked.push(req.params as (typeof asked)[number]);
      return { action: answer };
    });
  });
  afterAll(async () => h?.close());

  const diskNamed = async (name: string) => {
    const list = await h.client.callTool({ name: 'list_disks', arguments: { name } });
    return /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
  };

  it('sends the link by URL elicitation; approving on the page lets the repeated call run once', async () => {
    const disk = await diskNamed('demo-archive-01');
    h.sandbox.requestLog.clear();
    const first = await h.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    expect(
      (first.structuredContent as { approval_required?: boolean }).approval_required,
      textOf(first),
    ).toBe(true);
    const sent = asked.at(-1)!;
    expect(sent.mode).toBe('url');
    expect(sent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approve\//);
    expect(JSON.stringify(first)).not.toContain(sent.url!.split('/').at(-1)!);
    // The person's browser: read the page, then post its own form from its own origin.
    const html = await (await fetch(sent.url!)).text();
    const field = (n: string) => new RegExp(`name="${n}" value="([^"]*)"`).exec(html)![1]!;
    const origin = new URL(sent.url!).origin;
    const form = new URLSearchParams({ csrf: field('csrf'), state: field('state'), decision: 'approve' });
    const cross = await fetch(`${sent.url}/decision`, {
      method: 'POST',
      body: form,
      headers: { origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    const ok = await fetch(`${sent.url}/decision`, { method: 'POST', body: form, headers: { origin } });
    expect(await ok.text()).toContain('Approved');
    expect(mutations()).toEqual([]);
    const run = await h.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(mutations().map((r) => r.method)).toEqual(['DELETE']);
  });

  it('a person declining the URL elicitation refuses the call; nothing is sent', async () => {
    answer = 'decline';
    const disk = await diskNamed('demo-broken-01');
    h.sandbox.requestLog.clear();
    const out = await h.client.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    expect((out.structuredContent as { reason?: string }).reason, textOf(out)).toBe('approval_declined');
    expect(mutations()).toEqual([]);
  });
});
