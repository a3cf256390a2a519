// Runs the built binary asynchronously (the sandbox under test lives in this process, so no spawnSync).
import { spawn } from 'node:child_process';
import { BIN } from '../e2e/spawn.js';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', EVS_MCP_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`evs-mcp ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
