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

  it('reads one disk through ShowVolume', async () => {
    const list = await h.client.callTool({ name: 'list_disks', arguments: { name: 'demo-data-01' } });
    const id = (list.structuredContent as { volumes: { id: string }[] }).volumes[0]!.id;
    const res = await h.client.readResource({ uri: `evs://disks/${id}` });
    expect(JSON.parse((res.contents[0] as { text: string }).text)).toMatchObject({
      id,
      name: 'demo-data-01',
    });
    expect(h.sandbox.requestLog.entries().at(-1)?.path).toMatch(new RegExp(`/cloudvolumes/${id}$`));
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

describe('resource errors use the MCP codes', () => {
  it('a disk that does not exist is -32002 (resource not found), with the EVS code and the fix', async () => {
    const before = h.sandbox.requestLog.total();
    const err = await h.client.readResource({ uri: 'evs://disks/00000000-0000-4000-8000-000000000000' }).then(
      () => undefined,
      (e: unknown) => e as { code?: number; message?: string },
    );
    expect(err?.code).toBe(-32002);
    expect(err?.message).toContain('EVS.5404');
    expect(err?.message).toContain('Fix:');
    // It went through get_disk's own path (ShowVolume).
    expect(h.sandbox.requestLog.since(before).map((e) => e.path)).toEqual([
      expect.stringMatching(/\/cloudvolumes\/00000000-0000-4000-8000-000000000000$/),
    ]);
  });

  it('an id the input schema refuses is -32602 (invalid params) and sends nothing', async () => {
    const before = h.sandbox.requestLog.total();
    const err = await h.client.readResource({ uri: 'evs://disks/not%20an%20id!' }).then(
      () => undefined,
      (e: unknown) => e as { code?: number; message?: string },
    );
    expect(err?.code).toBe(-32602);
    expect(err?.message).toContain('volume_id');
    expect(h.sandbox.requestLog.total()).toBe(before);
  });
});

describe('resources and prompts follow the tool selection', () => {
  async function offered(env: Record<string, string>) {
    const s = await startHarness({ env, sharedSandbox: h.sandbox });
    try {
      const caps = s.client.getServerCapabilities() ?? {};
      const resources = caps.resources ? (await s.client.listResources()).resources.map((r) => r.uri) : [];
      const templates = caps.resources
        ? (await s.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)
        : [];
      const prompts = caps.prompts ? (await s.client.listPrompts()).prompts.map((p) => p.name).sort() : [];
      const diskRead = await s.client
        .readResource({ uri: 'evs://disks/00000000-0000-4000-8000-000000000000' })
        .then(
          () => 'read',
          (e: unknown) => (e as { code?: number }).code,
        );
      return { resources, templates, prompts, diskRead };
    } finally {
      await s.close();
    }
  }

  it('denying get_disk removes the disk resource and the prompt that reads the disk', async () => {
    const o = await offered({ EVS_MCP_DENY_TOOLS: 'get_disk' });
    expect(o.templates).toEqual([]);
    expect(o.resources).toEqual(['evs://quota/headroom']);
    expect(o.prompts).toEqual(['cleanup_unattached_disks', 'quota_report']);
    // Not a resource of this server: the SDK's unknown-resource answer, and nothing sent.
    expect(o.diskRead).not.toBe('read');
  });

  it('read-only mode drops the prompt that deletes and the one that snapshots', async () => {
    const o = await offered({ EVS_MCP_READ_ONLY: 'true' });
    expect(o.prompts).toEqual(['quota_report']);
    expect(o.templates).toEqual(['evs://disks/{volume_id}']);
  });

  it('a toolset without the catalog has no quota resource and no quota prompt', async () => {
    const o = await offered({ EVS_MCP_TOOLSETS: 'disks,snapshots' });
    expect(o.resources).toEqual([]);
    expect(o.prompts).toEqual(['cleanup_unattached_disks', 'snapshot_before_change']);
  });

  it('an allow list without any of their tools offers no resource and no prompt', async () => {
    const o = await offered({ EVS_MCP_ALLOW_TOOLS: 'list_*' });
    expect(o).toMatchObject({ resources: [], templates: [], prompts: [] });
  });
});
