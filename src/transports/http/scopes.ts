// Which OAuth scope a JSON-RPC message needs: evs:write for tools that change resources, evs:read
// (or evs:write) for everything else. Checked before the MCP server sees the message.
import { READ_SCOPE, WRITE_SCOPE } from '../../oauth/token-verifier.js';

/** The scope the first message that is beyond `granted` needs, or undefined when all are allowed. */
export function missingScope(
  messages: unknown,
  granted: readonly string[],
  isMutatingTool: (name: string) => boolean,
): string | undefined {
  const list = Array.isArray(messages) ? messages : [messages];
  const canRead = granted.includes(READ_SCOPE) || granted.includes(WRITE_SCOPE);
  for (const m of list) {
    const msg = (m ?? {}) as { method?: unknown; params?: { name?: unknown } };
    if (typeof msg.method !== 'string') continue;
    if (!canRead) return READ_SCOPE;
    const name = msg.params?.name;
    if (msg.method === 'tools/call' && typeof name === 'string' && isMutatingTool(name))
      if (!granted.includes(WRITE_SCOPE)) return WRITE_SCOPE;
  }
  return undefined;
}
