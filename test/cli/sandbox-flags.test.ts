// The sandbox from the command line: --sandbox --state keeps a person's sandbox across restarts,
// `evs-mcp sandbox` prints export lines that work as printed, --fault refuses what it cannot read,
// and a person at a terminal is told what the server waits for.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, spawnServer } from '../e2e/spawn.js';
import { parseFaultFlag } from '../../src/sandbox/index.js';
import { runBin } from './run.js';

const WAITING = 'waiting for an MCP client on stdin';

describe('evs-mcp --sandbox --state FILE', () => {
  it('keeps changes across a restart', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'evs-state-')), 'sandbox.json');
    const first = await spawnServer({ EVS_MCP_LOG_LEVEL: 'warn' }, ['--sandbox', '--state', state]);
    let id: string;
    try {
      const list = await first.client.callTool({ name: 'list_disks', arguments: { name: 'demo-data-01' } });
      id = (list.structuredContent as { volumes: { id: string }[] }).volumes[0]!.id;
      const renamed = await first.client.callTool({
        name: 'update_disk',
        arguments: { volume_id: id, name: 'kept-across-restarts' },
      });
      expect(renamed.isError).toBeFalsy();
      expect(first.stderr()).not.toContain(WAITING);
    } finally {
      await first.close();
    }
    expect(existsSync(state)).toBe(true);
    const second = await spawnServer({ EVS_MCP_LOG_LEVEL: 'warn' }, ['--sandbox', '--state', state]);
    try {
      const got = await second.client.callTool({ name: 'get_disk', arguments: { volume_id: id } });
      expect((got.structuredContent as { name: string }).name).toBe('kept-across-restarts');
    } finally {
      await second.close();
    }
  });

  it('--state without --sandbox is a usage error', async () => {
    const r = await runBin(['--state', '/tmp/x.json'], {});
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^evs-mcp: --state goes with --sandbox/);
  });
});

describe('evs-mcp sandbox', () => {
  it('prints export lines that point the server at it as printed', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', EVS_MCP_LOG_LEVEL: 'silent' },
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('# then run')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const names = [...out.matchAll(/^export (\w+)=/gm)].map((m) => m[1]);
      expect(names.sort()).toEqual(
        [
          'HUAWEICLOUD_SDK_AK',
          'HUAWEICLOUD_SDK_EVS_ENDPOINT',
          'HUAWEICLOUD_SDK_IAM_ENDPOINT',
          'HUAWEICLOUD_SDK_PROJECT_ID',
          'HUAWEICLOUD_SDK_REGION',
          'HUAWEICLOUD_SDK_SK',
        ].sort(),
      );
      // The lines as a shell reads them: source them, then run the doctor with nothing else set.
      const script = `${out}\nexec "${process.execPath}" "${BIN}" doctor`;
      const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const sh = spawn('sh', ['-c', script], {
          env: { PATH: process.env.PATH ?? '', HOME: '/tmp', EVS_MCP_LOG_LEVEL: 'silent' },
        });
        let stdout = '';
        sh.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        sh.once('close', (code) => resolve({ code, stdout }));
      });
      expect(r.stdout).toContain('All checks passed.');
      expect(r.code).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.each([
    ['POST /v2/*/volumes status=abc', 'status: expected an HTTP status 100-599, got "abc"'],
    ['POST /v2/*/volumes status=', 'status needs a value'],
    ['FETCH /v2/*/volumes status=503', 'unknown method "FETCH"'],
    ['POST v2/volumes status=503', 'path "v2/volumes" must start with /'],
    ['GET re:([ status=500', 'bad regular expression "(["'],
    ['/x status=503 rate=1.5', 'rate: expected a number within 0..1, got "1.5"'],
    ['/x status=503 times=0', 'times: expected a whole number of at least 1'],
    ['/x drop=maybe', 'drop: expected true or false, got "maybe"'],
    ['/x status=503 status=500', '"status=500" repeats a setting'],
    ['/x colour=red', 'unknown setting "colour"'],
    ['/x rate=0.5', 'it does nothing'],
  ])('the fault parser refuses "%s", naming the bad part', (fault, message) => {
    expect(() => parseFaultFlag(fault)).toThrow(message);
  });

  it('--fault that cannot be read stops the command with one line, before anything listens', async () => {
    const r = await runBin(['sandbox', '--port', '0', '--fault', 'POST /v2/*/volumes status=5O3'], {});
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      'evs-mcp: --fault: fault "POST /v2/*/volumes status=5O3": status: expected an HTTP status 100-599, got "5O3" (see evs-mcp --help)',
    );
    expect(r.stdout).toBe('');
  });
});

describe('on a terminal', () => {
  it('says on stderr that the server waits for an MCP client on stdin', async () => {
    // `script` gives the server a pseudo-terminal as stdin, as when a person runs it by hand.
    const child = spawn('script', ['-qec', `"${process.execPath}" "${BIN}" --sandbox`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', EVS_MCP_LOG_LEVEL: 'silent', TERM: 'dumb' },
    });
    try {
      const seen = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no notice in: ${out}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes(WAITING)) {
            clearTimeout(timer);
            resolve(out);
          }
        });
      });
      expect(seen).toContain('evs-mcp doctor');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
