// Calls that weaken a safety net or overwrite a value ask first; those that only add or strengthen do not.
// The recycle bin policy (switch off, fewer days kept, only older disks kept) and the merge updates of
// metadata and tags confirm with a plan of old -> new values from the declared read, bound by the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(() => h.close());

type Plan = { summary: string; details: string[] };

/** Asserts the call asked first and sent nothing; returns its plan and token. */
async function asks(tool: string, args: Record<string, unknown>): Promise<{ plan: Plan; token: string }> {
  h.sandbox.requestLog.clear();
  const res = await h.call(tool, args);
  const s = structured(res);
  expect(s.confirmation_required, `${tool} ${JSON.stringify(args)}: ${res.text}`).toBe(true);
  expect(h.mutations()).toEqual([]);
  return { plan: s.plan as Plan, token: String(s.confirm_token) };
}

/** Asserts the call went ahead without asking. */
async function goes(tool: string, args: Record<string, unknown>): Promise<void> {
  h.sandbox.requestLog.clear();
  const res = await h.call(tool, args);
  expect(res.isError, `${tool} ${JSON.stringify(args)}: ${res.text}`).toBeFalsy();
  expect(structured(res).confirmation_required).toBeUndefined();
  expect(h.mutations()).toHaveLength(1);
}

const policy = async () => structured(await h.call('get_recycle_bin_policy', {}));

describe('set_recycle_bin_policy', () => {
  it('strengthening goes ahead; switching off, keeping fewer days or only older disks asks with old -> new', async () => {
    // The sandbox starts with the bin off, 7 and 7 days.
    await goes('set_recycle_bin_policy', { switch: true });
    await goes('set_recycle_bin_policy', { keep_time: 30, threshold_time: 3 });
    expect(await policy()).toEqual({ switch: true, threshold_time: 3, keep_time: 30 });

    const off = await asks('set_recycle_bin_policy', { switch: false });
    expect(off.plan.details).toContain('switch: true -> false');
    expect(off.plan.details.join('\n')).toMatch(
      /recycle bin is on: disks older than 3 day\(s\) are kept 30 day/,
    );
    expect((await asks('set_recycle_bin_policy', { keep_time: 5 })).plan.details).toContain(
      'keep_time: 30 -> 5',
    );
    const older = await asks('set_recycle_bin_policy', { threshold_time: 10, keep_time: 60 });
    expect(older.plan.details).toEqual(
      expect.arrayContaining(['threshold_time: 3 -> 10', 'keep_time: 30 -> 60']),
    );
    expect(await policy()).toEqual({ switch: true, threshold_time: 3, keep_time: 30 });
  });

  it('the token binds the policy read: once the policy changed it is stale; a fresh one switches off', async () => {
    const { token } = await asks('set_recycle_bin_policy', { switch: false });
    await goes('set_recycle_bin_policy', { keep_time: 45 });
    const stale = await h.call('set_recycle_bin_policy', { switch: false, confirm_token: token });
    expect(structured(stale)).toMatchObject({ refused: true, reason: 'confirm_token_stale' });
    const fresh = await asks('set_recycle_bin_policy', { switch: false });
    const done = await h.call('set_recycle_bin_policy', { switch: false, confirm_token: fresh.token });
    expect(done.isError, done.text).toBeFalsy();
    expect((await policy()).switch).toBe(false);
  });

  it('refuses when the current policy cannot be read, sending nothing', async () => {
    h.sandbox.faults.add({
      method: 'GET',
      path: /\/recycle-bin-volumes\/policy$/,
      status: 500,
      retryAfterSeconds: 0,
    });
    try {
      h.sandbox.requestLog.clear();
      const res = await h.call('set_recycle_bin_policy', { switch: true });
      expect(structured(res)).toMatchObject({ refused: true, reason: 'check_failed' });
      expect(h.mutations()).toEqual([]);
    } finally {
      h.sandbox.faults.clear();
    }
  });
});

describe('merge updates', () => {
  it('add_disk_metadata and set_disk_metadata_key: new keys go ahead, changing a value asks with old -> new', async () => {
    const volume_id = h.demo.disks.data;
    await goes('add_disk_metadata', { volume_id, metadata: { owner: 'ann' } });
    // The same value again changes nothing.
    await goes('add_disk_metadata', { volume_id, metadata: { owner: 'ann', fresh: 'x' } });
    const change = await asks('add_disk_metadata', { volume_id, metadata: { owner: 'bob', other: 'y' } });
    expect(change.plan.details).toEqual(
      expect.arrayContaining(['owner: ann -> bob', 'other: new, set to y']),
    );
    const key = await asks('set_disk_metadata_key', { volume_id, key: 'owner', value: 'carl' });
    expect(key.plan.details).toContain('owner: ann -> carl');
    await goes('set_disk_metadata_key', { volume_id, key: 'brand-new', value: '1' });
    // The token binds the value read: changed meanwhile, it is stale.
    await h.app.client.request({
      method: 'PUT',
      path: `/v2/${h.app.projectId}/volumes/${volume_id}/metadata/owner`,
      body: { meta: { owner: 'dora' } },
    });
    const stale = await h.call('set_disk_metadata_key', {
      volume_id,
      key: 'owner',
      value: 'carl',
      confirm_token: key.token,
    });
    expect(structured(stale)).toMatchObject({ refused: true, reason: 'confirm_token_stale' });
  });

  it('add_disk_tags: a new tag goes ahead, overwriting a tag value asks', async () => {
    const volume_id = h.demo.disks.data;
    await goes('add_disk_tags', { volume_id, tags: { team: 'blue' } });
    const plan = (await asks('add_disk_tags', { volume_id, tags: { team: 'red' } })).plan;
    expect(plan.details).toContain('team: blue -> red');
  });

  it('add_snapshot_metadata and set_snapshot_metadata_key: the same rule on a snapshot', async () => {
    const snapshot_id = h.demo.snapshots.daily;
    await goes('add_snapshot_metadata', { snapshot_id, metadata: { keep: 'yes' } });
    const add = await asks('add_snapshot_metadata', { snapshot_id, metadata: { keep: 'no' } });
    expect(add.plan.details).toContain('keep: yes -> no');
    const set = await asks('set_snapshot_metadata_key', { snapshot_id, key: 'keep', value: 'maybe' });
    expect(set.plan.details).toContain('keep: yes -> maybe');
    const done = await h.call('set_snapshot_metadata_key', {
      snapshot_id,
      key: 'keep',
      value: 'maybe',
      confirm_token: set.token,
    });
    expect(done.isError, done.text).toBeFalsy();
  });
});
