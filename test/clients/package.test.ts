// The package as published: packed by `npm pack` (its prepack builds it, here in a copy of the project),
// installed from the tarball into an empty folder (dependencies from the npm registry), started with
// `npx evs-mcp --sandbox` through an SDK client; and Claude Desktop's npx config run as shipped, with the
// tarball served as if published.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { entriesOf, launch } from './emulate.js';
import { startLocalRegistry, type LocalRegistry } from './local-registry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
} & Record<string, unknown>;

/** Every step is bounded: a stuck install fails the test instead of hanging CI. */
const STEP_MS = 300_000;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} took over ${STEP_MS} ms\n${err}`));
    }, STEP_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${err.slice(-2000)}`));
    });
  });
}

let work: string;
let app: string;
let tarball: string;
let packedFiles: string[];
let npmEnv: Record<string, string>;

beforeAll(
  async () => {
    work = mkdtempSync(join(tmpdir(), 'evs-pack-'));
    npmEnv = {
      PATH: process.env.PATH ?? '',
      HOME: join(work, 'home'),
      // The machine's npm cache (filled by `npm ci`), so the install reads what it can from disk instead
      // of downloading every dependency again; a fresh cache outlasted the step on a busy 2-core machine.
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      // What is already in the cache is not fetched again (the first install fills it).
      npm_config_prefer_offline: 'true',
    };
    mkdirSync(npmEnv.HOME!, { recursive: true });
    // A copy of the project, so prepack's build does not rewrite dist/ under other running tests.
    const project = join(work, 'project');
    mkdirSync(project);
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'mcp.json',
      'server.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ])
      cpSync(join(ROOT, f), join(project, f));
    for (const d of ['src', 'assets', 'scripts'])
      cpSync(join(ROOT, d), join(project, d), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    const packed = JSON.parse(
      await run('npm', ['pack', '--json', '--pack-destination', work], project, npmEnv),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(work, packed[0]!.filename);
    packedFiles = packed[0]!.files.map((f) => f.path);
    app = join(work, 'app');
    mkdirSync(app);
    await run('npm', ['install', '--no-audit', '--no-fund', tarball], app, npmEnv);
  },
  2 * STEP_MS + 30_000,
);

describe('the packed package', () => {
  it('ships the built code, the licence, the registry manifest and the client config, not the sources', () => {
    for (const f of [
      'LICENSE',
      'README.md',
      'server.json',
      'mcp.json',
      'assets/icon.svg',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/cli/main.js.map',
      'dist/cli/tool-definitions.json',
    ])
      expect(packedFiles).toContain(f);
    expect(packedFiles.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('its main entry resolves and exports the public API', async () => {
    const out = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pkg.name)}); console.log(JSON.stringify(Object.keys(m)))`,
      ],
      app,
      npmEnv,
    );
    const names = JSON.parse(out) as string[];
    for (const n of [
      'createApp',
      'loadConfig',
      'startSandbox',
      'OPERATIONS',
      'EvsHttpClient',
      'createEvsServer',
    ])
      expect(names).toContain(n);
  });

  it('`npx evs-mcp --sandbox` in the install folder serves tools to a client', async () => {
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['evs-mcp', '--sandbox'],
      cwd: app,
      env: { ...npmEnv, EVS_MCP_LOG_LEVEL: 'warn' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'package-test', version: '0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: pkg.name, version: pkg.version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_disks');
      const res = await client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBeFalsy();
      expect((res.structuredContent as { volumes: unknown[] }).volumes.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe('Claude Desktop: mcp.json through npx, as if published', () => {
  let registry: LocalRegistry;
  let sandbox: SandboxHandle;
  let desktopHome: string;
  let elsewhere: string;

  beforeAll(async () => {
    registry = await startLocalRegistry(pkg, tarball);
    sandbox = await startSandbox({ seedDemoData: true });
    // The person's npm configuration (Claude Desktop passes HOME, so npm reads ~/.npmrc).
    desktopHome = join(work, 'desktop-home');
    mkdirSync(desktopHome);
    writeFileSync(
      join(desktopHome, '.npmrc'),
      [
        `registry=${registry.url}/`,
        `cache=${npmEnv.npm_config_cache}`,
        'audit=false',
        'fund=false',
        'prefer-offline=true',
        'update-notifier=false',
      ].join('\n'),
    );
    elsewhere = mkdtempSync(join(tmpdir(), 'evs-desktop-cwd-'));
    // First use fetches the package (as the first start in Claude Desktop would); bounded here.
    await run('npx', ['-y', pkg.name, '--version'], elsewhere, {
      PATH: process.env.PATH ?? '',
      HOME: desktopHome,
    });
  }, STEP_MS + 30_000);
  afterAll(async () => {
    await registry?.close();
    await sandbox?.close();
  });

  const setting = () => ({ userEnv: {}, workspace: elsewhere, home: desktopHome, cwd: elsewhere });

  it('the sandbox entry starts as shipped and serves tools', async () => {
    const entry = entriesOf('claude-desktop', join(ROOT, 'mcp.json'))['evs-sandbox']!;
    const s = await launch('claude-desktop', entry, setting());
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toContain('delete_disk');
    } finally {
      await s.close();
    }
  });

  it('the cloud entry as shipped stops with one line naming the variable to fill in', async () => {
    const entry = entriesOf('claude-desktop', join(ROOT, 'mcp.json')).evs!;
    await expect(launch('claude-desktop', entry, setting())).rejects.toThrow(/HUAWEICLOUD_SDK_AK/);
  });

  it('the cloud entry with the values filled in is read-only and reads', async () => {
    const entry = entriesOf('claude-desktop', join(ROOT, 'mcp.json')).evs!;
    const p = sandbox.projects[0]!;
    const filled = {
      ...entry,
      env: {
        ...entry.env,
        HUAWEICLOUD_SDK_AK: p.ak,
        HUAWEICLOUD_SDK_SK: p.sk,
        HUAWEICLOUD_SDK_REGION: sandbox.region,
        HUAWEICLOUD_SDK_PROJECT_ID: p.id,
        // Not in the shipped file (the cloud's endpoints derive from the region); here, the sandbox.
        HUAWEICLOUD_SDK_EVS_ENDPOINT: sandbox.url,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: sandbox.url,
      },
    };
    const s = await launch('claude-desktop', filled, setting());
    try {
      const { tools } = await s.client.listTools();
      expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
      const res = await s.client.callTool({ name: 'list_disks', arguments: {} });
      expect(res.isError).toBeFalsy();
    } finally {
      await s.close();
    }
  });
});
