// AK/SK request signing (SDK-HMAC-SHA256), byte-identical to Huawei Cloud's own SDK signer.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { PreparedRequest } from './types.js';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

export interface AkSkCredential {
  ak: string;
  sk: string;
  securityToken?: string;
}

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 unreserved characters: the only ASCII the signer leaves unescaped. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

const HEX_TABLE: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'),
);

const UNRESERVED_BYTE: readonly boolean[] = Array.from({ length: 256 }, (_, b) =>
  b < 0x80 ? UNRESERVED.test(String.fromCharCode(b)) : false,
);

function hexByte(b: number): string {
  return HEX_TABLE[b] as string;
}

/**
 * Percent-encodes UTF-8 bytes of everything except A-Z a-z 0-9 - . _ ~ (so space is %20, `*+!'()` are escaped):
 * the signer's encoding of canonical query keys and values and of each decoded path segment.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out += UNRESERVED.test(ch) ? ch : hexByte(c);
    } else if (c < 0x800) {
      out += hexByte(0xc0 | (c >> 6)) + hexByte(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c >= 0xe000) {
      out += hexByte(0xe0 | (c >> 12)) + hexByte(0x80 | ((c >> 6) & 0x3f)) + hexByte(0x80 | (c & 0x3f));
    } else {
      // Surrogates: combined with the next unit exactly as the SDK does (it never validates the low half).
      i++;
      if (i >= text.length) throw new Error('Cannot percent-encode a string ending in an unpaired surrogate');
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      out +=
        hexByte(0xf0 | (c >> 18)) +
        hexByte(0x80 | ((c >> 12) & 0x3f)) +
        hexByte(0x80 | ((c >> 6) & 0x3f)) +
        hexByte(0x80 | (c & 0x3f));
    }
  }
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYYMMDDTHHMMSSZ` in UTC, e.g. 20260101T000000Z. */
export function formatSdkDate(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/** Strict inverse of formatSdkDate; undefined for anything else (including impossible dates like 0230). */
export function parseSdkDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range fields; a round trip rejects them.
  return formatSdkDate(d) === s ? d : undefined;
}

/** Bytes of one wire path segment: `%XX` decoded, anything else as UTF-8 (a `%` not followed by two hex digits is kept). */
function segmentBytes(segment: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const hex = segment.charAt(i) === '%' ? segment.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    const cp = segment.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
  }
  return bytes;
}

/**
 * Each `/`-separated segment of the wire path decoded, then percent-encoded exactly once (unreserved kept), ending
 * in `/`: the API Gateway's rule, so `a*b`, `a%2Ab` and `a%2ab` all sign as `a%2Ab`, and `%E6%95%B0` (数) stays
 * `%E6%95%B0`. Huawei's Node.js SDK encodes the raw path it built once, which agrees for most values (`*`,
 * `数据`), but its legacy url.parse escapes some characters first (space, `'`, `"`, `<`, `>`, `^`, `` ` ``, `{`,
 * `|`, `}`), so those end up encoded twice: it signs `%2520` for a space where the gateway expects `%20`.
 */
export function canonicalUri(pathname: string): string {
  if (!pathname) return '/';
  const encoded = pathname
    .split('/')
    .map((segment) =>
      segmentBytes(segment)
        .map((b) => (UNRESERVED_BYTE[b] ? String.fromCharCode(b) : hexByte(b)))
        .join(''),
    )
    .join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

// UTF-16 code-unit order, the order of JavaScript's default Array.prototype.sort the SDK relies on.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Decoded pairs sorted by raw key then raw value, each encoded, joined `k=v&k=v`; empty values give `k=`. */
export function canonicalQueryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort((x, y) => byCodeUnits(x[0], y[0]) || byCodeUnits(x[1], y[1]))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function payloadHash(body: string | Uint8Array): string {
  return body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

function headerValue(headers: Record<string, string>, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === lowerName) return value;
  }
  return undefined;
}

/**
 * The canonical request text; header lines follow the order of `signedHeaders`, values looked up ignoring case.
 * (The SDK sorts the lines with localeCompare instead, which differs from its own signed list only for names
 * with `_`; following the list is what a verifier can reproduce.)
 */
export function canonicalRequest(p: {
  method: string;
  pathname: string;
  query: ReadonlyArray<readonly [string, string]>;
  headers: Record<string, string>;
  signedHeaders: readonly string[];
  body: string | Uint8Array;
}): string {
  const names = p.signedHeaders.map((n) => n.toLowerCase());
  const canonicalHeaders = names
    .map((name) => {
      const value = headerValue(p.headers, name);
      if (value === undefined) throw new Error(`Signed header "${name}" is missing from the request`);
      return `${name}:${value}\n`;
    })
    .join('');
  return [
    p.method,
    canonicalUri(p.pathname),
    canonicalQueryString(p.query),
    canonicalHeaders,
    names.join(';'),
    payloadHash(p.body),
  ].join('\n');
}

/** Hex HMAC-SHA256 over `SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>`. */
export function signature(sk: string, sdkDate: string, canonicalRequestText: string): string {
  const stringToSign = [SIGNING_ALGORITHM, sdkDate, sha256Hex(canonicalRequestText)].join('\n');
  return createHmac('sha256', sk).update(stringToSign).digest('hex');
}

// Headers whose value the signer decides; any copy in the input (any case) is replaced.
const REPLACED_HEADERS = new Set(['authorization', 'x-sdk-date']);

/**
 * Signs a PreparedRequest. Returns the complete header set to send: the input headers plus Host, X-Sdk-Date,
 * X-Project-Id (when projectId given), X-Security-Token (when present), Authorization. Every returned header
 * except Authorization is signed, so nothing is sent unsigned. The query is read form-decoded from
 * `url.searchParams` (a literal `+` means space), so build it with URLSearchParams or percentEncode.
 */
export function signRequest(
  req: PreparedRequest,
  cred: AkSkCredential,
  opts: { now?: Date; projectId?: string } = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (REPLACED_HEADERS.has(lower)) continue;
    if (seen.has(lower)) throw new Error(`Header "${name}" is given twice with different letter case`);
    seen.add(lower);
    out[name] = value;
  }
  const set = (name: string, value: string): void => {
    for (const existing of Object.keys(out)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    }
    out[name] = value;
  };
  // A Host given by the caller is what goes on the wire; otherwise the URL's (default port omitted, as sent).
  if (!seen.has('host')) out['Host'] = req.url.host;
  const sdkDate = formatSdkDate(opts.now ?? new Date());
  set('X-Sdk-Date', sdkDate);
  if (opts.projectId) set('X-Project-Id', opts.projectId);
  if (cred.securityToken) set('X-Security-Token', cred.securityToken);

  const signedHeaders = Object.keys(out)
    .map((n) => n.toLowerCase())
    .sort(byCodeUnits);
  const text = canonicalRequest({
    method: req.method,
    pathname: req.url.pathname,
    query: [...req.url.searchParams],
    headers: out,
    signedHeaders,
    body: req.body,
  });
  const sig = signature(cred.sk, sdkDate, text);
  out['Authorization'] =
    `${SIGNING_ALGORITHM} Access=${cred.ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
  return out;
}

/** Parses `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`; undefined when malformed. */
export function parseAuthorization(
  header: string,
): { access: string; signedHeaders: string[]; signature: string } | undefined {
  const m =
    /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
      header.trim(),
    );
  if (!m) return undefined;
  const [, access, signed, sig] = m as unknown as [string, string, string, string];
  const signedHeaders = signed.split(';');
  if (signedHeaders.some((h) => h === '')) return undefined;
  return { access, signedHeaders, signature: sig.toLowerCase() };
}

/** For the embedded sandbox: verifies a received request. Query pairs decoded; header names lower-cased. */
export function verifySignature(p: {
  method: string;
  pathname: string;
  query: ReadonlyArray<readonly [string, string]>;
  headers: Record<string, string>;
  body: string | Uint8Array;
  sk: string;
  signatureHex: string;
  signedHeaders: readonly string[];
}): boolean {
  const sdkDate = p.headers['x-sdk-date'];
  if (sdkDate === undefined || p.signedHeaders.length === 0) return false;
  let text: string;
  try {
    text = canonicalRequest(p);
  } catch {
    return false; // a signed header is missing
  }
  const expected = Buffer.from(signature(p.sk, sdkDate, text), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(p.signatureHex)
    ? Buffer.from(p.signatureHex, 'hex')
    : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
