// What the telemetry learns of a tool call: its record's tool and official operation, and the W3C
// trace context the client sent (`_meta.traceparent` first, then the HTTP header). Never an argument.
import { operationLabel, type RecordFacts } from './record-facts.js';
import type { CallInfo } from './telemetry.js';

interface ExtraLike {
  _meta?: Record<string, unknown>;
  requestInfo?: { headers?: Record<string, string | string[] | undefined> };
}

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

export function callInfo(spec: RecordFacts, extra: ExtraLike): CallInfo {
  const meta = extra._meta;
  const headers = extra.requestInfo?.headers;
  const fromMeta = one(meta?.traceparent);
  const traceparent = fromMeta ?? one(headers?.traceparent);
  const tracestate = fromMeta ? one(meta?.tracestate) : one(headers?.tracestate);
  return {
    tool: spec.tool,
    operation: operationLabel(spec),
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  };
}
