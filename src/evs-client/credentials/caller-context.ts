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
const serverWork = new AsyncLocalStorage<true>();

/** Runs `fn` as the server itself: only the readiness probe (a read that needs no IAM action) does. */
export function runAsServer<T>(fn: () => T): T {
  return serverWork.run(true, fn);
}

export const isServerWork = (): boolean => serverWork.getStore() === true;

/** Runs `fn` (and everything it starts) as this caller. */
export function runAsCaller<T>(ctx: CallerContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentCaller(): CallerContext | undefined {
  return storage.getStore();
}

/** What the HTTP transport calls around each request: `run` executes as the caller of `auth`. */
export type CallerScope = (auth: AuthInfo | undefined, run: () => Promise<void>) => Promise<void>;

/** ` session=<agency urn>/<session name>` for an agency caller, else empty (tokens and audit lines bind it). */
export function assumedSessionLabel(): string {
  const s = currentCaller()?.session;
  return s && !('refused' in s) ? ` session=${s.agencyUrn}/${s.sessionName}` : '';
}
