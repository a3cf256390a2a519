// Per-request headers that narrow what the operator configured, never widen it:
// X-EVS-Toolsets (comma-separated toolsets) and X-EVS-Readonly (true/false).
import type { IncomingHttpHeaders } from 'node:http';
import { TOOLSETS, type OperationSpec, type Toolset } from '../../evs/operation.js';

export type Narrowing = { keep?: (spec: OperationSpec) => boolean } | { error: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function narrowingOf(headers: IncomingHttpHeaders): Narrowing {
  const sets = header(headers, 'x-evs-toolsets');
  const ro = header(headers, 'x-evs-readonly');
  let toolsets: Set<string> | undefined;
  if (sets !== undefined) {
    const names = sets
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !(TOOLSETS as readonly string[]).includes(n));
    if (unknown.length)
      return {
        error: `X-EVS-Toolsets: unknown toolset ${unknown.join(', ')} (known: ${TOOLSETS.join(', ')})`,
      };
    toolsets = new Set<Toolset | string>(names);
  }
  let readOnly = false;
  if (ro !== undefined) {
    const v = ro.trim().toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v))
      return { error: 'X-EVS-Readonly: expected true or false' };
    readOnly = ['true', '1', 'yes'].includes(v);
  }
  if (!toolsets && !readOnly) return {};
  // Applied on top of the operator's selection, so it can only remove tools.
  return {
    keep: (spec) => (!toolsets || toolsets.has(spec.toolset)) && (!readOnly || spec.hints.readOnly),
  };
}
