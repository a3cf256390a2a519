// The CLI ships bundled (scripts/bundle.mjs): dist/cli/main.js and its chunks. Started, it loads no module of
// the project from outside dist/cli; moved with its package, it still finds package.json, the icon and the
// precomputed tools/list entries beside it (a doctored copy of that file is what tools/list then answers).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { BIN } from '../e2e/spawn.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Registered in the child: prints each resolved module URL on stderr.
const HOOK = `data:text/javascript,${encodeURIComponent(
  `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('RESOLVED ' + r.url + '\\n'); return r; }`,
)}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOK)});`,
)}`;

/** `evs-mcp --sandbox` started by an SDK client: the tools it lists, its identity, and its stderr. */
async function listTools(bin: string, nodeArgs: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeArgs, bin, '--sandbox'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      EVS_MCP_LOG_LEVEL: 'silent',
      EVS_MCP_TOOLSETS: 'all',
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: 'bundle-test', version: '0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    return { tools, server: client.getServerVersion(), stderr: () => stderr };
  } finally {
    await client.close();
  }
}

describe('the bundled CLI', () => {
  it('loads no module of the project from outside dist/cli', async () => {
    const { tools, stderr } = await listTools(BIN, ['--import', REGISTER]);
    expect(tools.length).toBeGreaterThan(50);
    const ours = stderr()
      .split('\n')
      .filter((l) => l.startsWith('RESOLVED file:'))
      .map((l) => fileURLToPath(l.slice('RESOLVED '.length)))
      .filter((f) => f.startsWith(ROOT) && !f.startsWith(join(ROOT, 'node_modules')));
    expect(ours).toContain(BIN);
    expect(ours.filter((f) => !f.startsWith(join(ROOT, 'dist/cli/')))).toEqual([]);
  });

  it('moved with its package, finds package.json, the icon and the tools/list entries beside it', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'evs-bundle-'));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: '9.8.7-moved' }));
    cpSync(join(ROOT, 'assets'), join(pkg, 'assets'), { recursive: true });
    mkdirSync(join(pkg, 'dist'));
    cpSync(join(ROOT, 'dist/cli'), join(pkg, 'dist/cli'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const definitions = join(pkg, 'dist/cli/tool-definitions.json');
    const entries = JSON.parse(readFileSync(definitions, 'utf8')) as { name: string; description: string }[];
    entries[0]!.description = 'read from the file beside the bundle';
    writeFileSync(definitions, JSON.stringify(entries));

    const { tools, server } = await listTools(join(pkg, 'dist/cli/main.js')).finally(() =>
      rmSync(pkg, { recursive: true, force: true }),
    );
    expect(server?.version).toBe('9.8.7-moved');
    expect(server?.icons?.[0]?.src).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(tools.find((t) => t.name === entries[0]!.name)?.description).toBe(
      'read from the file beside the bundle',
    );
  });
});
