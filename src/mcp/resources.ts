// MCP resources: the quota headroom and a disk's details. They exist only when the tool they read
// through is enabled (toolsets, allow/deny, read-only), and a read runs that tool's own path: the
// engine, the guard and the record's shape. Failures are JSON-RPC errors with the MCP codes.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';
import type { ToolExtra } from './guardrails/guard.js';
import { toolInputSchema } from './engine/engine-args.js';
import { idCompleters, type Completions } from './completions.js';

/** MCP's code for a resource that does not exist (the spec's -32002). */
export const RESOURCE_NOT_FOUND = -32002;

export type ToolRunner = (
  spec: OperationSpec,
  args: Record<string, unknown>,
  extra: ToolExtra,
) => Promise<CallToolResult>;

const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Runs the tool behind a resource and turns a failed call into the matching JSON-RPC error. */
async function readThrough(
  run: ToolRunner,
  spec: OperationSpec,
  uri: string,
  args: Record<string, unknown>,
  extra: ToolExtra,
) {
  const parsed = toolInputSchema(spec).safeParse(args);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'uri'}: ${i.message}`).join('; ');
    throw new McpError(ErrorCode.InvalidParams, `Invalid ${uri}: ${why}`);
  }
  const result = await run(spec, parsed.data as Record<string, unknown>, extra);
  if (result.isError) {
    const error = (result.structuredContent as { error?: { status?: number } } | undefined)?.error;
    const code =
      error?.status === 404
        ? RESOURCE_NOT_FOUND
        : error
          ? ErrorCode.InternalError
          : // A guardrail or the policy said no.
            ErrorCode.InvalidRequest;
    throw new McpError(code, `${uri}: ${textOf(result)}`, result.structuredContent);
  }
  return {
    contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(result.structuredContent ?? {}) }],
  };
}

/** Registers the resources whose tools are among `enabled` (the tools this server registered). */
export function registerResources(
  server: McpServer,
  enabled: readonly OperationSpec[],
  run: ToolRunner,
  completions?: Completions,
): void {
  const find = (tool: string) => enabled.find((o) => o.tool === tool);
  const headroom = find('get_quota_headroom');
  if (headroom) {
    server.registerResource(
      'quota-headroom',
      'evs://quota/headroom',
      {
        title: 'EVS quota headroom',
        description: 'How many more disks, snapshots and GB the project can create, per type.',
        mimeType: 'application/json',
      },
      (uri, extra) => readThrough(run, headroom, uri.href, {}, extra),
    );
  }
  const disk = find('get_disk');
  if (disk) {
    server.registerResource(
      'disk',
      new ResourceTemplate('evs://disks/{volume_id}', {
        list: undefined,
        ...(completions ? { complete: idCompleters(completions) } : {}),
      }),
      {
        title: 'EVS disk',
        description: 'One disk: status, size, type, attachments, tags.',
        mimeType: 'application/json',
      },
      (uri, vars, extra) =>
        readThrough(run, disk, uri.href, { volume_id: decodeURIComponent(String(vars.volume_id)) }, extra),
    );
  }
}
