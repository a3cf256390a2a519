// Allow- and deny-list entries are checked against every record: one that matches no tool of any
// toolset is a typo, refused at start rather than silently allowing nothing or denying nothing.
import { OPERATIONS } from '../evs/operations/index.js';
import { matchesAny } from '../mcp/select-tools.js';

/** The entries of `globs` that match no tool name at all. */
export function unmatchedToolNames(globs: readonly string[] | undefined, tools: readonly string[]): string[] {
  return (globs ?? []).filter((g) => !tools.some((t) => matchesAny(t, [g])));
}

/** The error for the first list with an entry that matches nothing, or undefined. */
export function toolListProblem(
  lists: { setting: string; globs: readonly string[] | undefined }[],
): string | undefined {
  const tools = OPERATIONS.map((o) => o.tool);
  for (const { setting, globs } of lists) {
    const bad = unmatchedToolNames(globs, tools);
    if (bad.length)
      return `${setting}: ${bad.map((b) => `"${b}"`).join(', ')} match${bad.length === 1 ? 'es' : ''} no tool (see --list-tools --toolsets all for the names)`;
  }
  return undefined;
}
