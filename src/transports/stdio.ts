// Serves the MCP server over stdio. stdout carries only JSON-RPC; everything else goes to stderr.
// Our own line transport instead of the SDK's: it answers every bad line with a JSON-RPC error
// (the SDK's stays silent), refuses an over-long line without shutting down, and stops reading
// while too many requests are in flight, so a flood is answered once each with bounded memory.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import { MAX_JSON_DEPTH, scanJson, tooDeepMessage } from './json-depth.js';

/** Longest line read; a longer one is discarded (as it streams in) and answered with an error. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** Requests read but not yet answered before reading pauses (backpressure on the client). */
export const MAX_IN_FLIGHT = 256;
/** How much of an over-long line is kept to read its id from (the id usually comes first). */
export const LINE_HEAD_BYTES = 4096;
/** How long a closing stdin waits for calls already running to be answered. */
export const DRAIN_GRACE_MS = 60_000;

type Id = string | number;

export interface StdioOptions {
  maxLineBytes?: number;
  maxInFlight?: number;
}

function idOf(value: unknown): Id | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  }
  return null;
}

function errorReply(id: Id | null, code: number, message: string): JSONRPCMessage {
  // id null is what JSON-RPC 2.0 prescribes when the request's id cannot be known.
  return { jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage;
}

export class HardenedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #in: NodeJS.ReadableStream;
  readonly #out: NodeJS.WritableStream;
  readonly #logger: Logger;
  readonly #maxLine: number;
  readonly #maxInFlight: number;
  #chunks: Buffer[] = [];
  #bytes = 0;
  /** Bytes of an over-long line still to be skipped up to its newline. */
  #discarding = false;
  /** The start of the over-long line being skipped, to answer it with its own id. */
  #head = '';
  #inFlight = new Set<Id>();
  #paused = false;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  /** Writes waiting for stdout to drain. */
  #writeWaiters: (() => void)[] = [];

  constructor(
    stdin: NodeJS.ReadableStream,
    stdout: NodeJS.WritableStream,
    logger: Logger,
    opts: StdioOptions = {},
  ) {
    this.#in = stdin;
    this.#out = stdout;
    this.#logger = logger;
    this.#maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
    this.#maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT;
  }

  /** Requests read and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): Promise<void> {
    this.#in.on('data', this.#onData);
    this.#in.on('error', this.#onError);
    this.#out.on('error', this.#onError);
    return Promise.resolve();
  }

  /** Resolves once every request read so far has been answered (or the transport closed). */
  drained(): Promise<void> {
    if (this.#inFlight.size === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #onError = (err: Error): void => {
    this.onerror?.(err);
  };

  #onData = (chunk: Buffer | string): void => {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    while (buf.length > 0) {
      const nl = buf.indexOf(0x0a);
      const part = nl === -1 ? buf : buf.subarray(0, nl);
      if (!this.#discarding) {
        if (this.#bytes + part.length > this.#maxLine) {
          this.#discarding = true;
          const head = Buffer.concat([...this.#chunks, part.subarray(0, LINE_HEAD_BYTES)]);
          this.#head = head.subarray(0, LINE_HEAD_BYTES).toString('utf8');
          this.#chunks = [];
          this.#bytes = 0;
        } else {
          this.#chunks.push(part);
          this.#bytes += part.length;
        }
      }
      if (nl === -1) break;
      buf = buf.subarray(nl + 1);
      if (this.#discarding) {
        this.#discarding = false;
        this.#refuseLong();
      } else {
        const line = Buffer.concat(this.#chunks, this.#bytes).toString('utf8').replace(/\r$/, '');
        this.#chunks = [];
        this.#bytes = 0;
        this.#handleLine(line);
      }
    }
  };

  #refuseLong(): void {
    const message = `Request refused: the line is longer than the read limit of ${this.#maxLine} bytes; it was discarded`;
    this.#logger.warn({ cause: 'line over read limit', limitBytes: this.#maxLine }, message);
    // The client waits for its own id: answer with it when the start of the line shows it.
    const { id } = scanJson(this.#head);
    this.#head = '';
    this.#reply(errorReply(id, ErrorCode.InvalidRequest, message));
  }

  #handleLine(line: string): void {
    if (line.trim() === '') return;
    // Before parsing: a deep value would overflow the stack in what handles it after JSON.parse.
    const scan = scanJson(line);
    if (scan.tooDeep) {
      const message = tooDeepMessage();
      this.#logger.warn({ cause: 'nested too deep', id: scan.id, maxDepth: MAX_JSON_DEPTH }, message);
      this.#reply(errorReply(scan.id, ErrorCode.InvalidRequest, message));
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.#logger.warn({ cause: 'parse error', why }, 'refused a line that is not JSON');
      this.#reply(errorReply(null, ErrorCode.ParseError, `Parse error: ${why}`));
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = idOf(raw);
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      const message = `Invalid Request: not a valid JSON-RPC 2.0 message${where}${issue ? ` (${issue.message})` : ''}`;
      this.#logger.warn({ cause: 'invalid request', id }, message);
      // A response or notification that fails the schema still gets an answer: silence hides the fault.
      this.#reply(errorReply(id, ErrorCode.InvalidRequest, message));
      return;
    }
    const message = parsed.data;
    if ('method' in message && 'id' in message) {
      if (this.#inFlight.has(message.id)) {
        this.#reply(
          errorReply(
            message.id,
            ErrorCode.InvalidRequest,
            `Invalid Request: id ${JSON.stringify(message.id)} is already in use by a request in flight`,
          ),
        );
        return;
      }
      this.#inFlight.add(message.id);
      this.#throttle();
    } else if ('method' in message && message.method === 'notifications/cancelled') {
      // A cancelled request gets no answer from the SDK: stop counting it.
      const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
      if ((typeof id === 'string' || typeof id === 'number') && this.#inFlight.delete(id)) this.#settled();
    }
    try {
      this.onmessage?.(message);
    } catch (err) {
      this.onerror?.(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #throttle(): void {
    if (!this.#paused && this.#inFlight.size >= this.#maxInFlight) {
      this.#paused = true;
      this.#in.pause();
    } else if (this.#paused && this.#inFlight.size < this.#maxInFlight / 2) {
      this.#paused = false;
      this.#in.resume();
    }
  }

  #reply(message: JSONRPCMessage): void {
    void this.#write(message);
  }

  #write(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.#out.write(`${JSON.stringify(message)}\n`)) return resolve();
      // One 'drain' listener for every writer waiting on a full pipe, not one each (hundreds in flight).
      this.#writeWaiters.push(resolve);
      if (this.#writeWaiters.length === 1)
        this.#out.once('drain', () => {
          for (const w of this.#writeWaiters.splice(0)) w();
        });
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.#write(message);
    if (('result' in message || 'error' in message) && 'id' in message) {
      const id = (message as { id: Id }).id;
      if (this.#inFlight.delete(id)) this.#settled();
    }
  }

  #settled(): void {
    this.#throttle();
    if (this.#inFlight.size === 0) for (const w of this.#drainWaiters.splice(0)) w();
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#in.off('data', this.#onData);
    this.#in.off('error', this.#onError);
    this.#out.off('error', this.#onError);
    this.#in.pause();
    this.#chunks = [];
    for (const w of this.#drainWaiters.splice(0)) w();
    for (const w of this.#writeWaiters.splice(0)) w();
    this.onclose?.();
    return Promise.resolve();
  }
}

export async function serveStdio(
  server: McpServer,
  logger: Logger,
  onClose: () => Promise<void>,
): Promise<void> {
  const transport = new HardenedStdioTransport(process.stdin, process.stdout, logger);
  let closing = false;
  const shutdown = async (why: string, drain: boolean) => {
    if (closing) return;
    closing = true;
    logger.info({ why, inFlight: transport.inFlight }, 'shutting down');
    // Calls already running still get their answers when the client only closed its side.
    if (drain && transport.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        transport.drained(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_GRACE_MS))),
      ]);
      clearTimeout(timer);
    }
    await onClose().catch((err: unknown) => logger.error({ err }, 'error while closing'));
    process.exit(0);
  };
  transport.onclose = () => void shutdown('transport closed', false);
  transport.onerror = (err) => {
    logger.error({ err: err.message }, 'stdio transport error');
    // A closed stdout means nobody can read our answers: stop.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') void shutdown('stdout closed', false);
  };
  process.stdin.on('end', () => void shutdown('stdin ended', true));
  process.on('SIGINT', () => void shutdown('SIGINT', false));
  process.on('SIGTERM', () => void shutdown('SIGTERM', false));
  await server.connect(transport);
  logger.info({ maxLineBytes: MAX_LINE_BYTES, maxInFlight: MAX_IN_FLIGHT }, 'serving MCP over stdio');
}
