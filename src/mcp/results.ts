// Tool results for a model: compact text plus structuredContent; errors that say what to do next.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { EvsError } from '../evs-client/errors.js';
import { scrub } from '../evs-client/redact.js';

export function okResult(structured: Record<string, unknown>, text?: string): CallToolResult {
  return {
    content: [{ type: 'text', text: text ?? JSON.stringify(structured) }],
    structuredContent: structured,
  };
}

/** A result that is not a success but not an EVS error either (refusals, confirmation requests). */
export function notDoneResult(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured, isError: true };
}

function errorText(e: ReturnType<EvsError['toJSON']>): string {
  const head = [e.code, e.status ? `HTTP ${e.status}` : undefined].filter(Boolean).join(', ');
  const parts = [`${head ? `${head}: ` : ''}${e.message}`];
  if (e.hint) parts.push(`Fix: ${e.hint}`);
  if (e.iamActions?.length) parts.push(`Needs IAM actions: ${e.iamActions.join(', ')}`);
  if (e.requestId) parts.push(`Request id: ${e.requestId}`);
  return parts.join(' | ');
}

/** Any failure as an isError result; secrets are scrubbed from whatever the error carried. */
export function errorResult(err: unknown, secrets: readonly string[]): CallToolResult {
  if (err instanceof EvsError) {
    const json = err.toJSON();
    const text = scrub(errorText(json), [...secrets]);
    return {
      content: [{ type: 'text', text }],
      structuredContent: { error: JSON.parse(scrub(JSON.stringify(json), [...secrets])) as object },
      isError: true,
    };
  }
  const message = scrub(err instanceof Error ? err.message : String(err), [...secrets]);
  return {
    content: [{ type: 'text', text: message }],
    structuredContent: { error: { message } },
    isError: true,
  };
}
