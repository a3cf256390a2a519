// Values a caller could put into a path parameter to change which resource a request reaches, and helpers to
// call tools with them and to read the sandbox's request log.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { textOf } from '../helpers/harness.js';

/**
 * tools/call as raw JSON-RPC through the SDK client: the arguments go out exactly as given (use JSON.parse for an
 * own `__proto__` key), and the result is not checked against the tool's output schema (not the subject here).
 */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult & { text: string }> {
  const res = await client.request(
    { method: 'tools/call', params: { name, arguments: args } },
    CallToolResultSchema,
  );
  return { ...res, text: textOf(res) };
}
export const HOSTILE_VALUES: readonly (readonly [label: string, value: string])[] = [
  ['dot-dot', '..'],
  ['dot', '.'],
  ['encoded dot-dot', '%2e%2e'],
  ['encoded dot', '%2E'],
  ['slash', '/'],
  ['inner slash', 'a/b'],
  ['query', '?x'],
  ['fragment', '#x'],
  ['project placeholder', '{project_id}'],
  ['CRLF', 'x\r\nX-Injected: 1'],
  ['NUL', 'x\u0000y'],
  ['empty', ''],
];

/** The `{placeholders}` of a documented path, without `{project_id}` (which comes from configuration). */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string).filter((n) => n !== 'project_id');
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Whether `path` (as received) has exactly the segments of `template`: literals unchanged and every placeholder
 * one non-empty segment; with `expect`, the placeholder `expect.param` must also decode to `expect.value`.
 */
export function hitsTemplate(
  path: string,
  template: string,
  expected?: { param: string; value: string },
): boolean {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((w, i) => {
    const g = got[i] as string;
    const name = /^\{([^{}]+)\}$/.exec(w)?.[1];
    if (name === undefined) return g === w;
    const decoded = decode(g);
    if (g === '' || decoded === undefined) return false;
    return expected === undefined || name !== expected.param || decoded === expected.value;
  });
}
