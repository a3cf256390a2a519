// Disk tags (6.3.1-6.3.5): at most 10 per disk, documented key/value character rules, filter by tag.
import { evsError, invalidRequest } from '../errors.js';
import { cinderTime } from '../ids.js';
import type { Ctx, Reply, Route } from '../router.js';
import { tagList, volumeView } from '../views.js';
import { intOf, isObject, ok } from './common.js';
import { customVolume } from './cloudvolumes.js';

export const MAX_TAGS_PER_DISK = 10;
const KEY = /^[A-Za-z0-9_\u4E00-\u9FFF-]{1,36}$/;
const VALUE = /^[A-Za-z0-9._\u4E00-\u9FFF-]{0,43}$/;
// 6.3.3: no ASCII control characters and none of * < > \ = , | /.
const DELETE_VALUE_FORBIDDEN = (value: string): boolean =>
  [...value].some((ch) => ch.charCodeAt(0) < 32 || '*<>\\=,|/'.includes(ch));

const bad = () => invalidRequest('custom');

function allTags(ctx: Ctx): Reply {
  const tags: Record<string, string[]> = {};
  for (const v of ctx.store.projectVolumes(ctx.projectId)) {
    for (const [k, val] of Object.entries(v.tags)) {
      const values = (tags[k] ??= []);
      if (!values.includes(val)) values.push(val);
    }
  }
  return ok({ tags });
}

function tagAction(ctx: Ctx): Reply {
  const v = customVolume(ctx);
  const body = ctx.body;
  if (!isObject(body) || !Array.isArray(body.tags) || body.tags.length === 0) throw bad();
  const items = body.tags;
  if (!items.every(isObject)) throw bad();
  if (body.action === 'create') {
    const incoming: Record<string, string> = {};
    for (const t of items as Record<string, unknown>[]) {
      if (typeof t.key !== 'string' || !KEY.test(t.key) || t.key in incoming) throw bad();
      if (typeof t.value !== 'string' || !VALUE.test(t.value)) throw bad();
      incoming[t.key] = t.value;
    }
    const merged = { ...v.tags, ...incoming };
    if (Object.keys(merged).length > MAX_TAGS_PER_DISK) throw bad();
    v.tags = merged;
  } else if (body.action === 'delete') {
    for (const t of items as Record<string, unknown>[]) {
      if (typeof t.key !== 'string' || t.key === '') throw bad();
      if (t.value !== undefined && t.value !== null) {
        if (typeof t.value !== 'string' || [...t.value.trim()].length > 43 || DELETE_VALUE_FORBIDDEN(t.value))
          throw bad();
      }
    }
    for (const t of items as { key: string; value?: string | null }[]) {
      // With a value, only a tag with that value goes; without one, the key goes.
      if (typeof t.value === 'string' && v.tags[t.key] !== t.value.trim()) continue;
      delete v.tags[t.key];
    }
  } else throw bad();
  v.updated_at = cinderTime(ctx.now);
  ctx.store.markDirty();
  return ok(undefined, 204);
}

const diskTags = (ctx: Ctx): Reply => ok({ tags: tagList(customVolume(ctx).tags) });

function filter(ctx: Ctx): Reply {
  const body = ctx.body;
  if (!isObject(body) || body.action !== 'filter' || !Array.isArray(body.tags)) throw bad();
  const limit = body.limit === undefined ? 1000 : intOf(body.limit);
  const offset = body.offset === undefined ? 0 : intOf(body.offset);
  if (limit === undefined || limit < 1) throw evsError('EVS.1023');
  if (limit > 1000) throw evsError('EVS.2142');
  if (offset === undefined || offset < 0) throw evsError('EVS.5400', 'offset param must be an integer');
  if (body.tags.length > 10) throw bad();
  const wanted: { key: string; values: string[] }[] = [];
  for (const t of body.tags) {
    if (!isObject(t) || typeof t.key !== 'string' || !Array.isArray(t.values)) throw bad();
    if (wanted.some((w) => w.key === t.key)) throw bad();
    const values = t.values as unknown[];
    if (
      values.length > 10 ||
      !values.every((x) => typeof x === 'string') ||
      new Set(values).size !== values.length
    )
      throw bad();
    wanted.push({ key: t.key, values: values as string[] });
  }
  const matches: { key: string; value: string }[] = [];
  if (body.matches !== undefined) {
    if (!Array.isArray(body.matches)) throw bad();
    for (const m of body.matches) {
      if (!isObject(m) || (m.key !== 'resource_name' && m.key !== 'service_type')) throw bad();
      if (typeof m.value !== 'string' || m.value.length > 255 || matches.some((x) => x.key === m.key))
        throw bad();
      matches.push({ key: m.key, value: m.value });
    }
  }
  // Newest first (created_at desc): the project's disks in creation order, read backwards.
  let items = [...ctx.store.projectVolumes(ctx.projectId)].reverse();
  items = items.filter((v) =>
    wanted.every((w) => w.key in v.tags && (w.values.length === 0 || w.values.includes(v.tags[w.key]!))),
  );
  for (const m of matches) {
    items =
      m.key === 'resource_name'
        ? items.filter((v) => v.name.includes(m.value))
        : items.filter((v) => v.service_type === m.value);
  }
  return ok({
    total_count: items.length,
    resources: items.slice(offset, offset + limit).map((v) => ({
      resource_id: v.id,
      resource_name: v.name,
      resource_detail: volumeView(v, ctx.baseUrl, '6.3.5'),
      tags: tagList(v.tags),
    })),
  });
}

const C = '/v2/{project_id}/cloudvolumes';
export const tagRoutes: Route[] = [
  { method: 'GET', path: `${C}/tags`, section: '6.3.1', family: 'custom', auth: 'project', handler: allTags },
  {
    method: 'POST',
    path: `${C}/{volume_id}/tags/action`,
    section: '6.3.2,6.3.3',
    sectionOf: (body) => {
      const action = (body as { action?: unknown } | undefined)?.action;
      return action === 'create' ? '6.3.2' : action === 'delete' ? '6.3.3' : undefined;
    },
    family: 'custom',
    auth: 'project',
    handler: tagAction,
  },
  {
    method: 'GET',
    path: `${C}/{volume_id}/tags`,
    section: '6.3.4',
    family: 'custom',
    auth: 'project',
    handler: diskTags,
  },
  {
    method: 'POST',
    path: `${C}/resource_instances/action`,
    section: '6.3.5',
    family: 'custom',
    auth: 'project',
    handler: filter,
  },
];
