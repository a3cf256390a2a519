// AK/SK request signing (SDK-HMAC-SHA256), byte-identical to Huawei Cloud's own SDK signer.
// Hot path: every call is signed, so the text work avoids regexes, per-character allocations and URL re-parsing.
import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { PreparedRequest } from './types.js';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

export interface AkSkCredential {
  ak: string;
  sk: string;
  securityToken?: string;
}

const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const HEX_TABLE: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'),
);

/** 1 for the RFC 3986 unreserved ASCII A-Z a-z 0-9 - . _ ~, the only characters the signer leaves unescaped. */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  UNRESERVED[c] =
    (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || '-._~'.includes(ch)
      ? 1
      : 0;
}

function isUnreserved(c: number): boolean {
  return c < 0x80 && UNRESERVED[c] === 1;
}

function hexByte(b: number): string {
  return HEX_TABLE[b] as string;
}

/** `%XX%XX…` for the UTF-8 bytes of one code point above 0x7F. */
function utf8Escaped(cp: number): string {
  if (cp < 0x800) return hexByte(0xc0 | (cp >> 6)) + hexByte(0x80 | (cp & 0x3f));
  if (cp < 0x10000)
    return hexByte(0xe0 | (cp >> 12)) + hexByte(0x80 | ((cp >> 6) & 0x3f)) + hexByte(0x80 | (cp & 0x3f));
  return (
    hexByte(0xf0 | (cp >> 18)) +
    hexByte(0x80 | ((cp >> 12) & 0x3f)) +
    hexByte(0x80 | ((cp >> 6) & 0x3f)) +
    hexByte(0x80 | (cp & 0x3f))
  );
}

/** Index of the first character of `text` that is not unreserved ASCII, or its length. */
// One regex scan of the whole string (native code) finds it faster than a loop over characters.
const RESERVED = /[^A-Za-z0-9\-._~]/;
function firstReserved(text: string): number {
  const i = text.search(RESERVED);
  return i < 0 ? text.length : i;
}

/**
 * Percent-encodes UTF-8 bytes of everything except A-Z a-z 0-9 - . _ ~ (so space is %20, `*+!'()` are escaped):
 * the signer's encoding of canonical query keys and values and of each decoded path segment.
 */
export function percentEncode(text: string): string {
  let i = firstReserved(text);
  if (i === text.length) return text; // the usual case: ids, numbers, enum values
  let out = text.slice(0, i);
  let run = i; // start of the current run of unreserved characters
  for (; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (isUnreserved(c)) continue;
    if (run < i) out += text.slice(run, i);
    if (c < 0x80) out += hexByte(c);
    else if (c < 0xd800 || c >= 0xe000) out += utf8Escaped(c);
    else {
      // Surrogates: combined with the next unit exactly as the SDK does (it never validates the low half).
      i++;
      if (i >= text.length) throw new Error('Cannot percent-encode a string ending in an unpaired surrogate');
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff));
      out += utf8Escaped(c);
    }
    run = i + 1;
  }
  return run < text.length ? out + text.slice(run) : out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// The date has a resolution of one second and every call asks for it: the last one formatted is reused.
let lastDateSecond = NaN;
let lastDateText = '';

/** `YYYYMMDDTHHMMSSZ` in UTC, e.g. 20260101T000000Z. */
export function formatSdkDate(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second === lastDateSecond) return lastDateText;
  const text =
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  lastDateSecond = second;
  lastDateText = text;
  return text;
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

/** The value of one hex digit, or -1 (also for NaN, past the end of a string). */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * One wire path segment decoded and encoded once: `%XX` read as its byte (a `%` not followed by two hex digits is
 * a literal `%`), anything else as its UTF-8 bytes (an unpaired surrogate as U+FFFD), unreserved bytes kept.
 */
function encodeSegment(segment: string): string {
  if (firstReserved(segment) === segment.length) return segment;
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === 0x25) {
      const hi = hexValue(segment.charCodeAt(i + 1));
      const lo = hexValue(segment.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        const b = hi * 16 + lo;
        out += isUnreserved(b) ? String.fromCharCode(b) : hexByte(b);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) out += isUnreserved(c) ? segment.charAt(i) : hexByte(c);
    else if (c < 0xd800 || c >= 0xe000) out += utf8Escaped(c);
    else {
      const next = segment.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        out += utf8Escaped(0x10000 + (((c & 0x3ff) << 10) | (next & 0x3ff)));
        i++;
      } else out += '%EF%BF%BD';
    }
  }
  return out;
}

/** Any character but unreserved ones and `/`: a path without one is its own canonical form. */
const NOT_PLAIN_PATH = /[^A-Za-z0-9\-._~/]/;

/**
 * Each `/`-separated segment of the wire path decoded, then percent-encoded exactly once (unreserved kept), ending
 * in `/`: the API Gateway's rule, so `a*b`, `a%2Ab` and `a%2ab` all sign as `a%2Ab`, and `%E6%95%B0` (数) stays
 * `%E6%95%B0`. Huawei's Node.js SDK encodes the raw path it built once, which agrees for most values (`*`,
 * `数据`), but its legacy url.parse escapes some characters first (space, `'`, `"`, `<`, `>`, `^`, `` ` ``, `{`,
 * `|`, `}`), so those end up encoded twice: it signs `%2520` for a space where the gateway expects `%20`.
 */
export function canonicalUri(pathname: string): string {
  if (!pathname) return '/';
  const encoded = !NOT_PLAIN_PATH.test(pathname)
    ? pathname
    : pathname.split('/').map(encodeSegment).join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

// UTF-16 code-unit order, the order of JavaScript's default Array.prototype.sort the SDK relies on.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKeyThenValue(x: readonly [string, string], y: readonly [string, string]): number {
  return byCodeUnits(x[0], y[0]) || byCodeUnits(x[1], y[1]);
}

/** Decoded pairs sorted by raw key then raw value, each encoded, joined `k=v&k=v`; empty values give `k=`. */
export function canonicalQueryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  let sorted = pairs;
  for (let i = 1; i < pairs.length; i++) {
    if (
      byKeyThenValue(pairs[i - 1] as readonly [string, string], pairs[i] as readonly [string, string]) > 0
    ) {
      sorted = [...pairs].sort(byKeyThenValue);
      break;
    }
  }
  let out = '';
  for (let i = 0; i < sorted.length; i++) {
    const [k, v] = sorted[i] as readonly [string, string];
    out += `${i === 0 ? '' : '&'}${percentEncode(k)}=${percentEncode(v)}`;
  }
  return out;
}

/**
 * `canonicalQueryString([...url.searchParams])` in one pass over `url.search`: pairs split, form-decoded and
 * inserted in order as they are read, without the URLSearchParams object or pair arrays. A component that only
 * the lenient WHATWG decoder accepts (a stray `%`, bytes that are not UTF-8) sends the whole query that way.
 */
export function canonicalQueryOf(url: URL): string {
  const search = url.search;
  if (search.length <= 1) return '';
  const decode = NEEDS_DECODING.test(search);
  const keys: string[] = [];
  const values: string[] = [];
  let nextEq = 0; // the first `=` at or after `start`, so the string is scanned for `=` once
  for (let start = 1; start < search.length;) {
    let end = search.indexOf('&', start);
    if (end < 0) end = search.length;
    if (end > start) {
      if (nextEq < start) {
        nextEq = search.indexOf('=', start);
        if (nextEq < 0) nextEq = search.length;
      }
      const eq = nextEq < end ? nextEq : end;
      let key: string | undefined = search.slice(start, eq);
      let value: string | undefined = eq < end ? search.slice(eq + 1, end) : '';
      if (decode) {
        key = formDecode(key);
        value = formDecode(value);
        if (key === undefined || value === undefined) return canonicalQueryString([...url.searchParams]);
      }
      // Insertion sort, stable: queries have a handful of pairs, usually close to sorted.
      let i = keys.length;
      while (
        i > 0 &&
        (byCodeUnits(keys[i - 1] as string, key) || byCodeUnits(values[i - 1] as string, value)) > 0
      ) {
        keys[i] = keys[i - 1] as string;
        values[i] = values[i - 1] as string;
        i--;
      }
      keys[i] = key;
      values[i] = value;
    }
    start = end + 1;
  }
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    out += `${i === 0 ? '' : '&'}${percentEncode(keys[i] as string)}=${percentEncode(values[i] as string)}`;
  }
  return out;
}

const NEEDS_DECODING = /[%+]/;

/** `+` as space, then strict percent-decoding; undefined when the lenient WHATWG decoder would be needed. */
function formDecode(component: string): string | undefined {
  const plus = component.indexOf('+') >= 0; // indexOf on short strings is cheaper than a regex test
  if (!plus && component.indexOf('%') < 0) return component;
  try {
    return decodeURIComponent(plus ? component.replaceAll('+', ' ') : component);
  } catch {
    return undefined; // a stray `%` or bytes that are not UTF-8
  }
}

function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

function payloadHash(body: string | Uint8Array): string {
  return body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

function headerValue(headers: Record<string, string>, lowerName: string): string | undefined {
  const exact = headers[lowerName];
  if (exact !== undefined && Object.hasOwn(headers, lowerName)) return exact;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === lowerName) return headers[name];
  }
  return undefined;
}

function canonicalText(
  method: string,
  pathname: string,
  canonicalQuery: string,
  canonicalHeaders: string,
  signedHeaderList: string,
  body: string | Uint8Array,
): string {
  return `${method}\n${canonicalUri(pathname)}\n${canonicalQuery}\n${canonicalHeaders}\n${signedHeaderList}\n${payloadHash(body)}`;
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
  let canonicalHeaders = '';
  for (const name of names) {
    const value = headerValue(p.headers, name);
    if (value === undefined) throw new Error(`Signed header "${name}" is missing from the request`);
    canonicalHeaders += `${name}:${value}\n`;
  }
  return canonicalText(
    p.method,
    p.pathname,
    canonicalQueryString(p.query),
    canonicalHeaders,
    names.join(';'),
    p.body,
  );
}

// A key object made once per secret key: createHmac with a string key converts it to bytes on every call.
let lastSk: string | undefined;
let lastKey: KeyObject | undefined;
function hmacKey(sk: string): KeyObject {
  if (sk !== lastSk || lastKey === undefined) {
    lastKey = createSecretKey(Buffer.from(sk, 'utf8'));
    lastSk = sk;
  }
  return lastKey;
}

/** Hex HMAC-SHA256 over `SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>`. */
export function signature(sk: string, sdkDate: string, canonicalRequestText: string): string {
  const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
  return createHmac('sha256', hmacKey(sk)).update(stringToSign).digest('hex');
}

/** [lower-cased name, name as sent, value]. */
type Header = [string, string, string];

function indexOfHeader(headers: readonly Header[], lower: string): number {
  for (let i = 0; i < headers.length; i++) if ((headers[i] as Header)[0] === lower) return i;
  return -1;
}

/** Adds a header the signer decides: a copy in another case goes, and the signer's header comes last. */
function setHeader(headers: Header[], lower: string, name: string, value: string): void {
  const i = indexOfHeader(headers, lower);
  if (i >= 0) headers.splice(i, 1);
  headers.push([lower, name, value]);
}

function byLowerName(x: Header, y: Header): number {
  return byCodeUnits(x[0], y[0]);
}

/**
 * Signs a PreparedRequest. Returns the complete header set to send: the input headers plus Host, X-Sdk-Date,
 * X-Project-Id (when projectId given), X-Security-Token (when present), Authorization. Every returned header
 * except Authorization is signed, so nothing is sent unsigned. The query is read form-decoded from
 * `url.search` (a literal `+` means space), so build it with URLSearchParams or percentEncode.
 */
export function signRequest(
  req: PreparedRequest,
  cred: AkSkCredential,
  opts: { now?: Date; projectId?: string } = {},
): Record<string, string> {
  // [lower-cased name, name as sent, value] in the order headers are returned; a handful, so an array beats a map.
  const headers: Header[] = [];
  const input = req.headers;
  for (const name of Object.keys(input)) {
    const lower = name.toLowerCase();
    // Headers whose value the signer decides; any copy in the input (any case) is replaced.
    if (lower === 'authorization' || lower === 'x-sdk-date') continue;
    if (indexOfHeader(headers, lower) >= 0)
      throw new Error(`Header "${name}" is given twice with different letter case`);
    headers.push([lower, name, input[name] as string]);
  }
  // A Host given by the caller is what goes on the wire; otherwise the URL's (default port omitted, as sent).
  const url = req.url;
  if (indexOfHeader(headers, 'host') < 0) headers.push(['host', 'Host', url.host]);
  const sdkDate = formatSdkDate(opts.now ?? new Date());
  headers.push(['x-sdk-date', 'X-Sdk-Date', sdkDate]);
  if (opts.projectId) setHeader(headers, 'x-project-id', 'X-Project-Id', opts.projectId);
  if (cred.securityToken) setHeader(headers, 'x-security-token', 'X-Security-Token', cred.securityToken);

  const out: Record<string, string> = {};
  for (const [, name, value] of headers) out[name] = value;
  headers.sort(byLowerName);
  let canonicalHeaders = '';
  let signedHeaderList = '';
  for (const [lower, , value] of headers) {
    canonicalHeaders += `${lower}:${value}\n`;
    signedHeaderList += signedHeaderList === '' ? lower : `;${lower}`;
  }
  const text = canonicalText(
    req.method,
    url.pathname,
    canonicalQueryOf(url),
    canonicalHeaders,
    signedHeaderList,
    req.body,
  );
  out['Authorization'] =
    `${SIGNING_ALGORITHM} Access=${cred.ak}, SignedHeaders=${signedHeaderList}, Signature=${signature(cred.sk, sdkDate, text)}`;
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
