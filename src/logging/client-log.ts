// Log lines to the MCP client as `notifications/message`, at the level the client set with `logging/setLevel`.
// Lines arrive here already redacted and scrubbed of secret values by the logger's stream.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  SetLevelRequestSchema,
  type LoggingLevel,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';

/** pino's numeric levels as MCP (syslog) levels. */
export function mcpLevelOf(pinoLevel: number): LoggingLevel {
  if (pinoLevel >= 60) return 'critical';
  if (pinoLevel >= 50) return 'error';
  if (pinoLevel >= 40) return 'warning';
  if (pinoLevel >= 30) return 'info';
  return 'debug';
}

const MCP_SEVERITY: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** The lowest pino level whose lines a client at this MCP level wants. */
export function pinoThreshold(level: LoggingLevel): number {
  switch (level) {
    case 'debug':
      return 20;
    case 'info':
      return 30;
    case 'notice':
    case 'warning':
      return 40;
    case 'error':
      return 50;
    default:
      return 60;
  }
}

const PINO_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** Until a client sets a level, it gets warnings and worse only. */
const DEFAULT_CLIENT_LEVEL: LoggingLevel = 'warning';

interface Attached {
  server: McpServer;
  level: LoggingLevel;
}

export class ClientLogForwarder {
  private readonly attached = new Set<Attached>();
  private logger?: Logger;
  private baseLevel = 'info';
  private sending = false;

  /** The logger whose level follows the clients' (lowered when a client asks for more, never below what it needs). */
  bindLogger(logger: Logger, configuredLevel: string): void {
    this.logger = logger;
    this.baseLevel = configuredLevel;
  }

  /** Answers the server's `logging/setLevel` and sends it the lines at or above that level from now on. */
  attach(server: McpServer): void {
    const entry: Attached = { server, level: DEFAULT_CLIENT_LEVEL };
    this.attached.add(entry);
    server.server.setRequestHandler(SetLevelRequestSchema, (request) => {
      entry.level = request.params.level;
      this.adjustLoggerLevel();
      return {};
    });
    const previous = server.server.onclose;
    server.server.onclose = () => {
      this.attached.delete(entry);
      this.adjustLoggerLevel();
      previous?.();
    };
  }

  private adjustLoggerLevel(): void {
    if (!this.logger) return;
    const configured = this.logger.levels.values[this.baseLevel] ?? Number.POSITIVE_INFINITY;
    const wanted = Math.min(configured, ...[...this.attached].map((a) => pinoThreshold(a.level)));
    this.logger.level = PINO_NAMES[wanted] ?? this.baseLevel;
  }

  /** One JSON log line (as the logger wrote it). */
  write(line: string): void {
    if (this.sending || this.attached.size === 0) return;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const pinoLevel = typeof record.level === 'number' ? record.level : 30;
    const { level: _level, time: _time, name, ...data } = record;
    const params: LoggingMessageNotification['params'] = {
      level: mcpLevelOf(pinoLevel),
      logger: typeof name === 'string' ? name : 'evs-mcp',
      data,
    };
    // A failure to send must not log (and so send) again.
    this.sending = true;
    try {
      for (const a of this.attached) {
        if (pinoLevel < pinoThreshold(a.level)) continue;
        if (MCP_SEVERITY.indexOf(params.level) < MCP_SEVERITY.indexOf(a.level)) continue;
        a.server.server.sendLoggingMessage(params).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }
}
