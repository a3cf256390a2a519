// Read-only look-ups the checks and confirmation plans need, cached for one tool call.
import { EvsError } from '../../http/errors.js';
import type { ApiClient, ApiRequest } from '../../http/types.js';

export interface DiskInfo {
  id: string;
  name: string;
  status: string;
  size: number;
  volume_type?: string;
  multiattach: boolean;
  bootable?: string;
  attachments: { server_id?: string; device?: string }[];
  metadata: Record<string, string>;
}

export interface SnapshotInfo {
  id: string;
  name: string;
  status: string;
  size: number;
  volume_id: string;
  created_at?: string;
  metadata: Record<string, string>;
}

export interface QuotaDetail {
  in_use: number;
  limit: number;
  reserved: number;
}

export interface TransferInfo {
  id: string;
  name: string;
  volume_id?: string;
  created_at?: string;
}

/** A look-up either found the thing, found that it does not exist, or could not tell. */
export type Found<T> = { ok: true; value: T } | { ok: false; notFound: boolean; message: string };

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const record = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, str(x)]))
    : {};
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function toDisk(body: unknown): DiskInfo {
  const v = obj(obj(body).volume);
  return {
    id: str(v.id),
    name: str(v.name),
    status: str(v.status),
    size: num(v.size),
    ...(v.volume_type ? { volume_type: str(v.volume_type) } : {}),
    multiattach: v.multiattach === true || v.multiattach === 'true',
    ...(v.bootable !== undefined ? { bootable: str(v.bootable) } : {}),
    attachments: Array.isArray(v.attachments)
      ? v.attachments.map((a) => ({ server_id: str(obj(a).server_id), device: str(obj(a).device) }))
      : [],
    metadata: record(v.metadata),
  };
}

export function toSnapshot(raw: unknown): SnapshotInfo {
  const s = obj(raw);
  return {
    id: str(s.id),
    name: str(s.name),
    status: str(s.status),
    size: num(s.size),
    volume_id: str(s.volume_id),
    ...(s.created_at ? { created_at: str(s.created_at) } : {}),
    metadata: record(s.metadata),
  };
}

export class Lookups {
  private readonly cache = new Map<string, Promise<Found<unknown>>>();
  /** What was looked up, in order, for the result's `checks`. */
  readonly log: string[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly signal?: AbortSignal,
  ) {}

  private get<T>(
    key: string,
    req: Omit<ApiRequest, 'method'>,
    parse: (body: unknown) => T,
  ): Promise<Found<T>> {
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.client
        .request({ method: 'GET', ...req, ...(this.signal ? { signal: this.signal } : {}) })
        .then((res): Found<unknown> => ({ ok: true, value: parse(res.body) }))
        .catch((err: unknown): Found<unknown> => {
          const notFound = err instanceof EvsError && err.status === 404;
          const message = err instanceof Error ? err.message : String(err);
          return { ok: false, notFound, message };
        });
      this.cache.set(key, hit);
    }
    return hit as Promise<Found<T>>;
  }

  private path(rest: string): string {
    return `/v2/${encodeURIComponent(this.client.projectId)}${rest}`;
  }

  /** 7.1.6 */
  async disk(id: string): Promise<Found<DiskInfo>> {
    const found = await this.get(
      `disk:${id}`,
      {
        path: this.path(`/volumes/${encodeURIComponent(id)}`),
        operation: { section: '7.1.6', iamActions: ['evs:volumes:get'] },
      },
      toDisk,
    );
    this.note(`disk:${id}`, found, (d) => {
      const attached = d.attachments.length
        ? `, attached to ${d.attachments.map((a) => a.server_id).join(', ')}`
        : '';
      return `looked up disk ${id} (7.1.6): ${d.status}, ${d.size} GB${d.volume_type ? ` ${d.volume_type}` : ''}${d.multiattach ? ', shared' : ''}${attached}`;
    });
    return found;
  }

  /** 7.3.6 */
  async snapshot(id: string): Promise<Found<SnapshotInfo>> {
    const found = await this.get(
      `snapshot:${id}`,
      {
        path: this.path(`/snapshots/${encodeURIComponent(id)}`),
        operation: { section: '7.3.6', iamActions: ['evs:snapshots:get'] },
      },
      (body) => toSnapshot(obj(body).snapshot),
    );
    this.note(
      `snapshot:${id}`,
      found,
      (s) =>
        `looked up snapshot ${id} (7.3.6): "${s.name}", ${s.status}, ${s.size} GB, of disk ${s.volume_id}`,
    );
    return found;
  }

  /** 7.3.5 filtered by source disk. */
  async snapshotsOf(volumeId: string): Promise<Found<SnapshotInfo[]>> {
    const found = await this.get(
      `snapshots-of:${volumeId}`,
      {
        path: this.path('/snapshots/detail'),
        query: { volume_id: volumeId, limit: 1000 },
        operation: { section: '7.3.5', iamActions: ['evs:snapshots:list'] },
      },
      (body) => {
        const list = obj(body).snapshots;
        return Array.isArray(list) ? list.map(toSnapshot).filter((s) => s.volume_id === volumeId) : [];
      },
    );
    this.note(
      `snapshots-of:${volumeId}`,
      found,
      (l) => `looked up snapshots of disk ${volumeId} (7.3.5): ${l.length}`,
    );
    return found;
  }

  /** 7.1.9 with usage. */
  async quota(): Promise<Found<Record<string, QuotaDetail>>> {
    const pid = encodeURIComponent(this.client.projectId);
    const found = await this.get(
      'quota',
      {
        path: this.path(`/os-quota-sets/${pid}`),
        query: { usage: 'True' },
        operation: { section: '7.1.9', iamActions: ['evs:quotas:get'] },
      },
      (body) => {
        const set = obj(obj(body).quota_set);
        const out: Record<string, QuotaDetail> = {};
        for (const [k, v] of Object.entries(set)) {
          if (v && typeof v === 'object')
            out[k] = { in_use: num(obj(v).in_use), limit: num(obj(v).limit), reserved: num(obj(v).reserved) };
        }
        return out;
      },
    );
    this.note('quota', found, () => 'looked up quotas (7.1.9)');
    return found;
  }

  /** 6.3.4 */
  async diskTags(volumeId: string): Promise<Found<Record<string, string>>> {
    const found = await this.get(
      `tags:${volumeId}`,
      {
        path: this.path(`/cloudvolumes/${encodeURIComponent(volumeId)}/tags`),
        operation: { section: '6.3.4', iamActions: ['evs:volumeTags:list'] },
      },
      (body) => {
        const tags = obj(body).tags;
        if (Array.isArray(tags))
          return Object.fromEntries(tags.map((t) => [str(obj(t).key), str(obj(t).value)]));
        return record(tags);
      },
    );
    this.note(
      `tags:${volumeId}`,
      found,
      (t) => `looked up tags of disk ${volumeId} (6.3.4): ${Object.keys(t).length}`,
    );
    return found;
  }

  /** 7.4.4 */
  async transfer(id: string): Promise<Found<TransferInfo>> {
    const found = await this.get(
      `transfer:${id}`,
      {
        path: this.path(`/os-volume-transfer/${encodeURIComponent(id)}`),
        operation: { section: '7.4.4', iamActions: ['evs:transfers:get'] },
      },
      (body) => {
        const t = obj(obj(body).transfer);
        return {
          id: str(t.id),
          name: str(t.name),
          ...(t.volume_id ? { volume_id: str(t.volume_id) } : {}),
          ...(t.created_at ? { created_at: str(t.created_at) } : {}),
        };
      },
    );
    this.note(
      `transfer:${id}`,
      found,
      (t) => `looked up transfer ${id} (7.4.4): "${t.name}"${t.volume_id ? ` for disk ${t.volume_id}` : ''}`,
    );
    return found;
  }

  private readonly noted = new Set<string>();

  private note<T>(key: string, found: Found<T>, describe: (v: T) => string): void {
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.log.push(
      found.ok ? describe(found.value) : `could not look up ${key.replace(':', ' ')}: ${found.message}`,
    );
  }
}
