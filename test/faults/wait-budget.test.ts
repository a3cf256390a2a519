// The wait budget is a hard cap on the whole call: a slow poll or look-up must not add a request
// timeout beyond it. The call then returns the job id and what is known.
import { afterAll, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterAll(() => h?.close());

const BUDGET_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;

it('create_disks with wait=true returns within the wait budget although every poll hangs', async () => {
  h = await startHarness({
    env: { EVS_MCP_CONFIRMATION: 'off' },
    configure: (c) => ({ ...c, waitBudgetMs: BUDGET_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
  });
  const zones = await h.client.callTool({ name: 'list_availability_zones', arguments: {} });
  const zone = (zones.structuredContent as { zones: { name: string }[] }).zones[0]!.name;
  // Every job poll takes longer than the whole budget (but less than one request timeout).
  h.sandbox.faults.add({ method: 'GET', path: '/v1/*/jobs/*', latencyMs: 4000 });
  const started = Date.now();
  const res = await h.client.callTool({
    name: 'create_disks',
    arguments: { availability_zone: zone, volume_type: 'SSD', size: 10, name: 'budget', wait: true },
  });
  const elapsed = Date.now() - started;
  h.sandbox.faults.clear();
  expect(res.isError, textOf(res)).toBeFalsy();
  expect((res.structuredContent as { job_id?: string }).job_id).toMatch(/\S/);
  // Generous slack for a loaded machine, far below the extra request timeout a late poll would add.
  expect(elapsed, textOf(res)).toBeLessThan(BUDGET_MS + 2000);
}, 180_000);
