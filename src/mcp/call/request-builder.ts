// Turns an operation record and validated arguments into the HTTP request it documents.
import type { OperationSpec } from '../../evs/operation.js';
import { requestUrl } from '../../evs-client/client.js';
import type { ApiRequest } from '../../evs-client/types.js';

/** A path the request builder will not send: a value that is not exactly one segment of its template. */
export class PathParamError extends Error {
  override readonly name = 'PathParamError';
}

// RFC 3986 pchar minus pct-encoded: unreserved, sub-delims, ':' and '@' travel as they are (as Huawei's SDK
// sends them); everything else, '%' '/' '?' '#' included, is percent-encoded from its UTF-8 bytes.
const PCHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]*$/;
const PCHAR_CODES = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")
  PCHAR_CODES[ch.charCodeAt(0)] = 1;

/** One path segment holding exactly `raw`: encodes every character that is not an RFC 3986 pchar, once. */
export function encodePathSegment(raw: string): string {
  // Ids and most keys need no encoding: one regex test instead of a walk over the characters.
  if (PCHARS.test(raw)) return raw;
  let out = '';
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    // A lone surrogate becomes U+FFFD here; resolvePath's decode check then refuses the value.
    if (code < 128 && PCHAR_CODES[code]) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Fills the `{placeholders}` of `template` (`{project_id}` from `projectId`), each value encoded as one segment,
 * and refuses the result unless it has exactly the template's segments: literals unchanged, each placeholder
 * one non-empty segment that decodes to its value and is not `.` or `..` (which URL handling would collapse).
 * Values are used as given: nothing inside them is substituted.
 */
export function resolvePath(template: string, params: Record<string, string>, projectId: string): string {
  const parts = templateParts(template);
  const segments = parts.map((part) => {
    if (part.literal !== undefined) return part.literal;
    const name = part.name;
    const raw = name === 'project_id' ? projectId : Object.hasOwn(params, name) ? params[name] : undefined;
    if (typeof raw !== 'string') throw new Error(`no value for {${name}} in ${template}`);
    if (raw === '' || raw === '.' || raw === '..')
      throw new PathParamError(
        `Refused: ${name} ${JSON.stringify(raw)} is not a usable path segment (empty, "." and ".." would change ` +
          `the request path ${template}); nothing was sent.`,
      );
    const encoded = encodePathSegment(raw);
    if (encoded !== raw && (encoded.includes('/') || decodeSegment(encoded) !== raw))
      throw new PathParamError(
        `Refused: ${name} does not fit in one segment of ${template}; nothing was sent.`,
      );
    return encoded;
  });
  const path = segments.join('/');
  checkSegments(template, parts, path);
  return path;
}

type TemplatePart = { literal: string; name?: undefined } | { literal?: undefined; name: string };

// Templates are a fixed set (one per record): split and checked once, not on every call.
const parsedTemplates = new Map<string, TemplatePart[]>();

function templateParts(template: string): TemplatePart[] {
  let parts = parsedTemplates.get(template);
  if (parts) return parts;
  parts = template.split('/').map((segment): TemplatePart => {
    const m = /^\{([^{}]+)\}$/.exec(segment);
    if (m) return { name: m[1] as string };
    if (/[{}]/.test(segment)) throw new Error(`placeholder not a whole segment in ${template}`);
    return { literal: segment };
  });
  parsedTemplates.set(template, parts);
  return parts;
}

/** The built path has the template's segment count and literals, and no dot or empty segment in a placeholder. */
function checkSegments(template: string, want: readonly TemplatePart[], path: string): void {
  const got = path.split('/');
  const ok =
    want.length === got.length &&
    want.every((w, i) => {
      const g = got[i] as string;
      if (w.literal !== undefined) return g === w.literal;
      const decoded = decodeSegment(g);
      return g !== '' && decoded !== undefined && decoded !== '' && decoded !== '.' && decoded !== '..';
    });
  if (!ok)
    throw new PathParamError(`Refused: the request path does not match ${template}; nothing was sent.`);
}

export function buildApiRequest(
  spec: OperationSpec,
  args: Record<string, unknown>,
  projectId: string,
  signal?: AbortSignal,
): ApiRequest {
  const parts = spec.request(args as never, { projectId });
  return {
    method: spec.method,
    path: resolvePath(spec.path, parts.pathParams ?? {}, projectId),
    ...(parts.query ? { query: parts.query } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    ...(signal ? { signal } : {}),
    operation: { section: spec.section, iamActions: spec.iamActions, successStatus: spec.successStatus },
  };
}

/** The request as a person reads it: method, the exact URL the client would call, and body (dry runs, confirmations). */
export function describeRequest(
  req: ApiRequest,
  endpoint: string,
): { method: string; url: string; body?: unknown } {
  const url = requestUrl(new URL(endpoint), req.path, req.query);
  return { method: req.method, url: url.toString(), ...(req.body !== undefined ? { body: req.body } : {}) };
}

/**
 * `ctx` with `described` computed on first read: only dry runs, confirmations and plans show the request, so
 * a plain call does not pay for building its URL twice.
 */
export function withDescribed<T extends { request: ApiRequest }>(
  ctx: T,
  endpoint: string,
): T & { described: ReturnType<typeof describeRequest> } {
  let described: ReturnType<typeof describeRequest> | undefined;
  return Object.defineProperty(ctx, 'described', {
    get: () => (described ??= describeRequest(ctx.request, endpoint)),
    enumerable: true,
  }) as T & { described: ReturnType<typeof describeRequest> };
}
