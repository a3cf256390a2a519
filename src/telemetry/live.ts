// The live telemetry: metrics (when on) and spans (when tracing), with the current call kept in
// AsyncLocalStorage so the HTTP client and the wait loop find their parent without being passed one.
import { AsyncLocalStorage } from 'node:async_hooks';
// Types only: the OpenTelemetry API itself is loaded with tracing.ts, when tracing is on.
import type { Context, Span } from '@opentelemetry/api';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Metrics } from './metrics.js';
import { classify, statusClass } from './outcome.js';
import type { Tracing } from './tracing.js';
import type { CallInfo, ConfirmedBy, RequestEnd, RequestScope, Telemetry, WaitEnd } from './telemetry.js';

interface Scope {
  tool: string;
  /** The span children hang from (the call, a read or a poll), and the call's own span. */
  ctx?: Context;
  span?: Span;
  call?: Span;
  polls: { n: number };
}

export interface LiveDeps {
  metrics?: Metrics;
  tracing?: Tracing;
  /** Official operation names by documented section, for EVS request labels. */
  operationOf: (section: string | undefined) => string;
}

export function createLiveTelemetry(deps: LiveDeps): Telemetry {
  const { metrics: m, tracing } = deps;
  const als = new AsyncLocalStorage<Scope>();

  const child = <T>(name: string, attrs: Record<string, string | number>, run: () => Promise<T>) => {
    const scope = als.getStore();
    if (!tracing || !scope?.ctx) return run();
    const { span, ctx } = tracing.start(name, 'internal', attrs, scope.ctx);
    return als
      .run({ ...scope, ctx, span }, run)
      .catch((err: unknown) => {
        tracing.failed(span);
        throw err;
      })
      .finally(() => span.end());
  };

  return {
    enabled: true,
    async call(info: CallInfo, run: () => Promise<CallToolResult>) {
      const started = performance.now();
      let span: Span | undefined;
      let ctx: Context | undefined;
      if (tracing) {
        const parent = tracing.parent(info.traceparent, info.tracestate);
        ({ span, ctx } = tracing.start(
          `tools/call ${info.tool}`,
          'server',
          { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': info.tool, 'evs.operation': info.operation },
          parent,
        ));
      }
      const scope: Scope = {
        tool: info.tool,
        ...(ctx ? { ctx } : {}),
        ...(span ? { span, call: span } : {}),
        polls: { n: 0 },
      };
      let result: CallToolResult | undefined;
      try {
        result = await als.run(scope, run);
        return result;
      } finally {
        const c = result ? classify(result) : { outcome: 'failed' as const, reason: '' };
        m?.toolCalls.inc({
          tool: info.tool,
          operation: info.operation,
          outcome: c.outcome,
          reason: c.reason,
        });
        m?.toolDuration.observe(
          { tool: info.tool, outcome: c.outcome },
          (performance.now() - started) / 1000,
        );
        if (span) {
          span.setAttribute('evs.outcome', c.outcome);
          if (c.outcome === 'refused') span.addEvent('evs.refusal', { 'evs.refusal.reason': c.reason });
          if (c.outcome === 'confirmation_asked') span.addEvent('evs.confirmation.asked');
          if (c.outcome === 'declined') span.addEvent('evs.confirmation.declined');
          if (c.outcome !== 'ok' && c.outcome !== 'refused' && c.outcome !== 'confirmation_asked')
            tracing?.failed(span);
          span.end();
        }
      }
    },
    confirmed(by: ConfirmedBy) {
      const scope = als.getStore();
      if (!scope) return;
      m?.confirmations.inc({ tool: scope.tool, by });
      scope.call?.addEvent('evs.confirmation', { 'evs.confirmation.by': by });
    },
    read(as, tool, run) {
      return child(`evs.read ${as}`, { 'evs.read': as, 'gen_ai.tool.name': tool }, run);
    },
    readFailed(as, why) {
      const scope = als.getStore();
      m?.readFailures.inc({ tool: scope?.tool ?? 'none', read: as, why });
    },
    request(method, section): RequestScope {
      const operation = deps.operationOf(section);
      const started = performance.now();
      const scope = als.getStore();
      const span =
        tracing && scope?.ctx
          ? tracing.start(
              `${method} ${operation}`,
              'client',
              { 'http.request.method': method, 'evs.operation': operation },
              scope.ctx,
            ).span
          : undefined;
      return {
        end(r: RequestEnd) {
          m?.evsRequests.observe(
            { operation, method, status_class: statusClass(r.status) },
            (performance.now() - started) / 1000,
          );
          if (r.retries) m?.evsRetries.inc({ operation }, r.retries);
          if (!span) return;
          if (r.status !== undefined) span.setAttribute('http.response.status_code', r.status);
          if (r.requestId) span.setAttribute('evs.request_id', r.requestId);
          span.setAttribute('http.request.resend_count', r.retries);
          if (r.error) span.setAttribute('error.type', r.error);
          if (r.error || (r.status !== undefined && r.status >= 400)) tracing?.failed(span);
          span.end();
        },
      };
    },
    poll(run) {
      const scope = als.getStore();
      if (!scope) return run();
      scope.polls.n += 1;
      m?.polls.inc({ tool: scope.tool });
      return child('evs.wait.poll', { 'evs.wait.poll': scope.polls.n }, run);
    },
    waited(end: WaitEnd, ms: number) {
      const scope = als.getStore();
      m?.waits.observe({ tool: scope?.tool ?? 'none', result: end }, ms / 1000);
      scope?.call?.addEvent('evs.wait', { 'evs.wait.result': end, 'evs.wait.polls': scope.polls.n });
    },
    rateLimited() {
      m?.rateLimited.inc();
    },
    httpResponse(route, status) {
      m?.httpRequests.inc({ route, status_class: statusClass(status) });
    },
    credential(how) {
      m?.credentials.inc({ how });
    },
    traceId() {
      const id = als.getStore()?.call?.spanContext().traceId;
      return id && !/^0+$/.test(id) ? id : undefined;
    },
  };
}
