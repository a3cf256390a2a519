// Test helpers: a sandbox with short delays, and requests signed with Huawei's own SDK signer.
import { signWithSdk, type SdkKey } from '../contract/sdk-signer.js';
import type { HttpMethod } from '../contract/wire.js';
import {
  startSandbox,
  type SandboxHandle,
  type SandboxOptions,
  type SandboxProject,
} from '../../src/sandbox/index.js';

export const FAST = { create: 0, extend: 0, delete: 0, rollback: 0, upload: 0, snapshot: 0, job: 0 };

/** A sandbox on a manual clock: nothing happens with time until a test moves the clock. */
export function start(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  return startSandbox({ seedDemoData: false, clock: 'manual', ...opts, delays: { ...FAST, ...opts.delays } });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  /** Use this token instead of signing. */
  token?: string;
  /** Send no credentials at all. */
  anonymous?: boolean;
  /** Sign as of this time (for skew tests; default: the sandbox clock's time). */
  now?: Date;
  /** Changes the request after signing (for tamper tests). */
  tamper?: (headers: Record<string, string>) => Record<string, string>;
  /** Sent as is (hashed into X-Sdk-Content-Sha256 for the signature). */
  rawBody?: string;
  /** Sign with this key instead of the project's (an IAM user, temporary credentials). */
  key?: SdkKey;
  /** Sent instead of the signed body (for tamper tests). */
  sendBody?: string;
}

/** One HTTP request to the sandbox, signed with the project's AK/SK (or `key`) unless told otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export async function call<T = any>(
  h: SandboxHandle,
  project: SandboxProject,
  method: HttpMethod,
  path: string,
  o: CallOptions = {},
): Promise<Res<T>> {
  const url = new URL(h.url + path);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.append(k, String(v));
  let headers: Record<string, string> = {};
  let body = o.rawBody ?? (o.body === undefined ? '' : JSON.stringify(o.body));
  if (body) headers['Content-Type'] = 'application/json';
  if (o.token) headers['X-Auth-Token'] = o.token;
  else if (!o.anonymous) {
    const signed = signWithSdk(
      {
        method,
        url,
        ...(o.rawBody !== undefined ? { raw: o.rawBody } : o.body !== undefined ? { json: o.body } : {}),
        // Signed as of the sandbox's clock, which a test may have moved.
        now: o.now ?? new Date(h.clock.now()),
      },
      o.key ?? project,
    );
    headers = signed.headers;
    body = signed.body;
  }
  if (o.tamper) headers = o.tamper(headers);
  const sent = o.sendBody ?? body;
  const res = await fetch(url, { method, headers, ...(sent ? { body: sent } : {}) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/**
 * Asks `fn` until it returns a value. On a manual clock, the sandbox clock moves 10 ms between asks (so
 * nothing depends on how fast the machine is); on the real clock, it waits 10 ms of real time.
 */
export async function waitFor<T>(
  h: SandboxHandle,
  fn: () => Promise<T | undefined>,
  sandboxMs = 30_000,
): Promise<T> {
  for (let elapsed = 0; ; elapsed += 10) {
    const v = await fn();
    if (v !== undefined) return v;
    if (elapsed > sandboxMs) throw new Error(`waitFor: nothing after ${sandboxMs} ms of sandbox time`);
    if (h.clock.manual) h.clock.advance(10);
    else await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls a disk until its status is `status`. */
export function waitForVolume(h: SandboxHandle, p: SandboxProject, id: string, status: string) {
  return waitFor(h, async () => {
    const r = await call(h, p, 'GET', `/v2/${p.id}/volumes/${id}`);
    return r.body?.volume?.status === status ? r.body.volume : undefined;
  });
}

export function createBody(over: Record<string, unknown> = {}) {
  return { volume: { availability_zone: 'sandbox-1a', volume_type: 'SSD', size: 10, name: 'disk', ...over } };
}
