// Which operations become tools under the current settings: toolsets, policy lists, read-only (which wins).
import type { OperationSpec, Toolset } from '../evs/operation.js';
import { matchesAny } from '../evs/tool-globs.js';

export { globToRegExp, matchesAny } from '../evs/tool-globs.js';

export interface Selection {
  toolsets: readonly Toolset[];
  readOnly: boolean;
  allowTools?: readonly string[];
  denyTools?: readonly string[];
}

export function selectOperations(all: readonly OperationSpec[], s: Selection): OperationSpec[] {
  return all.filter(
    (op) =>
      s.toolsets.includes(op.toolset) &&
      (!s.allowTools || matchesAny(op.tool, s.allowTools)) &&
      !matchesAny(op.tool, s.denyTools) &&
      (!s.readOnly || op.hints.readOnly),
  );
}
