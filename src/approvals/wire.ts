// What the app builds from the approval settings: the Redis store when EVS_MCP_REDIS_URL is set, and
// the approval gate when EVS_MCP_CONFIRMATION=approval (its page is served by the transport).
import { ElicitResultSchema, type ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { ApprovalConfig, Config } from '../config/schema.js';
import { createApprovalGate, type ApprovalGate } from './flow.js';
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../evs-client/types.js';
import { createMemoryStore } from './memory-store.js';
import { createReplanner } from './replan.js';
import type { SharedStore } from './types.js';

export interface SharedState {
  store?: SharedStore;
  approval?: ApprovalGate;
  tokenOnce?: (token: string, ttlMs: number) => Promise<boolean>;
  /** Where the page of an approval lives. */
  linkFor?: (id: string) => string;
  settings?: ApprovalConfig;
  /** Stops what was started here (the Redis connection, the loopback page). */
  close(): Promise<void>;
}

/** The approval page's base: the public URL's origin (the page is /approvals/<id> there). */
export function approvalBase(publicUrl: string): string {
  return new URL(publicUrl).origin;
}

export async function sharedState(
  config: Pick<Config, 'redisUrl' | 'approval' | 'http' | 'waitBudgetMs' | 'pollIntervalMs'>,
  logger: Logger,
  opts: {
    client: ApiClient;
    operations: readonly OperationSpec[];
    store?: SharedStore;
    now?: () => number;
    /** What the connected client declared: URL-mode elicitation sends the link to the person. */
    clientCapabilities?: () => ClientCapabilities | undefined;
  },
): Promise<SharedState> {
  // The Redis client is loaded only when configured: a plain start pays nothing for it.
  const redis = config.redisUrl
    ? (await import('./redis-store.js')).createRedisStore(
        config.redisUrl,
        logger.child({ component: 'redis' }),
      )
    : undefined;
  const store = opts.store ?? redis;
  const tokenOnce = store
    ? (token: string, ttlMs: number) => store.useOnce(`token:${token}`, ttlMs)
    : undefined;
  const out: SharedState = {
    ...(store ? { store } : {}),
    ...(tokenOnce ? { tokenOnce } : {}),
    close: async () => redis?.close(),
  };
  if (config.approval && !config.http) return stdioApprovals(config.approval, config, logger, opts, store);
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

/** stdio: the loopback page opened in the person's browser; the link never enters a tool result. */
async function stdioApprovals(
  approval: ApprovalConfig,
  config: Pick<Config, 'waitBudgetMs' | 'pollIntervalMs'>,
  logger: Logger,
  opts: {
    client: ApiClient;
    operations: readonly OperationSpec[];
    now?: () => number;
    clientCapabilities?: () => ClientCapabilities | undefined;
  },
  shared: SharedStore | undefined,
): Promise<SharedState> {
  const store = shared ?? createMemoryStore(opts.now);
  // The loopback page and the browser opener load only in stdio approval mode.
  const [{ startLoopbackPage }, { browserOpener }] = await Promise.all([
    import('./loopback-page.js'),
    import('./opener.js'),
  ]);
  const page = await startLoopbackPage({
    store,
    replan: createReplanner(opts.client, opts.operations),
    logger: logger.child({ component: 'approval-page' }),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const open = browserOpener(approval.browser);
  return {
    store,
    tokenOnce: (token, ttlMs) => store.useOnce(`token:${token}`, ttlMs),
    settings: approval,
    approval: createApprovalGate({
      store,
      ttlMs: approval.ttlMs,
      linkFor: page.linkFor,
      hideLink: true,
      announce: async (link, request, ctx) => {
        // A client that declared URL-mode elicitation (2025-11-25) shows the link to the person itself.
        const caps = opts.clientCapabilities?.()?.elicitation as { url?: object } | undefined;
        if (caps?.url) {
          try {
            const answer = await ctx.extra.sendRequest(
              {
                method: 'elicitation/create',
                params: {
                  mode: 'url',
                  message: `Approve ${request.tool}? Open the page to see the plan, read just now, and decide.`,
                  url: link,
                  elicitationId: request.id,
                },
              },
              ElicitResultSchema,
              { timeout: 60_000, ...(ctx.extra.signal ? { signal: ctx.extra.signal } : {}) },
            );
            if (answer.action !== 'accept')
              await store.transition(request.id, 'pending', 'declined', {
                by: 'local',
                at: opts.now?.() ?? Date.now(),
                state: '',
              });
            return true;
          } catch (err) {
            logger.warn(
              { why: err instanceof Error ? err.message : String(err) },
              'URL-mode elicitation failed; opening the browser',
            );
          }
        }
        const opened = await open(link);
        if (!opened) logger.warn('no browser could be opened for the approval page: falling back to tokens');
        return opened;
      },
      waitBudgetMs: config.waitBudgetMs,
      pollMs: config.pollIntervalMs,
      ...(opts.now ? { now: opts.now } : {}),
    }),
    close: async () => {
      await page.close();
      await store.close();
    },
  };
}
