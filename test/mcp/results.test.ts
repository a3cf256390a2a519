// Answers that say what happened: an unreadable 2xx is never a success, ids are never empty, a delete's
// wait succeeds only when the resource is gone, detail=true shows the detail in the text. Through an SDK
// client that listed the tools first, so every structured result is checked against the advertised schema.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness;
let zone: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  h = await startHarness({ env: { EVS_MCP_TOOLSETS: 'all', EVS_MCP_CONFIRMATION: 'off' } });
  await h.client.listTools();
  const zones = await h.client.callTool({ name: 'list_availability_zones', arguments: {} });
  zone = (zones.structuredContent as { zones: { name: string }[] }).zones[0]!.name;
});
afterAll(async () => h.close());

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string }> {
  const res = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  return { ...res, text: textOf(res) };
}

async function newDisk(name: string): Promise<string> {
  const res = await call('create_disks', {
    availability_zone: zone,
    volume_type: 'SSD',
    size: 10,
    name,
    wait: true,
  });
  const ids = (res.structuredContent as { wait: { volume_ids: string[] } }).wait.volume_ids;
  expect(ids, res.text).toHaveLength(1);
  expect(res.text).toContain(`Disks: ${ids[0]}`);
  return ids[0]!;
}

describe('a 2xx the server cannot read is an error, never a success', () => {
  it('create_disks: says the disks may have been created and how to check; no empty job id', async () => {
    h.sandbox.faults.add({ method: 'POST', path: '/v2.1/*/cloudvolumes', malformed: true, times: 1 });
    const res = await call('create_disks', { availability_zone: zone, volume_type: 'SSD', size: 10 });
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toMatch(/HTTP 200 but the answer could not be read/);
    expect(res.text).toContain('The operation may have happened');
    expect(res.text).toContain('get_job');
    expect(res.text).not.toMatch(/Job\s+started/);
    expect(res.structuredContent).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('create_disks: a JSON 200 without a job id is the same error, not "Job  started"', async () => {
    // The fault answers 200 with an error-shaped JSON body: readable JSON, but no job_id.
    h.sandbox.faults.add({ method: 'POST', path: '/v2.1/*/cloudvolumes', status: 200, times: 1 });
    const res = await call('create_disks', { availability_zone: zone, volume_type: 'SSD', size: 10 });
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toContain('job_id');
    expect(res.text).toContain('The operation may have happened');
    expect(res.text).not.toMatch(/Job\s+started/);
  });

  it('cinder_create_disk: a 202 naming no disk is an error, never a disk with an empty id', async () => {
    h.sandbox.faults.add({ method: 'POST', path: '/v2/*/volumes', status: 202, times: 1 });
    const res = await call('cinder_create_disk', { availability_zone: zone, size: 10 });
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toMatch(/HTTP 202 but the answer could not be read \(id: /);
    expect(res.text).toContain('The operation may have happened: check with cinder_get_disk');
  });

  it('a mutating call without a poll record says to read the resource before retrying', async () => {
    const id = await newDisk('results-unreadable');
    h.sandbox.faults.add({ method: 'PUT', path: '/v2/*/volumes/*', malformed: true, times: 1 });
    const res = await call('cinder_update_disk', { volume_id: id, name: 'renamed' });
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toContain('The operation may have happened');
    expect(res.text).toContain('before retrying');
  });

  it('a read tool: an unreadable answer is an error that changed nothing', async () => {
    h.sandbox.faults.add({ method: 'GET', path: '/v2/*/cloudvolumes/detail', malformed: true, times: 1 });
    const res = await call('list_disks', { limit: 5 });
    expect(res.isError, res.text).toBe(true);
    expect(res.text).toContain('could not be read');
    expect(res.text).toContain('Nothing was changed');
  });
});

describe('wait', () => {
  it('get_job wait=true follows the job to its end and answers with the final job', async () => {
    h.sandbox.setDelays({ job: 300, create: 300 });
    try {
      const created = await call('create_disks', { availability_zone: zone, volume_type: 'SSD', size: 10 });
      const jobId = (created.structuredContent as { job_id: string }).job_id;
      expect(jobId).toMatch(/\S/);
      const res = await call('get_job', { job_id: jobId, wait: true });
      expect(res.isError, res.text).toBeFalsy();
      expect(res.structuredContent).toMatchObject({
        job_id: jobId,
        status: 'SUCCESS',
        wait: { settled: true, succeeded: true, status: 'SUCCESS', volume_ids: [expect.any(String)] },
      });
      expect(res.text).toMatch(/^Job \S+ \(\S+\): SUCCESS/);
      expect(res.text).not.toContain('NaN');
    } finally {
      h.sandbox.setDelays({ job: 60, create: 60 });
    }
  });

  it('get_job wait=true on a job that FAILs reports it as data, not as a failed call', async () => {
    h.sandbox.injectFailure({ op: 'create' });
    const created = await call('create_disks', { availability_zone: zone, volume_type: 'SSD', size: 10 });
    const jobId = (created.structuredContent as { job_id: string }).job_id;
    const res = await call('get_job', { job_id: jobId, wait: true });
    expect(res.isError, res.text).toBeFalsy();
    expect(res.structuredContent).toMatchObject({
      status: 'FAIL',
      wait: { settled: true, succeeded: false, status: 'FAIL' },
    });
    expect(res.text).toMatch(/: FAIL/);
  });

  it('a delete whose disk is still there after the delete settled is a failure, not done', async () => {
    const id = await newDisk('results-delete-fails');
    h.sandbox.injectFailure({ op: 'delete' });
    const res = await call('cinder_delete_disk', { volume_id: id, wait: true });
    expect(res.isError, res.text).toBe(true);
    expect((res.structuredContent as { wait: unknown }).wait).toMatchObject({
      settled: true,
      succeeded: false,
      status: 'error_deleting',
    });
    expect(res.text).toContain('Accepted, but it failed: error_deleting');
  });

  it('a delete is done when the disk is gone (404)', async () => {
    const id = await newDisk('results-delete-ok');
    const res = await call('cinder_delete_disk', { volume_id: id, wait: true });
    expect(res.isError, res.text).toBeFalsy();
    expect((res.structuredContent as { wait: unknown }).wait).toMatchObject({
      settled: true,
      succeeded: true,
      status: 'deleted',
    });
  });
});

describe('detail=true', () => {
  it('shows the detail in the text, not only in structuredContent', async () => {
    const id = await newDisk('results-detail');
    await call('add_disk_metadata', { volume_id: id, metadata: { owner: 'results-test' } });
    const plain = await call('list_disks', { ids: [id] });
    const detail = await call('list_disks', { ids: [id], detail: true });
    expect(plain.text).not.toContain('owner');
    expect(detail.text).toContain(`"owner":"results-test"`);
    expect(detail.text).toMatch(/updated_at=\S+/);
    const one = await call('legacy_get_vendor_disk', { volume_id: id });
    expect(one.text).toContain(`"owner":"results-test"`);
  });

  it('a missing disk: the error names the EVS code and the fix, and validates against the schema', async () => {
    const res = await call('legacy_get_vendor_disk', { volume_id: MISSING });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/EVS\.5404.*Fix: \S/);
  });
});
