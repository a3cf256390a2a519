// The guard the app uses: the full guardrail pipeline.
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { ApiClient } from '../../evs-client/types.js';
import type { Guard } from './guard.js';
import { createPipeline } from './pipeline.js';
import type { ApprovalGate } from './approval-gate.js';

export interface GuardDeps {
  config: Config;
  client: ApiClient;
  logger: Logger;
  secrets: () => readonly string[];
  /** What the connected client declared (for elicitation); late-bound because the server is built after the guard. */
  clientCapabilities?: () => ClientCapabilities | undefined;
  /** EVS_MCP_CONFIRMATION=approval and single-use tokens (src/approvals/wire.ts). */
  approval?: ApprovalGate;
  tokenOnce?: (token: string, ttlMs: number) => Promise<boolean>;
}

export function createGuard(deps: GuardDeps): Guard {
  return createPipeline(deps);
}
