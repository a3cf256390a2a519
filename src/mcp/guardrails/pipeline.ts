// The guardrail pipeline every tool call passes: policy, the record's declared reads (failing closed),
// pre-flight checks on their answers, dry run, confirmation bound to the target's state, and an audit
// line per mutating call. Everything it knows about an operation comes from the operation's record.
import { randomBytes } from 'node:crypto';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { EvsError } from '../../evs-client/errors.js';
import { secretsInBody } from '../../evs-client/redact.js';
import type { ApiClient } from '../../evs-client/types.js';
import { notDoneResult, okResult } from '../results.js';
import {
  AuditWriteError,
  createAuditLog,
  redactArgs,
  type AuditEntry,
  type AuditLog,
  type AuditOutcome,
  type AuditVerdict,
} from './audit-log.js';
import { needsConfirmation, type OperationSpec } from '../../evs/operation.js';
import { REGISTRY } from '../../evs/operations/index.js';
import { checkAutobkName } from './autobk.js';
import { stateDigest } from './confirm-token.js';
import { confirmCall } from './confirmation.js';
import type { CallOutcome, Guard, GuardContext, GuardVerdict } from './guard.js';
import { batchDryRun, judgeBatch } from './batch.js';
import { buildPlan, planText } from './plan.js';
import { policyRefusal } from './policy.js';
import { runPreflight } from './preflight/index.js';
import { callerOf, callerPrincipal, credentialFingerprint } from './principal.js';
import { iamActionsOf, KINDS, resolveReads, runReads, type ReadFailure } from './reads.js';
import { refusalText, type Refusal } from './refusal.js';
import { telemetry } from '../../telemetry/telemetry.js';
import type { ApprovalGate } from './approval-gate.js';

export interface PipelineDeps {
  config: Pick<Config, 'confirmation' | 'confirmSecret' | 'auditLog' | 'allowTools' | 'denyTools'> &
    Partial<Pick<Config, 'auth'>>;
  client: ApiClient;
  logger: Logger;
  /** The records the declared reads refer to (default: the whole registry). */
  operations?: readonly OperationSpec[];
  secrets: () => readonly string[];
  clientCapabilities?: () => ClientCapabilities | undefined;
  now?: () => number;
  /** Replaces the file-backed audit log (tests). */
  audit?: AuditLog;
  /** EVS_MCP_CONFIRMATION=approval: the approval page decides (src/approvals). */
  approval?: ApprovalGate;
  /** Redis configured: confirmation tokens work once across replicas. */
  tokenOnce?: (token: string, ttlMs: number) => Promise<boolean>;
}

/** What `after` needs to finish the audit line of an allowed call. */
interface Pending {
  checks: string[];
  confirmedBy?: 'elicitation' | 'token' | 'approval' | 'off';
}

export interface GuardPipeline extends Guard {
  close(): void;
}

/** A declared read that did not answer: "does not exist" for a 404, otherwise fail closed. */
function readRefusal(f: ReadFailure, spec: OperationSpec, all: readonly string[]): Refusal {
  if (f.notFound) {
    const code = KINDS[f.as].notFoundCode;
    return {
      reason: `${f.as}_not_found`,
      section: spec.section,
      ...(code ? { code } : {}),
      message: `Refused: ${f.target} does not exist in this project.`,
    };
  }
  return {
    reason: 'check_failed',
    section: f.section,
    message: `Refused: could not check ${f.target} before ${spec.tool} (${f.message}). Nothing is sent unless every check can be made. Reading it needs IAM action(s) ${f.iamActions.join(', ') || '(none)'}; ${spec.tool} needs ${all.join(', ')}. Try again once it can be read.`,
  };
}

/** The same refusal found twice (e.g. by two checks) is listed once. */
function once(refusals: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return refusals.filter((r) => {
    const key = `${r.reason}\n${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createPipeline(deps: PipelineDeps): GuardPipeline {
  const secret = deps.config.confirmSecret ? Buffer.from(deps.config.confirmSecret, 'utf8') : randomBytes(32);
  const audit = deps.audit ?? createAuditLog(deps.config.auditLog, deps.logger, deps.secrets);
  const pending = new WeakMap<GuardContext, Pending>();
  const find = deps.operations ? resolveReads(deps.operations) : REGISTRY.find;
  // A record's actions never change: derived once, not on every call.
  const iamCache = new WeakMap<OperationSpec, string[]>();
  const iamOf = (spec: OperationSpec): string[] => {
    let actions = iamCache.get(spec);
    if (!actions) iamCache.set(spec, (actions = iamActionsOf(spec, find)));
    return actions;
  };
  const base = {
    credential: deps.config.auth ? credentialFingerprint(deps.config.auth) : 'unknown',
    projectId: deps.client.projectId,
  };

  const approvalDeps = (extra: GuardContext['extra']) => ({
    ...(deps.approval ? { approval: deps.approval, requester: callerOf(extra) } : {}),
    ...(deps.tokenOnce ? { tokenOnce: deps.tokenOnce } : {}),
  });

  const record = (
    ctx: GuardContext,
    verdict: AuditVerdict,
    outcome: AuditOutcome,
    extra: Partial<Pick<AuditEntry, 'checks' | 'confirmed_by' | 'model_could_confirm' | 'request_id'>> = {},
  ): void => {
    audit.write({
      time: new Date(deps.now?.() ?? Date.now()).toISOString(),
      tool: ctx.spec.tool,
      section: ctx.spec.section,
      args: ctx.args,
      caller: callerOf(ctx.extra),
      principal: callerPrincipal(ctx.extra, base),
      verdict,
      ...extra,
      outcome,
    });
  };

  const refuse = (ctx: GuardContext, refusals: Refusal[], checks: string[]): GuardVerdict => {
    const first = refusals[0]!;
    record(ctx, `refused:${first.reason}`, { sent: false }, { checks });
    const structured = { refused: true, reason: first.reason, tool: ctx.spec.tool, refusals, checks };
    const text = `${refusals.map(refusalText).join('\n')}\nNothing was sent.`;
    return { proceed: false, result: notDoneResult(structured, text) };
  };

  return {
    async check(ctx) {
      const mutating = !ctx.spec.hints.readOnly;
      const policy = policyRefusal(ctx.spec.tool, deps.config);
      if (policy) {
        if (mutating) return refuse(ctx, [policy], []);
        return {
          proceed: false,
          result: notDoneResult(
            { refused: true, reason: policy.reason, tool: ctx.spec.tool },
            policy.message,
          ),
        };
      }
      // A 403 on the call itself names every action the tool needs, its reads' included.
      const iam = iamOf(ctx.spec);
      if (ctx.request.operation) ctx.request.operation = { ...ctx.request.operation, iamActions: iam };
      if (!mutating) return { proceed: true, notes: [] };

      const flags = ctx.spec.guard ?? {};
      const reads = await runReads(ctx.spec, ctx.args, find, {
        client: deps.client,
        ...(ctx.extra.signal ? { signal: ctx.extra.signal } : {}),
      });
      const autobk = checkAutobkName(flags, ctx.args);
      // Checks judge only complete answers: any failed read refuses the call before they run.
      const pre = reads.failures.length
        ? { refusals: [], notes: [] }
        : runPreflight(flags.preflight ?? [], {
            spec: ctx.spec,
            section: ctx.spec.section,
            args: ctx.args,
            reads: reads.values,
          });
      const refusals = once([
        ...reads.failures.map((f) => readRefusal(f, ctx.spec, iam)),
        ...autobk.refusals,
        ...pre.refusals,
      ]);
      const checks = () => [...reads.log, ...autobk.notes, ...pre.notes];
      const confirmable = needsConfirmation(ctx.spec, ctx.args, reads.values);
      const needsConfirm = confirmable && deps.config.confirmation;
      const state = Object.keys(reads.state).length ? stateDigest(reads.state) : '';
      // The request as shown back: a dry run or a plan must not echo an auth_key or password.
      const described = redactArgs(ctx.described, [
        ...deps.secrets(),
        ...secretsInBody(ctx.args),
      ]) as GuardContext['described'];
      const plan = () => buildPlan(ctx.spec, ctx.args, reads, described);

      if (ctx.engine.dry_run) {
        const shown = needsConfirm && !refusals.length ? plan() : undefined;
        const verdict = refusals.length
          ? 'would_refuse'
          : needsConfirm
            ? 'would_need_confirmation'
            : 'would_send';
        const all = checks();
        record(ctx, 'dry_run', { sent: false }, { checks: all });
        const structured = {
          dry_run: true,
          tool: ctx.spec.tool,
          section: ctx.spec.section,
          request: described,
          verdict,
          ...(refusals.length ? { refusals } : {}),
          ...(shown ? { plan: shown } : {}),
          checks: all,
        };
        const why = refusals.length
          ? `\n${refusals.map(refusalText).join('\n')}`
          : shown
            ? `\nNeeds confirmation:\n${planText(shown)}`
            : '';
        return {
          proceed: false,
          result: okResult(
            structured,
            `Dry run, nothing sent (${verdict}): ${ctx.described.method} ${ctx.described.url}${why}\n${JSON.stringify(structured)}`,
          ),
        };
      }
      if (refusals.length) return refuse(ctx, refusals, checks());

      let confirmedBy: Pending['confirmedBy'];
      const notes = checks();
      if (needsConfirm) {
        const decision = await confirmCall(ctx, plan, checks(), {
          secret,
          principal: callerPrincipal(ctx.extra, base),
          state,
          ...(deps.clientCapabilities ? { clientCapabilities: deps.clientCapabilities } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          ...approvalDeps(ctx.extra),
        });
        if (!decision.go) {
          record(ctx, decision.verdict, { sent: false }, { checks: checks() });
          return { proceed: false, result: decision.result };
        }
        confirmedBy = decision.by;
        telemetry().confirmed(decision.by); // telemetry: approvals will report 'approval'
        notes.splice(0, notes.length, ...checks(), decision.note);
      } else if (confirmable) {
        notes.push('confirmation is off (EVS_MCP_CONFIRMATION=off)');
        confirmedBy = 'off';
      }
      pending.set(ctx, { checks: notes, ...(confirmedBy ? { confirmedBy } : {}) });
      return { proceed: true, notes };
    },

    async checkBatch(batch, items) {
      const policy = policyRefusal(batch.spec.tool, deps.config);
      if (policy) return refuse(batch, [policy], []);
      // A 403 on an item names every action the item needs, its reads' included.
      for (const item of items) {
        const op = item.request.operation;
        if (op) item.request.operation = { ...op, iamActions: iamOf(item.spec) };
      }
      const signal = batch.extra.signal;
      const j = await judgeBatch(batch, items, {
        runReads: (spec, args) =>
          runReads(spec, args, find, { client: deps.client, ...(signal ? { signal } : {}) }),
        readRefusal: (f, spec) => readRefusal(f, spec, iamOf(spec)),
      });
      const needsConfirm = j.confirm && deps.config.confirmation;
      if (batch.engine.dry_run) {
        record(batch, 'dry_run', { sent: false }, { checks: j.checks });
        return { proceed: false, result: batchDryRun(batch, items, j, needsConfirm) };
      }
      if (j.refusals.length) return refuse(batch, j.refusals, j.checks);
      let confirmedBy: Pending['confirmedBy'];
      const notes = [...j.checks];
      if (needsConfirm) {
        const decision = await confirmCall(batch, j.plan, j.checks, {
          secret,
          principal: callerPrincipal(batch.extra, base),
          state: j.state,
          ...(deps.clientCapabilities ? { clientCapabilities: deps.clientCapabilities } : {}),
          ...(deps.now ? { now: deps.now } : {}),
          ...approvalDeps(batch.extra),
        });
        if (!decision.go) {
          record(batch, decision.verdict, { sent: false }, { checks: j.checks });
          return { proceed: false, result: decision.result };
        }
        confirmedBy = decision.by;
        telemetry().confirmed(decision.by); // telemetry: approvals will report 'approval'
        notes.push(decision.note);
      } else if (j.confirm) {
        notes.push('confirmation is off (EVS_MCP_CONFIRMATION=off)');
        confirmedBy = 'off';
      }
      items.forEach((item, n) =>
        pending.set(item, { checks: j.itemChecks[n] ?? [], ...(confirmedBy ? { confirmedBy } : {}) }),
      );
      return { proceed: true, notes };
    },

    async after(ctx, outcome: CallOutcome) {
      if (ctx.spec.hints.readOnly) return;
      // The audit line of this call already failed: pass that on to the caller, do not write a second one.
      if (outcome.error instanceof AuditWriteError) throw outcome.error;
      const p = pending.get(ctx);
      const err = outcome.error;
      const status = outcome.status ?? (err instanceof EvsError ? err.status : undefined);
      const requestId = outcome.requestId ?? (err instanceof EvsError ? err.requestId : undefined);
      record(
        ctx,
        'allowed',
        {
          sent: true,
          ok: outcome.ok,
          ...(status !== undefined ? { status } : {}),
          ...(err instanceof EvsError && err.code ? { error_code: err.code } : {}),
          ...(outcome.waited ? { wait: outcome.waited } : {}),
        },
        {
          ...(p?.checks.length ? { checks: p.checks } : {}),
          ...(p?.confirmedBy ? { confirmed_by: p.confirmedBy } : {}),
          ...(p?.confirmedBy === 'token' ? { model_could_confirm: true } : {}),
          ...(requestId ? { request_id: requestId } : {}),
        },
      );
    },

    close() {
      audit.close();
    },
  };
}
