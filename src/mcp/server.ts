// Builds the MCP server: one tool per selected operation record, plus resources and prompts.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { Logger } from 'pino';
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../evs-client/types.js';
import type { Guard, ToolExtra } from './guardrails/guard.js';
import { toolInputSchema } from './engine/engine-args.js';
import { runOperation, type OperationDeps } from './engine/run-operation.js';
import { selectOperations, type Selection } from './select-tools.js';
import { definitionOf } from './tool-definitions.js';
import { toolAnnotations, toolDescription, toolMeta } from './tool-definition.js';
import { serverIdentity } from './server-identity.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { createCompletions, notingJobIds } from './completions.js';
import { listToolsAs, wrapConnect } from './sdk-adapter.js';
import { telemetry } from '../telemetry/telemetry.js';
import { callInfo } from '../telemetry/call-info.js';
import { inTarget, withTargetDefinition, withTargetInput } from '../targets/tool-arg.js';

export const SERVER_INSTRUCTIONS = [
  'Manage Huawei Cloud EVS disks and their snapshots and tags, and answer what can still be created, in the configured project and region.',
  'One tool per task; cinder_* and legacy_* tools (opt-in) are older paths of the same tasks: use the plain names.',
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
  /** EVS_MCP_TARGETS names; with two or more, every tool takes `target`. */
  targets?: readonly string[];
}

/** A tool with everything derived from its record computed once per process (schemas, definition). */
interface PreparedTool {
  spec: OperationSpec;
  config: {
    title: string;
    description: string;
    inputSchema: ReturnType<typeof toolInputSchema>;
    annotations: ReturnType<typeof toolAnnotations>;
    _meta: ReturnType<typeof toolMeta>;
  };
  definition: ReturnType<typeof definitionOf>;
}

/** Builds a fresh MCP server cheaply; `keep` narrows the tools (HTTP: per-request headers). */
export type EvsServerFactory = (keep?: (spec: OperationSpec) => boolean) => McpServer;

export function createServerFactory(deps: ServerDeps): { create: EvsServerFactory; tools: OperationSpec[] } {
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
  const run = (spec: OperationSpec, args: Record<string, unknown>, extra: ToolExtra) =>
    runOperation(spec, args, extra, opDeps);
  // The output schema is published by the listing and enforced by the engine (run-operation).
  const prepared: PreparedTool[] = tools.map((spec) => ({
    spec,
    config: {
      title: spec.title,
      description: toolDescription(spec),
      inputSchema: toolInputSchema(spec),
      annotations: toolAnnotations(spec),
      _meta: toolMeta(spec),
    },
    // Same tools, listed from the records without the SDK's per-schema `$schema` line.
    definition: definitionOf(spec),
  }));
  const targets = deps.targets && deps.targets.length > 1 ? deps.targets : undefined;
  if (targets)
    for (const p of prepared) {
      p.config.inputSchema = withTargetInput(p.config.inputSchema, targets);
      p.definition = withTargetDefinition(p.definition, targets);
    }
  const call = targets
    ? inTarget(targets, (args, c: { spec: OperationSpec; extra: ToolExtra }) => run(c.spec, args, c.extra))
    : undefined;
  // One JSON Schema validator (an Ajv instance, costly to build) shared by every server of the process.
  const jsonSchemaValidator = new AjvJsonSchemaValidator();
  const create: EvsServerFactory = (keep) => {
    const server = new McpServer(serverIdentity(), {
      instructions: SERVER_INSTRUCTIONS,
      capabilities: { logging: {} },
      jsonSchemaValidator,
    });
    wrapConnect(server);
    const chosen = keep ? prepared.filter((p) => keep(p.spec)) : prepared;
    for (const p of chosen) {
      server.registerTool(p.spec.tool, p.config, (args: Record<string, unknown>, extra: ToolExtra) => {
        const go = async () => (call ? call(args, { spec: p.spec, extra }) : run(p.spec, args, extra));
        // Telemetry: one scope per tool call (nothing but the call itself when it is off).
        const t = telemetry();
        if (!t.enabled) return go();
        return t.call(callInfo(p.spec, extra), go);
      });
    }
    const definitions = chosen.map((p) => p.definition);
    listToolsAs(server, definitions, chosen.length > 0);
    // Resources and prompts follow the same selection: they exist only when the tools they use do.
    const enabled = chosen.map((p) => p.spec);
    registerResources(server, enabled, run, completions);
    registerPrompts(server, (name) => enabled.some((t) => t.tool === name), completions);
    return server;
  };
  deps.logger.debug({ tools: tools.length }, 'tools prepared');
  return { create, tools };
}

export function createEvsServer(deps: ServerDeps): { server: McpServer; tools: OperationSpec[] } {
  const { create, tools } = createServerFactory(deps);
  return { server: create(), tools };
}
