// MCP resources: the quota headroom and a disk's details, read through the same operation records.
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../http/types.js';
import { buildApiRequest } from './engine/request-builder.js';
import { idCompleters, type Completions } from './completions.js';

async function readThrough(
  client: ApiClient,
  spec: OperationSpec,
  args: Record<string, unknown>,
  signal?: AbortSignal,
) {
  const res = await client.request(
    buildApiRequest(spec, spec.input.parse(args) as Record<string, unknown>, client.projectId, signal),
  );
  return spec.output ? spec.output.shape(res.body, args) : res.body;
}

export function registerResources(
  server: McpServer,
  client: ApiClient,
  find: (tool: string) => OperationSpec | undefined,
  completions?: Completions,
): void {
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
      async (uri, extra) => ({
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify(await readThrough(client, headroom, {}, extra.signal)),
          },
        ],
      }),
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
      async (uri, vars, extra) => ({
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify(
              await readThrough(client, disk, { volume_id: String(vars.volume_id) }, extra.signal),
            ),
          },
        ],
      }),
    );
  }
}
