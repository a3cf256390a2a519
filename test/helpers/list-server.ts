// A server with every toolset, for tests that only list tools: its HTTP client refuses to be used.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { pino } from 'pino';
import { TOOLSETS } from '../../src/evs/operation.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { basicGuard } from './basic-guard.js';
import { createEvsServer } from '../../src/mcp/server.js';
import type { Selection } from '../../src/mcp/select-tools.js';
import type { ApiClient } from '../../src/evs-client/types.js';

const noNetwork: ApiClient = {
  projectId: 'p',
  endpoint: 'http://127.0.0.1:9',
  request: () => Promise.reject(new Error('listing tools must not send requests')),
  close: () => Promise.resolve(),
};

export async function listTools(selection: Partial<Selection> = {}) {
  return (await serverView(selection)).tools;
}

/** What a client sees before any call: the tools and the server's instructions. */
export async function serverView(selection: Partial<Selection> = {}) {
  const { server } = createEvsServer({
    client: noNetwork,
    logger: pino({ level: 'silent' }),
    operations: OPERATIONS,
    selection: { toolsets: TOOLSETS, readOnly: false, ...selection },
    guard: basicGuard,
    waitBudgetMs: 1000,
    pollMs: { initial: 10, max: 10 },
    secrets: () => [],
    sealed: { sink: { save: () => '/dev/null' }, remember: () => {} },
  });
  const client = new Client({ name: 'list', version: '0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  const { tools } = await client.listTools();
  const instructions = client.getInstructions() ?? '';
  await client.close();
  await server.close();
  return { tools, instructions };
}
