// Builds the MCP server: one tool per selected operation record, plus resources and prompts.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../http/types.js';
import type { Guard } from './guardrails/guard.js';
import { toolInputSchema } from './engine/engine-args.js';
import { runOperation, type OperationDeps } from './engine/run-operation.js';
import { selectOperations, type Selection } from './select-tools.js';
import { toolDefinition } from './tool-list.js';
import { toolAnnotations, toolDescription, toolMeta } from './tool-definition.js';
import { serverIdentity } from './server-identity.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { createCompletions, notingJobIds } from './completions.js';

export const SERVER_INSTRUCTIONS = [
  'Huawei Cloud EVS (disks, snapshots, tags, metadata, quotas, transfers, jobs) in the configured project and region.',
  'Prefer the custom EVS tools (create_disks, list_disks, get_disk) over their cinder_* twins.',
  'Async tools accept wait=true to poll until done; if the wait budget runs out they return the job id: follow it with get_job.',
  'Deletes, rollbacks and replace-all metadata updates need confirmation; mutating tools accept dry_run=true to preview the exact request.',
  'Errors carry the EVS code and a fix; read it before retrying.',
].join(' ');

export interface ServerDeps {
  client: ApiClient;
  logger: Logger;
  /** The whole registry; the selection decides what is registered. */
  operations: readonly OperationSpec[];
  selection: Selection;
  guard: Guard;
  waitBudgetMs: number;
  pollMs: { initial: number; max: number };
  secrets: () => readonly string[];
  sealed: OperationDeps['sealed'];
}

export function createEvsServer(deps: ServerDeps): { server: McpServer; tools: OperationSpec[] } {
  const server = new McpServer(serverIdentity(), {
    instructions: SERVER_INSTRUCTIONS,
    capabilities: { logging: {} },
  });
  const tools = selectOperations(deps.operations, deps.selection);
  const completions = createCompletions({
    client: deps.client,
    operations: deps.operations,
    logger: deps.logger,
  });
  const opDeps: OperationDeps = {
    client: notingJobIds(deps.client, completions),
    guard: deps.guard,
    readOnly: deps.selection.readOnly,
    secrets: deps.secrets,
    sealed: deps.sealed,
    wait: { budgetMs: deps.waitBudgetMs, pollMs: deps.pollMs },
  };
  for (const spec of tools) {
    // The output schema is published by the listing below and enforced by the engine (run-operation).
    server.registerTool(
      spec.tool,
      {
        title: spec.title,
        description: toolDescription(spec),
        inputSchema: toolInputSchema(spec),
        annotations: toolAnnotations(spec),
        _meta: toolMeta(spec),
      },
      (args: Record<string, unknown>, extra) => runOperation(spec, args, extra, opDeps),
    );
  }
  // Same tools, listed from the records without the SDK's per-schema `$schema` line.
  const definitions = tools.map(toolDefinition);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  // Resources and prompts follow the same selection: they exist only when the tools they use do.
  registerResources(
    server,
    tools,
    (spec, args, extra) => runOperation(spec, args, extra, opDeps),
    completions,
  );
  registerPrompts(server, (name) => tools.some((t) => t.tool === name), completions);
  deps.logger.debug({ tools: tools.length }, 'tools registered');
  return { server, tools };
}
