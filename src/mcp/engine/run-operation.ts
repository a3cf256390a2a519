// The one handler every operation tool runs: build the request, pass the guard, send, page, wait, shape.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiClient } from '../../http/types.js';
import type { Guard, GuardContext, ToolExtra } from '../guardrails/guard.js';
import { scrub } from '../../http/redact.js';
import { errorResult, okResult, notDoneResult } from '../results.js';
import { resourceLinks, withResourceLinks } from '../resource-links.js';
import { splitArgs } from './engine-args.js';
import { buildApiRequest, describeRequest } from './request-builder.js';
import { fetchAllPages } from './paginate.js';
import { sealSecretFields, type SecretSink } from './seal-secrets.js';
import { waitTarget, waitUntilSettled, type WaitDeps, type WaitOutcome } from './wait.js';

export interface OperationDeps {
  client: ApiClient;
  guard: Guard;
  wait: Omit<WaitDeps, 'client'>;
  readOnly: boolean;
  secrets: () => readonly string[];
  /** Where sealed result fields (transfer auth_keys) are saved, and how new secrets are registered. */
  sealed: { sink: SecretSink; remember: (secret: string) => void };
}

function shapeBody(
  spec: OperationSpec,
  body: unknown,
  args: Record<string, unknown>,
): Record<string, unknown> {
  if (spec.output) return spec.output.shape(body, args);
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  return body === undefined || body === '' ? { ok: true } : { result: body };
}

/** The operation's own rendering, plus one line each for what the engine added (paging, waiting, checks). */
function renderText(spec: OperationSpec, shaped: Record<string, unknown>): string | undefined {
  const own = spec.output?.text?.(shaped);
  if (own === undefined) return undefined;
  const extra: string[] = [];
  if (shaped.truncated)
    extra.push(
      `Truncated after ${String(shaped.pages)} page(s); continue from ${JSON.stringify(shaped.next)}.`,
    );
  const w = shaped.wait as WaitOutcome | undefined;
  if (w) {
    extra.push(
      w.settled
        ? `Waited ${Math.round(w.elapsed_ms / 1000)} s: ${w.status}.`
        : `Still ${w.status} after ${Math.round(w.elapsed_ms / 1000)} s; ${w.next ?? ''}`.trim(),
    );
  }
  if (Array.isArray(shaped.checks) && shaped.checks.length) extra.push(`Checks: ${shaped.checks.join('; ')}`);
  return [own, ...extra].join('\n');
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

export async function runOperation(
  spec: OperationSpec,
  allArgs: Record<string, unknown>,
  extra: ToolExtra,
  deps: OperationDeps,
): Promise<CallToolResult> {
  const { args, engine } = splitArgs(allArgs);
  // Read-only is enforced at registration and again here, in case a tool slipped through.
  if (deps.readOnly && !spec.hints.readOnly) {
    return notDoneResult(
      { refused: true, reason: 'read_only_mode', tool: spec.tool },
      `Refused: the server runs in read-only mode, so ${spec.tool} (which changes resources) is disabled.`,
    );
  }
  let ctx: GuardContext;
  try {
    const request = buildApiRequest(spec, args, deps.client.projectId, extra.signal);
    ctx = { spec, args, engine, request, described: describeRequest(request, deps.client.endpoint), extra };
  } catch (err) {
    return errorResult(err, deps.secrets());
  }
  const verdict = await deps.guard.check(ctx);
  if (!verdict.proceed) return verdict.result;
  try {
    const paged = engine.all_pages && spec.pagination;
    const res = paged
      ? await fetchAllPages(
          deps.client,
          spec as OperationSpec & { pagination: NonNullable<OperationSpec['pagination']> },
          args,
          extra.signal,
        )
      : await deps.client.request(ctx.request);
    const body = res.body;
    const shaped = shapeBody(spec, body, args);
    sealSecretFields(shaped, deps.sealed.sink, spec.tool, deps.sealed.remember);
    if ('pages' in res) {
      shaped.pages = res.pages;
      if (res.truncated) {
        shaped.truncated = true;
        if (res.next) shaped.next = res.next;
      }
    }
    if (verdict.notes.length) shaped.checks = verdict.notes;
    let waited: WaitOutcome | undefined;
    if (spec.async && engine.wait) {
      const target = waitTarget(spec.async, args, body);
      if (target.jobId || target.resourceId) {
        const progress = progressSender(extra);
        try {
          waited = await waitUntilSettled({ client: deps.client, ...deps.wait }, spec.async, target, {
            signal: extra.signal,
            ...(progress ? { progress } : {}),
          });
          shaped.wait = waitSummary(waited);
        } catch (err) {
          if (extra.signal.aborted) throw err;
          // The operation was accepted; a failed poll must not hide that behind an error.
          shaped.wait = pollFailure(err, target, deps.secrets());
        }
      } else {
        shaped.wait = {
          settled: false,
          status: 'unknown',
          next: 'the response named no job or resource to follow',
        };
      }
    }
    await deps.guard.after?.(ctx, {
      ok: !waited || waited.succeeded || !waited.settled,
      ...('status' in res ? { status: res.status } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
      ...(waited ? { waited: { settled: waited.settled, status: waited.status } } : {}),
    });
    if (waited?.settled && !waited.succeeded) {
      const why = [waited.error_code, waited.fail_reason].filter(Boolean).join(': ');
      return notDoneResult(
        shaped,
        `Accepted, but it failed: ${waited.status}${why ? ` (${why})` : ''}. ${JSON.stringify(shaped)}`,
      );
    }
    return withResourceLinks(okResult(shaped, renderText(spec, shaped)), resourceLinks(spec, args, shaped));
  } catch (err) {
    await deps.guard.after?.(ctx, { ok: false, error: err });
    return errorResult(err, deps.secrets());
  }
}
