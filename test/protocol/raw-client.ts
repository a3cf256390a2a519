// A raw JSON-RPC client over the built binary's stdio: writes any bytes, reads every line it answers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../e2e/spawn.js';

export interface RpcReply {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string };
}

export class RawClient {
  readonly replies: RpcReply[] = [];
  /** Lines on stdout that were not JSON: must stay empty (stdout is the protocol). */
  readonly junk: string[] = [];
  /** Notifications the server sent (e.g. notifications/message). */
  readonly notifications: unknown[] = [];
  stderr = '';
  exit: { code: number | null; signal: string | null } | undefined;
  private partial = '';
  private waiters: (() => void)[] = [];
  private readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.onData(d));
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    // Writes after the server is gone fail with EPIPE: the test then sees the exit, not a crash.
    child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve();
      }),
    );
  }

  static start(env: Record<string, string> = {}): RawClient {
    const home = mkdtempSync(join(tmpdir(), 'evs-mcp-proto-'));
    const child = spawn(process.execPath, [BIN, '--sandbox'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, EVS_MCP_LOG_LEVEL: 'info', ...env },
      stdio: 'pipe',
    });
    return new RawClient(child);
  }

  private onData(d: string): void {
    const lines = (this.partial + d).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      try {
        const msg = JSON.parse(line) as RpcReply & { method?: unknown };
        // Server notifications (log messages, progress) are not answers to anything.
        if (msg && typeof msg === 'object' && 'method' in msg && !('id' in msg)) this.notifications.push(msg);
        else this.replies.push(msg);
      } catch {
        this.junk.push(line);
      }
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Writes raw text (a newline is not added). Resolves when the pipe took it. */
  write(text: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.stdin.write(text)) resolve();
      else this.child.stdin.once('drain', () => resolve());
    });
  }

  send(message: unknown): Promise<void> {
    return this.write(`${JSON.stringify(message)}\n`);
  }

  /** Waits until `done()` holds, the server exits, or the time runs out (then throws with what it saw). */
  async until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.exit)
        throw new Error(`server exited (${JSON.stringify(this.exit)}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; stderr tail: ${this.stderr.slice(-500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  repliesTo(id: string | number | null): RpcReply[] {
    return this.replies.filter((r) => r.id === id);
  }

  async reply(id: string | number, timeoutMs?: number): Promise<RpcReply> {
    await this.until(() => this.repliesTo(id).length > 0, `the reply to ${JSON.stringify(id)}`, timeoutMs);
    return this.repliesTo(id)[0]!;
  }

  async initialize(): Promise<void> {
    await this.send({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    const r = await this.reply('init', 60_000);
    if (!r.result) throw new Error(`initialize failed: ${JSON.stringify(r)}`);
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  /** Resident set of the server process in bytes (Linux), or undefined elsewhere. */
  rssBytes(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (!this.exit) {
      this.child.stdin.end();
      const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(t);
    }
  }
}
