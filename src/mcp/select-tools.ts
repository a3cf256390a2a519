// Which operations become tools under the current settings: toolsets, policy lists, read-only (which wins).
import type { OperationSpec, Toolset } from '../evs/operation.js';

export interface Selection {
  toolsets: readonly Toolset[];
  readOnly: boolean;
  allowTools?: readonly string[];
  denyTools?: readonly string[];
}

/** Glob with `*` and `?` over tool names. */
export function globToRegExp(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`);
}

export function matchesAny(name: string, globs: readonly string[] | undefined): boolean {
  return (globs ?? []).some((g) => globToRegExp(g).test(name));
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
