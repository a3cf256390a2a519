import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAuditLog, redactArgs } from '../../src/mcp/guardrails/audit-log.js';
import { policyRefusal } from '../../src/mcp/guardrails/policy.js';

const logger = pino({ level: 'silent' });

describe('audit log', () => {
  it('redacts auth_key, passwords, tokens and known secrets from arguments', () => {
    const out = redactArgs(
      {
        transfer_id: 't-1',
        auth_key: 'k3y-value-123',
        nested: { password: 'pa55word!', token: 'tok-abcdef' },
        note: 'uses SECRETSK12345',
      },
      ['SECRETSK12345'],
    );
    const text = JSON.stringify(out);
    for (const s of ['k3y-value-123', 'pa55word!', 'tok-abcdef', 'SECRETSK12345'])
      expect(text).not.toContain(s);
    expect(out).toMatchObject({ transfer_id: 't-1', auth_key: '[REDACTED]' });
  });

  it('appends one JSON line per entry to a 0600 file, keeping earlier lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evs-audit-'));
    const path = join(dir, 'sub', 'audit.jsonl');
    const entry = {
      time: new Date().toISOString(),
      tool: 'delete_disk',
      section: '7.1.2',
      args: { volume_id: 'v-1' },
      principal: 'aksk:AB…',
      verdict: 'refused:disk_not_deletable' as const,
      outcome: { sent: false },
    };
    const first = createAuditLog(path, logger, () => []);
    first.write(entry);
    first.close();
    const second = createAuditLog(path, logger, () => []);
    second.write({ ...entry, verdict: 'allowed', outcome: { sent: true, ok: true, status: 202 } });
    second.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as { verdict: string }).verdict)).toEqual([
      'refused:disk_not_deletable',
      'allowed',
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('policy at call time', () => {
  it('applies the deny list, then the allow list, with globs', () => {
    expect(policyRefusal('delete_disk', { denyTools: ['delete_*'] })?.reason).toBe('policy_denied');
    expect(policyRefusal('delete_disk', { allowTools: ['list_*', 'get_*'] })?.reason).toBe(
      'policy_not_allowed',
    );
    expect(policyRefusal('get_disk', { allowTools: ['list_*', 'get_*'] })).toBeUndefined();
    expect(policyRefusal('get_disk', {})).toBeUndefined();
  });
});
