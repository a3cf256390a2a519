// pino logger that writes to stderr only (on stdio, stdout is the protocol) and never lets a secret out:
// known key paths are redacted by pino, and every known secret value is scrubbed from each line.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { REDACT_PATHS, scrub } from '../evs-client/redact.js';

export interface LoggerOptions {
  level: string;
  /** Returns the secret values to scrub; called per line so late-discovered secrets count too. */
  secrets?: () => readonly string[];
  /** Where lines go; stderr unless a test captures them. */
  destination?: NodeJS.WritableStream;
  /** Also receives every scrubbed line (the MCP client's log notifications); the logger's level may then drop below `level`. */
  forward?: { write(line: string): void };
}

/** The numeric level of a pino JSON line, without parsing all of it. */
const levelOf = (line: string): number => Number(/"level":(\d+)/.exec(line)?.[1] ?? 30);

/** A stream that scrubs secret values out of each log line before it reaches the destination (and the client). */
function scrubbingStream(
  dest: NodeJS.WritableStream,
  secrets: () => readonly string[],
  forward?: { write(line: string): void },
  destLevel = 0,
): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = scrub(chunk.toString('utf8'), [...secrets()]);
      // The logger may run below the configured level for a client that asked for more: stderr keeps its level.
      if (levelOf(line) >= destLevel) dest.write(line);
      forward?.write(line);
      done();
    },
  });
}

export function createLogger(opts: LoggerOptions): Logger {
  const dest = opts.destination ?? process.stderr;
  const destLevel =
    opts.level === 'silent' ? Number.POSITIVE_INFINITY : (pino.levels.values[opts.level] ?? 0);
  const stream =
    opts.secrets || opts.forward
      ? scrubbingStream(dest, opts.secrets ?? (() => []), opts.forward, destLevel)
      : dest;
  return pino(
    {
      name: 'evs-mcp',
      level: opts.level,
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      base: undefined,
    },
    stream,
  );
}

export type { Logger };
