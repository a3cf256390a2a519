// Disk list filters, sorting and pagination shared by 6.1.2, 6.1.6, 7.1.4 and 7.1.5.
import { zones } from '../catalog.js';
import { typeIdOf } from '../catalog.js';
import { evsError } from '../errors.js';
import type { Ctx } from '../router.js';
import { VOLUME_STATUSES } from '../state-machine.js';
import type { VolumeRecord } from '../types.js';
import { nextLink, paginate, parseMetadataFilter, parsePage, parseSort, sortItems } from './common.js';

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
  let items = ctx.store.volumeList().filter((v) => v.projectId === ctx.projectId);

  const status = q.get('status');
  if (status !== null) {
    if (!(VOLUME_STATUSES as readonly string[]).includes(status))
      throw custom ? evsError('EVS.1031') : evsError('EVS.5400', 'Must specify a valid status');
    items = items.filter((v) => v.status === status);
  }
  const name = q.get('name');
  if (name !== null) items = items.filter((v) => v.name === name);
  const az = q.get('availability_zone');
  if (az !== null) {
    if (custom && !zones(ctx.store.state.region).some((z) => z.name === az)) throw evsError('EVS.1041');
    items = items.filter((v) => v.availability_zone === az);
  }
  const metadata = q.get('metadata');
  if (metadata !== null) {
    const wanted = parseMetadataFilter(metadata);
    items = items.filter((v) => Object.entries(wanted).every(([k, val]) => v.metadata[k] === val));
  }
  if (extended) {
    const ids = q.get('ids');
    const id = q.get('id');
    if (ids !== null) {
      const set = new Set(parseIds(ids));
      items = items.filter((v) => set.has(v.id));
    } else if (id !== null) items = items.filter((v) => v.id === id);
    const multiattach = q.get('multiattach');
    if (multiattach !== null) {
      if (multiattach !== 'true' && multiattach !== 'false')
        throw evsError('EVS.5400', 'Malformed request url');
      items = items.filter((v) => v.multiattach === (multiattach === 'true'));
    }
    const serverId = q.get('server_id');
    if (serverId !== null) items = items.filter((v) => v.attachments.some((a) => a.server_id === serverId));
    const serviceType = q.get('service_type');
    if (serviceType !== null) {
      if (!['EVS', 'DSS', 'DESS'].includes(serviceType)) throw evsError('EVS.5400', 'Malformed request url');
      items = items.filter((v) => v.service_type === serviceType);
    }
    const typeId = q.get('volume_type_id');
    if (typeId !== null) items = items.filter((v) => typeIdOf(v.volume_type) === typeId);
    // No disk of the sandbox sits in a dedicated storage pool.
    if (q.get('dedicated_storage_id') !== null || q.get('dedicated_storage_name') !== null) items = [];
    const ep = q.get('enterprise_project_id');
    if (ep !== null && ep !== 'all_granted_eps' && ep !== '0') items = [];
  }

  const sorted = sortItems(items, sort.key, sort.dir);
  const { items: pageItems, more } = paginate(sorted, page);
  const last = pageItems[pageItems.length - 1];
  return {
    items: pageItems,
    count: sorted.length,
    ...(more && last ? { links: nextLink(ctx, last.id, page.limit) } : {}),
  };
}
