// OpenTelemetry traces over OTLP/HTTP, configured the standard way (OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, _HEADERS, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*).
// Loaded only when tracing is configured (dynamic import from start.ts).
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export type Kind = 'server' | 'client' | 'internal';

export interface Tracing {
  /** A span under `parent`, and the context that makes it the parent of what follows. */
  start(name: string, kind: Kind, attributes: Attributes, parent: Context): { span: Span; ctx: Context };
  failed(span: Span): void;
  /** The context a W3C traceparent (and tracestate) names, or the root context. */
  parent(traceparent: string | undefined, tracestate: string | undefined): Context;
  shutdown(): Promise<void>;
}

const positive = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
};

export function startTracing(env: NodeJS.ProcessEnv, version: string): Tracing {
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME || 'evs-mcp',
    'service.version': version,
  }).merge(detectResources({ detectors: [envDetector] }));
  const delay = positive(env.OTEL_BSP_SCHEDULE_DELAY);
  const batch = positive(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE);
  const provider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        ...(delay ? { scheduledDelayMillis: delay } : {}),
        ...(batch ? { maxExportBatchSize: batch } : {}),
      }),
    ],
  });
  const propagator = new W3CTraceContextPropagator();
  const tracer = provider.getTracer('evs-mcp', version);
  const kinds = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };
  return {
    start(name, kind, attributes, parent) {
      const span = tracer.startSpan(name, { kind: kinds[kind], attributes }, parent);
      return { span, ctx: trace.setSpan(parent, span) };
    },
    failed: (span) => span.setStatus({ code: SpanStatusCode.ERROR }),
    parent(traceparent, tracestate) {
      if (!traceparent) return ROOT_CONTEXT;
      const carrier = { traceparent, ...(tracestate ? { tracestate } : {}) };
      return propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    },
    shutdown: () => provider.shutdown(),
  };
}
