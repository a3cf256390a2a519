// A real HTTP server on 127.0.0.1 (random port) that records every request and answers from a script.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  pathname: string;
  query: URLSearchParams;
  /** Lower-cased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The client's port: equal for requests that shared a kept-alive connection. */
  remotePort: number | undefined;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (the request is recorded at once). */
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

export type Responder = (
  req: RecordedRequest,
  res: ServerResponse,
) => ScriptedResponse | Promise<ScriptedResponse>;

interface Route {
  method: string;
  path: string | RegExp;
  queue: (ScriptedResponse | Responder)[];
}

export class LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Starts on a random free port; pass `port` to take a specific one (e.g. to come up late). */
  static async start(port = 0): Promise<LoopbackServer> {
    const holder: { self?: LoopbackServer } = {};
    const server = createServer((req, res) => {
      void holder.self?.handle(req, res);
    });
    server.on('connection', (socket: Socket) => {
      holder.self?.sockets.add(socket);
      socket.on('close', () => holder.self?.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const self = new LoopbackServer(server, (server.address() as AddressInfo).port);
    holder.self = self;
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Scripts the answers for `method path`: used in order, the last one repeating.
   * A path string matches the pathname exactly; a RegExp is tested against it.
   */
  on(method: string, path: string | RegExp, ...responses: (ScriptedResponse | Responder)[]): this {
    if (responses.length === 0) throw new Error('on() needs at least one response');
    this.routes.push({ method: method.toUpperCase(), path, queue: [...responses] });
    return this;
  }

  /** Requests received for a method and pathname. */
  received(method: string, pathname: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method.toUpperCase() &&
        (typeof pathname === 'string' ? r.pathname === pathname : pathname.test(r.pathname)),
    );
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: import('node:http').IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(`http://127.0.0.1${req.url ?? '/'}`);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      rawUrl: req.url ?? '/',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
      remotePort: req.socket.remotePort,
    };
    this.requests.push(recorded);

    const route = this.routes.find(
      (r) =>
        r.method === recorded.method &&
        (typeof r.path === 'string' ? r.path === recorded.pathname : r.path.test(recorded.pathname)),
    );
    if (!route) {
      send(res, {
        status: 404,
        body: {
          error: { code: 'TEST.404', message: `no route for ${recorded.method} ${recorded.pathname}` },
        },
      });
      return;
    }
    const next = route.queue.length > 1 ? route.queue.shift() : route.queue[0];
    const scripted = typeof next === 'function' ? await next(recorded, res) : (next ?? {});
    if (scripted.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, scripted.delayMs);
        this.timers.add(timer);
      });
    }
    if (scripted.destroy) {
      res.socket?.destroy();
      return;
    }
    if (!res.writableEnded && !res.destroyed) send(res, scripted);
  }
}

function send(res: ServerResponse, scripted: ScriptedResponse): void {
  const body =
    scripted.body === undefined
      ? ''
      : typeof scripted.body === 'string'
        ? scripted.body
        : JSON.stringify(scripted.body);
  const headers: Record<string, string> = { ...(scripted.headers ?? {}) };
  if (body !== '' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = typeof scripted.body === 'string' ? 'text/plain' : 'application/json';
  }
  res.writeHead(scripted.status ?? 200, headers);
  res.end(body);
}

/** A port that nothing listens on (taken and released at once), for connection-refused tests. */
export async function freePort(): Promise<number> {
  const probe = await LoopbackServer.start();
  const port = probe.port;
  await probe.close();
  return port;
}

/** Collects pino's output lines so a test can search them; `onLine` sees each parsed entry as it is written. */
export function captureLogs(onLine?: (entry: Record<string, unknown>) => void): {
  stream: { write(line: string): void };
  text(): string;
  lines(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const parse = (text: string): Record<string, unknown>[] =>
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    stream: {
      write: (line: string) => {
        lines.push(line);
        if (onLine) for (const entry of parse(line)) onLine(entry);
      },
    },
    text: () => lines.join(''),
    lines: () => parse(lines.join('')),
  };
}

/** A debug-level pino logger with the project's redaction, writing into a capture. */
export async function testLogger(
  onLine?: (entry: Record<string, unknown>) => void,
): Promise<{ logger: import('pino').Logger; logs: ReturnType<typeof captureLogs> }> {
  const { default: pino } = await import('pino');
  const { PINO_REDACT } = await import('../../src/evs-client/redact.js');
  const logs = captureLogs(onLine);
  const logger = pino(
    { level: 'debug', redact: { paths: [...PINO_REDACT.paths], censor: PINO_REDACT.censor } },
    logs.stream,
  );
  return { logger, logs };
}
