// The one way a record is called: build its request, send it through the signed client, page,
// shape the body with the record's output and check it. Tools, the guard's declared reads, name
// look-ups, wait polls, completions and batch items all come through here, with one error type
// for a 2xx answer that cannot be read.
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiClient, ApiRequest, ApiResponse } from '../../evs-client/types.js';
import { fetchAllPages } from './paginate.js';
import { buildApiRequest } from './request-builder.js';

/** A 2xx answer whose body could not be read as the record documents it. */
export class UnreadableAnswer extends Error {
  override readonly name = 'UnreadableAnswer';
  constructor(
    readonly section: string,
    readonly status: number | undefined,
    /** What was wrong, in a few words (`the body is not JSON`, `volumes: expected array`). */
    readonly detail: string,
  ) {
    super(`the ${section} answer (HTTP ${status ?? '2xx'}) could not be read: ${detail}`);
  }
}

export interface CallDeps {
  client: ApiClient;
  signal?: AbortSignal;
}

export interface CallOptions {
  /** The exact request the guard judged; built from the record and `args` when absent. */
  request?: ApiRequest;
  /** Follow the record's pagination up to the cap (records with `pagination` only). */
  allPages?: boolean;
  timeoutMs?: number;
  /**
   * `answer` (default): the body must be the documented answer (its object, its list, its output
   * schema), for callers that act on it. `output`: the shaped body must match the output schema (an
   * empty 202 may shape to a valid result), for batch items. `shape`: shaped only, a tool checks its whole result
   * once the engine's fields are added. `none`: the raw body only (wait reads its own fields).
   */
  check?: 'answer' | 'output' | 'shape' | 'none';
}

export interface Answer {
  /** The body as received (merged over pages when paging). */
  body: unknown;
  /** The record's shaped result (`{}` with check `none`). */
  shaped: Record<string, unknown>;
  status?: number;
  requestId?: string;
  /** Set when `allPages` paged. */
  paging?: { pages: number; truncated: boolean; next?: { marker?: string; offset?: number } };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The record's shaped result of a body; a body the client could only keep as text is unreadable. */
export function shapeAnswer(
  spec: OperationSpec,
  body: unknown,
  args: Record<string, unknown>,
  status?: number,
): Record<string, unknown> {
  // Every documented EVS answer is JSON: a body the client could only keep as text was unreadable.
  if (typeof body === 'string') throw new UnreadableAnswer(spec.section, status, 'the body is not JSON');
  if (spec.output) return spec.output.shape(body, args);
  if (isObject(body)) return body;
  return body === undefined ? { ok: true } : { result: body };
}

/** Checks a body is the record's documented answer before and after shaping it. */
function checkedAnswer(
  spec: OperationSpec,
  body: unknown,
  args: Record<string, unknown>,
  status: number | undefined,
  whole: boolean,
): Record<string, unknown> {
  if (whole && spec.output?.schema && !isObject(body)) {
    throw new UnreadableAnswer(spec.section, status, 'the body is not a JSON object');
  }
  // A list whose array is missing would read as "none", which a check must never take for an answer.
  const itemsKey = spec.pagination?.itemsKey;
  if (whole && itemsKey && !Array.isArray((body as Record<string, unknown>)[itemsKey])) {
    throw new UnreadableAnswer(spec.section, status, `the body has no "${itemsKey}" list`);
  }
  const shaped = shapeAnswer(spec, body, args, status);
  const checked = spec.output?.schema?.safeParse(shaped);
  if (checked && !checked.success) {
    throw new UnreadableAnswer(spec.section, status, checked.error.issues[0]?.message ?? 'unexpected shape');
  }
  return shaped;
}

/**
 * Calls `spec` with `args`. Throws the client's EvsError for HTTP failures and UnreadableAnswer for
 * a 2xx body that is not the documented JSON. Without `request`, `args` are validated here first.
 */
export async function callRecord(
  spec: OperationSpec,
  args: Record<string, unknown>,
  deps: CallDeps,
  opts: CallOptions = {},
): Promise<Answer> {
  const check = opts.check ?? 'answer';
  const parsed = opts.request ? args : (spec.input.parse(args) as Record<string, unknown>);
  const built = opts.request ?? buildApiRequest(spec, parsed, deps.client.projectId, deps.signal);
  const request = opts.timeoutMs !== undefined ? { ...built, timeoutMs: opts.timeoutMs } : built;
  const send = (req: ApiRequest): Promise<ApiResponse> => deps.client.request(req);
  let answer: Answer;
  if (opts.allPages && spec.pagination) {
    const paged = await fetchAllPages(
      send,
      deps.client.projectId,
      spec as OperationSpec & { pagination: NonNullable<OperationSpec['pagination']> },
      parsed,
      deps.signal,
    );
    answer = {
      body: paged.body,
      shaped: {},
      ...(paged.requestId ? { requestId: paged.requestId } : {}),
      paging: { pages: paged.pages, truncated: paged.truncated, ...(paged.next ? { next: paged.next } : {}) },
    };
  } else {
    const res = await send(request);
    answer = {
      body: res.body,
      shaped: {},
      status: res.status,
      ...(res.requestId ? { requestId: res.requestId } : {}),
    };
  }
  if (check === 'shape') answer.shaped = shapeAnswer(spec, answer.body, parsed, answer.status);
  else if (check !== 'none')
    answer.shaped = checkedAnswer(spec, answer.body, parsed, answer.status, check === 'answer');
  return answer;
}

/** The same client, handing every answer's body to `note` (completions learn job ids this way). */
export function observingAnswers(client: ApiClient, note: (body: unknown) => void): ApiClient {
  return {
    get projectId() {
      return client.projectId;
    },
    get endpoint() {
      return client.endpoint;
    },
    async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
      const res = await client.request<T>(req);
      note(res.body);
      return res;
    },
    close: () => client.close(),
  };
}

/**
 * How to find out whether an accepted-but-unreadable call happened: the record's poll reference, else
 * the first declared read of its target (the same look-up its guard made), named with its arguments.
 */
export function howToCheck(spec: OperationSpec, args: Record<string, unknown>): string {
  const poll = spec.async?.poll.spec();
  if (poll && poll !== spec) return `check with ${poll.tool} (or list the resources) before retrying`;
  for (const read of spec.guard?.reads ?? []) {
    const readArgs = read.as === 'quota' ? undefined : read.args(args);
    if (readArgs) return `check with ${read.op} ${JSON.stringify(readArgs)} before retrying`;
  }
  return 'check with the matching get_ or list_ tool before retrying: repeating it blindly may do it twice';
}
