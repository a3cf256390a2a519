// Disk list filters, sorting and pagination shared by 6.1.2, 6.1.6, 7.1.4 and 7.1.5.
import { zones } from '../catalog.js';
import { typeIdOf } from '../catalog.js';
import { evsError } from '../errors.js';
import type { Ctx } from '../router.js';
import { VOLUME_STATUSES } from '../state-machine.js';
import type { VolumeRecord } from '../types.js';
import {
  nextLink,
  pageByCreation,
  paginate,
  parseMetadataFilter,
  parsePage,
  parseSort,
  sortItems,
} from './common.js';

/** 6.1.2's `ids=['id1','id2']` (also accepts a plain comma list); at most 60 ids. */
function parseIds(raw: string): string[] {
  const ids = raw
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean);
  if (ids.length > 60) throw evsError('EVS.5400', 'Malformed request url');
  return ids;
}

export interface VolumePage {
  items: VolumeRecord[];
  count: number;
  links?: { href: string; rel: 'next' }[];
}

/** Applies the documented filters of the list API; `extended` enables the 6.1.2-only ones. */
export function queryVolumes(ctx: Ctx, extended: boolean): VolumePage {
  const q = ctx.query;
  const custom = ctx.family === 'custom';
  const page = parsePage(ctx);
  const sort = parseSort(ctx);
  // Each filter given adds a test; checked (and refused) in the order the API reads them.
  const tests: ((v: VolumeRecord) => boolean)[] = [];

  const status = q.get('status');
  if (status !== null) {
    if (!(VOLUME_STATUSES as readonly string[]).includes(status))
      throw custom ? evsError('EVS.1031') : evsError('EVS.5400', 'Must specify a valid status');
    tests.push((v) => v.status === status);
  }
  const name = q.get('name');
  if (name !== null) tests.push((v) => v.name === name);
  const az = q.get('availability_zone');
  if (az !== null) {
    if (custom && !zones(ctx.store.state.region).some((z) => z.name === az)) throw evsError('EVS.1041');
    tests.push((v) => v.availability_zone === az);
  }
  const metadata = q.get('metadata');
  if (metadata !== null) {
    const wanted = Object.entries(parseMetadataFilter(metadata));
    tests.push((v) => wanted.every(([k, val]) => v.metadata[k] === val));
  }
  if (extended) {
    const ids = q.get('ids');
    const id = q.get('id');
    if (ids !== null) {
      const set = new Set(parseIds(ids));
      tests.push((v) => set.has(v.id));
    } else if (id !== null) tests.push((v) => v.id === id);
    const multiattach = q.get('multiattach');
    if (multiattach !== null) {
      if (multiattach !== 'true' && multiattach !== 'false')
        throw evsError('EVS.5400', 'Malformed request url');
      tests.push((v) => v.multiattach === (multiattach === 'true'));
    }
    const serverId = q.get('server_id');
    if (serverId !== null) tests.push((v) => v.attachments.some((a) => a.server_id === serverId));
    const serviceType = q.get('service_type');
    if (serviceType !== null) {
      if (!['EVS', 'DSS', 'DESS'].includes(serviceType)) throw evsError('EVS.5400', 'Malformed request url');
      tests.push((v) => v.service_type === serviceType);
    }
    const typeId = q.get('volume_type_id');
    if (typeId !== null) tests.push((v) => typeIdOf(v.volume_type) === typeId);
    // No disk of the sandbox sits in a dedicated storage pool.
    if (q.get('dedicated_storage_id') !== null || q.get('dedicated_storage_name') !== null)
      tests.push(() => false);
    const ep = q.get('enterprise_project_id');
    if (ep !== null && ep !== 'all_granted_eps' && ep !== '0') tests.push(() => false);
  }
  const keep = tests.length === 0 ? undefined : (v: VolumeRecord) => tests.every((t) => t(v));

  let result: { items: VolumeRecord[]; more: boolean; count: number };
  if (sort.key === 'created_at') {
    const { volumeOrder } = ctx.store;
    result = pageByCreation(volumeOrder, ctx.store.state.volumes, ctx.projectId, sort.dir, page, keep);
  } else {
    // Other keys (id, status, size) change or are rarely asked for: sort this project's matches.
    const mine = ctx.store.projectVolumes(ctx.projectId);
    const sorted = sortItems(keep ? mine.filter(keep) : mine, sort.key, sort.dir);
    result = { ...paginate(sorted, page), count: sorted.length };
  }
  const last = result.items[result.items.length - 1];
  return {
    items: result.items,
    count: result.count,
    ...(result.more && last ? { links: nextLink(ctx, last.id, page.limit) } : {}),
  };
}
