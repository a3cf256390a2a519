// GET /metrics of the built server after a scripted session over HTTP: a read, a refused delete, a delete
// asked for and then confirmed with its token (waiting until its job succeeds), and a 429 from the rate
// limit. Each counter moves by exactly what the session did; promtool accepts the output.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_DISK, LIST_DISKS, SHOW_DISK, startSession, structured, type Session } from './session.js';
import { parseSamples, sum, type Sample } from './prom-text.js';
import { post, listTools } from '../remote/helpers.js';

const havePromtool = spawnSync('promtool', ['--version']).status === 0;
// CI installs Debian's prometheus package and sets this, so a missing promtool fails there instead of skipping.
const requirePromtool = process.env.EVS_MCP_REQUIRE_PROMTOOL === '1';
const MISSING = '00000000-0000-4000-8000-000000000000';

let s: Session;
const scrape = async (): Promise<string> => {
  const res = await fetch(s.replica.url.replace(/\/mcp$/, '/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

describe('Prometheus metrics at /metrics', () => {
  let before: Sample[];
  let after: Sample[];
  let text: string;
  let posts = 0;
  const delta = (name: string, labels: Record<string, string> = {}) =>
    sum(after, name, labels) - sum(before, name, labels);

  beforeAll(async () => {
    s = await startSession({ EVS_MCP_METRICS: '1', EVS_MCP_RATE_LIMIT: '12' });
    before = parseSamples(await scrape());
    const listed = structured(await s.call(LIST_DISKS, { limit: 50 }));
    posts++;
    const disks = listed.volumes as { id: string; name: string }[];
    const target = disks.find((d) => d.name === 'demo-archive-01')!;
    expect(target).toBeDefined();
    expect(structured(await s.call(SHOW_DISK, { volume_id: target.id })).id).toBe(target.id);
    posts++;
    expect(structured(await s.call(DELETE_DISK, { volume_id: MISSING })).reason).toBe('disk_not_found');
    posts++;
    const asked = structured(await s.call(DELETE_DISK, { volume_id: target.id }));
    posts++;
    expect(asked.confirmation_required).toBe(true);
    const done = await s.call(DELETE_DISK, {
      volume_id: target.id,
      wait: true,
      confirm_token: asked.confirm_token,
    });
    posts++;
    expect(done.isError).toBeFalsy();
    expect((structured(done).wait as { settled: boolean }).settled).toBe(true);
    // The rate limit: tools/list (not a tool call) until one is turned away.
    let limited = false;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await post(s.replica.url, listTools);
      await res.text();
      if (res.status === 429) limited = true;
      else posts++;
    }
    expect(limited).toBe(true);
    text = await scrape();
    after = parseSamples(text);
  }, 120_000);
  afterAll(async () => s?.close());

  it('counts each tool call once, by tool, outcome and refusal reason', () => {
    const calls = 'evs_mcp_tool_calls_total';
    expect(delta(calls)).toBe(5);
    expect(delta(calls, { tool: LIST_DISKS, operation: 'ListVolumes', outcome: 'ok' })).toBe(1);
    expect(delta(calls, { tool: SHOW_DISK, operation: 'ShowVolume', outcome: 'ok' })).toBe(1);
    expect(
      delta(calls, {
        tool: DELETE_DISK,
        operation: 'DeleteVolume',
        outcome: 'refused',
        reason: 'disk_not_found',
      }),
    ).toBe(1);
    expect(delta(calls, { tool: DELETE_DISK, outcome: 'confirmation_asked', reason: '' })).toBe(1);
    expect(delta(calls, { tool: DELETE_DISK, outcome: 'ok' })).toBe(1);
    expect(delta('evs_mcp_tool_call_duration_seconds_count')).toBe(5);
  });

  it('counts confirmations by how they were given, and the declared read that found nothing', () => {
    expect(delta('evs_mcp_confirmations_total')).toBe(1);
    expect(delta('evs_mcp_confirmations_total', { tool: DELETE_DISK, by: 'token' })).toBe(1);
    expect(delta('evs_mcp_declared_read_failures_total')).toBe(1);
    expect(
      delta('evs_mcp_declared_read_failures_total', { tool: DELETE_DISK, read: 'disk', why: 'not_found' }),
    ).toBe(1);
  });

  it('times every EVS request by operation and status class, and the wait', () => {
    const evs = 'evs_mcp_evs_request_duration_seconds_count';
    expect(delta(evs, { method: 'DELETE' })).toBe(1);
    expect(delta(evs, { operation: 'DeleteVolume', method: 'DELETE', status_class: '2xx' })).toBe(1);
    // Only the missing disk's read: DeleteVolume is a job, and each poll of it answers 2xx.
    expect(delta(evs, { method: 'GET', status_class: '4xx' })).toBe(1);
    expect(delta(evs, { method: 'POST' })).toBe(0);
    expect(delta('evs_mcp_wait_duration_seconds_count')).toBe(1);
    expect(delta('evs_mcp_wait_duration_seconds_count', { tool: DELETE_DISK, result: 'settled' })).toBe(1);
    const polls = delta('evs_mcp_wait_polls_total', { tool: DELETE_DISK });
    expect(polls).toBeGreaterThanOrEqual(1);
    // Each poll is one GET of the job, and nothing else in the session reads a job.
    expect(delta(evs, { operation: 'ShowJob', method: 'GET', status_class: '2xx' })).toBe(polls);
    expect(delta(evs, { operation: 'ShowJob' })).toBe(polls);
    // The reads of the session (list, show, the delete's declared reads) and the polls, all 2xx but one.
    expect(delta(evs, { method: 'GET', status_class: '2xx' }) + 1).toBe(
      sum(after, evs, { method: 'GET' }) - sum(before, evs, { method: 'GET' }),
    );
  });

  it('counts the 429 of the rate limit and HTTP requests by status class', () => {
    expect(delta('evs_mcp_rate_limited_total')).toBe(1);
    expect(delta('evs_mcp_http_requests_total', { route: '/mcp', status_class: '4xx' })).toBe(1);
    expect(delta('evs_mcp_http_requests_total', { route: '/mcp', status_class: '2xx' })).toBe(posts);
    // The first scrape is counted once it is answered: by the second.
    expect(delta('evs_mcp_http_requests_total', { route: '/metrics' })).toBe(1);
  });

  it('labels carry no id or value', () => {
    for (const sample of after)
      for (const v of Object.values(sample.labels)) expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it.skipIf(!havePromtool && !requirePromtool)('passes promtool check metrics', () => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });
});
