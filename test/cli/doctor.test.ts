// `evs-mcp doctor` against the sandbox: each broken setting fails its own check, names the variable to fix,
// exits non-zero, and never prints a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { runBin } from './run.js';

let sandbox: SandboxHandle;
let good: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true });
  const p = sandbox.projects[0]!;
  good = {
    HUAWEICLOUD_SDK_AK: p.ak,
    HUAWEICLOUD_SDK_SK: p.sk,
    HUAWEICLOUD_SDK_REGION: sandbox.region,
    HUAWEICLOUD_SDK_PROJECT_ID: p.id,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
  };
});
afterAll(() => sandbox.close());

type Status = 'ok' | 'FAIL' | 'skip';
/** The status word of each named check, from the printed report. */
function statuses(stdout: string): Record<string, Status> {
  const out: Record<string, Status> = {};
  for (const m of stdout.matchAll(/^\[(ok|FAIL|skip)\]\s+(\w+)/gm)) out[m[2]!] = m[1] as Status;
  return out;
}

function expectNoSecret(text: string) {
  for (const p of sandbox.projects) {
    expect(text).not.toContain(p.sk);
    expect(text).not.toContain(p.password);
  }
}

describe('evs-mcp doctor', () => {
  it('passes every check with good settings, and with the project discovered from the region', async () => {
    const r = await runBin(['doctor'], good);
    expect(statuses(r.stdout)).toEqual({
      configuration: 'ok',
      endpoint: 'ok',
      credentials: 'ok',
      project: 'ok',
    });
    expect(r.stdout).toContain('All checks passed.');
    expect(r.status).toBe(0);
    const discovered = await runBin(['doctor'], { ...good, HUAWEICLOUD_SDK_PROJECT_ID: '' });
    expect(discovered.status).toBe(0);
    expect(discovered.stdout).toContain(`${sandbox.projects[0]!.id} (discovered from the region)`);
    expectNoSecret(r.stdout + r.stderr);
  });

  it.each([
    [
      'a wrong AK',
      { HUAWEICLOUD_SDK_AK: 'SBXNOTAKEY000000000' },
      'credentials',
      /HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
    ],
    [
      'a wrong SK',
      { HUAWEICLOUD_SDK_SK: 'not-the-secret-key-at-all-0000000000000' },
      'credentials',
      /HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
    ],
    [
      'an unreachable endpoint',
      { HUAWEICLOUD_SDK_EVS_ENDPOINT: 'http://127.0.0.1:1' },
      'endpoint',
      /HUAWEICLOUD_SDK_EVS_ENDPOINT/,
    ],
    [
      'a wrong project',
      { HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef' },
      'project',
      /HUAWEICLOUD_SDK_PROJECT_ID/,
    ],
    [
      'a region with no project',
      { HUAWEICLOUD_SDK_PROJECT_ID: '', HUAWEICLOUD_SDK_REGION: 'cn-north-9' },
      'project',
      /HUAWEICLOUD_SDK_REGION/,
    ],
    ['a missing SK', { HUAWEICLOUD_SDK_SK: '' }, 'configuration', /HUAWEICLOUD_SDK_SK/],
    [
      'an unexpanded placeholder',
      { HUAWEICLOUD_SDK_SK: '${HUAWEICLOUD_SDK_SK}' },
      'configuration',
      /HUAWEICLOUD_SDK_SK/,
    ],
  ] as const)(
    'with %s fails that check, names the variable, exits 1',
    async (_name, change, failing, fix) => {
      const r = await runBin(['doctor'], { ...good, ...change });
      expect(r.status).toBe(1);
      const s = statuses(r.stdout);
      expect(s[failing]).toBe('FAIL');
      expect(Object.values(s).filter((v) => v === 'FAIL')).toHaveLength(1);
      const order = ['configuration', 'endpoint', 'credentials', 'project'];
      for (const name of order.slice(0, order.indexOf(failing))) expect(s[name]).toBe('ok');
      for (const name of order.slice(order.indexOf(failing) + 1)) expect(s[name]).toBe('skip');
      const fixLine = r.stdout.split('\n').find((l) => l.trim().startsWith('fix:')) ?? '';
      expect(fixLine).toMatch(fix);
      expectNoSecret(r.stdout + r.stderr);
      const sk = (change as Record<string, string>).HUAWEICLOUD_SDK_SK;
      if (sk) expect(r.stdout).not.toContain(sk);
    },
  );
});
