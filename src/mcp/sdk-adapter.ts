// Where the project meets the MCP SDK beyond its plain API: the SDK's tools/list handler is replaced
// by one listing the records' own definitions, and every transport is wrapped before the SDK reads
// it. test/mcp/sdk-adapter.test.ts pins the SDK behaviour both rely on.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { refusingPrototypeKeys } from './prototype-keys.js';

/** Whatever transport it is connected to, prototype keys are refused before the SDK parses them. */
export function wrapConnect(server: McpServer): void {
  const connect = server.connect.bind(server);
  server.connect = (transport) => connect(refusingPrototypeKeys(transport));
}

/**
 * tools/list answers `definitions` (listed from the records, without the SDK's per-schema `$schema`
 * line) in place of the SDK's listing; call it after every registerTool. Narrowed to nothing, the
 * server still answers tools/list (with an empty list).
 */
export function listToolsAs(server: McpServer, definitions: readonly Tool[], anyTool: boolean): void {
  if (!anyTool) server.server.registerCapabilities({ tools: {} });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...definitions] }));
}
