// Starts an MCP server entry the way a given client does: its file format, its variable syntax, the
// environment it passes and the working directory it uses, then connects an SDK client over stdio.
// Each client's rules are written from its documentation (see README, "Adding it to a client").
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import type { PassThrough } from 'node:stream';

export type ClientKind = 'claude-desktop' | 'cursor' | 'claude-code' | 'vscode';

export interface ServerEntry {
  type?: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

export interface ClientSetting {
  /** The person's own environment (what the client process inherited). */
  userEnv: Record<string, string>;
  /** The folder open in the editor / where the CLI was started. */
  workspace: string;
  home: string;
  /** Where the client starts the process. */
  cwd: string;
  /** Answers typed into VS Code's input prompts. */
  inputs?: Record<string, string>;
}

/** The server entries of a config file, under the key that client reads. */
export function entriesOf(kind: ClientKind, file: string): Record<string, ServerEntry> {
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    mcpServers?: Record<string, ServerEntry>;
    servers?: Record<string, ServerEntry>;
  };
  const entries = kind === 'vscode' ? json.servers : json.mcpServers;
  if (!entries) throw new Error(`${file}: no ${kind === 'vscode' ? 'servers' : 'mcpServers'} object`);
  return entries;
}

/** Expands one string as the client does; throws where the client would refuse the entry. */
export function expand(
  kind: ClientKind,
  text: string,
  s: ClientSetting,
  declaredInputs: string[] = [],
): string {
  switch (kind) {
    case 'claude-desktop':
      // No expansion at all: a `${...}` would reach the server literally.
      return text;
    case 'claude-code':
      // `${VAR}` and `${VAR:-default}`; a required variable that is unset makes the entry fail to load.
      return text.replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (_m, name: string, def?: string) => {
          const value = s.userEnv[name];
          if (value !== undefined && value !== '') return value;
          if (def !== undefined) return def;
          if (value !== undefined) return value;
          throw new Error(`Claude Code: missing environment variable ${name}`);
        },
      );
    case 'cursor':
    case 'vscode':
      return text.replace(/\$\{([^}]+)\}/g, (m, ref: string) => {
        if (ref === 'workspaceFolder') return s.workspace;
        if (ref === 'userHome') return s.home;
        if (ref.startsWith('env:')) return s.userEnv[ref.slice(4)] ?? '';
        if (kind === 'vscode' && ref.startsWith('input:')) {
          const id = ref.slice(6);
          if (!declaredInputs.includes(id)) throw new Error(`VS Code: input ${id} is not declared`);
          return s.inputs?.[id] ?? '';
        }
        throw new Error(`${kind}: cannot expand ${m}`);
      });
  }
}

export interface Launched {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Launches an entry as the client would and connects; rejects when the server exits first. */
export async function launch(
  kind: ClientKind,
  entry: ServerEntry,
  s: ClientSetting,
  declaredInputs: string[] = [],
): Promise<Launched> {
  const x = (t: string) => expand(kind, t, s, declaredInputs);
  const own = Object.fromEntries(Object.entries(entry.env ?? {}).map(([k, v]) => [k, x(v)]));
  // Claude Desktop passes only a default environment plus the entry's `env`; the editors and Claude Code
  // start servers with their own (inherited) environment plus the entry's `env`.
  const base = kind === 'claude-desktop' ? { ...getDefaultEnvironment(), HOME: s.home } : s.userEnv;
  let stderr = '';
  const transport = new StdioClientTransport({
    command: x(entry.command),
    args: (entry.args ?? []).map(x),
    env: { ...base, ...own },
    cwd: s.cwd,
    stderr: 'pipe',
  });
  (transport.stderr as PassThrough | null)?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: `${kind}-emulation`, version: '0' });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`${kind} could not start the server: ${String(err)}\nstderr: ${stderr}`);
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}
