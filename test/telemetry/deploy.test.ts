// The deploy/ examples: every query of the Grafana dashboard names only metrics the server exports,
// and promtool accepts the Prometheus scrape config.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/telemetry/metrics.js';

const file = (p: string) => fileURLToPath(new URL(`../../deploy/${p}`, import.meta.url));
const havePromtool = spawnSync('promtool', ['--version']).status === 0;
const requirePromtool = process.env.EVS_MCP_REQUIRE_PROMTOOL === '1';

/** Every series name the server can export: each metric, and a histogram's _bucket, _sum and _count. */
async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await createMetrics().registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
  }
  return names;
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

describe('deploy/ telemetry examples', () => {
  it('the dashboard queries name metrics the server exports, and only those', async () => {
    const names = await exported();
    const dash = JSON.parse(readFileSync(file('grafana-dashboard.json'), 'utf8')) as { panels: Panel[] };
    const exprs = dash.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
    );
    expect(exprs.length).toBeGreaterThanOrEqual(6);
    for (const { panel, expr } of exprs) {
      const used = expr.match(/\bevs_mcp_[a-z0-9_]+/g) ?? [];
      expect(used.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of used) expect(names.has(name), `${panel}: ${name}`).toBe(true);
    }
    // The four things the dashboard is for.
    const all = exprs.map((e) => e.expr).join('\n');
    for (const needed of [
      'evs_mcp_tool_calls_total',
      'outcome="refused"',
      'evs_mcp_evs_request_duration_seconds_bucket',
      'evs_mcp_confirmations_total',
    ])
      expect(all).toContain(needed);
  });

  it.skipIf(!havePromtool && !requirePromtool)('promtool accepts the scrape config', () => {
    const r = spawnSync('promtool', ['check', 'config', file('prometheus.yml')], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
