// Waits for an asynchronous EVS operation to settle, the way operators expect (cf. Terraform's
// StateChangeConf): poll with backoff, report progress, stop on cancellation, and on timeout hand
// back the job id and the current state instead of an error that would hide a running job.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AsyncBehaviour, OperationSpec } from '../../evs/operation.js';
import type { ApiClient } from '../../http/types.js';
import { EvsError } from '../../http/errors.js';
import { resolvePath } from './request-builder.js';

export interface WaitDeps {
  client: ApiClient;
  /** The operation records used to poll: 8.1.1 (jobs), 7.1.6 (disks), 7.3.6 (snapshots). */
  pollSpec(section: '8.1.1' | '7.1.6' | '7.3.6'): OperationSpec;
  budgetMs: number;
  pollMs: { initial: number; max: number };
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

function jobProgress(body: Record<string, unknown>): { done: number; total: number } | undefined {
  const subs = get(body, 'entities.sub_jobs');
  if (!Array.isArray(subs) || subs.length === 0) return undefined;
  const done = subs.filter((s) => JOB_DONE.has(String((s as Record<string, unknown>).status))).length;
  return { done, total: subs.length };
}

async function pollJob(deps: WaitDeps, jobId: string, signal?: AbortSignal): Promise<Poll> {
  const spec = deps.pollSpec('8.1.1');
  const res = await deps.client.request<Record<string, unknown>>({
    method: 'GET',
    path: resolvePath(spec.path, { job_id: jobId }, deps.client.projectId),
    ...(signal ? { signal } : {}),
    operation: { section: spec.section, iamActions: spec.iamActions },
  });
  const body = res.body ?? {};
  const status = String(body.status ?? 'UNKNOWN');
  const progress = jobProgress(body);
  return {
    status,
    done: JOB_DONE.has(status),
    ok: status === 'SUCCESS',
    body,
    ...(typeof body.fail_reason === 'string' ? { fail_reason: body.fail_reason } : {}),
    ...(typeof body.error_code === 'string' ? { error_code: body.error_code } : {}),
    ...(progress ? { progress } : {}),
  };
}

async function pollResource(
  deps: WaitDeps,
  how: Extract<AsyncBehaviour, { kind: 'status' }>,
  id: string,
  signal?: AbortSignal,
): Promise<Poll> {
  const spec = deps.pollSpec(how.resource === 'volume' ? '7.1.6' : '7.3.6');
  const param = how.resource === 'volume' ? 'volume_id' : 'snapshot_id';
  try {
    const res = await deps.client.request<Record<string, unknown>>({
      method: 'GET',
      path: resolvePath(spec.path, { [param]: id }, deps.client.projectId),
      ...(signal ? { signal } : {}),
      operation: { section: spec.section, iamActions: spec.iamActions },
    });
    const body = res.body ?? {};
    const status = String(get(body, `${how.resource}.status`) ?? 'unknown');
    const failed = how.failed.includes(status);
    return { status, done: failed || !how.transitional.includes(status), ok: !failed, body };
  } catch (err) {
    if (how.goneMeansDone && err instanceof EvsError && err.status === 404) {
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
    const jobId = get(body, 'job_id');
    return typeof jobId === 'string' ? { jobId } : {};
  }
  const id = how.id.from === 'args' ? args[how.id.key] : get(body, how.id.path);
  return typeof id === 'string' ? { resourceId: id } : {};
}

export async function waitUntilSettled(
  deps: WaitDeps,
  how: AsyncBehaviour,
  target: { jobId?: string; resourceId?: string },
  req: WaitRequest,
): Promise<WaitOutcome> {
  const started = Date.now();
  const ids = {
    ...(target.jobId ? { job_id: target.jobId } : {}),
    ...(target.resourceId ? { resource_id: target.resourceId } : {}),
  };
  let delay = deps.pollMs.initial;
  let tick = 0;
  let last: Poll | undefined;
  for (;;) {
    req.signal?.throwIfAborted();
    last =
      how.kind === 'job'
        ? await pollJob(deps, target.jobId!, req.signal)
        : await pollResource(deps, how, target.resourceId!, req.signal);
    const elapsed = Date.now() - started;
    tick += 1;
    if (req.progress) {
      const p = last.progress;
      const label = target.jobId
        ? `job ${target.jobId}`
        : `${how.kind === 'status' ? how.resource : ''} ${target.resourceId}`;
      const msg = `${label.trim()}: ${last.status} after ${Math.round(elapsed / 1000)} s`;
      await (p ? req.progress(p.done, msg, p.total) : req.progress(tick, msg));
    }
    if (last.done) {
      return {
        settled: true,
        succeeded: last.ok,
        status: last.status,
        elapsed_ms: elapsed,
        ...ids,
        ...(last.fail_reason ? { fail_reason: last.fail_reason } : {}),
        ...(last.error_code ? { error_code: last.error_code } : {}),
        ...(last.body !== undefined ? { last: last.body } : {}),
      };
    }
    const remaining = deps.budgetMs - elapsed;
    if (remaining <= 0) break;
    await sleep(Math.min(delay, remaining), undefined, req.signal ? { signal: req.signal } : undefined);
    delay = Math.min(Math.round(delay * 1.5), deps.pollMs.max);
  }
  const next = target.jobId
    ? `still ${last.status}: call get_job with job_id ${target.jobId} to follow it`
    : `still ${last.status}: read the ${how.kind === 'status' ? how.resource : 'resource'} ${target.resourceId} again later`;
  return {
    settled: false,
    succeeded: false,
    status: last.status,
    elapsed_ms: Date.now() - started,
    ...ids,
    ...(last.body !== undefined ? { last: last.body } : {}),
    next,
  };
}
