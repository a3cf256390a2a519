// Pagination over 2,500 disks: marker and offset, next links, no duplicates or gaps, sort order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start, waitFor } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;
const TOTAL = 2500;

beforeAll(async () => {
  h = await start();
  a = h.projects[0]!;
  const jobs: string[] = [];
  for (let i = 0; i < TOTAL / 100; i++) {
    const sizes = 10 + (i % 7);
    const r = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, {
      body: createBody({ name: `bulk${i}`, count: 100, size: sizes }),
    });
    expect(r.status).toBe(200);
    jobs.push(r.body.job_id);
  }
  for (const id of jobs) {
    await waitFor(h, async () =>
      (await call(h, a, 'GET', `/v1/${a.id}/jobs/${id}`)).body.status === 'SUCCESS' ? true : undefined,
    );
  }
}, 180_000);
afterAll(() => h.close());

interface Link {
  href: string;
  rel: string;
}

describe('pagination', () => {
  it('follows volumes_links through the detail list, without duplicates or gaps', async () => {
    const seen: { id: string; created_at: string }[] = [];
    let query: Record<string, string> = { limit: '700' };
    let pages = 0;
    for (;;) {
      const r = await call<{
        volumes: { id: string; created_at: string }[];
        volumes_links?: Link[];
      }>(h, a, 'GET', `/v2/${a.id}/volumes/detail`, { query });
      pages++;
      seen.push(...r.body.volumes);
      const next = r.body.volumes_links?.find((l) => l.rel === 'next');
      if (!next) break;
      query = Object.fromEntries(new URL(next.href).searchParams);
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen.map((v) => v.id)).size).toBe(TOTAL);
    const stamps = seen.map((v) => v.created_at);
    expect([...stamps].sort().reverse()).toEqual(stamps);
  });

  it('pages with offset and limit as documented (51-100 after 1-50)', async () => {
    const all = (await call(h, a, 'GET', `/v2/${a.id}/volumes`)).body;
    expect(all.volumes).toHaveLength(1000);
    expect(all.volumes_links[0].rel).toBe('next');
    const second = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { query: { offset: 50, limit: 50 } });
    expect(second.body.volumes.map((v: { id: string }) => v.id)).toEqual(
      all.volumes.slice(50, 100).map((v: { id: string }) => v.id),
    );
    const tail = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { query: { offset: TOTAL - 10, limit: 50 } });
    expect(tail.body.volumes).toHaveLength(10);
    expect(tail.body.volumes_links).toBeUndefined();
  });

  it('sorts by size ascending with stable ties across pages, and counts in 6.1.2', async () => {
    const ids: string[] = [];
    let marker: string | undefined;
    let sizes: number[] = [];
    for (;;) {
      const r = await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`, {
        query: { sort_key: 'size', sort_dir: 'asc', limit: 1000, ...(marker ? { marker } : {}) },
      });
      expect(r.body.count).toBe(TOTAL);
      ids.push(...r.body.volumes.map((v: { id: string }) => v.id));
      sizes = sizes.concat(r.body.volumes.map((v: { size: number }) => v.size));
      if (!r.body.volumes_links) break;
      marker = new URL(r.body.volumes_links[0].href).searchParams.get('marker')!;
    }
    expect(new Set(ids).size).toBe(TOTAL);
    expect([...sizes].sort((x, y) => x - y)).toEqual(sizes);
  });

  it('filters by name, status and metadata', async () => {
    const named = await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`, {
      query: { name: 'bulk3-0042' },
    });
    expect(named.body.count).toBe(1);
    const avail = await call(h, a, 'GET', `/v2/${a.id}/volumes/detail`, {
      query: { status: 'error', limit: 5 },
    });
    expect(avail.body.volumes).toEqual([]);
    const meta = await call(h, a, 'GET', `/v2/${a.id}/volumes`, { query: { metadata: '{"none":"x"}' } });
    expect(meta.body.volumes).toEqual([]);
  });

  it('refuses bad paging parameters with the documented codes', async () => {
    const q = (query: Record<string, string>, path = 'volumes') =>
      call(h, a, 'GET', `/v2/${a.id}/${path}`, { query });
    expect((await q({ limit: '1001' })).body).toEqual({
      badRequest: { code: 'EVS.2142', message: 'invalid filter limit, can not greater than 1000.' },
    });
    expect((await q({ limit: 'x' })).body).toEqual({
      badRequest: { code: 'EVS.5400', message: 'limit param must be an integer.' },
    });
    expect((await q({ limit: '0' })).body).toEqual({
      badRequest: { code: 'EVS.5400', message: 'limit param must be positive.' },
    });
    expect((await q({ offset: '-1' })).body.badRequest.code).toBe('EVS.5400');
    expect((await q({ marker: 'nope' })).body).toEqual({
      badRequest: { code: 'EVS.1024', message: 'invalid filter marker!' },
    });
    expect((await q({ sort_key: 'name' })).body).toEqual({
      badRequest: { code: 'EVS.1039', message: 'invalid sort_key!' },
    });
    expect((await q({ sort_dir: 'up' })).body).toEqual({
      badRequest: { code: 'EVS.1040', message: 'invalid sort_dir!' },
    });
    expect((await q({ limit: '0' }, 'cloudvolumes/detail')).body).toEqual({
      error: { code: 'EVS.1023', message: 'invalid filter limit!' },
    });
    expect((await q({ metadata: 'not json' }, 'cloudvolumes/detail')).body.error.code).toBe('EVS.1058');
  });
});
