// Everything a tool shows a client, derived from its operation record.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../evs/operation.js';

export function toolAnnotations(spec: OperationSpec): ToolAnnotations {
  return {
    title: spec.title,
    readOnlyHint: spec.hints.readOnly,
    destructiveHint: spec.hints.destructive,
    idempotentHint: spec.hints.idempotent,
    openWorldHint: spec.hints.openWorld,
  };
}

/** Traceability back to the API Reference, exactly as documented. */
export function toolMeta(spec: OperationSpec): Record<string, unknown> {
  return {
    'evs/section': spec.section,
    'evs/method': spec.method,
    'evs/path': spec.path,
    ...(spec.action ? { 'evs/action': spec.action } : {}),
    'evs/toolset': spec.toolset,
    'evs/iam': spec.iamActions,
    ...(spec.deprecated ? { 'evs/deprecated': true, 'evs/replacedBy': spec.deprecated.replacedBy } : {}),
    ...(spec.async ? { 'evs/async': spec.async.kind } : {}),
  };
}

export function toolDescription(spec: OperationSpec): string {
  return spec.description;
}
