// What the app builds from the approval settings: the Redis store when EVS_MCP_REDIS_URL is set, and
// the approval gate when EVS_MCP_CONFIRMATION=approval (its page is served by the transport).
import type { Logger } from 'pino';
import type { ApprovalConfig, Config } from '../config/schema.js';
import { createApprovalGate, type ApprovalGate } from './flow.js';
import { createRedisStore } from './redis-store.js';
import type { SharedStore } from './types.js';

export interface SharedState {
  store?: SharedStore;
  approval?: ApprovalGate;
  tokenOnce?: (token: string, ttlMs: number) => Promise<boolean>;
  /** Where the page of an approval lives. */
  linkFor?: (id: string) => string;
  settings?: ApprovalConfig;
}

/** The approval page's base: the public URL's origin (the page is /approvals/<id> there). */
export function approvalBase(publicUrl: string): string {
  return new URL(publicUrl).origin;
}

export function sharedState(
  config: Pick<Config, 'redisUrl' | 'approval' | 'http' | 'waitBudgetMs' | 'pollIntervalMs'>,
  logger: Logger,
  opts: { store?: SharedStore; now?: () => number } = {},
): SharedState {
  const store =
    opts.store ??
    (config.redisUrl ? createRedisStore(config.redisUrl, logger.child({ component: 'redis' })) : undefined);
  const tokenOnce = store
    ? (token: string, ttlMs: number) => store.useOnce(`token:${token}`, ttlMs)
    : undefined;
  const out: SharedState = { ...(store ? { store } : {}), ...(tokenOnce ? { tokenOnce } : {}) };
  const publicUrl = config.http?.publicUrl;
  if (!config.approval || !store || !publicUrl) return out;
  const base = approvalBase(publicUrl);
  const linkFor = (id: string) => `${base}/approvals/${encodeURIComponent(id)}`;
  return {
    ...out,
    linkFor,
    settings: config.approval,
    approval: createApprovalGate({
      store,
      ttlMs: config.approval.ttlMs,
      linkFor,
      waitBudgetMs: config.waitBudgetMs,
      pollMs: config.pollIntervalMs,
      ...(opts.now ? { now: opts.now } : {}),
    }),
  };
}
