// The client configs shipped in the repository, each parsed and started the way its client starts it
// (variable syntax, environment, working directory), then listed through an SDK client over stdio.
// Claude Desktop's npx config is tested from the packed tarball (package.test.ts).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { DEFAULT_TOOLSETS } from '../../src/evs/toolsets.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { selectOperations } from '../../src/mcp/select-tools.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { entriesOf, expand, launch, type ClientKind, type ClientSetting } from './emulate.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
let sandbox: SandboxHandle;
let elsewhere: string;
let home: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seedDemoData: true });
  elsewhere = mkdtempSync(join(tmpdir(), 'evs-client-cwd-'));
  home = mkdtempSync(join(tmpdir(), 'evs-client-home-'));
});
afterAll(() => sandbox.close());

/** A person's shell with credentials for the sandbox, as they would export them for the cloud. */
function cloudUserEnv(): Record<string, string> {
  const p = sandbox.projects[0]!;
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    EVS_MCP_LOG_LEVEL: 'warn',
    HUAWEICLOUD_SDK_AK: p.ak,
    HUAWEICLOUD_SDK_SK: p.sk,
    HUAWEICLOUD_SDK_REGION: sandbox.region,
    HUAWEICLOUD_SDK_PROJECT_ID: p.id,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
  };
}

const CASES: { kind: ClientKind; file: string; cwd: () => string }[] = [
  // Cursor and VS Code: paths through ${workspaceFolder}, so any working directory works.
  { kind: 'cursor', file: '.cursor/mcp.json', cwd: () => elsewhere },
  { kind: 'vscode', file: '.vscode/mcp.json', cwd: () => elsewhere },
  // Claude Code starts project servers in the project folder.
  { kind: 'claude-code', file: '.mcp.json', cwd: () => ROOT },
];

function inputsOf(file: string): string[] {
  const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { inputs?: { id: string }[] };
  return (json.inputs ?? []).map((i) => i.id);
}

describe.each(CASES)('$kind: $file', ({ kind, file, cwd }) => {
  const setting = (userEnv: Record<string, string>): ClientSetting => ({
    userEnv,
    workspace: ROOT,
    home,
    cwd: cwd(),
    inputs: {
      'hw-region': sandbox.region,
      'hw-ak': sandbox.projects[0]!.ak,
      'hw-sk': sandbox.projects[0]!.sk,
      'hw-project-id': sandbox.projects[0]!.id,
    },
  });

  it('the sandbox entry starts as shipped and lists its tools', async () => {
    const entry = entriesOf(kind, join(ROOT, file))['evs-sandbox']!;
    const s = await launch(
      kind,
      entry,
      setting({ PATH: process.env.PATH ?? '', HOME: home, EVS_MCP_LOG_LEVEL: 'warn' }),
    );
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toContain('delete_disk');
      const res = await s.client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBeFalsy();
    } finally {
      await s.close();
    }
  });

  it('the cloud entry passes the credentials through, and is read-only by default', async () => {
    const entry = entriesOf(kind, join(ROOT, file)).evs!;
    expect(entry.env?.EVS_MCP_READ_ONLY).toBeDefined();
    const s = await launch(kind, entry, setting(cloudUserEnv()), inputsOf(file));
    try {
      const { tools } = await s.client.listTools();
      // Exactly the read-only part of the default toolsets.
      const readOnlyDefault = selectOperations(OPERATIONS, { toolsets: DEFAULT_TOOLSETS, readOnly: true });
      expect(tools.map((t) => t.name).sort()).toEqual(readOnlyDefault.map((o) => o.tool).sort());
      expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
      const before = sandbox.requestLog.total();
      const res = await s.client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBeFalsy();
      expect(sandbox.requestLog.since(before).some((e) => e.status === 200)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('holds no literal secret and only the variable syntax its client expands', () => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const entries = entriesOf(kind, join(ROOT, file));
    for (const entry of Object.values(entries))
      for (const [name, value] of Object.entries(entry.env ?? {}))
        if (/_(AK|SK|TOKEN|PASSWORD)$/.test(name)) expect(value).toMatch(/^\$\{.+\}$/);
    // Every reference expands with an empty environment (Claude Code would refuse an entry otherwise).
    const empty = setting({});
    for (const m of text.matchAll(/"([^"]*\$\{[^"]*)"/g))
      expect(() => expand(kind, m[1]!, empty, inputsOf(file))).not.toThrow();
  });
});

// Cursor hands its agent the first 40 tools of all servers together; Windsurf and Trae cap at 40-100.
describe.each(['.cursor/mcp.json', '.vscode/mcp.json', '.mcp.json', 'mcp.json'])('%s', (file) => {
  it('starts at most 40 tools with all its entries together', () => {
    const json = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as {
      mcpServers?: Record<string, { args?: string[]; env?: Record<string, string> }>;
      servers?: Record<string, { args?: string[]; env?: Record<string, string> }>;
    };
    const entries = Object.values(json.mcpServers ?? json.servers ?? {});
    expect(entries.length).toBeGreaterThan(0);
    let total = 0;
    for (const entry of entries) {
      // Only the EVS_MCP_* settings decide the tool list; a ${...} default is what an empty shell gets.
      const env = Object.fromEntries(
        Object.entries(entry.env ?? {})
          .filter(([k]) => k.startsWith('EVS_MCP_'))
          .map(([k, v]) => [k, /^\$\{[^:}]+:-(.*)\}$/.exec(v)?.[1] ?? v]),
      );
      const sandboxEntry = (entry.args ?? []).includes('--sandbox');
      const c = loadConfig(
        { ...env, HUAWEICLOUD_SDK_REGION: 'cn-north-4', HUAWEICLOUD_SDK_AK: 'a', HUAWEICLOUD_SDK_SK: 'b' },
        {},
        { sandbox: sandboxEntry },
      );
      total += selectOperations(OPERATIONS, c).length;
    }
    expect(total).toBeLessThanOrEqual(40);
  });
});

describe('Claude Code: .mcp.json', () => {
  it('lets the person turn read-only off from their shell', async () => {
    const entry = entriesOf('claude-code', join(ROOT, '.mcp.json')).evs!;
    const s = await launch('claude-code', entry, {
      userEnv: { ...cloudUserEnv(), EVS_MCP_READ_ONLY: 'false' },
      workspace: ROOT,
      home,
      cwd: ROOT,
    });
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toContain('delete_disk');
    } finally {
      await s.close();
    }
  });
});

describe('Claude Desktop: mcp.json', () => {
  it('uses no ${VAR} (Claude Desktop does not expand them) and starts through npx', () => {
    const text = readFileSync(join(ROOT, 'mcp.json'), 'utf8');
    expect(text).not.toContain('${');
    const entries = entriesOf('claude-desktop', join(ROOT, 'mcp.json'));
    for (const entry of Object.values(entries)) {
      expect(entry.command).toBe('npx');
      expect(entry.args?.slice(0, 2)).toEqual([
        '-y',
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name,
      ]);
    }
    expect(entries.evs!.env?.EVS_MCP_READ_ONLY).toBe('true');
  });
});
