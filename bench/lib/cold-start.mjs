// One cold start as the user waits for it: spawn -> an SDK Client has connected and listed the tools.
// The Client compiles every tool's output schema while it lists, so that work is in the figure too.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cpuMsOf } from './procs.mjs';

/** The baseline: a one-tool McpServer over stdio with the same SDK. */
export const ONE_TOOL_SERVER = fileURLToPath(new URL('../fixtures/one-tool-server.mjs', import.meta.url));

export async function coldStart(args, env) {
  const t0 = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: 'ignore' });
  const client = new Client({ name: 'startup-bench', version: '0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ms = performance.now() - t0;
  const cpuMs = await cpuMsOf(transport.pid);
  await client.close();
  return { ms, cpuMs, tools: tools.length };
}

/** The environment of the default surface: no toolset or read-only setting. */
export function defaultSurfaceEnv(env) {
  const {
    EVS_MCP_TOOLSETS: _t,
    EVS_MCP_READ_ONLY: _r,
    EVS_MCP_ALLOW_TOOLS: _a,
    EVS_MCP_DENY_TOOLS: _d,
    ...rest
  } = env;
  return rest;
}
