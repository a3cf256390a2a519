// /readyz: a signed read in the configured project (7.1.17 availability zones) proves that the
// credentials and the EVS endpoint are usable. Cached briefly so health checks do not flood EVS.
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiClient } from '../../evs-client/types.js';
import { scrub } from '../../evs-client/redact.js';
import { buildApiRequest } from '../../mcp/call/request-builder.js';

export interface Readiness {
  check(): Promise<{ ready: boolean; reason?: string }>;
}

export function createReadiness(opts: {
  client: ApiClient;
  operations: readonly OperationSpec[];
  secrets: () => readonly string[];
  cacheMs?: number;
  timeoutMs?: number;
  now?: () => number;
}): Readiness {
  const spec = opts.operations.find((o) => o.section === '7.1.17' && !o.deprecated);
  if (!spec) throw new Error('no operation record for section 7.1.17');
  const now = opts.now ?? Date.now;
  let last: { at: number; result: Promise<{ ready: boolean; reason?: string }> } | undefined;
  const probe = async () => {
    try {
      const req = buildApiRequest(
        spec,
        {},
        opts.client.projectId,
        AbortSignal.timeout(opts.timeoutMs ?? 5000),
      );
      await opts.client.request(req);
      return { ready: true };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ready: false, reason: scrub(message, [...opts.secrets()]) };
    }
  };
  return {
    check() {
      const t = now();
      if (!last || t - last.at >= (opts.cacheMs ?? 1000)) last = { at: t, result: probe() };
      return last.result;
    },
  };
}
