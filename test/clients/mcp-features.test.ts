// MCP features clients use, through a real SDK client over stdio against the built server:
// server identity, completions, log notifications at the client's level (without secrets), resource links.
import { readFileSync } from 'node:fs';
import {
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { spawnServer, type Spawned } from '../e2e/spawn.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
};
const serverJson = JSON.parse(readFileSync(new URL('../../server.json', import.meta.url), 'utf8')) as {
  title: string;
};

let sandbox: SandboxHandle;
let s: Spawned;
const messages: LoggingMessageNotification['params'][] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true });
  const p = sandbox.projects[0]!;
  s = await spawnServer({
    HUAWEICLOUD_SDK_AK: p.ak,
    HUAWEICLOUD_SDK_SK: p.sk,
    HUAWEICLOUD_SDK_REGION: sandbox.region,
    HUAWEICLOUD_SDK_PROJECT_ID: p.id,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
    EVS_MCP_LOG_LEVEL: 'warn',
  });
  s.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    messages.push(n.params);
  });
});
afterAll(async () => {
  await s.close();
  await sandbox.close();
});

async function diskIds(): Promise<{ id: string; name: string }[]> {
  const list = await s.client.callTool({ name: 'list_disks', arguments: {} });
  return (list.structuredContent as { volumes: { id: string; name: string }[] }).volumes;
}

describe('server identity', () => {
  it('gives name, version, title, website and an icon in the initialize result', () => {
    const info = s.client.getServerVersion()!;
    expect(info).toMatchObject({
      name: pkg.name,
      version: pkg.version,
      title: serverJson.title,
      websiteUrl: pkg.homepage,
    });
    const icon = info.icons?.[0];
    expect(icon?.mimeType).toBe('image/svg+xml');
    const svg = Buffer.from(icon!.src.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString(
      'utf8',
    );
    expect(svg).toBe(readFileSync(new URL('../../assets/icon.svg', import.meta.url), 'utf8'));
  });
});

describe('completions', () => {
  it('are announced', () => {
    expect(s.client.getServerCapabilities()?.completions).toBeDefined();
  });

  it('complete a prompt volume_id live, filtered by what was typed (id or name)', async () => {
    const disks = await diskIds();
    const ref = { type: 'ref/prompt' as const, name: 'snapshot_before_change' };
    const all = await s.client.complete({ ref, argument: { name: 'volume_id', value: '' } });
    expect(all.completion.values.sort()).toEqual(disks.map((d) => d.id).sort());
    const target = disks[0]!;
    const prefix = target.id.slice(0, 6);
    const some = await s.client.complete({ ref, argument: { name: 'volume_id', value: prefix } });
    expect(some.completion.values).toContain(target.id);
    expect(some.completion.values.every((v) => v.startsWith(prefix))).toBe(true);
    const byName = await s.client.complete({ ref, argument: { name: 'volume_id', value: 'demo-data-0' } });
    const named = disks.filter((d) => d.name.startsWith('demo-data-0')).map((d) => d.id);
    expect(named.length).toBeGreaterThan(0);
    expect(byName.completion.values.sort()).toEqual(named.sort());
    const none = await s.client.complete({ ref, argument: { name: 'volume_id', value: 'zzz-no-such' } });
    expect(none.completion.values).toEqual([]);
    // The look-ups went to the documented list call (6.1.2), one bounded page each.
    const lookups = sandbox.requestLog.entries().filter((e) => /\/cloudvolumes\/detail$/.test(e.path));
    expect(lookups.at(-1)?.query).toContain('limit=100');
  });

  it('complete the disk resource template', async () => {
    const disks = await diskIds();
    const res = await s.client.complete({
      ref: { type: 'ref/resource', uri: 'evs://disks/{volume_id}' },
      argument: { name: 'volume_id', value: disks[1]!.id.slice(0, 4) },
    });
    expect(res.completion.values).toContain(disks[1]!.id);
  });
});

describe('log notifications', () => {
  const secretsOf = () => sandbox.projects.flatMap((p) => [p.sk, p.password]);

  it('follow the level the client set, never carry a secret, and leave stderr at its own level', async () => {
    messages.length = 0;
    await s.client.callTool({ name: 'list_disks', arguments: {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(messages.filter((m) => m.level === 'debug' || m.level === 'info')).toEqual([]);

    await s.client.setLoggingLevel('debug');
    await s.client.callTool({ name: 'list_disks', arguments: {} });
    await s.client.callTool({ name: 'get_quotas', arguments: {} });
    await expect.poll(() => messages.filter((m) => m.level === 'debug').length).toBeGreaterThan(0);
    const text = JSON.stringify(messages);
    for (const secret of secretsOf()) expect(text).not.toContain(secret);
    expect(text).not.toContain(sandbox.projects[0]!.ak);
    expect(s.stderr()).not.toMatch(/"level":20/);

    await s.client.setLoggingLevel('error');
    messages.length = 0;
    await s.client.callTool({ name: 'list_disks', arguments: {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(messages.filter((m) => m.level !== 'error' && m.level !== 'critical')).toEqual([]);
  });
});

describe('resource links', () => {
  it('a disk list links each disk it shows, and the link reads as a resource', async () => {
    const res = await s.client.callTool({ name: 'list_disks', arguments: { limit: 3 } });
    const volumes = (res.structuredContent as { volumes: { id: string }[] }).volumes;
    const links = (res.content as { type: string; uri?: string }[]).filter((c) => c.type === 'resource_link');
    expect(links.map((l) => l.uri)).toEqual(volumes.map((v) => `evs://disks/${v.id}`));
    const read = await s.client.readResource({ uri: links[0]!.uri! });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ id: volumes[0]!.id });
  });

  it('a quota read links the quota headroom; a single disk links itself', async () => {
    const q = await s.client.callTool({ name: 'get_quota_headroom', arguments: {} });
    expect(q.content).toContainEqual(
      expect.objectContaining({ type: 'resource_link', uri: 'evs://quota/headroom' }),
    );
    const id = (await diskIds())[0]!.id;
    const d = await s.client.callTool({ name: 'get_disk', arguments: { volume_id: id } });
    expect(d.content).toContainEqual(
      expect.objectContaining({ type: 'resource_link', uri: `evs://disks/${id}` }),
    );
  });
});
