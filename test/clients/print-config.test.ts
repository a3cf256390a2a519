// The Claude Desktop entry for a clone (npm run config:claude): printed with this clone's absolute paths,
// then started the way Claude Desktop starts it (no variable expansion, a minimal environment, another
// working folder) and listed through an MCP client: the sandbox entry as printed, the cloud entry once
// its variables are filled in (here with the sandbox's credentials and endpoints).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { launch, type ClientSetting, type ServerEntry } from './emulate.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
let sandbox: SandboxHandle;
let printed: Record<string, ServerEntry>;
let setting: ClientSetting;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true });
  // As a person runs it, from the clone.
  const out = execFileSync('npm', ['run', '--silent', 'config:claude'], { cwd: ROOT, encoding: 'utf8' });
  printed = (JSON.parse(out) as { mcpServers: Record<string, ServerEntry> }).mcpServers;
  const elsewhere = mkdtempSync(join(tmpdir(), 'evs-desktop-cwd-'));
  setting = {
    userEnv: {},
    workspace: elsewhere,
    home: mkdtempSync(join(tmpdir(), 'evs-desktop-home-')),
    cwd: elsewhere,
  };
});
afterAll(() => sandbox.close());

describe('npm run config:claude', () => {
  it('is what the README offers Claude Desktop users, and the README claims no npm release', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm run --silent config:claude');
    expect(readme).not.toMatch(/is published to npm/);
  });

  it('prints entries with absolute paths to this clone and no npx or ${VAR}', () => {
    for (const entry of Object.values(printed)) {
      expect(isAbsolute(entry.command)).toBe(true);
      expect(entry.args?.[0]).toBe(join(ROOT, 'dist', 'cli', 'main.js'));
      expect(JSON.stringify(entry)).not.toMatch(/npx|\$\{/);
    }
    expect(Object.keys(printed.evs!.env ?? {})).toEqual(
      expect.arrayContaining(['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID']),
    );
    expect(printed.evs!.env?.EVS_MCP_READ_ONLY).toBe('true');
  });

  it('the sandbox entry starts as Claude Desktop starts it and lists the tools', async () => {
    const s = await launch('claude-desktop', printed['evs-sandbox']!, setting);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_disks');
    } finally {
      await s.close();
    }
  });

  it('the cloud entry, its variables filled in, starts and answers a read-only call', async () => {
    const p = sandbox.projects[0]!;
    const entry = printed.evs!;
    const filled: ServerEntry = {
      ...entry,
      env: {
        ...entry.env,
        HUAWEICLOUD_SDK_AK: p.ak,
        HUAWEICLOUD_SDK_SK: p.sk,
        HUAWEICLOUD_SDK_REGION: sandbox.region,
        HUAWEICLOUD_SDK_PROJECT_ID: p.id,
        HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
      },
    };
    const s = await launch('claude-desktop', filled, setting);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_disks');
      expect(tools.map((t) => t.name)).not.toContain('delete_disk');
      const res = await s.client.callTool({ name: 'list_disks', arguments: { limit: 1 } });
      expect(res.isError).toBeFalsy();
    } finally {
      await s.close();
    }
  });
});
