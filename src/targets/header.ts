// X-EVS-Targets: a, b narrows the EVS_MCP_TARGETS a request may use (like X-EVS-Toolsets narrows tools):
// a name the operator did not configure adds nothing, so the header can only take targets away.
import type { IncomingHttpHeaders } from 'node:http';

export function targetsHeader(
  headers: IncomingHttpHeaders,
): { names?: ReadonlySet<string> } | { error: string } {
  const raw = headers['x-evs-targets'];
  if (raw === undefined) return {};
  const names = (Array.isArray(raw) ? raw.join(',') : raw)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.some((n) => !/^[a-z][a-z0-9_-]{0,31}$/.test(n)))
    return { error: 'X-EVS-Targets: expected comma-separated target names' };
  return { names: new Set(names) };
}
