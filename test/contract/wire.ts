// Plain HTTP to the sandbox, signed by Huawei's SDK signer: the contract suite's own client, sharing no
// code with the project's HTTP client.
import { signWithSdk, type SdkKey } from './sdk-signer.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;
export type Query = Record<string, QueryValue>;

export interface WireResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** An answer outside the statuses the caller accepts, with the EVS code found in its error body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly body: unknown,
  ) {
    super(`HTTP ${status} ${code ?? ''}`);
  }
}

/** `{"<envelope>": {"code": ...}}` (EVS) or `{"error_code": ...}` (gateway). */
function errorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.error_code === 'string') return o.error_code;
  const keys = Object.keys(o);
  const inner = keys.length === 1 ? o[keys[0]!] : undefined;
  if (typeof inner === 'object' && inner !== null && typeof (inner as { code?: unknown }).code === 'string')
    return (inner as { code: string }).code;
  return undefined;
}

export interface WireRequest {
  method: HttpMethod;
  path: string;
  query?: Query;
  body?: unknown;
  /** Statuses handed back as answers besides 2xx; anything else throws HttpFailure. */
  accept?: number[];
}

export async function sendSigned<T = unknown>(
  base: string,
  key: SdkKey,
  req: WireRequest,
): Promise<WireResponse<T>> {
  const url = new URL(base + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  }
  const signed = signWithSdk(
    { method: req.method, url, ...(req.body !== undefined ? { json: req.body } : {}) },
    key,
  );
  const res = await fetch(url, {
    method: req.method,
    headers: signed.headers,
    ...(signed.body ? { body: signed.body } : {}),
  });
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  const ok = (res.status >= 200 && res.status < 300) || (req.accept ?? []).includes(res.status);
  if (!ok) throw new HttpFailure(res.status, errorCode(body), body);
  return { status: res.status, headers, body: body as T };
}
