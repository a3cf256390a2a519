// The outcome label of a call, read from the result the engine really builds for each case.
import { describe, expect, it } from 'vitest';
import { apiError } from '../../src/evs-client/errors.js';
import { errorResult, notDoneResult, okResult } from '../../src/mcp/results.js';
import { classify, statusClass } from '../../src/telemetry/outcome.js';

const evs = (status: number) =>
  errorResult(apiError({ status, statusText: '', bodyText: '{}', method: 'GET', secrets: [] }), []);

describe('call outcome labels', () => {
  it('tells EVS client errors, server errors and throttling apart from other failures', () => {
    expect(classify(okResult({ id: 'x' }))).toEqual({ outcome: 'ok', reason: '' });
    expect(classify(evs(404)).outcome).toBe('evs_client_error');
    expect(classify(evs(429)).outcome).toBe('throttled');
    expect(classify(evs(503)).outcome).toBe('evs_server_error');
    expect(classify(errorResult(new Error('boom'), [])).outcome).toBe('failed');
  });

  it('keeps a refusal reason only when it is a code word', () => {
    const refused = (reason: string) => notDoneResult({ refused: true, reason }, 'Refused');
    expect(classify(refused('disk_in_use'))).toEqual({ outcome: 'refused', reason: 'disk_in_use' });
    expect(classify(refused('6f1c0b4e-0000-4000-8000-000000000000')).reason).toBe('other');
    expect(classify(notDoneResult({ confirmation_required: true }, '')).outcome).toBe('confirmation_asked');
    expect(classify(notDoneResult({ declined: true }, '')).outcome).toBe('declined');
  });

  it('labels status classes', () => {
    expect([statusClass(202), statusClass(404), statusClass(undefined)]).toEqual(['2xx', '4xx', 'none']);
  });
});
