// The command line of the built binary: help, version, tool list, clear one-line failures, the sandbox command.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from '../e2e/spawn.js';

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('evs-mcp command line', () => {
  it('--version and --help', () => {
    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const s of ['--sandbox', '--list-tools', '--read-only', 'HUAWEICLOUD_SDK_AK', 'EVS_MCP_TOOLSETS'])
      expect(help.stdout).toContain(s);
  });

  it.each([
    [[], {}, /^evs-mcp: no cloud credentials configured: .*--sandbox/],
    [
      ['--region', 'North 4'],
      { HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk' },
      /^evs-mcp: HUAWEICLOUD_SDK_REGION \(--region\): a region looks like/,
    ],
    [['--bogus'], {}, /^evs-mcp: Unknown option '--bogus'.*--help/],
    [
      ['--wait-budget-ms', 'soon'],
      { HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk', HUAWEICLOUD_SDK_REGION: 'cn-north-4' },
      /^evs-mcp: EVS_MCP_WAIT_BUDGET_MS \(--wait-budget-ms\): expected a whole number/,
    ],
  ] as const)('fails with one clear line and no stack trace: %j', (args, env, message) => {
    const r = run([...args], env);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--list-tools --json reports the tools and their size; --read-only wins', () => {
    const all = JSON.parse(run(['--list-tools', '--json', '--toolsets', 'all']).stdout) as {
      tools: { name: string }[];
      bytes: number;
      tokens: number;
      tokenizer: string;
    };
    expect(all.tools.length).toBeGreaterThanOrEqual(61);
    expect(all.bytes).toBeGreaterThan(1000);
    expect(all.tokenizer).toBe('o200k');
    const ro = JSON.parse(run(['--list-tools', '--json', '--toolsets', 'all', '--read-only']).stdout) as {
      tools: { annotations: { readOnlyHint: boolean } }[];
    };
    expect(ro.tools.length).toBeLessThan(all.tools.length);
    expect(ro.tools.every((t) => t.annotations.readOnlyHint)).toBe(true);
  });

  it('`sandbox --json` prints its endpoint and credentials and serves the API', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json'], {
      env: { PATH: process.env.PATH ?? '', EVS_MCP_LOG_LEVEL: 'silent' },
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8')));
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(first) as {
        endpoint: string;
        projects: { id: string; ak: string; sk: string }[];
      };
      expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.projects.length).toBeGreaterThanOrEqual(2);
      const versions = await fetch(`${info.endpoint}/`);
      expect(versions.status).toBe(300);
      const unsigned = await fetch(`${info.endpoint}/v2/${info.projects[0]!.id}/volumes`);
      expect(unsigned.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
