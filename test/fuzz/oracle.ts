// What a fuzzed call may send, judged from the outside: the published tool list (_meta method and
// path) and the sandbox request log.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RequestLogEntry } from '../../src/sandbox/index.js';

export interface Template {
  method: string;
  path: string;
  re: RegExp;
}

const DOT_SEGMENT = /^(\.|\.\.|%2e|%2e%2e|\.%2e|%2e\.)$/i;

/** The published path as a pattern: the project segment literal, every other placeholder one segment. */
export function templateOf(tool: Tool, projectId: string): Template | undefined {
  const meta = tool._meta ?? {};
  const method = meta['evs/method'];
  const path = meta['evs/path'];
  if (typeof method !== 'string' || typeof path !== 'string') return undefined;
  const escaped = path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace('{project_id}', projectId.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .replace(/\{[^}]+\}/g, '[^/]+');
  return { method, path, re: new RegExp(`^${escaped}$`) };
}

/** Why a path does not fit the template, or undefined when it does. */
export function misfit(t: Template, method: string, path: string): string | undefined {
  if (method !== t.method) return `${method} is not ${t.method}`;
  if (!t.re.test(path)) return `${path} is not ${t.path}`;
  const dots = path.split('/').filter((s) => DOT_SEGMENT.test(s));
  if (dots.length) return `${path} has a dot segment`;
  return undefined;
}

/**
 * Problems with what one call of `tool` sent: a read-only tool hits only its own path; a mutating
 * one sends its own method and path at most once and otherwise only reads documented paths (look-ups, polls).
 */
export function sentProblems(
  tool: Tool,
  own: Template | undefined,
  all: Template[],
  sent: RequestLogEntry[],
): string[] {
  const problems: string[] = [];
  const readOnly = tool.annotations?.readOnlyHint === true;
  let ownWrites = 0;
  for (const e of sent) {
    const where = `${e.method} ${e.path}`;
    if (readOnly && own) {
      const why = misfit(own, e.method, e.path);
      if (why) problems.push(`${where}: ${why}`);
      continue;
    }
    if (e.method === 'GET') {
      if (!all.some((t) => !misfit(t, e.method, e.path))) problems.push(`${where}: no documented GET path`);
      continue;
    }
    const why = own ? misfit(own, e.method, e.path) : 'no published path';
    if (why) problems.push(`${where}: ${why}`);
    else ownWrites++;
  }
  if (ownWrites > 1) problems.push(`${own?.method} ${own?.path} sent ${ownWrites} times`);
  return problems;
}

/** Every own key and every string anywhere in a value (tags travel as `{key, value}` items). */
export function namesDeep(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      namesDeep(v, out);
    }
  }
  return out;
}
