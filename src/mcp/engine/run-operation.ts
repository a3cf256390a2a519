// The one handler every operation tool runs: build the request, pass the guard, send, page, wait, shape.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../../evs/operation.js';
import type { GuardContext, ToolExtra } from '../guardrails/guard.js';
import { scrub } from '../../evs-client/redact.js';
import { errorResult, okResult, notDoneResult } from '../results.js';
import { resourceLinks, withResourceLinks } from '../resource-links.js';
import { splitArgs } from './engine-args.js';
import { buildApiRequest, withDescribed } from '../call/request-builder.js';
import { resultSchema } from './result-schema.js';
import { sealSecretFields } from './seal-secrets.js';
import { waitTarget, waitUntilSettled, type WaitOutcome } from './wait.js';
import { findOperation } from '../../evs/operations/index.js';
import { refusalText } from '../guardrails/refusal.js';
import { applyLocalFilters } from './local-filter.js';
import { resolveNames } from './resolve-names.js';
import { runBatch } from './run-batch.js';
import type { OperationDeps } from './deps.js';
import { callRecord, howToCheck, shapeAnswer, UnreadableAnswer } from '../call/call-record.js';

export type { OperationDeps };

const seconds = (ms: number): number => (Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0);

function waitLine(w: Record<string, unknown>): string {
  const s = seconds(Number(w.elapsed_ms));
  const disks =
    Array.isArray(w.volume_ids) && w.volume_ids.length ? ` Disks: ${w.volume_ids.join(', ')}.` : '';
  if (w.poll_error) return `Waiting failed (${String(w.poll_error)}); ${String(w.next ?? '')}`.trim();
  if (w.settled) return `Waited ${s} s: ${String(w.status)}.${disks}`;
  return `Still ${String(w.status)} after ${s} s; ${String(w.next ?? '')}`.trim() + disks;
}

/** The operation's own rendering, plus one line each for what the engine added (paging, waiting, checks). */
function renderText(spec: OperationSpec, shaped: Record<string, unknown>): string {
  const own = spec.output?.text?.(shaped) ?? JSON.stringify(stripEngineFields(shaped));
  const extra: string[] = [];
  if (shaped.truncated)
    extra.push(
      `Truncated after ${String(shaped.pages)} page(s); continue from ${JSON.stringify(shaped.next)}.`,
    );
  if (shaped.wait && typeof shaped.wait === 'object')
    extra.push(waitLine(shaped.wait as Record<string, unknown>));
  if (Array.isArray(shaped.checks) && shaped.checks.length) extra.push(`Checks: ${shaped.checks.join('; ')}`);
  return [own, ...extra].join('\n');
}

function stripEngineFields(shaped: Record<string, unknown>): Record<string, unknown> {
  const { pages: _p, truncated: _t, next: _n, wait: _w, checks: _c, local_filter: _l, ...own } = shaped;
  return own;
}

function progressSender(extra: ToolExtra) {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return async (progress: number, message: string, total?: number) => {
    await extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress, message, ...(total !== undefined ? { total } : {}) },
    });
  };
}

function pollFailure(
  err: unknown,
  target: { jobId?: string; resourceId?: string },
  secrets: readonly string[],
): Record<string, unknown> {
  const message = scrub(err instanceof Error ? err.message : String(err), [...secrets]);
  return {
    settled: false,
    status: 'unknown',
    ...(target.jobId ? { job_id: target.jobId } : {}),
    ...(target.resourceId ? { resource_id: target.resourceId } : {}),
    poll_error: message,
    next: target.jobId
      ? `follow it with get_job job_id ${target.jobId}`
      : `read the resource ${target.resourceId} again`,
  };
}

function waitSummary(w: WaitOutcome): Record<string, unknown> {
  const { last: _last, ...rest } = w;
  return rest;
}

function unreadableResult(
  spec: OperationSpec,
  args: Record<string, unknown>,
  status: number | undefined,
  why: string,
): CallToolResult {
  const head = `HTTP ${status ?? '2xx'} but the answer could not be read (${why}).`;
  const text = spec.hints.readOnly
    ? `${head} Nothing was changed; try again, and if it persists report the request to the service.`
    : `${head} The operation may have happened: ${howToCheck(spec, args)}.`;
  return errorResult(new Error(text), []);
}

export async function runOperation(
  spec: OperationSpec,
  allArgs: Record<string, unknown>,
  extra: ToolExtra,
  deps: OperationDeps,
): Promise<CallToolResult> {
  if (spec.batch) return runBatch(spec, allArgs, extra, deps);
  const split = splitArgs(allArgs);
  const engine = split.engine;
  let args = split.args;
  // Read-only is enforced at registration and again here, in case a tool slipped through.
  if (deps.readOnly && !spec.hints.readOnly) {
    return notDoneResult(
      { refused: true, reason: 'read_only_mode', tool: spec.tool },
      `Refused: the server runs in read-only mode, so ${spec.tool} (which changes resources) is disabled.`,
    );
  }
  let named: string[] = [];
  if (spec.names?.length) {
    const r = await resolveNames(spec, args, findOperation, { client: deps.client, signal: extra.signal });
    if (r.refusals.length) {
      return notDoneResult(
        {
          refused: true,
          reason: r.refusals[0]!.reason,
          tool: spec.tool,
          refusals: r.refusals,
          checks: r.notes,
        },
        `${r.refusals.map(refusalText).join('\n')}\nNothing was sent.`,
      );
    }
    args = r.args;
    named = r.notes;
  }
  let ctx: GuardContext;
  try {
    const request = buildApiRequest(spec, args, deps.client.projectId, extra.signal);
    ctx = withDescribed({ spec, args, engine, request, extra }, deps.client.endpoint);
  } catch (err) {
    return errorResult(err, deps.secrets());
  }
  const verdict = await deps.guard.check(ctx);
  if (!verdict.proceed) return verdict.result;
  let httpStatus: number | undefined;
  try {
    const res = await callRecord(
      spec,
      args,
      { client: deps.client, signal: extra.signal },
      { request: ctx.request, allPages: engine.all_pages === true, check: 'shape' },
    );
    httpStatus = res.status;
    const body = res.body;
    let shaped = res.shaped;
    const filtered = applyLocalFilters(spec, args, shaped);
    if (res.paging) {
      shaped.pages = res.paging.pages;
      if (res.paging.truncated) {
        shaped.truncated = true;
        if (res.paging.next) shaped.next = res.paging.next;
      }
    }
    let waited: WaitOutcome | undefined;
    let waitField: Record<string, unknown> | undefined;
    if (spec.async && engine.wait) {
      const target = waitTarget(spec.async, args, body);
      if (target.jobId || target.resourceId) {
        const progress = progressSender(extra);
        try {
          waited = await waitUntilSettled({ client: deps.client, ...deps.wait }, spec.async, target, {
            signal: extra.signal,
            ...(progress ? { progress } : {}),
          });
          waitField = waitSummary(waited);
          // A record that polls itself (get_job, get_disk) answers with the state it settled in.
          if (spec.async.poll.spec() === spec && waited.last !== undefined) {
            shaped = { ...shapeAnswer(spec, waited.last, args) };
          }
        } catch (err) {
          if (extra.signal.aborted) throw err;
          // The operation was accepted; a failed poll must not hide that behind an error.
          waitField = pollFailure(err, target, deps.secrets());
        }
      } else {
        waitField = {
          settled: false,
          status: 'unknown',
          next: 'the response named no job or resource to follow',
        };
      }
    }
    sealSecretFields(shaped, deps.sealed.sink, spec.tool, deps.sealed.remember);
    if (waitField) shaped.wait = waitField;
    const notes = [...named, ...verdict.notes];
    if (notes.length && !spec.hints.readOnly) shaped.checks = notes;
    // What tools/list advertises is what leaves: a 2xx the record cannot shape is not a success.
    const parsed = resultSchema(spec).safeParse(shaped);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new UnreadableAnswer(
        spec.section,
        httpStatus,
        `${first?.path.join('.') || 'result'}: ${first?.message ?? 'does not match the documented response'}`,
      );
    }
    await deps.guard.after?.(ctx, {
      ok: !waited || waited.succeeded || !waited.settled,
      ...(httpStatus !== undefined ? { status: httpStatus } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
      ...(waited ? { waited: { settled: waited.settled, status: waited.status } } : {}),
    });
    // A read that waited reports the state it found (a FAILed job is data); a change that failed is an error.
    if (waited?.settled && !waited.succeeded && !spec.hints.readOnly) {
      const why = [waited.error_code, waited.fail_reason].filter(Boolean).join(': ');
      return notDoneResult(
        shaped,
        `Accepted, but it failed: ${waited.status}${why ? ` (${why})` : ''}.\n${renderText(spec, shaped)}`,
      );
    }
    const text = renderText(spec, shaped) + (filtered ? `\n${filtered}` : '');
    return withResourceLinks(okResult(shaped, text), resourceLinks(spec, args, shaped));
  } catch (err) {
    await deps.guard.after?.(ctx, { ok: false, error: err });
    if (err instanceof UnreadableAnswer)
      return unreadableResult(spec, args, err.status ?? httpStatus, err.detail);
    return errorResult(err, deps.secrets());
  }
}
