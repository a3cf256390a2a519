// The engine's arguments (wait, dry_run, all_pages, confirm_token) go undescribed in tools/list, where
// every tool would repeat the same words: what they do must then be said once, in the instructions.
import { describe, expect, it } from 'vitest';
import { serverView } from '../helpers/list-server.js';

type Schema = { properties?: Record<string, { description?: string }> };

describe('conventions said once, not per tool', () => {
  it('wait and dry_run are bare in every tool, and the instructions explain them', async () => {
    const { tools, instructions } = await serverView();
    const props = tools.map((t) => (t.inputSchema as Schema).properties ?? {});
    const withWait = props.filter((p) => p.wait);
    const withDryRun = props.filter((p) => p.dry_run);
    expect(withWait.length).toBeGreaterThan(10);
    expect(withDryRun.length).toBeGreaterThan(30);
    expect(withWait.filter((p) => p.wait!.description !== undefined)).toEqual([]);
    expect(withDryRun.filter((p) => p.dry_run!.description !== undefined)).toEqual([]);
    // wait: polls until done, bounded by a budget, after which the job id is returned for get_job.
    expect(instructions).toMatch(/wait=true to poll until done/);
    expect(instructions).toMatch(/wait budget runs out they return the job id: follow it with get_job/);
    expect(instructions).toMatch(/dry_run=true to preview the exact request/);
  });
});
