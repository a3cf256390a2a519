// Who the current MCP request is for, carried through the async call chain (HTTP transport only), so the
// signing layer can pick that caller's cloud identity without every layer in between passing it along.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** The cloud identity a caller acts as, resolved from its token when the request arrives. */
export type CallerSession =
  { agencyUrn: string; sessionName: string; sourceIdentity: string; readOnly: boolean } | { refused: string };

export interface CallerContext {
  sub: string;
  clientId: string;
  session: CallerSession;
}

const storage = new AsyncLocalStorage<CallerContext>();

/** Runs `fn` (and everything it starts) as this caller. */
export function runAsCaller<T>(ctx: CallerContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentCaller(): CallerContext | undefined {
  return storage.getStore();
}

/** What the HTTP transport calls around each request: `run` executes as the caller of `auth`. */
export type CallerScope = (auth: AuthInfo | undefined, run: () => Promise<void>) => Promise<void>;
