// Append-only audit trail: one JSON line per mutating call, written with one write each, so a
// crash loses at most the line being written and never corrupts earlier ones.
import { closeSync, mkdirSync, writeSync } from 'node:fs';
import { openPrivateFile } from '../../private-file.js';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { scrub, secretsInBody } from '../../evs-client/redact.js';
import { telemetry } from '../../telemetry/telemetry.js';

export type AuditVerdict =
  'allowed' | `refused:${string}` | 'dry_run' | 'confirmation_required' | 'approval_required' | 'declined';

export interface AuditOutcome {
  sent: boolean;
  ok?: boolean;
  status?: number;
  error_code?: string;
  wait?: { settled: boolean; status: string };
}

export interface AuditEntry {
  time: string;
  tool: string;
  section: string;
  args: unknown;
  /** The MCP caller: the OAuth subject over HTTP, `local` on stdio. */
  caller?: string;
  /** Caller, credential fingerprint and project (see principal.ts). */
  principal: string;
  verdict: AuditVerdict;
  /** How it was confirmed, when it was ('off': it needed confirmation and EVS_MCP_CONFIRMATION=off). */
  confirmed_by?: 'elicitation' | 'token' | 'approval' | 'off';
  /** True for a token confirmation: the model holds the token and could have sent it itself. */
  model_could_confirm?: boolean;
  checks?: string[];
  outcome: AuditOutcome;
  request_id?: string;
  /** The call's trace id, when traces are on (src/telemetry). */
  trace_id?: string;
}

/** `EVS_MCP_AUDIT_LOG=-`: the lines go to stderr (container log collection), marked as audit lines. */
export const AUDIT_TO_STDERR = '-';

/** Arguments with secret values (auth_key, passwords, tokens, known credentials) replaced. */
export function redactArgs(args: unknown, secrets: readonly string[]): unknown {
  const text = scrub(JSON.stringify(args ?? {}), [...secrets, ...secretsInBody(args)]);
  return JSON.parse(text) as unknown;
}

/**
 * The audit line of a call could not be written. Thrown to the caller, never swallowed: the message
 * says whether the request was sent, so an unrecorded change is not mistaken for nothing.
 */
export class AuditWriteError extends Error {
  constructor(entry: AuditEntry, cause: string) {
    const sent = entry.outcome.sent
      ? `${entry.tool} was sent and may have taken effect (${[
          entry.outcome.status !== undefined ? `HTTP ${entry.outcome.status}` : '',
          entry.request_id ? `request id ${entry.request_id}` : '',
        ]
          .filter(Boolean)
          .join(', ')}); check its state with a get or list tool before repeating it`
      : `nothing was sent for ${entry.tool}`;
    super(`The audit log could not be written (${cause}): ${sent}. Fix the audit log (EVS_MCP_AUDIT_LOG).`);
    this.name = 'AuditWriteError';
  }
}

/** The audit file, opened for appending; a folder it creates is 0700. */
function openAuditFile(path: string): number {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return openPrivateFile(path, 'append', 'refusing to append to it');
}

export interface AuditLog {
  write(entry: AuditEntry): void;
  close(): void;
}

export function createAuditLog(
  path: string | undefined,
  logger: Logger,
  secrets: () => readonly string[],
): AuditLog {
  let fd: number | undefined;
  return {
    write(entry) {
      if (!path) return;
      try {
        const toStderr = path === AUDIT_TO_STDERR;
        fd ??= toStderr ? 2 : openAuditFile(path);
        const traceId = telemetry().traceId();
        const marked = {
          ...(toStderr ? { msg: 'audit' } : {}),
          ...entry,
          args: redactArgs(entry.args, secrets()),
          ...(traceId ? { trace_id: traceId } : {}),
        };
        // Scrub the whole line too: checks and error text may quote a value.
        const line = `${scrub(JSON.stringify(marked), [...secrets()])}\n`;
        const buf = Buffer.from(line, 'utf8');
        const written = writeSync(fd, buf);
        if (written !== buf.length) throw new Error(`short write (${written} of ${buf.length} bytes)`);
      } catch (err) {
        const cause =
          (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
        const detail = err instanceof Error ? err.message : String(err);
        logger.error({ err: detail, tool: entry.tool, sent: entry.outcome.sent }, 'audit log write failed');
        // The next call tries to open the file afresh (it may have been fixed).
        if (fd !== undefined && fd !== 2) {
          try {
            closeSync(fd);
          } catch {
            // already unusable
          }
          fd = undefined;
        }
        throw new AuditWriteError(entry, cause === detail ? cause : `${cause}: ${detail}`);
      }
    },
    close() {
      if (fd !== undefined && fd !== 2) closeSync(fd);
      fd = undefined;
    },
  };
}
