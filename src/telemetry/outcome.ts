// A tool call's outcome read from its result, as bounded label values (never an id or a message).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export type CallOutcomeLabel =
  | 'ok'
  | 'refused'
  | 'confirmation_asked'
  | 'declined'
  | 'evs_client_error'
  | 'evs_server_error'
  | 'throttled'
  | 'failed';

export interface Classified {
  outcome: CallOutcomeLabel;
  /** The refusal reason (a code word), or '' for any other outcome. */
  reason: string;
  /** The EVS status of a failed call, when it had one. */
  status?: number;
}

/** Reasons are code words; anything else is folded so a label can never carry a value. */
const REASON = /^[a-z][a-z0-9_]{0,63}$/;

export function classify(result: CallToolResult): Classified {
  const s = (result.structuredContent ?? {}) as Record<string, unknown>;
  if (!result.isError) return { outcome: 'ok', reason: '' };
  if (s.refused === true) {
    const reason = typeof s.reason === 'string' && REASON.test(s.reason) ? s.reason : 'other';
    return { outcome: 'refused', reason };
  }
  if (s.confirmation_required === true) return { outcome: 'confirmation_asked', reason: '' };
  if (s.declined === true) return { outcome: 'declined', reason: '' };
  const err = s.error as { status?: unknown } | undefined;
  const status = typeof err?.status === 'number' ? err.status : undefined;
  if (status === 429) return { outcome: 'throttled', reason: '', status };
  if (status !== undefined && status >= 400 && status < 500)
    return { outcome: 'evs_client_error', reason: '', status };
  if (status !== undefined && status >= 500) return { outcome: 'evs_server_error', reason: '', status };
  return { outcome: 'failed', reason: '' };
}

/** `2xx`, `4xx`, ... or `none` when no status came back. */
export function statusClass(status: number | undefined): string {
  return status === undefined ? 'none' : `${Math.floor(status / 100)}xx`;
}
