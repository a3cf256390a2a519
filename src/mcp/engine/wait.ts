// Waits for an asynchronous EVS operation to settle, the way operators expect (cf. Terraform's
// StateChangeConf): poll with backoff, report progress, stop on cancellation, and on timeout hand
// back the job id and the current state instead of an error that would hide a running job.
// The budget is a hard cap on the whole wait: each poll request gets only the time that is left.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AsyncBehaviour } from '../../evs/operation.js';
import type { ApiClient } from '../../evs-client/types.js';
import { EvsError } from '../../evs-client/errors.js';
import { callRecord } from '../call/call-record.js';
import { buildApiRequest } from '../call/request-builder.js';
import { telemetry } from '../../telemetry/telemetry.js';

export interface WaitDeps {
  client: ApiClient;
  budgetMs: number;
  pollMs: { initial: number; max: number };
  /** Milliseconds now; a test clock can replace it. */
  now?: () => number;
}

export interface WaitRequest {
  signal?: AbortSignal;
  /** Sends an MCP progress notification when the client asked for progress. */
  progress?: (progress: number, message: string, total?: number) => Promise<void>;
}

export interface WaitOutcome {
  /** true: reached a final state; false: the wait budget ran out and the work goes on. */
  settled: boolean;
  /** true when the final state is a success. */
  succeeded: boolean;
  status: string;
  elapsed_ms: number;
  job_id?: string;
  resource_id?: string;
  /** Disks a job names (8.1.1 entities.volume_id, or each sub-job's): the disks a batch create made. */
  volume_ids?: string[];
  fail_reason?: string;
  error_code?: string;
  /** The last polled body (job or resource), for the caller to shape. */
  last?: unknown;
  /** What to do next when not settled. */
  next?: string;
}

interface Poll {
  status: string;
  done: boolean;
  ok: boolean;
  body?: unknown;
  fail_reason?: string;
  error_code?: string;
  progress?: { done: number; total: number };
}

const JOB_DONE = new Set(['SUCCESS', 'FAIL']);

function get(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    );
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

function jobProgress(body: unknown): { done: number; total: number } | undefined {
  const subs = get(body, 'entities.sub_jobs');
  if (!Array.isArray(subs) || subs.length === 0) return undefined;
  const done = subs.filter((s) => JOB_DONE.has(String((s as Record<string, unknown>).status))).length;
  return { done, total: subs.length };
}

/** The disks a job names: its own entities.volume_id, then each sub-job's (8.1.1). */
export function jobVolumeIds(body: unknown): string[] {
  const ids: string[] = [];
  const own = get(body, 'entities.volume_id');
  if (nonEmpty(own)) ids.push(own);
  const subs = get(body, 'entities.sub_jobs');
  if (Array.isArray(subs)) {
    for (const s of subs) {
      const id = get(s, 'entities.volume_id');
      if (nonEmpty(id) && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** A poll ran into the wait's deadline (not the caller's cancellation). */
class DeadlineReached extends Error {}

async function readPolled(
  deps: WaitDeps,
  how: AsyncBehaviour,
  id: string,
  remainingMs: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const spec = how.poll.spec();
  try {
    // The raw body: the poll reads its own fields (status, progress) and any settled state is shaped later.
    const args = { [how.poll.arg]: id };
    const res = await callRecord(
      spec,
      args,
      { client: deps.client, ...(signal ? { signal } : {}) },
      {
        request: buildApiRequest(spec, args, deps.client.projectId, signal),
        timeoutMs: Math.max(1, remainingMs),
        check: 'none',
      },
    );
    return res.body;
  } catch (err) {
    if (err instanceof EvsError && err.kind === 'timeout' && !signal?.aborted) throw new DeadlineReached();
    throw err;
  }
}

function readJob(body: unknown): Poll {
  const status = nonEmpty(get(body, 'status')) ? String(get(body, 'status')) : 'UNKNOWN';
  const progress = jobProgress(body);
  const fail = get(body, 'fail_reason');
  const code = get(body, 'error_code');
  return {
    status,
    done: JOB_DONE.has(status),
    ok: status === 'SUCCESS',
    body,
    ...(nonEmpty(fail) ? { fail_reason: fail } : {}),
    ...(nonEmpty(code) ? { error_code: code } : {}),
    ...(progress ? { progress } : {}),
  };
}

function readResource(how: Extract<AsyncBehaviour, { kind: 'status' }>, body: unknown): Poll {
  const raw = get(body, `${how.resource}.status`);
  const status = nonEmpty(raw) ? raw : 'unknown';
  const failed = how.failed.includes(status);
  const done = failed || (status !== 'unknown' && !how.transitional.includes(status));
  // A delete is done only when the resource is gone: any other settled status means it did not happen.
  const ok = !failed && !how.goneMeansDone;
  return { status, done, ok, body };
}

async function pollOnce(
  deps: WaitDeps,
  how: AsyncBehaviour,
  id: string,
  remainingMs: number,
  signal?: AbortSignal,
): Promise<Poll> {
  try {
    const body = await readPolled(deps, how, id, remainingMs, signal);
    return how.kind === 'job' ? readJob(body) : readResource(how, body);
  } catch (err) {
    if (how.kind === 'status' && how.goneMeansDone && err instanceof EvsError && err.status === 404) {
      return { status: 'deleted', done: true, ok: true };
    }
    throw err;
  }
}

/** Finds what to poll for an accepted async operation: a job id or a resource id. */
export function waitTarget(
  how: AsyncBehaviour,
  args: Record<string, unknown>,
  body: unknown,
): { jobId?: string; resourceId?: string } {
  if (how.kind === 'job') {
    const jobId = get(body, 'job_id') ?? args[how.poll.arg];
    return nonEmpty(jobId) ? { jobId } : {};
  }
  const id = how.id.from === 'args' ? args[how.id.key] : get(body, how.id.path);
  return nonEmpty(id) ? { resourceId: id } : {};
}

const seconds = (ms: number): number => (Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0);

export async function waitUntilSettled(
  deps: WaitDeps,
  how: AsyncBehaviour,
  target: { jobId?: string; resourceId?: string },
  req: WaitRequest,
): Promise<WaitOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const id = target.jobId ?? target.resourceId ?? '';
  const ids = {
    ...(target.jobId ? { job_id: target.jobId } : {}),
    ...(target.resourceId ? { resource_id: target.resourceId } : {}),
  };
  const volumeIds = (p: Poll | undefined) => {
    if (how.kind !== 'job' || !p?.body) return {};
    const found = jobVolumeIds(p.body);
    return found.length ? { volume_ids: found } : {};
  };
  let delay = deps.pollMs.initial;
  let tick = 0;
  let last: Poll | undefined;
  for (;;) {
    req.signal?.throwIfAborted();
    const remaining = deps.budgetMs - (now() - started);
    if (remaining <= 0) break;
    try {
      // Telemetry: a span per poll.
      last = await telemetry().poll(() => pollOnce(deps, how, id, remaining, req.signal));
    } catch (err) {
      if (err instanceof DeadlineReached) break;
      telemetry().waited('poll_error', now() - started);
      throw err;
    }
    const elapsed = now() - started;
    tick += 1;
    if (req.progress) {
      const p = last.progress;
      const label = target.jobId
        ? `job ${target.jobId}`
        : `${how.kind === 'status' ? how.resource : ''} ${target.resourceId}`;
      const msg = `${label.trim()}: ${last.status} after ${seconds(elapsed)} s`;
      await (p ? req.progress(p.done, msg, p.total) : req.progress(tick, msg));
    }
    if (last.done) {
      telemetry().waited(last.ok ? 'settled' : 'failed', elapsed);
      return {
        settled: true,
        succeeded: last.ok,
        status: last.status,
        elapsed_ms: Math.max(0, elapsed),
        ...ids,
        ...volumeIds(last),
        ...(last.fail_reason ? { fail_reason: last.fail_reason } : {}),
        ...(last.error_code ? { error_code: last.error_code } : {}),
        ...(!last.ok && !last.fail_reason && how.kind === 'status' && how.goneMeansDone
          ? { fail_reason: `still there, ${last.status}: the delete did not happen` }
          : {}),
        ...(last.body !== undefined ? { last: last.body } : {}),
      };
    }
    const left = deps.budgetMs - elapsed;
    if (left <= 0) break;
    await sleep(Math.min(delay, left), undefined, req.signal ? { signal: req.signal } : undefined);
    delay = Math.min(Math.round(delay * 1.5), deps.pollMs.max);
  }
  telemetry().waited('budget_exhausted', now() - started);
  const status = last?.status ?? 'unknown';
  const next = target.jobId
    ? `still ${status}: call get_job with job_id ${target.jobId} to follow it`
    : `still ${status}: read the ${how.kind === 'status' ? how.resource : 'resource'} ${target.resourceId} again later`;
  return {
    settled: false,
    succeeded: false,
    status,
    elapsed_ms: Math.max(0, now() - started),
    ...ids,
    ...volumeIds(last),
    ...(last?.body !== undefined ? { last: last.body } : {}),
    next,
  };
}
