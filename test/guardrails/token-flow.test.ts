// Confirmation without elicitation: every confirmed tool answers confirmation_required and sends
// nothing; the same call with the token goes through; forged, expired and other-call tokens fail.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { issueToken, stateDigest } from '../../src/mcp/guardrails/confirm-token.js';
import { resolveReads, runReads } from '../../src/mcp/guardrails/reads.js';
import { CONFIRM_SECRET, confirmSteps, startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
beforeAll(async () => {
  h = await startGuardHarness();
});
afterAll(async () => {
  await h.close();
});

describe('confirmation by token (client without elicitation)', () => {
  it('refuses forged, expired, malformed and other-call tokens, sending nothing', async () => {
    const args = { volume_id: h.demo.disks.broken };
    const first = await h.call('cinder_delete_disk', args);
    const token = String(structured(first).confirm_token);
    expect(token).toMatch(/^v2\.\d+\.[0-9a-f]{24}\./);
    // The state the server binds, read the way the server reads it, so only the expiry is wrong.
    const spec = OPERATIONS.find((o) => o.tool === 'cinder_delete_disk')!;
    const reads = await runReads(spec, args, resolveReads(OPERATIONS), { client: h.app.client });
    const state = stateDigest(reads.state);
    expect(token.split('.')[2]!.slice(8)).toBe(state.slice(0, 16));
    const expired = issueToken(
      CONFIRM_SECRET,
      { tool: 'cinder_delete_disk', args, principal: h.principal, state },
      Date.now() - 6 * 60_000,
    ).token;
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const cases: [string, Record<string, unknown>, string][] = [
      ['cinder_delete_disk', { ...args, confirm_token: flipped }, 'confirm_token_mismatch'],
      ['cinder_delete_disk', { ...args, confirm_token: expired }, 'confirm_token_expired'],
      ['cinder_delete_disk', { ...args, confirm_token: 'yes please' }, 'confirm_token_malformed'],
      // The same token for other arguments, and for another tool with the same arguments.
      [
        'cinder_delete_disk',
        { volume_id: h.demo.disks.archive, confirm_token: token },
        'confirm_token_mismatch',
      ],
      ['cinder_delete_disk', { ...args, cascade: true, confirm_token: token }, 'confirm_token_mismatch'],
      ['delete_disk', { ...args, confirm_token: token }, 'confirm_token_mismatch'],
    ];
    for (const [tool, a, reason] of cases) {
      const res = await h.call(tool, a);
      expect(res.isError, res.text).toBe(true);
      expect(structured(res)).toMatchObject({ refused: true, reason });
      expect(res.text).toMatch(/confirm_token .*(does not match|expired|not a token)/);
    }
    expect(h.mutations()).toEqual([]);
    const verdicts = h
      .audit()
      .slice(-cases.length)
      .map((l) => l.verdict);
    expect(verdicts).toEqual(cases.map(([, , r]) => `refused:${r}`));
  });

  it('accepts a token minted by another replica that shares the secret (no server-side state)', async () => {
    const replica = await startGuardHarness({ sharedSandbox: h.sandbox, auditPath: h.auditPath });
    try {
      const args = { volume_id: h.demo.disks.data, keys: ['env'] };
      const ask = await replica.call('delete_disk_tags', args);
      const token = structured(ask).confirm_token;
      expect(typeof token, ask.text).toBe('string');
      // Argument order does not matter: the token covers the canonical form.
      const res = await h.call('delete_disk_tags', {
        keys: ['env'],
        confirm_token: token,
        volume_id: h.demo.disks.data,
      });
      expect(res.isError, res.text).toBeFalsy();
      expect(h.mutations()).toHaveLength(1);
      h.sandbox.requestLog.clear();
    } finally {
      await replica.close();
    }
  });

  it('for every confirmed tool: unconfirmed sends nothing; with the token it goes through', async () => {
    for (const step of confirmSteps(h)) {
      h.sandbox.requestLog.clear();
      const args = step.args();
      const ask = await h.call(step.tool, args);
      expect(ask.isError, `${step.tool}: ${ask.text}`).toBe(true);
      const s = structured(ask);
      expect(s, step.tool).toMatchObject({ confirmation_required: true, tool: step.tool });
      for (const fact of step.mentions()) expect(ask.text, step.tool).toContain(fact);
      expect(h.mutations(), `${step.tool} sent a request before confirmation`).toEqual([]);

      const done = await h.call(step.tool, { ...args, confirm_token: s.confirm_token });
      expect(done.isError, `${step.tool}: ${done.text}`).toBeFalsy();
      const sent = h.mutations();
      expect(sent, step.tool).toHaveLength(1);
      expect(sent[0]!.method, step.tool).toBe(step.sends.method);
      expect(sent[0]!.path, step.tool).toMatch(step.sends.path);
      expect(structured(done).checks, step.tool).toContain('confirmed with a valid confirm_token');
      await step.after?.(done);
    }
  });

  it('audits each mutating call as one JSON line, with no secret in the file', async () => {
    const raw = readFileSync(h.auditPath, 'utf8');
    const lines = raw.trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['time', 'tool', 'section', 'args', 'principal', 'verdict', 'outcome']),
      );
      expect(e.principal).toBe(h.principal);
      expect(e.caller).toBe('local');
    }
    const steps = confirmSteps(h).length;
    // 1 first ask + 6 refused tokens + the replica's ask and the call it confirmed + 2 lines per confirmed tool.
    expect(entries).toHaveLength(1 + 6 + 2 + 2 * steps);
    expect(entries.filter((e) => e.verdict === 'confirmation_required')).toHaveLength(2 + steps);
    const allowed = entries.filter((e) => e.verdict === 'allowed');
    expect(allowed).toHaveLength(1 + steps);
    for (const e of allowed) {
      expect(e).toMatchObject({ confirmed_by: 'token', outcome: { sent: true, ok: true } });
      expect(typeof (e.outcome as { status?: unknown }).status).toBe('number');
      expect(typeof e.request_id).toBe('string');
    }
    for (const p of h.sandbox.projects) {
      expect(raw).not.toContain(p.sk);
      expect(raw).not.toContain(p.password);
    }
    expect(raw).not.toContain(CONFIRM_SECRET);
  });
});
