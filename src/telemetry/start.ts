// Starts what is configured: prom-client metrics, OpenTelemetry traces, or both, each loaded only then,
// and installs the live telemetry for the process. Returns how to scrape and how to stop.
import type { Logger } from 'pino';
import { operationLabel, type RecordFacts } from './record-facts.js';
import type { MetricsScrape } from './scrape.js';
import { installTelemetry } from './telemetry.js';
import type { TelemetryConfig } from './wanted.js';

export interface TelemetryHandle {
  /** Set when metrics are on. */
  metrics?: MetricsScrape;
  /** The own listener's URL, when metrics have their own port. */
  metricsUrl?: string;
  shutdown(): Promise<void>;
}

export async function startTelemetry(opts: {
  config: TelemetryConfig;
  operations: readonly RecordFacts[];
  logger: Logger;
  version: string;
  env?: NodeJS.ProcessEnv;
}): Promise<TelemetryHandle> {
  const { config, logger } = opts;
  const [live, metricsMod, tracingMod] = await Promise.all([
    import('./live.js'),
    config.metrics ? import('./metrics.js') : undefined,
    config.tracing ? import('./tracing.js') : undefined,
  ]);
  const metrics = metricsMod?.createMetrics();
  const tracing = tracingMod?.startTracing(opts.env ?? process.env, opts.version);
  // Official operation names by section: the HTTP client knows only the section of what it sends. A batch
  // shares its single record's section but has no operation of its own, so it never names the request.
  const bySection = new Map<string, string>();
  for (const o of opts.operations)
    if (!o.batch && !bySection.has(o.section)) bySection.set(o.section, operationLabel(o));
  installTelemetry(
    live.createLiveTelemetry({
      ...(metrics ? { metrics } : {}),
      ...(tracing ? { tracing } : {}),
      operationOf: (section) => (section && bySection.get(section)) || 'none',
    }),
  );
  const scrape: MetricsScrape | undefined = metrics && {
    contentType: metrics.registry.contentType,
    text: () => metrics.registry.metrics(),
  };
  let close: (() => Promise<void>) | undefined;
  let metricsUrl: string | undefined;
  if (scrape && config.metrics?.port !== undefined) {
    const { serveMetrics } = await import('./metrics-server.js');
    const served = await serveMetrics(scrape, config.metrics.host, config.metrics.port);
    close = served.close;
    metricsUrl = served.url;
    logger.info({ url: metricsUrl }, 'serving Prometheus metrics');
  }
  if (tracing) logger.info('exporting OpenTelemetry traces over OTLP/HTTP');
  return {
    ...(scrape ? { metrics: scrape } : {}),
    ...(metricsUrl ? { metricsUrl } : {}),
    async shutdown() {
      installTelemetry();
      await close?.();
      await tracing?.shutdown();
    },
  };
}
