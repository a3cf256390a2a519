// Spawns the built `evs-mcp` with the SDK's stdio client; keeps a byte-exact copy of its stdout (via tee) and its stderr.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Spawned {
  client: Client;
  stdout(): string;
  stderr(): string;
  transportErrors: Error[];
  dir: string;
  close(): Promise<void>;
}

export async function spawnServer(env: Record<string, string>, args: string[] = []): Promise<Spawned> {
  const dir = mkdtempSync(join(tmpdir(), 'evs-mcp-e2e-'));
  const copy = join(dir, 'stdout.jsonl');
  let stderr = '';
  const transportErrors: Error[] = [];
  const transport = new StdioClientTransport({
    command: 'sh',
    args: ['-c', `node "${BIN}" ${args.join(' ')} | tee "${copy}"`],
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    stderr: 'pipe',
  });
  (transport.stderr as PassThrough | null)?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  transport.onerror = (e) => transportErrors.push(e);
  const client = new Client({ name: 'e2e', version: '0' });
  await client.connect(transport);
  return {
    client,
    stdout: () => readFileSync(copy, 'utf8'),
    stderr: () => stderr,
    transportErrors,
    dir,
    close: () => client.close(),
  };
}
