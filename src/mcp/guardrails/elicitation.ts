// Asking the person through an MCP elicitation form: go on only on "accept" with confirm=true.
import { ElicitResultSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ToolExtra } from './guard.js';
import { TOKEN_TTL_MS } from './confirm-token.js';

export type ElicitAnswer = 'accepted' | 'declined' | 'cancelled' | { failed: string };

/** Whether the client declared form elicitation (`elicitation: {}` means form). */
export function supportsFormElicitation(caps: ClientCapabilities | undefined): boolean {
  const e = caps?.elicitation as { form?: object; url?: object } | undefined;
  if (!e) return false;
  return e.form !== undefined || e.url === undefined;
}

/** The form: one required boolean the person must tick. */
export function confirmationSchema(summary: string) {
  return {
    type: 'object' as const,
    properties: {
      confirm: {
        type: 'boolean' as const,
        title: 'Confirm',
        description: `Yes, go ahead: ${summary}`,
        default: false,
      },
    },
    required: ['confirm'],
  };
}

export async function askPerson(extra: ToolExtra, message: string, summary: string): Promise<ElicitAnswer> {
  try {
    const res = await extra.sendRequest(
      { method: 'elicitation/create', params: { message, requestedSchema: confirmationSchema(summary) } },
      ElicitResultSchema,
      // A person may take a while; the same window a token would last.
      { timeout: TOKEN_TTL_MS, signal: extra.signal },
    );
    if (res.action === 'accept') return res.content?.confirm === true ? 'accepted' : 'declined';
    return res.action === 'decline' ? 'declined' : 'cancelled';
  } catch (err) {
    return { failed: err instanceof Error ? err.message : String(err) };
  }
}
