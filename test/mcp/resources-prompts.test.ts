// Resources (quota headroom, a disk) and workflow prompts, through a real MCP client against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('resources', () => {
  it('lists the quota headroom and the disk template', async () => {
    const { resources } = await h.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('evs://quota/headroom');
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('evs://disks/{volume_id}');
  });

  it('reads the quota headroom from 7.1.9', async () => {
    const res = await h.client.readResource({ uri: 'evs://quota/headroom' });
    const body = JSON.parse((res.contents[0] as { text: string }).text) as {
      totals: unknown;
      by_type: Record<string, unknown>;
    };
    expect(body.totals).toBeDefined();
    expect(Object.keys(body.by_type).length).toBeGreaterThan(0);
    expect(h.sandbox.requestLog.entries().at(-1)?.path).toMatch(/\/os-quota-sets\//);
  });

  it('reads one disk through 6.1.5', async () => {
    const list = await h.client.callTool({ name: 'list_disks', arguments: { name: 'demo-data-01' } });
    const id = (list.structuredContent as { volumes: { id: string }[] }).volumes[0]!.id;
    const res = await h.client.readResource({ uri: `evs://disks/${id}` });
    expect(JSON.parse((res.contents[0] as { text: string }).text)).toMatchObject({
      id,
      name: 'demo-data-01',
    });
    expect(h.sandbox.requestLog.entries().at(-1)?.path).toMatch(new RegExp(`/os-vendor-volumes/${id}$`));
  });
});

describe('prompts', () => {
  it('offers the workflow prompts and fills in their arguments', async () => {
    const { prompts } = await h.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([
      'cleanup_unattached_disks',
      'quota_report',
      'snapshot_before_change',
    ]);
    const p = await h.client.getPrompt({
      name: 'snapshot_before_change',
      arguments: { volume_id: 'vol-1', change: 'resize the filesystem' },
    });
    const text = (p.messages[0]?.content as { text: string }).text;
    expect(text).toContain('create_snapshot volume_id=vol-1');
    expect(text).toContain('resize the filesystem');
  });
});
