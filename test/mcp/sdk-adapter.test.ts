// Pins the SDK behaviour src/mcp/sdk-adapter.ts relies on: a request handler set after registerTool
// replaces the SDK's tools/list (tools/call stays the SDK's), a server with no tool answers tools/list
// once the capability is registered, and a replaced `connect` is the one every transport goes through.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listToolsAs, wrapConnect } from '../../src/mcp/sdk-adapter.js';

async function connected(server: McpServer): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'pin', version: '0' });
  await Promise.all([server.connect(a), client.connect(b)]);
  return client;
}

const listed: Tool = { name: 'echo', description: 'from the record', inputSchema: { type: 'object' } };

describe('SDK behaviour the adapter relies on', () => {
  it('tools/list answers the given definitions; tools/call still runs the registered handler', async () => {
    const server = new McpServer({ name: 's', version: '0' });
    server.registerTool(
      'echo',
      { description: 'from the SDK', inputSchema: { text: z.string() } },
      (args) => ({
        content: [{ type: 'text', text: args.text }],
      }),
    );
    listToolsAs(server, [listed], true);
    const client = await connected(server);
    expect((await client.listTools()).tools).toEqual([listed]);
    const res = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(res.content).toEqual([{ type: 'text', text: 'hi' }]);
    await client.close();
  });

  it('a server with no tool answers tools/list with an empty list', async () => {
    const server = new McpServer({ name: 's', version: '0' });
    listToolsAs(server, [], false);
    const client = await connected(server);
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect((await client.listTools()).tools).toEqual([]);
    await client.close();
  });

  it('every message reaches the SDK through the wrapped transport (a prototype key is refused)', async () => {
    const server = new McpServer({ name: 's', version: '0' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, (args) => ({
      content: [{ type: 'text', text: args.text }],
    }));
    wrapConnect(server);
    const client = await connected(server);
    const res = await client.callTool({
      name: 'echo',
      arguments: JSON.parse('{"text":"x","__proto__":{"a":1}}'),
    });
    expect(res.isError).toBe(true);
    expect(JSON.stringify(res.content)).toContain('__proto__');
    await client.close();
  });
});
