// `wait` on async operations: progress notifications, cancellation mid-wait, the timeout path, job failure.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function jobPolls(harness: Harness): number {
  return harness.sandbox.requestLog
    .entries()
    .filter((e) => e.method === 'GET' && /\/v1\/[^/]+\/jobs\//.test(e.path)).length;
}

const newDisk = { availability_zone: 'sandbox-1a', volume_type: 'SSD', size: 10, name: 'wait-test' };

async function firstZone(harness: Harness): Promise<string> {
  const res = await harness.client.callTool({ name: 'list_availability_zones', arguments: {} });
  const text = JSON.stringify(res.structuredContent);
  const m = /"(?:zone_name|name|zoneName)":"([^"]+)"/.exec(text);
  if (!m) throw new Error(`no zone in ${text}`);
  return m[1]!;
}

describe('wait', () => {
  it('polls a job to SUCCESS and reports progress to a client that asked for it', async () => {
    h = await startHarness({ sandbox: { delays: { job: 300, create: 300 } } });
    const zone = await firstZone(h);
    const progress: { progress: number; message?: string }[] = [];
    const res = await h.client.callTool(
      { name: 'create_disks', arguments: { ...newDisk, availability_zone: zone, count: 2, wait: true } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(res.isError, textOf(res)).toBeFalsy();
    const wait = (res.structuredContent as { wait: Record<string, unknown> }).wait;
    expect(wait).toMatchObject({ settled: true, succeeded: true, status: 'SUCCESS' });
    expect(typeof wait.job_id).toBe('string');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.message).toMatch(/SUCCESS/);
  });

  it('polls a resource status (202 without a job) until it leaves the transitional state', async () => {
    h = await startHarness({ sandbox: { delays: { create: 300 } }, env: { EVS_MCP_TOOLSETS: 'all' } });
    const zone = await firstZone(h);
    const res = await h.client.callTool({
      name: 'cinder_create_disk',
      arguments: { ...newDisk, availability_zone: zone, wait: true },
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect((res.structuredContent as { wait: unknown }).wait).toMatchObject({
      settled: true,
      succeeded: true,
      status: 'available',
    });
  });

  it('returns the job id and the current state when the wait budget runs out', async () => {
    h = await startHarness({
      sandbox: { delays: { job: 20_000, create: 20_000 } },
      env: { EVS_MCP_WAIT_BUDGET_MS: '1000' },
    });
    const zone = await firstZone(h);
    const started = Date.now();
    const res = await h.client.callTool({
      name: 'create_disks',
      arguments: { ...newDisk, availability_zone: zone, wait: true },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.isError, textOf(res)).toBeFalsy();
    const wait = (res.structuredContent as { wait: Record<string, unknown> }).wait;
    expect(wait.settled).toBe(false);
    expect(typeof wait.job_id).toBe('string');
    expect(['INIT', 'RUNNING']).toContain(wait.status);
    expect(String(wait.next)).toContain('get_job');
  });

  it('stops polling when the client cancels mid-wait', async () => {
    h = await startHarness({ sandbox: { delays: { job: 20_000, create: 20_000 } } });
    const zone = await firstZone(h);
    const ac = new AbortController();
    const call = h.client.callTool(
      { name: 'create_disks', arguments: { ...newDisk, availability_zone: zone, wait: true } },
      undefined,
      {
        signal: ac.signal,
      },
    );
    await new Promise((r) => setTimeout(r, 400));
    const pollsBefore = jobPolls(h);
    expect(pollsBefore).toBeGreaterThan(0);
    ac.abort();
    await expect(call).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 600));
    const settledPolls = jobPolls(h);
    await new Promise((r) => setTimeout(r, 600));
    expect(jobPolls(h)).toBe(settledPolls);
  });

  it('surfaces fail_reason and error_code when the job FAILs', async () => {
    h = await startHarness({ sandbox: { delays: { job: 100, create: 100 } } });
    const zone = await firstZone(h);
    h.sandbox.injectFailure({ op: 'create' });
    const res = await h.client.callTool({
      name: 'create_disks',
      arguments: { ...newDisk, availability_zone: zone, wait: true },
    });
    expect(res.isError).toBe(true);
    const wait = (res.structuredContent as { wait: Record<string, unknown> }).wait;
    expect(wait).toMatchObject({ settled: true, succeeded: false, status: 'FAIL' });
    expect(typeof wait.fail_reason === 'string' || typeof wait.error_code === 'string').toBe(true);
    expect(textOf(res)).toMatch(/failed: FAIL/);
  });

  it('reports a resource that settles in an error state as a failure', async () => {
    h = await startHarness({ sandbox: { delays: { create: 100 } }, env: { EVS_MCP_TOOLSETS: 'all' } });
    const zone = await firstZone(h);
    h.sandbox.injectFailure({ op: 'create' });
    const res = await h.client.callTool({
      name: 'cinder_create_disk',
      arguments: { ...newDisk, availability_zone: zone, wait: true },
    });
    expect(res.isError).toBe(true);
    expect((res.structuredContent as { wait: unknown }).wait).toMatchObject({
      settled: true,
      succeeded: false,
      status: 'error',
    });
  });

  it('keeps the accepted job visible when polling itself fails', async () => {
    h = await startHarness({ sandbox: { delays: { job: 100, create: 100 } } });
    const zone = await firstZone(h);
    h.sandbox.faults.add({ method: 'GET', path: /\/v1\/[^/]+\/jobs\//, status: 500 });
    const res = await h.client.callTool({
      name: 'create_disks',
      arguments: { ...newDisk, availability_zone: zone, wait: true },
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const s = res.structuredContent as { job_id?: string; wait: Record<string, unknown> };
    expect(s.wait).toMatchObject({ settled: false, status: 'unknown' });
    expect(String(s.wait.poll_error)).toMatch(/500|EVS/);
    expect(String(s.wait.next)).toContain(String(s.wait.job_id));
  });
});
