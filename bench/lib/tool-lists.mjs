// The tool list a build produces for each surface, read from the build itself (`--list-tools --json`),
// so a benchmark or a diff works for whatever names and toolsets that build has.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The three surfaces a user gets without writing an allow list. */
export const SURFACES = {
  default: {},
  'read-only': { EVS_MCP_READ_ONLY: 'true' },
  all: { EVS_MCP_TOOLSETS: 'all' },
};

/** This environment without any evs-mcp or Huawei Cloud setting, plus `extra`. */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(EVS_MCP_|HUAWEICLOUD_)/.test(k)),
  );
  return { ...env, EVS_MCP_LOG_LEVEL: 'silent', ...extra };
}

/**
 * `--list-tools --json` of a build for an environment (a surface's settings, or a client entry's env and
 * flags): { tools, bytes, tokens } (bytes and o200k tokens of the model-facing part).
 */
export function listReportOf(cli, extraEnv = {}, args = []) {
  const r = spawnSync(process.execPath, [cli, ...args, '--list-tools', '--json'], {
    env: cleanEnv(extraEnv),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${cli} --list-tools failed: ${r.stderr.slice(0, 400)}`);
  return JSON.parse(r.stdout);
}

/** The tools/list entries of a build for an environment. */
export const listToolsOf = (cli, extraEnv = {}) => listReportOf(cli, extraEnv).tools;

/** Every surface of a build: { default: Tool[], 'read-only': Tool[], all: Tool[] }. */
export function surfacesOf(cli) {
  return Object.fromEntries(Object.entries(SURFACES).map(([k, env]) => [k, listToolsOf(cli, env)]));
}

/**
 * Bytes of the tools/list answer on the wire (one JSON-RPC line on stdio) of the server itself, started
 * on its embedded sandbox with the surface's settings.
 */
export async function wireBytesOf(cli, extraEnv = {}) {
  const child = spawn(process.execPath, [cli, '--sandbox'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: cleanEnv(extraEnv),
  });
  const lines = createInterface({ input: child.stdout });
  const byId = new Map();
  lines.on('line', (l) => {
    try {
      const id = JSON.parse(l).id;
      byId.get(id)?.(l);
    } catch {
      /* not a reply */
    }
  });
  const ask = (id, method, params) =>
    new Promise((resolve) => {
      byId.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  try {
    await ask(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench', version: '0' },
    });
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const line = await ask(2, 'tools/list', {});
    return { bytes: Buffer.byteLength(`${line}\n`), tools: JSON.parse(line).result.tools.length };
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}
