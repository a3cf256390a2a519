// The Prometheus instruments (prom-client), in a registry of their own. Labels are bounded: tool, official
// operation, outcome, reason, read kind, status class; never an id, a subject or a value.
import { Counter, Histogram, Registry } from 'prom-client';

const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const WAITS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics() {
  const registry = new Registry();
  const on = { registers: [registry] };
  return {
    registry,
    toolCalls: new Counter({
      name: 'evs_mcp_tool_calls_total',
      help: 'Tool calls by tool, official operation, outcome and refusal reason.',
      labelNames: ['tool', 'operation', 'outcome', 'reason'] as const,
      ...on,
    }),
    toolDuration: new Histogram({
      name: 'evs_mcp_tool_call_duration_seconds',
      help: 'Tool call duration, confirmation and waiting included.',
      labelNames: ['tool', 'outcome'] as const,
      buckets: LATENCY,
      ...on,
    }),
    evsRequests: new Histogram({
      name: 'evs_mcp_evs_request_duration_seconds',
      help: 'EVS request latency (all attempts) by official operation, method and status class.',
      labelNames: ['operation', 'method', 'status_class'] as const,
      buckets: LATENCY,
      ...on,
    }),
    evsRetries: new Counter({
      name: 'evs_mcp_evs_retries_total',
      help: 'EVS request attempts after the first, by official operation.',
      labelNames: ['operation'] as const,
      ...on,
    }),
    readFailures: new Counter({
      name: 'evs_mcp_declared_read_failures_total',
      help: 'Declared reads of the guard that did not answer (the call is refused), by tool, read and why.',
      labelNames: ['tool', 'read', 'why'] as const,
      ...on,
    }),
    waits: new Histogram({
      name: 'evs_mcp_wait_duration_seconds',
      help: 'Waits for asynchronous operations, by tool and how they ended.',
      labelNames: ['tool', 'result'] as const,
      buckets: WAITS,
      ...on,
    }),
    polls: new Counter({
      name: 'evs_mcp_wait_polls_total',
      help: 'Polls made while waiting, by tool.',
      labelNames: ['tool'] as const,
      ...on,
    }),
    confirmations: new Counter({
      name: 'evs_mcp_confirmations_total',
      help: 'Confirmations given, by tool and how (elicitation, token, approval).',
      labelNames: ['tool', 'by'] as const,
      ...on,
    }),
    rateLimited: new Counter({
      name: 'evs_mcp_rate_limited_total',
      help: 'HTTP requests turned away by the per-subject rate limit.',
      ...on,
    }),
    httpRequests: new Counter({
      name: 'evs_mcp_http_requests_total',
      help: 'HTTP transport requests by route and status class.',
      labelNames: ['route', 'status_class'] as const,
      ...on,
    }),
    credentials: new Counter({
      name: 'evs_mcp_credentials_total',
      help: 'Per-caller credentials: STS assumes and cache hits.',
      labelNames: ['how'] as const,
      ...on,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
