// Tool results link the MCP resources they touch (`resource_link` content items), so a client can show or
// re-read them: the disks a result names (evs://disks/{id}) and, for quota reads, the quota headroom.
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';

/** Enough links to be useful on a list page without burying the text. */
export const MAX_LINKS = 20;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Disks named by a result: its disk argument, list items, a snapshot's or transfer's disk, a job's disks. */
function diskIds(spec: OperationSpec, args: Record<string, unknown>, shaped: Record<string, unknown>) {
  const found = new Map<string, string | undefined>();
  const add = (id: unknown, name?: unknown) => {
    const key = str(id);
    if (key && !found.has(key)) found.set(key, str(name));
  };
  // A disk this call deleted is gone: no link to it.
  const deletesDisk = spec.method === 'DELETE' && /\{volume_id\}$/.test(spec.path);
  if (!deletesDisk) add(args.volume_id, /\{volume_id\}$/.test(spec.path) ? shaped.name : undefined);
  add(shaped.volume_id);
  const volumes = shaped.volumes;
  if (Array.isArray(volumes)) for (const v of volumes) if (isRecord(v)) add(v.id, v.name);
  for (const key of ['snapshots', 'transfers']) {
    const items = shaped[key];
    if (Array.isArray(items)) for (const item of items) if (isRecord(item)) add(item.volume_id);
  }
  const subJobs = shaped.sub_jobs;
  if (isRecord(subJobs) && Array.isArray(subJobs.volume_ids)) for (const id of subJobs.volume_ids) add(id);
  return found;
}

/** The resource links for one successful tool result. */
export function resourceLinks(
  spec: OperationSpec,
  args: Record<string, unknown>,
  shaped: Record<string, unknown>,
): ResourceLink[] {
  const links: ResourceLink[] = [];
  if (spec.path.includes('/os-quota-sets/'))
    links.push({
      type: 'resource_link',
      uri: 'evs://quota/headroom',
      name: 'quota-headroom',
      title: 'EVS quota headroom',
      mimeType: 'application/json',
    });
  for (const [id, name] of diskIds(spec, args, shaped)) {
    if (links.length >= MAX_LINKS) break;
    links.push({
      type: 'resource_link',
      uri: `evs://disks/${encodeURIComponent(id)}`,
      name: `disk ${id}`,
      title: name ? `EVS disk ${name}` : `EVS disk ${id}`,
      mimeType: 'application/json',
    });
  }
  return links;
}

/** The result with the links appended after its text. */
export function withResourceLinks(result: CallToolResult, links: readonly ResourceLink[]): CallToolResult {
  return links.length ? { ...result, content: [...result.content, ...links] } : result;
}
