// Telemetry off costs nothing at start: the CLI bundle's static import graph (what a cold start loads)
// holds no telemetry library; they are reached only through the lazy imports taken when configured.
// And the settings: metrics on stdio need their own port; OTEL_* decide whether traces are on.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { tracingWanted } from '../../src/telemetry/wanted.js';

const dir = fileURLToPath(new URL('../../dist/cli/', import.meta.url));
const TELEMETRY = /^(@opentelemetry\/|prom-client$)/;

/** Bare packages each file of the bundle imports, statically and lazily, and the local files it loads. */
function importsOf(file: string) {
  const text = readFileSync(`${dir}${file}`, 'utf8');
  const lazy = [...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!);
  const stat = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*)"([^"]+)"/g)].map((m) => m[1]!);
  return { stat, lazy };
}

function walk(start: string, followLazy: boolean): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { stat, lazy } = importsOf(file);
    for (const spec of followLazy ? [...stat, ...lazy] : stat) {
      if (spec.startsWith('./')) queue.push(spec.slice(2));
      else packages.add(spec);
    }
  }
  return packages;
}

describe('telemetry off', () => {
  it('the cold start loads no telemetry library; the lazy imports reach all of them', () => {
    expect(existsSync(`${dir}main.js`)).toBe(true);
    const atStart = [...walk('main.js', false)];
    expect(atStart.length).toBeGreaterThan(0);
    expect(atStart.filter((p) => TELEMETRY.test(p))).toEqual([]);
    const reachable = [...walk('main.js', true)].filter((p) => TELEMETRY.test(p)).sort();
    expect(reachable).toEqual(
      expect.arrayContaining([
        'prom-client',
        '@opentelemetry/api',
        '@opentelemetry/sdk-trace',
        '@opentelemetry/exporter-trace-otlp-http',
      ]),
    );
  });

  it('leaves telemetry out of the configuration unless asked', () => {
    expect(loadConfig({}, {}, { sandbox: true }).telemetry).toBeUndefined();
    expect(loadConfig({ EVS_MCP_METRICS_PORT: '0' }, {}, { sandbox: true }).telemetry).toEqual({
      metrics: { host: '127.0.0.1', port: 0 },
      tracing: false,
    });
    expect(() => loadConfig({ EVS_MCP_METRICS: '1' }, {}, { sandbox: true })).toThrow(ConfigError);
  });

  it('turns traces on from an OTLP endpoint, off with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted(endpoint)).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingWanted({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingWanted({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(loadConfig(endpoint, {}, { sandbox: true }).telemetry).toEqual({ tracing: true });
  });
});
