// The wait budget is a hard cap on the whole wait: each poll request gets only the time that is left,
// and a poll cut short by it ends the wait as "still running", not as an error. A delete's wait
// succeeds only on a 404. A controllable clock stands in for time; the client is a recording fake.
import { describe, expect, it } from 'vitest';
import type { AsyncBehaviour } from '../../src/evs/operation.js';
import { getJob } from '../../src/evs/operations/jobs.js';
import { cinderGetDisk } from '../../src/evs/operations/disks-cinder.js';
import { EvsError } from '../../src/evs-client/errors.js';
import type { ApiClient, ApiRequest, ApiResponse } from '../../src/evs-client/types.js';
import { waitUntilSettled } from '../../src/mcp/engine/wait.js';

const JOB: AsyncBehaviour = { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } };
const DELETE: AsyncBehaviour = {
  kind: 'status',
  resource: 'volume',
  poll: { spec: () => cinderGetDisk, arg: 'volume_id' },
  id: { from: 'args', key: 'volume_id' },
  transitional: ['deleting'],
  failed: ['error_deleting'],
  goneMeansDone: true,
};

/** A client whose every request takes `costMs` of the fake clock and answers with `answer(n)`. */
function fakeClient(clock: { t: number }, costMs: number, answer: (n: number, req: ApiRequest) => unknown) {
  const seen: ApiRequest[] = [];
  const client: ApiClient = {
    projectId: 'p1',
    endpoint: 'http://127.0.0.1:1',
    async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
      seen.push(req);
      const budget = req.timeoutMs ?? Infinity;
      if (costMs > budget) {
        clock.t += budget;
        throw new EvsError({ kind: 'timeout', detail: `no answer within ${budget} ms` });
      }
      clock.t += costMs;
      const body = answer(seen.length, req);
      if (body instanceof EvsError) throw body;
      return { status: 200, headers: {}, body: body as T };
    },
    async close() {},
  };
  return { client, seen };
}

describe('wait budget', () => {
  it('gives each poll only the time left, so the wait never outlives its budget', async () => {
    const clock = { t: 0 };
    const { client, seen } = fakeClient(clock, 400, () => ({ job_id: 'j1', status: 'RUNNING' }));
    const out = await waitUntilSettled(
      { client, budgetMs: 1000, pollMs: { initial: 1, max: 1 }, now: () => clock.t },
      JOB,
      { jobId: 'j1' },
      {},
    );
    expect(seen.map((r) => r.timeoutMs)).toEqual([1000, 600, 200]);
    expect(seen.every((r) => r.path === '/v1/p1/jobs/j1')).toBe(true);
    expect(out).toMatchObject({ settled: false, status: 'RUNNING', job_id: 'j1' });
    expect(out.elapsed_ms).toBeLessThanOrEqual(1000);
    expect(out.next).toContain('get_job');
  });

  it('a poll cut off by the budget ends the wait as still running, not as an error', async () => {
    const clock = { t: 0 };
    const { client, seen } = fakeClient(clock, 5000, () => ({ job_id: 'j1', status: 'RUNNING' }));
    const out = await waitUntilSettled(
      { client, budgetMs: 1000, pollMs: { initial: 1, max: 1 }, now: () => clock.t },
      JOB,
      { jobId: 'j1' },
      {},
    );
    expect(seen.map((r) => r.timeoutMs)).toEqual([1000]);
    expect(out).toMatchObject({ settled: false, succeeded: false, status: 'unknown', elapsed_ms: 1000 });
  });

  it('names the disks of a finished job (its own volume_id and each sub-job’s)', async () => {
    const clock = { t: 0 };
    const { client } = fakeClient(clock, 10, () => ({
      job_id: 'j1',
      status: 'SUCCESS',
      entities: {
        sub_jobs: [
          { status: 'SUCCESS', entities: { volume_id: 'v1' } },
          { status: 'SUCCESS', entities: { volume_id: 'v2' } },
          { status: 'SUCCESS', entities: { volume_id: '' } },
        ],
      },
    }));
    const out = await waitUntilSettled(
      { client, budgetMs: 1000, pollMs: { initial: 1, max: 1 }, now: () => clock.t },
      JOB,
      { jobId: 'j1' },
      {},
    );
    expect(out).toMatchObject({ settled: true, succeeded: true, volume_ids: ['v1', 'v2'] });
  });
});

describe("a delete's wait", () => {
  const run = (answer: (n: number) => unknown) => {
    const clock = { t: 0 };
    const { client } = fakeClient(clock, 10, answer);
    return waitUntilSettled(
      { client, budgetMs: 10_000, pollMs: { initial: 1, max: 1 }, now: () => clock.t },
      DELETE,
      { resourceId: 'v1' },
      {},
    );
  };
  const notFound = () => new EvsError({ kind: 'api', status: 404, detail: 'not found' });

  it('is done only when the disk answers 404', async () => {
    const out = await run((n) => (n < 3 ? { volume: { status: 'deleting' } } : notFound()));
    expect(out).toMatchObject({ settled: true, succeeded: true, status: 'deleted' });
  });

  it('a disk back to available is a delete that did not happen', async () => {
    const out = await run((n) => ({ volume: { status: n < 2 ? 'deleting' : 'available' } }));
    expect(out).toMatchObject({ settled: true, succeeded: false, status: 'available' });
    expect(out.fail_reason).toContain('the delete did not happen');
  });

  it('a body without a status is not taken for done', async () => {
    const out = await run((n) => (n < 3 ? { volume: {} } : notFound()));
    expect(out).toMatchObject({ settled: true, succeeded: true, status: 'deleted' });
  });
});
