// What the sandbox keeps so a long-running one stays small: the request log holds the latest requests
// (a fixed ring, oldest first), and the newest finished jobs stay queryable while older ones are
// forgotten, a batch with its sub-jobs; unfinished jobs are always kept.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxProject } from '../../src/sandbox/index.js';
import { call, createBody, start } from './helpers.js';

let h: SandboxHandle | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const listWithLimit = (s: SandboxHandle, p: SandboxProject, limit: number) =>
  call(s, p, 'GET', `/v2/${p.id}/volumes`, { query: { limit } });

describe('request log', () => {
  it('keeps the latest requests in order, with a mark to read those after it', async () => {
    const s = (h = await start({ requestLogCapacity: 5 }));
    const p = s.projects[0]!;
    for (let i = 1; i <= 2; i++) await listWithLimit(s, p, i);
    const mark = s.requestLog.total();
    expect(mark).toBe(2);
    for (let i = 3; i <= 8; i++) await listWithLimit(s, p, i);
    // Only the last five remain, oldest first.
    expect(s.requestLog.entries().map((e) => e.query)).toEqual([4, 5, 6, 7, 8].map((i) => `limit=${i}`));
    expect(s.requestLog.total()).toBe(8);
    expect(s.requestLog.since(6).map((e) => e.query)).toEqual(['limit=7', 'limit=8']);
    expect(s.requestLog.since(3)).toEqual(s.requestLog.entries());
    expect(s.requestLog.since(8)).toEqual([]);
    // Requests after the mark were dropped: an error, not a silently short answer.
    expect(() => s.requestLog.since(mark)).toThrow(/keeps the last 5 requests: 6 were logged since mark 2/);
    expect(() => s.requestLog.since(9)).toThrow(RangeError);

    await call(s, p, 'POST', `/v2/${p.id}/volumes`, { body: createBody() });
    expect(s.requestLog.mutating().map((e) => e.method)).toEqual(['POST']);
    expect(s.requestLog.entries()).toHaveLength(5);
    const admin = (await (await fetch(`${s.url}/__sandbox/requests`)).json()) as {
      requests: { query: string }[];
    };
    expect(admin.requests.map((e) => e.query)).toEqual(['limit=5', 'limit=6', 'limit=7', 'limit=8', '']);

    s.requestLog.clear();
    expect([s.requestLog.entries(), s.requestLog.total()]).toEqual([[], 0]);
    await listWithLimit(s, p, 9);
    expect(s.requestLog.since(0).map((e) => e.query)).toEqual(['limit=9']);
  });

  it('keeps long requests whole and reads what replaced an entry it read before', async () => {
    const s = (h = await start({ requestLogCapacity: 3 }));
    const p = s.projects[0]!;
    const longName = 'n'.repeat(2000);
    await call(s, p, 'GET', `/v2/${p.id}/volumes`, { query: { name: longName } });
    await listWithLimit(s, p, 1);
    expect(s.requestLog.entries().map((e) => e.query)).toEqual([`name=${longName}`, 'limit=1']);
    expect(s.requestLog.entries()[0]).toMatchObject({
      method: 'GET',
      path: `/v2/${p.id}/volumes`,
      status: 200,
      outcome: 'ok',
      projectId: p.id,
    });
    for (let i = 2; i <= 4; i++) {
      await listWithLimit(s, p, i);
      // Read after every request: each read shows the newest three, never a stale slot.
      expect(s.requestLog.entries().at(-1)?.query).toBe(`limit=${i}`);
    }
    expect(s.requestLog.entries().map((e) => e.query)).toEqual(['limit=2', 'limit=3', 'limit=4']);
    const denied = await call(s, p, 'GET', `/v2/${p.id}/volumes`, { anonymous: true });
    expect(denied.status).toBe(401);
    expect(s.requestLog.entries().at(-1)).toMatchObject({ outcome: 'rejected_auth', status: 401 });
    expect(s.requestLog.entries().at(-1)).not.toHaveProperty('user');
  });

  it('refuses a capacity or a job limit that is not a whole number of at least 1', async () => {
    for (const requestLogCapacity of [0, -1, 2.5, Number.NaN])
      await expect(startSandbox({ seedDemoData: false, requestLogCapacity })).rejects.toThrow(
        /request log capacity must be a whole number/,
      );
    await expect(startSandbox({ seedDemoData: false, finishedJobsKept: 0 })).rejects.toThrow(
      /finishedJobsKept must be a whole number/,
    );
  });
});

describe('finished jobs', () => {
  /** 6.1.1: one job creating `count` disks. */
  async function createJob(s: SandboxHandle, p: SandboxProject, count = 1): Promise<string> {
    const r = await call(s, p, 'POST', `/v2/${p.id}/cloudvolumes`, { body: createBody({ count }) });
    expect(r.status).toBe(200);
    return r.body.job_id as string;
  }
  const job = (s: SandboxHandle, p: SandboxProject, id: string) =>
    call(s, p, 'GET', `/v1/${p.id}/jobs/${id}`);
  const statusOf = async (s: SandboxHandle, p: SandboxProject, id: string) => {
    const r = await job(s, p, id);
    return r.status === 200 ? (r.body.status as string) : `${r.status} ${r.body.error?.code}`;
  };
  const GONE = '400 Common.0011';

  it('keeps the newest finished jobs, forgetting a batch with its sub-jobs, and never an unfinished one', async () => {
    // Four finished records kept; a pruning pass runs once a quarter of that (one) more has piled up.
    const s = (h = await start({ finishedJobsKept: 4 }));
    const p = s.projects[0]!;
    const batch = await createJob(s, p, 3);
    s.clock.advance(10);
    const subs = (await job(s, p, batch)).body.entities.sub_jobs.map((j: { job_id: string }) => j.job_id);
    expect(subs).toHaveLength(3);
    const j1 = await createJob(s, p);
    s.clock.advance(10);
    expect(await statusOf(s, p, batch)).toBe('SUCCESS');
    // Six records (batch + 3 sub-jobs, j1, j2): the oldest finished family goes whole.
    const j2 = await createJob(s, p);
    s.clock.advance(10);
    for (const id of [batch, ...subs]) expect(await statusOf(s, p, id)).toBe(GONE);
    expect([await statusOf(s, p, j1), await statusOf(s, p, j2)]).toEqual(['SUCCESS', 'SUCCESS']);

    // Eight jobs that have not run yet (they start an hour from now) are all kept, beyond the limit.
    s.setDelays({ job: 3_600_000 });
    const waiting: string[] = [];
    for (let i = 0; i < 8; i++) waiting.push(await createJob(s, p));
    expect(await Promise.all(waiting.map((id) => statusOf(s, p, id)))).toEqual(Array(8).fill('INIT'));
    expect([await statusOf(s, p, j1), await statusOf(s, p, j2)]).toEqual(['SUCCESS', 'SUCCESS']);

    // Once they have finished, the next pass (one job after the last pass) keeps the newest four finished
    // records: ten finished jobs, oldest end first (equal ends in creation order), lose seven.
    s.clock.advance(3_600_000);
    s.setDelays({ job: 0 });
    const last = await createJob(s, p);
    s.clock.advance(10);
    const next = await createJob(s, p);
    const statuses = await Promise.all([j1, j2, ...waiting, last, next].map((id) => statusOf(s, p, id)));
    expect(statuses).toEqual([...Array(7).fill(GONE), ...Array(5).fill('SUCCESS')]);
  });
});
