// When a failed attempt may be repeated, and how long to wait: only where a retry cannot repeat an effect.
import type { HttpMethod } from './types.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5000 };

export function retryPolicy(partial?: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(partial?.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
    baseDelayMs: Math.max(0, partial?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, partial?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
}

/** How an attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'status'; status: number }
  /** The connection was never established, so the server saw nothing (refused, connect timeout, DNS). */
  | { kind: 'connect-failed' }
  /** The connection broke after the request may have been sent. */
  | { kind: 'connection-lost' };

/**
 * True when repeating the attempt cannot repeat an effect: anything that never reached the server,
 * and GET on 429, 5xx or a lost connection. POST, PUT and DELETE that may have arrived are never repeated.
 */
export function isRetryable(method: HttpMethod, outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'connect-failed') return true;
  if (method !== 'GET') return false;
  if (outcome.kind === 'connection-lost') return true;
  return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
}

/** Error codes meaning no byte of the request left this machine. */
const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
]);

/** Error codes of a connection that broke (or timed out) once it was open. */
const CONNECTION_LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The error code of a transport error or of any error in its cause chain. */
export function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    // AggregateError (happy eyeballs) carries the per-address errors.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyTransportError(err: unknown): AttemptOutcome | undefined {
  const code = errorCode(err);
  if (code !== undefined && CONNECT_FAILURE_CODES.has(code)) return { kind: 'connect-failed' };
  if (code !== undefined && CONNECTION_LOST_CODES.has(code)) return { kind: 'connection-lost' };
  return undefined;
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
