// Completions of snapshot_id, transfer_id and job_id (the server's own prompts only take volume_id today):
// a prompt declared with those arguments, completed by a real SDK client, looked up over signed HTTP
// in the sandbox; job ids come from the responses the server has seen, since EVS cannot list jobs.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findOperation, OPERATIONS } from '../../src/evs/operations/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { createCompletions, notingJobIds, withIdCompletions } from '../../src/mcp/completions.js';
import { buildApiRequest } from '../../src/mcp/engine/request-builder.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let client: Client;
let jobId: string;
const ref = { type: 'ref/prompt' as const, name: 'ids' };

beforeAll(async () => {
  h = await startHarness({ env: { EVS_MCP_TOOLSETS: 'all', EVS_MCP_CONFIRMATION: 'off' } });
  const completions = createCompletions({
    client: h.app.client,
    operations: OPERATIONS,
    logger: createLogger({ level: 'silent' }),
  });
  // A disk creation through the noting client: its job id becomes completable.
  const create = findOperation('create_disks')!;
  const zones = (await h.client.callTool({ name: 'list_availability_zones', arguments: {} }))
    .structuredContent as {
    zones: { name: string }[];
  };
  const args = create.input.parse({
    availability_zone: zones.zones[0]!.name,
    volume_type: 'SSD',
    size: 10,
  }) as Record<string, unknown>;
  const res = await notingJobIds(h.app.client, completions).request<{ job_id: string }>(
    buildApiRequest(create, args, h.app.client.projectId),
  );
  jobId = res.body.job_id;

  const server = new McpServer({ name: 'ids', version: '0' });
  server.registerPrompt(
    'ids',
    {
      argsSchema: withIdCompletions(
        { snapshot_id: z.string(), transfer_id: z.string(), job_id: z.string(), note: z.string() },
        completions,
      ),
    },
    () => ({ messages: [] }),
  );
  client = new Client({ name: 'ids-test', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(a), client.connect(b)]);
});
afterAll(async () => {
  await client.close();
  await h.close();
});

const complete = async (name: string, value: string) =>
  (await client.complete({ ref, argument: { name, value } })).completion.values;

describe('id completions', () => {
  it('snapshot_id: live from ListSnapshots, by id prefix or name prefix', async () => {
    const list = await h.client.callTool({ name: 'list_snapshots', arguments: {} });
    const snaps = (list.structuredContent as { snapshots: { id: string; name?: string }[] }).snapshots;
    expect(snaps.length).toBeGreaterThan(0);
    expect((await complete('snapshot_id', '')).sort()).toEqual(snaps.map((x) => x.id).sort());
    const one = snaps[0]!;
    expect(await complete('snapshot_id', one.id.slice(0, 8))).toContain(one.id);
    if (one.name) expect(await complete('snapshot_id', one.name)).toContain(one.id);
    expect(h.sandbox.requestLog.entries().at(-1)?.path).toMatch(/\/cloudsnapshots\/detail$/);
  });

  it('transfer_id: live from 7.4.5', async () => {
    const disks = (await h.client.callTool({ name: 'list_disks', arguments: { status: 'available' } }))
      .structuredContent as { volumes: { id: string }[] };
    const t = await h.client.callTool({
      name: 'create_transfer',
      arguments: { volume_id: disks.volumes[0]!.id, name: 'complete-me' },
    });
    const id = (t.structuredContent as { id: string }).id;
    expect(await complete('transfer_id', '')).toEqual([id]);
    expect(await complete('transfer_id', 'complete-')).toEqual([id]);
    expect(await complete('transfer_id', 'nope')).toEqual([]);
  });

  it('job_id: the job ids seen in responses, prefix-filtered', async () => {
    expect(await complete('job_id', '')).toEqual([jobId]);
    expect(await complete('job_id', jobId.slice(0, 5))).toEqual([jobId]);
    expect(await complete('job_id', 'x-not-a-prefix')).toEqual([]);
  });

  it('arguments that are not ids get no completions', async () => {
    expect(await complete('note', '')).toEqual([]);
  });
});
