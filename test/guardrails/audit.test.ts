// The audit trail of a real hand-over between two projects: one JSON line per mutating call, and
// no secret in the file (SKs, passwords, the transfer's auth_key).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuardHarness, structured, type GuardHarness } from './helpers.js';

let owner: GuardHarness;
let peer: GuardHarness;
beforeAll(async () => {
  owner = await startGuardHarness();
  peer = await startGuardHarness({
    sharedSandbox: owner.sandbox,
    projectIndex: 1,
    auditPath: owner.auditPath,
  });
});
afterAll(async () => {
  await peer.close();
  await owner.close();
});

describe('audit log', () => {
  it('records a transfer and its acceptance without the auth_key or any credential', async () => {
    const args = { volume_id: owner.demo.disks.archive, name: 'to-peer' };
    const ask = await owner.call('create_transfer', args);
    const created = await owner.call('create_transfer', {
      ...args,
      confirm_token: structured(ask).confirm_token,
    });
    expect(created.isError, created.text).toBeFalsy();
    const c = structured(created) as { id: string; auth_key: string };
    // The engine keeps the key out of the result and saves it for the person.
    const file = /saved for the person at (\S+?);/.exec(c.auth_key)?.[1];
    expect(file, c.auth_key).toBeTruthy();
    const authKey = readFileSync(file!, 'utf8').trim();
    expect(authKey.length).toBeGreaterThan(8);

    const accepted = await peer.call('accept_transfer', { transfer_id: c.id, auth_key: authKey });
    expect(accepted.isError, accepted.text).toBeFalsy();

    const raw = readFileSync(owner.auditPath, 'utf8');
    const entries = raw
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.tool, e.verdict])).toEqual([
      ['create_transfer', 'confirmation_required'],
      ['create_transfer', 'allowed'],
      ['accept_transfer', 'allowed'],
    ]);
    expect(entries[2]).toMatchObject({
      caller: 'local',
      principal: peer.principal,
      args: { transfer_id: c.id, auth_key: '[REDACTED]' },
      outcome: { sent: true, ok: true, status: 202 },
    });
    expect(raw).not.toContain(authKey);
    for (const p of owner.sandbox.projects) {
      expect(raw).not.toContain(p.sk);
      expect(raw).not.toContain(p.password);
    }
  });
});
