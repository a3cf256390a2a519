// Confirmation through the person: the server asks with an elicitation form that states what will
// happen; only an explicit accept with confirm=true lets the request go out.
import {
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSteps, startGuardHarness, structured, type GuardHarness } from './helpers.js';

let h: GuardHarness;
const asked: ElicitRequest['params'][] = [];
let answer: ElicitResult = { action: 'decline' };

beforeAll(async () => {
  h = await startGuardHarness({ capabilities: { elicitation: {} } });
  h.client.setRequestHandler(ElicitRequestSchema, (req) => {
    asked.push(req.params);
    return answer;
  });
});
afterAll(async () => {
  await h.close();
});

const NOT_GOING_AHEAD: [string, ElicitResult][] = [
  ['decline', { action: 'decline' }],
  ['cancel', { action: 'cancel' }],
  ['accept without ticking confirm', { action: 'accept', content: { confirm: false } }],
];

describe('confirmation by elicitation', () => {
  it('for every confirmed tool: decline, cancel and an unticked form change nothing; accept goes ahead', async () => {
    for (const step of confirmSteps(h)) {
      const args = step.args();
      for (const [label, reply] of NOT_GOING_AHEAD) {
        h.sandbox.requestLog.clear();
        asked.length = 0;
        answer = reply;
        const res = await h.call(step.tool, args);
        expect(res.isError, `${step.tool} / ${label}: ${res.text}`).toBe(true);
        expect(structured(res), `${step.tool} / ${label}`).toMatchObject({ declined: true, tool: step.tool });
        expect(res.text).toMatch(/Nothing was changed/);
        expect(h.mutations(), `${step.tool} / ${label} sent a request`).toEqual([]);
        expect(asked, `${step.tool} / ${label}`).toHaveLength(1);
      }
      // The form says what will happen, and asks for one boolean.
      const form = asked[0]!;
      for (const fact of step.mentions()) expect(form.message, step.tool).toContain(fact);
      expect(form).toMatchObject({
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean' } },
          required: ['confirm'],
        },
      });

      h.sandbox.requestLog.clear();
      answer = { action: 'accept', content: { confirm: true } };
      const done = await h.call(step.tool, args);
      expect(done.isError, `${step.tool}: ${done.text}`).toBeFalsy();
      const sent = h.mutations();
      expect(sent, step.tool).toHaveLength(1);
      expect(sent[0]!.method, step.tool).toBe(step.sends.method);
      expect(sent[0]!.path, step.tool).toMatch(step.sends.path);
      expect(structured(done).checks, step.tool).toContain('confirmed by the user');
      await step.after?.(done);
    }
  });

  it('audits declines and confirmed calls', () => {
    const entries = h.audit();
    const steps = confirmSteps(h).length;
    expect(entries.filter((e) => e.verdict === 'declined')).toHaveLength(3 * steps);
    const allowed = entries.filter((e) => e.verdict === 'allowed');
    expect(allowed).toHaveLength(steps);
    for (const e of allowed)
      expect(e).toMatchObject({ confirmed_by: 'elicitation', outcome: { sent: true, ok: true } });
  });
});
