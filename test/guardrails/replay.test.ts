// Tokens that cannot be replayed: a confirmation token binds the target's state as the plan showed
// it and the principal (caller, credential, project), so it stops working once the state changed,
// in another project and for another caller. The request log shows nothing was sent.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { buildApiRequest, describeRequest } from '../../src/mcp/engine/request-builder.js';
import type { GuardContext, ToolExtra } from '../../src/mcp/guardrails/guard.js';
import { createPipeline } from '../../src/mcp/guardrails/pipeline.js';
import { CONFIRM_SECRET, startGuardHarness, structured, until, type GuardHarness } from './helpers.js';

let h: GuardHarness;
let peer: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
  peer = await startGuardHarness({ sharedSandbox: h.sandbox, projectIndex: 1, auditPath: h.auditPath });
});
afterAll(async () => {
  await peer.close();
  await h.close();
});

async function tokenFor(on: GuardHarness, tool: string, args: Record<string, unknown>): Promise<string> {
  const ask = await on.call(tool, args);
  expect(structured(ask), ask.text).toMatchObject({ confirmation_required: true });
  return String(structured(ask).confirm_token);
}

async function expectStale(tool: string, args: Record<string, unknown>, token: string): Promise<void> {
  h.sandbox.requestLog.clear();
  const res = await h.call(tool, { ...args, confirm_token: token });
  expect(res.isError, res.text).toBe(true);
  expect(structured(res)).toMatchObject({ refused: true, reason: 'confirm_token_stale' });
  expect(res.text).toMatch(/changed since/);
  expect(h.mutations()).toEqual([]);
  expect(h.audit().at(-1)).toMatchObject({ tool, verdict: 'refused:confirm_token_stale' });
}

const diskStatus = async (id: string) =>
  ((await h.get(`/volumes/${id}`)).volume as { status: string }).status;

describe('confirmation tokens cannot be replayed', () => {
  it('a second rollback with the same token is refused', async () => {
    const args = { snapshot_id: h.demo.snapshots.daily, volume_id: h.demo.disks.data };
    const token = await tokenFor(h, 'legacy_rollback_vendor_snapshot', args);
    h.sandbox.requestLog.clear();
    const first = await h.call('legacy_rollback_vendor_snapshot', { ...args, confirm_token: token });
    expect(first.isError, first.text).toBeFalsy();
    expect(h.mutations()).toHaveLength(1);
    // Back to where the plan was shown (available), yet the disk is not the disk it showed.
    expect(
      await until(
        () => diskStatus(h.demo.disks.data),
        (s) => s === 'available',
      ),
    ).toBe('available');
    await expectStale('legacy_rollback_vendor_snapshot', args, token);
  });

  it('deleting a re-added metadata key with the old token is refused', async () => {
    const key = { volume_id: h.demo.disks.data, key: 'stage' };
    const set = await h.call('set_disk_metadata_key', { ...key, value: 'blue' });
    expect(set.isError, set.text).toBeFalsy();
    const token = await tokenFor(h, 'delete_disk_metadata_key', key);
    const gone = await h.call('delete_disk_metadata_key', { ...key, confirm_token: token });
    expect(gone.isError, gone.text).toBeFalsy();
    // Re-added with the very same value: the token was for the key as it was then.
    const again = await h.call('set_disk_metadata_key', { ...key, value: 'blue' });
    expect(again.isError, again.text).toBeFalsy();
    await expectStale('delete_disk_metadata_key', key, token);
    const meta = (await h.get(`/volumes/${h.demo.disks.data}/metadata`)).metadata as Record<string, string>;
    expect(meta.stage).toBe('blue');
  });

  it('a token from another project is refused there, and its principal would not match anyway', async () => {
    const args = { volume_id: h.demo.disks.data, keys: ['owner'] };
    const token = await tokenFor(h, 'delete_disk_tags', args);
    h.sandbox.requestLog.clear();
    const res = await peer.call('delete_disk_tags', { ...args, confirm_token: token });
    expect(res.isError, res.text).toBe(true);
    expect(structured(res)).toMatchObject({ refused: true });
    expect(h.mutations()).toEqual([]);
    expect(peer.principal).not.toBe(h.principal);
    expect(peer.principal).toContain(`project=${peer.app.projectId}`);
  });

  it('a token issued to one OAuth caller is refused for another (same credential and project)', async () => {
    const guard = createPipeline({
      config: { confirmation: true, confirmSecret: CONFIRM_SECRET, auth: h.config.auth },
      client: h.app.client,
      logger: pino({ level: 'silent' }),
      secrets: () => [],
      audit: { write: () => undefined, close: () => undefined },
    });
    const spec = OPERATIONS.find((o) => o.tool === 'delete_disk_tags')!;
    const args = { volume_id: h.demo.disks.data, keys: ['env'] };
    const request = buildApiRequest(spec, args, h.app.projectId);
    const as = (sub: string, confirm_token?: string): GuardContext => ({
      spec,
      args,
      engine: confirm_token ? { confirm_token } : {},
      request,
      described: describeRequest(request, h.app.client.endpoint),
      extra: {
        signal: new AbortController().signal,
        authInfo: { token: 't', clientId: 'c', scopes: [], extra: { sub, iss: 'https://issuer.test' } },
      } as unknown as ToolExtra,
    });
    const ask = await guard.check(as('alice'));
    expect(ask.proceed).toBe(false);
    const token = String((ask.proceed ? {} : ask.result.structuredContent)?.confirm_token);
    const bob = await guard.check(as('bob', token));
    expect(bob.proceed).toBe(false);
    expect(bob.proceed ? undefined : bob.result.structuredContent).toMatchObject({
      reason: 'confirm_token_mismatch',
    });
    expect((await guard.check(as('alice', token))).proceed).toBe(true);
    guard.close();
  });
});
