// Everything a tool shows a client, derived from its operation record.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { operationName, replacementOf, type OperationSpec } from '../evs/operation.js';
import { REGISTRY } from '../evs/operations/index.js';
import { iamActionsOf } from './guardrails/reads.js';

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
    // The official API operation (SDK name), so coverage compares with other clients by name.
    'evs/operation': operationName(spec),
    'evs/method': spec.method,
    'evs/path': spec.path,
    ...(spec.action ? { 'evs/action': spec.action } : {}),
    'evs/toolset': spec.toolset,
    // Its own actions and those of the look-ups its guard makes first.
    'evs/iam': iamActionsOf(spec, REGISTRY.find),
    ...(spec.deprecated ? { 'evs/deprecated': true } : {}),
    ...(replacementOf(spec) ? { 'evs/replacedBy': replacementOf(spec) } : {}),
    ...(spec.async ? { 'evs/async': spec.async.kind } : {}),
  };
}

/** The record's description; an opt-in twin also says which default tool serves the intent. */
export function toolDescription(spec: OperationSpec): string {
  const by = replacementOf(spec);
  return by && !spec.description.includes(by) ? `${spec.description} Prefer ${by}.` : spec.description;
}
