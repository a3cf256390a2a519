// Allow- and deny-list entries are checked against every record: one that matches no tool of any
// toolset is a typo, refused at start rather than silently allowing nothing or denying nothing.
import { OPERATIONS } from '../evs/operations/index.js';
import { matchesAny } from '../evs/tool-globs.js';

/** The entries of `globs` that match no tool name at all. */
export function unmatchedToolNames(globs: readonly string[] | undefined, tools: readonly string[]): string[] {
  return (globs ?? []).filter((g) => !tools.some((t) => matchesAny(t, [g])));
}

/** Edit distance, for "did you mean" (names are short ASCII). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function nearest(entry: string, tools: readonly string[]): string | undefined {
  const plain = entry.replace(/[*?]/g, '');
  const best = [...tools].sort((x, y) => distance(plain, x) - distance(plain, y))[0];
  return best && distance(plain, best) <= 3 ? best : undefined;
}

/** The error for the first list with an entry that matches nothing, or undefined. */
export function toolListProblem(
  lists: { setting: string; globs: readonly string[] | undefined }[],
): string | undefined {
  const tools = OPERATIONS.map((o) => o.tool);
  for (const { setting, globs } of lists) {
    const bad = unmatchedToolNames(globs, tools);
    if (!bad.length) continue;
    const what = bad.map((b) => {
      const near = nearest(b, tools);
      return `"${b}"${near ? ` (did you mean ${near}?)` : ''}`;
    });
    return `${setting}: ${what.join(', ')} match${bad.length === 1 ? 'es' : ''} no tool; the valid names are those of --list-tools --toolsets all`;
  }
  return undefined;
}
