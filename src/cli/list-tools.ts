// `--list-tools`: the tool list the current settings produce, with its size in bytes and o200k tokens.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/schema.js';
import { OPERATIONS } from '../evs/operations/index.js';
import { selectOperations } from '../mcp/select-tools.js';
import { modelFacing } from '../mcp/tool-list.js';
import { definitionOf } from '../mcp/tool-definitions.js';

export interface ToolListReport {
  tools: Tool[];
  bytes: number;
  tokens: number;
  /** 'o200k' when counted by the tokenizer, 'estimate' (bytes / 4) when it is not installed. */
  tokenizer: 'o200k' | 'estimate';
}

async function tokenCounter(): Promise<{ count: (s: string) => number; kind: 'o200k' | 'estimate' }> {
  try {
    const mod = (await import('gpt-tokenizer/encoding/o200k_base' as string)) as {
      countTokens: (s: string) => number;
    };
    return { count: mod.countTokens, kind: 'o200k' };
  } catch {
    return { count: (s) => Math.ceil(Buffer.byteLength(s) / 4), kind: 'estimate' };
  }
}

export async function toolListReport(
  config: Pick<Config, 'toolsets' | 'readOnly' | 'allowTools' | 'denyTools'>,
): Promise<ToolListReport> {
  const tools = selectOperations(OPERATIONS, {
    toolsets: config.toolsets,
    readOnly: config.readOnly,
    ...(config.allowTools ? { allowTools: config.allowTools } : {}),
    ...(config.denyTools ? { denyTools: config.denyTools } : {}),
  }).map(definitionOf);
  const text = JSON.stringify(tools.map(modelFacing));
  const counter = await tokenCounter();
  return { tools, bytes: Buffer.byteLength(text), tokens: counter.count(text), tokenizer: counter.kind };
}

export function renderToolList(r: ToolListReport): string {
  const lines = r.tools.map((t) => {
    const a = t.annotations ?? {};
    const flags = a.readOnlyHint ? 'read' : a.destructiveHint ? 'DESTRUCTIVE' : 'write';
    return `${t.name.padEnd(32)} ${String(t._meta?.['evs/section'] ?? '').padEnd(8)} ${flags.padEnd(11)} ${t.description ?? ''}`;
  });
  const unit = r.tokenizer === 'o200k' ? 'tokens (o200k)' : 'tokens (estimated: bytes/4)';
  return [
    ...lines,
    '',
    `${r.tools.length} tools, ${r.bytes} bytes, ${r.tokens} ${unit} in name+description+inputSchema`,
  ].join('\n');
}
