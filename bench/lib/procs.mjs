// Child processes a benchmark drives: the sandbox on loopback and MCP servers over stdio.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${ROOT}dist/cli/main.js`;

/** `evs-mcp sandbox --port 0` in its own process; resolves with its endpoint and first project. */
export async function startSandboxProcess(extraArgs = []) {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--json', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, EVS_MCP_LOG_LEVEL: 'silent' },
  });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const info = JSON.parse(line);
  return {
    endpoint: info.endpoint,
    region: info.region,
    project: info.projects[0],
    pid: child.pid,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Environment that points evs-mcp at an external endpoint (the sandbox process) with AK/SK. */
export function externalEnv(sb, extra = {}) {
  return {
    ...process.env,
    HUAWEICLOUD_SDK_AK: sb.project.ak,
    HUAWEICLOUD_SDK_SK: sb.project.sk,
    HUAWEICLOUD_SDK_PROJECT_ID: sb.project.id,
    HUAWEICLOUD_SDK_REGION: sb.region,
    HUAWEICLOUD_SDK_EVS_ENDPOINT: sb.endpoint,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: sb.endpoint,
    EVS_MCP_LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** A minimal JSON-RPC-over-stdio client: one line per message, replies matched by id. */
export class StdioRpc {
  constructor(command, args, env) {
    this.child = spawn(command, args, {
      stdio: ['pipe', 'pipe', process.env.RPC_STDERR ? 'inherit' : 'ignore'],
      env,
    });
    this.pending = new Map();
    this.nextId = 1;
    this.rl = createInterface({ input: this.child.stdout });
    this.rl.on('line', (l) => {
      let msg;
      try {
        msg = JSON.parse(l);
      } catch {
        return;
      }
      const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
      else p.resolve(msg.result);
    });
    this.exited = new Promise((r) => this.child.once('exit', r));
  }
  get pid() {
    return this.child.pid;
  }
  request(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }
  notify(method, params = {}) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }
  async initialize() {
    await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'bench', version: '0' },
    });
    this.notify('notifications/initialized');
  }
  callTool(name, args) {
    return this.request('tools/call', { name, arguments: args });
  }
  async close() {
    this.child.stdin.end();
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Resident set size of a process in MB, from /proc. */
export async function rssMb(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc (10 ms ticks). On a loaded
 * machine this is steadier than wall time, which mostly measures how long the process waited for a core.
 */
export async function cpuMsOf(pid) {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at state, the 3rd field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return ticks * 10;
}

export { setTimeout as sleep } from 'node:timers/promises';
