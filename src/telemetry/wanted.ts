// Whether telemetry is configured, read without loading any telemetry library (cold start pays nothing).

export interface TelemetryConfig {
  /** Prometheus metrics; `port` set: served on their own listener instead of the HTTP transport's /metrics. */
  metrics?: { port?: number; host: string };
  /** OpenTelemetry traces over OTLP/HTTP (the exporter reads the standard OTEL_* variables itself). */
  tracing: boolean;
}

/** An OTLP endpoint is set, and neither the SDK nor the traces exporter is turned off. */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (/^true$/i.test(env.OTEL_SDK_DISABLED ?? '')) return false;
  if ((env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').every((e) => e.trim() === 'none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

export const telemetryWanted = (t: TelemetryConfig | undefined): boolean =>
  Boolean(t && (t.metrics || t.tracing));
