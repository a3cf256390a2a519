// A batch tool: the single record run over an exact list of ids. Names are resolved first (failing
// closed), the guard judges every item and confirms once, then each request is sent and, with
// `wait`, followed; the result names every item's outcome, so a partial failure hides nothing.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../../evs/operation.js';
import { findOperation } from '../../evs/operations/index.js';
import { EvsError } from '../../evs-client/errors.js';
import { scrub } from '../../evs-client/redact.js';
import type { GuardContext, ToolExtra } from '../guardrails/guard.js';
import { refusalText } from '../guardrails/refusal.js';
import { errorResult, notDoneResult, okResult } from '../results.js';
import { splitArgs } from './engine-args.js';
import { buildApiRequest, describeRequest } from '../call/request-builder.js';
import { resolveNames } from './resolve-names.js';
import { callRecord, howToCheck, UnreadableAnswer, type Answer } from '../call/call-record.js';
import { sealSecretFields } from './seal-secrets.js';
import type { OperationDeps } from './deps.js';
import { waitTarget, waitUntilSettled } from './wait.js';

type Item = Record<string, unknown>;

function refused(spec: OperationSpec, reason: string, lines: string[], checks: string[]): CallToolResult {
  return notDoneResult(
    { refused: true, reason, tool: spec.tool, checks },
    `${lines.join('\n')}\nNothing was sent.`,
  );
}

/** Sends one item's request; its outcome, and the raw body `wait` follows. */
async function sendOne(
  item: GuardContext,
  id: string,
  extra: ToolExtra,
  deps: OperationDeps,
): Promise<{ out: Item; body?: unknown; err?: unknown }> {
  const of = item.spec;
  try {
    let res: Answer;
    try {
      res = await callRecord(
        of,
        item.args,
        { client: deps.client, signal: extra.signal },
        { request: item.request, check: 'output' },
      );
    } catch (err) {
      // A 2xx the record cannot read is no success: it may have happened, and the item says how to check.
      if (!(err instanceof UnreadableAnswer)) throw err;
      throw new Error(
        `HTTP ${err.status ?? '2xx'} but the answer could not be read (${err.detail}). The operation may have happened: ${howToCheck(of, item.args)}.`,
      );
    }
    const shaped = res.shaped;
    sealSecretFields(shaped, deps.sealed.sink, of.tool, deps.sealed.remember);
    await deps.guard.after?.(item, {
      ok: true,
      status: res.status,
      ...(res.requestId ? { requestId: res.requestId } : {}),
    });
    return { out: { id, ok: true, result: shaped }, body: res.body };
  } catch (err) {
    if (extra.signal.aborted) throw err;
    await deps.guard.after?.(item, { ok: false, error: err });
    return {
      err,
      out: {
        id,
        ok: false,
        error: {
          message: message(err, deps),
          ...(err instanceof EvsError && err.code ? { code: err.code } : {}),
          ...(err instanceof EvsError ? { status: err.status } : {}),
        },
      },
    };
  }
}

const message = (err: unknown, deps: OperationDeps): string =>
  scrub(err instanceof Error ? err.message : String(err), [...deps.secrets()]);

function itemLine(i: Item): string {
  const w = i.wait as { status?: string; settled?: boolean } | undefined;
  const err = i.error as { message?: string; code?: string } | undefined;
  if (err) return `- ${String(i.id)}: FAILED, ${err.code ? `${err.code} ` : ''}${err.message ?? ''}`;
  const state = w ? (w.settled ? `, ${w.status ?? ''}` : `, still ${w.status ?? ''}`) : ', accepted';
  return `- ${String(i.id)}: ${i.ok ? 'done' : 'FAILED'}${state}`;
}

export async function runBatch(
  spec: OperationSpec,
  allArgs: Record<string, unknown>,
  extra: ToolExtra,
  deps: OperationDeps,
): Promise<CallToolResult> {
  const batch = spec.batch!;
  const of = batch.of();
  const { args: given, engine } = splitArgs(allArgs);
  if (deps.readOnly) {
    return notDoneResult(
      { refused: true, reason: 'read_only_mode', tool: spec.tool },
      `Refused: the server runs in read-only mode, so ${spec.tool} (which changes resources) is disabled.`,
    );
  }
  const names = await resolveNames(spec, given, findOperation, { client: deps.client, signal: extra.signal });
  if (names.refusals.length) {
    return refused(spec, names.refusals[0]!.reason, names.refusals.map(refusalText), names.notes);
  }
  const args = names.args;
  const ids = (args[batch.idsArg] as string[]).map(String);
  const twice = ids.filter((id, n) => ids.indexOf(id) !== n);
  if (twice.length) {
    return refused(
      spec,
      'duplicate_item',
      [`Refused: disk ${twice.join(', ')} is listed twice (by id or name). List each disk once.`],
      names.notes,
    );
  }
  const { [batch.idsArg]: _ids, ...shared } = args;
  let items: GuardContext[];
  try {
    items = ids.map((id) => {
      const itemArgs = of.input.parse({ ...shared, [batch.itemArg]: id }) as Record<string, unknown>;
      const request = buildApiRequest(of, itemArgs, deps.client.projectId, extra.signal);
      const described = describeRequest(request, deps.client.endpoint);
      return { spec: of, args: itemArgs, engine: {}, request, described, extra };
    });
  } catch (err) {
    return errorResult(err, deps.secrets());
  }
  const first = items[0]!;
  const ctx: GuardContext = { spec, args, engine, request: first.request, described: first.described, extra };
  const verdict = deps.guard.checkBatch
    ? await deps.guard.checkBatch(ctx, items)
    : { proceed: true as const, notes: [] };
  if (!verdict.proceed) return verdict.result;
  // One wait budget for the whole batch: every item is sent first, the waits share what is left.
  const deadline = Date.now() + deps.wait.budgetMs;
  const sent: { out: Item; body?: unknown; err?: unknown }[] = [];
  for (const [n, item] of items.entries()) sent.push(await sendOne(item, ids[n]!, extra, deps));
  const results: Item[] = [];
  for (const [n, s] of sent.entries()) {
    const follow = engine.wait && of.async && s.out.ok;
    results.push(follow ? await waitItem(items[n]!, s.out, s.body, deadline, extra, deps) : s.out);
  }
  const succeeded = results.filter((r) => r.ok).length;
  const structured: Record<string, unknown> = {
    items: results,
    succeeded,
    failed: results.length - succeeded,
    ...(engine.wait && of.async ? { wait: batchWait(results, deadline, deps) } : {}),
    checks: [...names.notes, ...verdict.notes],
  };
  const head = `${spec.title}: ${succeeded} of ${results.length} succeeded.`;
  const text = [head, ...results.map(itemLine)].join('\n');
  if (succeeded === results.length) return okResult(structured, text);
  // Nothing succeeded: the first failure answers as the error (its code, fix and IAM actions), items kept.
  const firstErr = sent.find((x) => x.err !== undefined)?.err;
  if (!succeeded && firstErr !== undefined) {
    const e = errorResult(firstErr, deps.secrets());
    return {
      ...e,
      structuredContent: { ...e.structuredContent, ...structured },
      content: [{ type: 'text', text: `${textOf(e)}\n${text}` }],
    };
  }
  return notDoneResult(structured, text);
}

const textOf = (r: CallToolResult): string =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** The batch's wait as one outcome: settled once every item is, succeeded once every item did. */
function batchWait(results: Item[], deadline: number, deps: OperationDeps): Record<string, unknown> {
  const waits = results.map((r) => r.wait as { settled?: boolean; succeeded?: boolean } | undefined);
  const settled = waits.filter((w) => w?.settled).length;
  const ok = results.filter((r, n) => r.ok && waits[n]?.succeeded).length;
  return {
    settled: settled === results.length,
    succeeded: ok === results.length,
    status: `${ok} of ${results.length} done, ${settled} settled`,
    elapsed_ms: Math.max(0, deps.wait.budgetMs - (deadline - Date.now())),
    ...(settled < results.length ? { next: 'follow the unsettled items with get_disk or get_snapshot' } : {}),
  };
}

/** Follows one sent item with the record's own async rule, within the batch's deadline. */
async function waitItem(
  item: GuardContext,
  r: Item,
  body: unknown,
  deadline: number,
  extra: ToolExtra,
  deps: OperationDeps,
): Promise<Item> {
  const of = item.spec;
  const target = waitTarget(of.async!, item.args, body);
  try {
    const budgetMs = Math.max(0, deadline - Date.now());
    const w = await waitUntilSettled({ client: deps.client, ...deps.wait, budgetMs }, of.async!, target, {
      signal: extra.signal,
    });
    const { last: _last, ...wait } = w;
    return { ...r, wait, ok: !(w.settled && !w.succeeded) };
  } catch (err) {
    if (extra.signal.aborted) throw err;
    return { ...r, wait: { settled: false, status: 'unknown', poll_error: message(err, deps) } };
  }
}
