// SDK-HMAC-SHA256 checked as the API Gateway checks it, from the request as received (request target,
// headers, body bytes), following the published signing rules rather than any client's signer:
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n Hex(SHA256(body))
//   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n Hex(SHA256(CanonicalRequest))
//   Signature        = Hex(HMAC-SHA256(SK, StringToSign))
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

/** `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`, exactly (a space after the algorithm, commas after). */
export function parseAuthorizationHeader(value: string): ParsedAuthorization | undefined {
  const m =
    /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9\-_;]+), Signature=([0-9a-f]{64})$/.exec(value);
  if (!m) return undefined;
  return { access: m[1]!, signedHeaders: m[2]!.split(';'), signature: m[3]! };
}

/** `YYYYMMDDTHHMMSSZ` (UTC) to epoch milliseconds. */
export function parseSdkDateHeader(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  // Refuses dates that roll over (20260231...).
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return t;
}

/** Percent-encodes the UTF-8 bytes of everything but the RFC 3986 unreserved characters A-Z a-z 0-9 - _ . ~ */
export function encodeUnreserved(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Thrown for a request target the gateway could not canonicalise (bad percent-encoding, lone surrogates). */
export class UnreadableTarget extends Error {}

function decodeStrict(text: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    throw new UnreadableTarget(`cannot decode ${JSON.stringify(text)}`);
  }
}

function encodeStrict(text: string): string {
  try {
    return encodeUnreserved(text);
  } catch {
    throw new UnreadableTarget('unpaired surrogate');
  }
}

/** Each path segment decoded, then encoded once; ends in `/`. */
export function canonicalPath(rawPath: string): string {
  const out = rawPath
    .split('/')
    .map((segment) => encodeStrict(decodeStrict(segment, false)))
    .join('/');
  return out.endsWith('/') ? out : `${out}/`;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Parameters decoded (`+` is a space, as in form encoding), sorted by name then value in character-code
 * order, each name and value encoded once, `name=value` joined with `&` (a bare name gives `name=`).
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [decodeStrict(name, true), decodeStrict(value, true)] as const;
    });
  return pairs
    .sort((x, y) => byCodeUnit(x[0], y[0]) || byCodeUnit(x[1], y[1]))
    .map(([k, v]) => `${encodeStrict(k)}=${encodeStrict(v)}`)
    .join('&');
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export interface WireRequest {
  method: string;
  /** The request target's path, as received (still percent-encoded). */
  rawPath: string;
  /** The request target's query, as received, without `?`. */
  rawQuery: string;
  /** Header names in lower case; repeated headers joined with `,`. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The canonical request for the signed header names given, or undefined when one of them was not sent. */
export function canonicalRequestText(req: WireRequest, signedHeaders: string[]): string | undefined {
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return undefined;
    lines.push(`${name}:${value.trim()}\n`);
  }
  return [
    req.method.toUpperCase(),
    canonicalPath(req.rawPath),
    canonicalQuery(req.rawQuery),
    lines.join(''),
    signedHeaders.join(';'),
    sha256Hex(req.body),
  ].join('\n');
}

export function expectedSignature(sk: string, sdkDate: string, canonical: string): string {
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', sk).update(stringToSign).digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
