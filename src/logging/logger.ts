// pino logger that writes to stderr only (on stdio, stdout is the protocol) and never lets a secret out:
// known key paths are redacted by pino, and every known secret value is scrubbed from each line.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { REDACT_PATHS, scrub } from '../http/redact.js';

export interface LoggerOptions {
  level: string;
  /** Returns the secret values to scrub; called per line so late-discovered secrets count too. */
  secrets?: () => readonly string[];
  /** Where lines go; stderr unless a test captures them. */
  destination?: NodeJS.WritableStream;
}

/** A stream that scrubs secret values out of each log line before it reaches the destination. */
function scrubbingStream(dest: NodeJS.WritableStream, secrets: () => readonly string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      dest.write(scrub(chunk.toString('utf8'), [...secrets()]));
      done();
    },
  });
}

export function createLogger(opts: LoggerOptions): Logger {
  const dest = opts.destination ?? process.stderr;
  const stream = opts.secrets ? scrubbingStream(dest, opts.secrets) : dest;
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
