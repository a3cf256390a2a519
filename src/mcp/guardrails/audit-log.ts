// Append-only audit trail: one JSON line per mutating call, written with one write each, so a
// crash loses at most the line being written and never corrupts earlier ones.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { scrub, secretsInBody } from '../../http/redact.js';

export type AuditVerdict = 'allowed' | `refused:${string}` | 'dry_run' | 'confirmation_required' | 'declined';

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
  /** How it was confirmed, when it was. */
  confirmed_by?: 'elicitation' | 'token';
  checks?: string[];
  outcome: AuditOutcome;
  request_id?: string;
}

/** Arguments with secret values (auth_key, passwords, tokens, known credentials) replaced. */
export function redactArgs(args: unknown, secrets: readonly string[]): unknown {
  const text = scrub(JSON.stringify(args ?? {}), [...secrets, ...secretsInBody(args)]);
  return JSON.parse(text) as unknown;
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
        if (fd === undefined) {
          mkdirSync(dirname(path), { recursive: true });
          fd = openSync(path, 'a', 0o600);
        }
        // Scrub the whole line too: checks and error text may quote a value.
        const line = `${scrub(JSON.stringify({ ...entry, args: redactArgs(entry.args, secrets()) }), [...secrets()])}\n`;
        writeSync(fd, line);
      } catch (err) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'audit log write failed');
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
