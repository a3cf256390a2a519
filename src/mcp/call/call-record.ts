// Runs one operation record with arguments and returns its shaped result: the request built from the
// record, the signed client, the record's own output shape. The guard's declared reads go through here.
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiClient } from '../../http/types.js';
import { buildApiRequest } from './request-builder.js';

/** A 2xx answer whose body could not be read as the record documents it. */
export class UnreadableBody extends Error {
  override readonly name = 'UnreadableBody';
  constructor(
    readonly section: string,
    readonly status: number,
    detail: string,
  ) {
    super(`the ${section} answer (HTTP ${status}) could not be read: ${detail}`);
  }
}

export interface Invoked {
  shaped: Record<string, unknown>;
  status: number;
  requestId?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates `args` against the record's input, sends its request and shapes the body. Throws the
 * client's EvsError for HTTP failures and UnreadableBody for a 2xx body that is not the documented JSON.
 */
export async function invokeRecord(
  spec: OperationSpec,
  args: Record<string, unknown>,
  deps: { client: ApiClient; signal?: AbortSignal },
): Promise<Invoked> {
  const parsed = spec.input.parse(args) as Record<string, unknown>;
  const request = buildApiRequest(spec, parsed, deps.client.projectId, deps.signal);
  const res = await deps.client.request(request);
  const body = res.body;
  if (spec.output?.schema && !isObject(body)) {
    throw new UnreadableBody(spec.section, res.status, 'the body is not a JSON object');
  }
  // A list whose array is missing would read as "none", which a check must never take for an answer.
  const itemsKey = spec.pagination?.itemsKey;
  if (itemsKey && !Array.isArray((body as Record<string, unknown>)[itemsKey])) {
    throw new UnreadableBody(spec.section, res.status, `the body has no "${itemsKey}" list`);
  }
  const shaped = spec.output ? spec.output.shape(body, parsed) : isObject(body) ? body : { result: body };
  const checked = spec.output?.schema?.safeParse(shaped);
  if (checked && !checked.success) {
    throw new UnreadableBody(
      spec.section,
      res.status,
      checked.error.issues[0]?.message ?? 'unexpected shape',
    );
  }
  return { shaped, status: res.status, ...(res.requestId ? { requestId: res.requestId } : {}) };
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
