// One error type for every failure of the HTTP layer, with the documented fix attached.
import errorCodes from '../evs/data/error-codes.json' with { type: 'json' };
import { scrub } from './redact.js';

export type EvsErrorKind = 'api' | 'network' | 'timeout' | 'aborted' | 'auth';

export interface EvsErrorInit {
  kind: EvsErrorKind;
  /** What went wrong, as the server or the transport said it. */
  detail: string;
  status?: number;
  code?: string;
  requestId?: string;
  hint?: string;
  iamActions?: readonly string[];
  retryAfterMs?: number;
  /** Documented section of the operation that failed, e.g. `7.1.3`. */
  section?: string;
  /** Secrets to scrub from every text field. */
  secrets?: readonly string[];
  cause?: unknown;
}

/** Compact, secret-free form for tool results and logs. */
export interface EvsErrorJSON {
  kind: EvsErrorKind;
  status?: number;
  code?: string;
  message: string;
  hint?: string;
  requestId?: string;
  iamActions?: string[];
  retryAfterMs?: number;
  section?: string;
}

export class EvsError extends Error {
  override readonly name = 'EvsError';
  readonly kind: EvsErrorKind;
  readonly status?: number;
  readonly code?: string;
  /** The server's (or transport's) own words, scrubbed. */
  readonly detail: string;
  readonly requestId?: string;
  /** What to do next: the Appendix A.1 solution when the code is documented. */
  readonly hint?: string;
  readonly iamActions?: string[];
  readonly retryAfterMs?: number;
  readonly section?: string;

  constructor(init: EvsErrorInit) {
    const secrets = init.secrets ?? [];
    const detail = scrub(init.detail, secrets);
    const hint = init.hint === undefined ? undefined : scrub(init.hint, secrets);
    super(
      composeMessage({ ...init, detail, hint }),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.kind = init.kind;
    this.detail = detail;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = scrub(init.code, secrets);
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (hint !== undefined) this.hint = hint;
    if (init.iamActions !== undefined && init.iamActions.length > 0) this.iamActions = [...init.iamActions];
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.section !== undefined) this.section = init.section;
  }

  toJSON(): EvsErrorJSON {
    const out: EvsErrorJSON = { kind: this.kind, message: this.detail };
    if (this.status !== undefined) out.status = this.status;
    if (this.code !== undefined) out.code = this.code;
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.requestId !== undefined) out.requestId = this.requestId;
    if (this.iamActions !== undefined) out.iamActions = [...this.iamActions];
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    if (this.section !== undefined) out.section = this.section;
    return out;
  }
}

export function isEvsError(value: unknown): value is EvsError {
  return value instanceof EvsError;
}

function composeMessage(e: {
  kind: EvsErrorKind;
  detail: string;
  status?: number;
  code?: string;
  requestId?: string;
  hint?: string | undefined;
}): string {
  const head = [e.code, e.status === undefined ? undefined : `HTTP ${e.status}`].filter(Boolean).join(' ');
  let text = head ? `${head}: ${e.detail}` : e.detail;
  if (e.hint) text += `${/[.!?]$/.test(text) ? '' : '.'} Next: ${e.hint}`;
  if (e.requestId) text += ` (request id ${e.requestId})`;
  return text;
}

// ---- Error bodies ---------------------------------------------------------------------------

export interface ParsedErrorBody {
  code?: string;
  message?: string;
}

const MAX_TEXT = 200;

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function fromCodeMessage(obj: Record<string, unknown>): ParsedErrorBody | undefined {
  // OpenStack wrappers repeat the HTTP status as a numeric code; only symbolic codes (EVS.1046) say more.
  const rawCode = asText(obj.code) ?? asText(obj.error_code);
  const code = rawCode !== undefined && /^\d+$/.test(rawCode.trim()) ? undefined : rawCode;
  const message = asText(obj.message) ?? asText(obj.error_msg) ?? asText(obj.error_description);
  if (code === undefined && message === undefined) return undefined;
  const out: ParsedErrorBody = {};
  if (code !== undefined) out.code = code;
  if (message !== undefined) out.message = message;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads every error body shape EVS and IAM return: `{"error":{code,message}}`, `{error_code,error_msg}`,
 * `{code,message}`, OpenStack wrappers such as `{"badRequest":{message,code}}`, plain text and nothing.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { message: plainText(trimmed) };
  }
  if (!isRecord(json)) return { message: plainText(trimmed) };
  const direct = fromCodeMessage(json);
  if (direct) return direct;
  if (typeof json.error === 'string') return { message: json.error };
  // `{"error": {...}}` first, then any wrapper key (badRequest, itemNotFound, computeFault, forbidden, overLimit…).
  const keys = ['error', ...Object.keys(json).filter((k) => k !== 'error')];
  for (const key of keys) {
    const inner = json[key];
    const parsed = isRecord(inner) ? fromCodeMessage(inner) : undefined;
    if (parsed) return parsed;
  }
  return { message: plainText(trimmed) };
}

/** First 200 characters of a non-JSON body, tags removed so an HTML error page reads as text. */
function plainText(text: string): string {
  const stripped = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chosen = stripped === '' ? text : stripped;
  return chosen.length > MAX_TEXT ? `${chosen.slice(0, MAX_TEXT)}…` : chosen;
}

// ---- Hints from Appendix A.1 ----------------------------------------------------------------

interface ErrorCodeEntry {
  http_status: number;
  code: string;
  message: string;
  description: string;
  solution: string;
}

const ENTRIES = errorCodes as ErrorCodeEntry[];

function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

function normaliseMessage(message: string): string {
  return message.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The reference leaves the support contact blank ("Contact ."); say it plainly instead. */
function completeSolution(entry: ErrorCodeEntry): string {
  const solution = entry.solution
    .replace(/\bContact \./g, 'Contact technical support with the request id.')
    .replace(/\bcontact to\b/g, 'contact technical support to')
    .replace(/\s+/g, ' ')
    .trim();
  return solution.startsWith('Contact technical support') ? `${entry.description} ${solution}` : solution;
}

/** The A.1 solution for a code (disambiguated by message when a code has several rows), or by message alone. */
export function lookupHint(code?: string, message?: string): string | undefined {
  const msg = message === undefined ? undefined : normaliseMessage(message);
  if (code !== undefined) {
    const wanted = normaliseCode(code);
    const rows = ENTRIES.filter((e) => normaliseCode(e.code) === wanted);
    const exact = msg === undefined ? undefined : rows.find((e) => normaliseMessage(e.message) === msg);
    const row = exact ?? rows[0];
    if (row) return completeSolution(row);
  }
  if (msg !== undefined) {
    const row = ENTRIES.find((e) => normaliseMessage(e.message) === msg);
    if (row) return completeSolution(row);
  }
  return undefined;
}

/** Advice by HTTP status when A.1 has nothing for the code. */
export function statusHint(status: number, iamActions?: readonly string[]): string | undefined {
  if (status === 401)
    return 'Check the credentials (AK/SK, token or IAM password) and that the token has not expired.';
  if (status === 403) {
    return iamActions && iamActions.length > 0
      ? `Grant the caller the IAM permission(s) ${iamActions.join(', ')} in this project, then try again.`
      : 'Grant the caller the IAM permission this operation needs in this project, then try again.';
  }
  if (status === 404) return 'Check that the id is correct and belongs to this project and region.';
  if (status === 409)
    return 'The resource is busy or in the wrong state; check its status and try again later.';
  if (status === 413) return 'The request is too large; send fewer items or a smaller body.';
  if (status === 429) return 'Too many requests; wait and try again.';
  if (status >= 500)
    return 'The service had a problem; try again later, and contact technical support with the request id if it persists.';
  if (status >= 400) return 'Check the request parameters against the documented operation.';
  return undefined;
}

export interface ApiErrorInput {
  status: number;
  statusText?: string;
  bodyText: string;
  requestId?: string;
  operation?: { section: string; iamActions: readonly string[] };
  retryAfterMs?: number;
  secrets?: readonly string[];
  kind?: EvsErrorKind;
  /** The request's method: a change that failed with a 5xx may still have been carried out. */
  method?: string;
}

/** Said with every 5xx to a request that changes something: the service may have acted before failing. */
export const MAY_HAVE_HAPPENED =
  'The change may have been carried out before the failure: check the resource state (get or list it, or its job) before repeating it.';

// ---- Which setting to check ----------------------------------------------------------------

/** The settings that hold credentials, by auth mode (names only: a hint never carries a value). */
export const CREDENTIAL_VARIABLES =
  'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (AK/SK; plus HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys), ' +
  'HUAWEICLOUD_SDK_IAM_TOKEN (token), or HUAWEICLOUD_SDK_IAM_USER, HUAWEICLOUD_SDK_IAM_PASSWORD and HUAWEICLOUD_SDK_IAM_DOMAIN (password)';

/** Codes that mean "these credentials were not accepted" (A.1 and the API gateway's own). */
const AUTH_CODES = new Set(['EVS.5401', 'EVS.0002', 'APIGW.0301', 'APIGW.0303']);
/** Codes that mean "the project in the path is not the credentials' project". */
const PROJECT_CODES = new Set(['EVS.0001', 'COMMON.0018']);

/** Names the setting to check when the credentials or the project were refused; undefined otherwise. */
export function settingHint(status: number, code?: string): string | undefined {
  const c = code === undefined ? undefined : normaliseCode(code);
  if (c !== undefined && PROJECT_CODES.has(c))
    return 'Check HUAWEICLOUD_SDK_PROJECT_ID (--project-id): it must be the project of these credentials in this region (unset it to discover it from the region); `evs-mcp doctor` checks it.';
  if (status === 401 || (c !== undefined && AUTH_CODES.has(c)))
    return `Check the credentials the server was given: ${CREDENTIAL_VARIABLES}; \`evs-mcp doctor\` checks them one by one.`;
  return undefined;
}

/** Builds the error for a non-success HTTP response. */
export function apiError(input: ApiErrorInput): EvsError {
  const parsed = parseErrorBody(input.bodyText);
  const iamActions = input.status === 403 ? input.operation?.iamActions : undefined;
  const documented = lookupHint(parsed.code, parsed.message);
  const byStatus = statusHint(input.status, iamActions);
  // On 403 the missing permission is the actionable part even when A.1 has a generic row.
  const base =
    input.status === 403 && iamActions?.length ? joinHints(documented, byStatus) : (documented ?? byStatus);
  const uncertain = input.status >= 500 && input.method !== undefined && input.method !== 'GET';
  // "Call the API after authorization" alone does not say what to fix: name the setting.
  const general = joinHints(base, settingHint(input.status, parsed.code));
  const hint = uncertain ? joinHints(MAY_HAVE_HAPPENED, general) : general;
  const detail = parsed.message ?? (input.statusText?.trim() || `HTTP ${input.status}`);
  return new EvsError({
    kind: input.kind ?? (input.status === 401 ? 'auth' : 'api'),
    status: input.status,
    detail,
    ...(parsed.code !== undefined ? { code: parsed.code } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(iamActions !== undefined ? { iamActions } : {}),
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    ...(input.operation?.section !== undefined ? { section: input.operation.section } : {}),
    ...(input.secrets !== undefined ? { secrets: input.secrets } : {}),
  });
}

function joinHints(a: string | undefined, b: string | undefined): string | undefined {
  if (a && b) return `${a} ${b}`;
  return a ?? b;
}
