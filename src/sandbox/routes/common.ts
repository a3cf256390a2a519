// Helpers the route modules share: body access, lookups within the caller's project, list queries.
import { EvsError, evsError, invalidRequest, notFound, type ErrorFamily } from '../errors.js';
import type { Created, CreationOrder } from '../creation-order.js';
import type { Ctx, Reply, Route } from '../router.js';
import type { SnapshotRecord, VolumeRecord } from '../types.js';

export const bytesOf = (s: string): number => Buffer.byteLength(s, 'utf8');

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `body[key]` as an object, or the family's malformed-body error. */
export function section(
  ctx: Ctx,
  key: string,
  error: () => EvsError = () => invalidRequest(ctx.family),
): Record<string, unknown> {
  const body = ctx.body;
  if (!isObject(body) || !isObject(body[key])) throw error();
  return body[key];
}

/** Optional string of at most `max` bytes (null allowed when `nullable`). */
export function optString(
  obj: Record<string, unknown>,
  key: string,
  max: number,
  error: () => EvsError,
  nullable = true,
): string | null | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || bytesOf(v) > max) throw error();
  return v;
}

/** Integers as documented: decimals are truncated ("the number part of the value will be used"). */
export function intOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
  return undefined;
}

export function boolOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

/** A string map (metadata): keys and values strings of at most 255 bytes, values not null. */
export function stringMap(v: unknown, family: ErrorFamily): Record<string, string> {
  if (!isObject(v)) throw invalidRequest(family);
  const out: Record<string, string> = {};
  let total = 0;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string' || k === '' || bytesOf(k) > 255 || bytesOf(val) > 255)
      throw invalidRequest(family);
    total += bytesOf(k) + bytesOf(val);
    out[k] = val;
  }
  if (total >= 1_048_576) throw evsError('EVS.1005');
  return out;
}

export function findVolume(ctx: Ctx, id: string): VolumeRecord {
  const v = ctx.store.state.volumes[id];
  if (!v || v.projectId !== ctx.projectId) throw notFound();
  return v;
}

export function findSnapshot(ctx: Ctx, id: string): SnapshotRecord {
  const s = ctx.store.state.snapshots[id];
  if (!s || s.projectId !== ctx.projectId) throw notFound();
  return s;
}

// ---- list queries ----------------------------------------------------------------------------

export interface Page {
  limit: number;
  limitGiven: boolean;
  offset: number;
  marker?: string;
}

export function parsePage(ctx: Ctx): Page {
  const q = ctx.query;
  const custom = ctx.family === 'custom';
  let limit = 1000;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim()))
      throw custom ? evsError('EVS.1023') : evsError('EVS.5400', 'limit param must be an integer');
    limit = Number(rawLimit);
    if (limit <= 0)
      throw custom ? evsError('EVS.1023') : evsError('EVS.5400', 'limit param must be positive');
    if (limit > 1000) throw evsError('EVS.2142');
  }
  let offset = 0;
  const rawOffset = q.get('offset');
  if (rawOffset !== null) {
    if (!/^\d+$/.test(rawOffset.trim())) throw evsError('EVS.5400', 'offset param must be an integer');
    offset = Number(rawOffset);
  }
  const marker = q.get('marker') ?? undefined;
  return { limit, limitGiven: rawLimit !== null, offset, ...(marker ? { marker } : {}) };
}

export const SORT_KEYS = ['id', 'status', 'size', 'created_at'] as const;

export function parseSort(ctx: Ctx): { key: (typeof SORT_KEYS)[number]; dir: 'asc' | 'desc' } {
  const key = ctx.query.get('sort_key') ?? 'created_at';
  const dir = ctx.query.get('sort_dir') ?? 'desc';
  if (!(SORT_KEYS as readonly string[]).includes(key)) throw evsError('EVS.1039');
  if (dir !== 'asc' && dir !== 'desc') throw evsError('EVS.1040');
  return { key: key as (typeof SORT_KEYS)[number], dir };
}

/** Sorts by key then insertion order, so equal keys never swap between pages. */
export function sortItems<T extends { id: string; seq: number }>(
  items: readonly T[],
  key: keyof T,
  dir: 'asc' | 'desc',
): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = a[key] as unknown as string | number;
    const y = b[key] as unknown as string | number;
    if (x < y) return -sign;
    if (x > y) return sign;
    return (a.seq - b.seq) * sign;
  });
}

/** Applies marker (EVS.1024 when unknown), then offset, then limit. */
export function paginate<T extends { id: string }>(items: T[], page: Page): { items: T[]; more: boolean } {
  let start = 0;
  if (page.marker !== undefined) {
    const i = items.findIndex((x) => x.id === page.marker);
    if (i < 0) throw evsError('EVS.1024');
    start = i + 1;
  }
  start += page.offset;
  const slice = items.slice(start, start + page.limit);
  return { items: slice, more: start + page.limit < items.length };
}

/**
 * A page of the project's records in creation order (`created_at`, the documented default key) read in
 * `dir`, keeping those `keep` accepts. Without `keep` it is a slice: the marker is found by binary
 * search and only the page is read, so its cost does not grow with the number of records.
 */
export function pageByCreation<T extends Created>(
  order: CreationOrder<T>,
  byId: Readonly<Record<string, T>>,
  projectId: string,
  dir: 'asc' | 'desc',
  page: Page,
  keep?: (item: T) => boolean,
): { items: T[]; more: boolean; count: number } {
  const list = order.of(projectId);
  const n = list.length;
  const at = (k: number): T => list[dir === 'asc' ? k : n - 1 - k]!;
  if (keep) {
    const kept: T[] = [];
    for (let k = 0; k < n; k++) if (keep(at(k))) kept.push(at(k));
    return { ...paginate(kept, page), count: kept.length };
  }
  let start = 0;
  if (page.marker !== undefined) {
    const m = Object.hasOwn(byId, page.marker) ? byId[page.marker] : undefined;
    const i = m && m.projectId === projectId ? order.indexOf(m) : -1;
    if (i < 0) throw evsError('EVS.1024');
    start = (dir === 'asc' ? i : n - 1 - i) + 1;
  }
  start += page.offset;
  const items: T[] = [];
  for (let k = start; k < Math.min(n, start + page.limit); k++) items.push(at(k));
  return { items, more: start + page.limit < n, count: n };
}

/** The `rel: next` link: the same query with the marker moved to the last item of this page. */
export function nextLink(ctx: Ctx, lastId: string, limit: number): { href: string; rel: 'next' }[] {
  const params = new URLSearchParams(ctx.query);
  params.delete('offset');
  params.set('limit', String(limit));
  params.set('marker', lastId);
  return [{ href: `${ctx.baseUrl}${ctx.path}?${params.toString()}`, rel: 'next' }];
}

/** `metadata={"k":"v"}` (JSON, or Python-style quotes) as used by the disk list filters; EVS.1058 otherwise. */
export function parseMetadataFilter(raw: string): Record<string, string> {
  const attempt = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const parsed = attempt(raw) ?? attempt(raw.replace(/'/g, '"'));
  if (!isObject(parsed)) throw evsError('EVS.1058');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = String(v);
  return out;
}

export const ok = (body?: unknown, status = 200) => ({ status, body });

/** Throws the error when the condition holds; keeps handlers flat. */
export function refuse(condition: boolean, error: () => EvsError): void {
  if (condition) throw error();
}

/** A project-scoped route of one API family (custom 6.x or Cinder 7.x), which sets its error envelope. */
export const routeOf =
  (family: 'custom' | 'cinder') =>
  (method: string, path: string, section: string, handler: (ctx: Ctx) => Reply): Route => ({
    method,
    path,
    section,
    family,
    auth: 'project',
    handler,
  });
