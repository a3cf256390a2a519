// A loopback OTLP/HTTP receiver: collects the JSON trace exports the server posts to /v1/traces.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
}

export interface Receiver {
  url: string;
  /** Every export body as received (for the search for secrets). */
  raw: string[];
  spans(): OtlpSpan[];
  resourceAttributes(): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const raw: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') raw.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  type Export = {
    resourceSpans?: {
      resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
      scopeSpans?: { spans?: OtlpSpan[] }[];
    }[];
  };
  const parsed = () => raw.map((r) => JSON.parse(r) as Export);
  return {
    url: `http://127.0.0.1:${port}`,
    raw,
    spans: () =>
      parsed().flatMap((e) =>
        (e.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? [])),
      ),
    resourceAttributes: () =>
      parsed().flatMap((e) =>
        (e.resourceSpans ?? []).map((r) =>
          Object.fromEntries((r.resource?.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A span's attributes as a plain object. */
export const attrs = (s: { attributes?: { key: string; value: Record<string, unknown> }[] }) =>
  Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]));
