// Append-only audit trail: one JSON line per mutating call, written with one write each, so a
// crash loses at most the line being written and never corrupts earlier ones.
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { scrub, secretsInBody } from '../../http/redact.js';

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
}

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

const LOOSE = 0o077;

/**
 * Opens the audit file for appending, refusing a symlink or a file someone else owns, and
 * tightening a file that group or others can read to 0600. A folder it creates is 0700.
 */
function openAuditFile(path: string): number {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid)
      throw new Error(`${path} belongs to another user (uid ${st.uid}); refusing to append to it`);
    if (st.mode & LOOSE) fchmodSync(fd, 0o600);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
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
        fd ??= openAuditFile(path);
        // Scrub the whole line too: checks and error text may quote a value.
        const line = `${scrub(JSON.stringify({ ...entry, args: redactArgs(entry.args, secrets()) }), [...secrets()])}\n`;
        const buf = Buffer.from(line, 'utf8');
        const written = writeSync(fd, buf);
        if (written !== buf.length) throw new Error(`short write (${written} of ${buf.length} bytes)`);
      } catch (err) {
        const cause =
          (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
        const detail = err instanceof Error ? err.message : String(err);
        logger.error({ err: detail, tool: entry.tool, sent: entry.outcome.sent }, 'audit log write failed');
        // The next call tries to open the file afresh (it may have been fixed).
        if (fd !== undefined) {
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
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
