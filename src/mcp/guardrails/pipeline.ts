// The guardrail pipeline every tool call passes: policy, autobk refusal, pre-flight checks,
// dry run, confirmation, and an audit line per mutating call.
import { randomBytes } from 'node:crypto';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { EvsError } from '../../http/errors.js';
import { secretsInBody } from '../../http/redact.js';
import type { ApiClient } from '../../http/types.js';
import { notDoneResult, okResult } from '../results.js';
import {
  createAuditLog,
  redactArgs,
  type AuditEntry,
  type AuditLog,
  type AuditOutcome,
  type AuditVerdict,
} from './audit-log.js';
import { checkAutobk } from './autobk.js';
import { confirmCall } from './confirmation.js';
import type { CallOutcome, Guard, GuardContext, GuardVerdict } from './guard.js';
import { Lookups } from './lookups.js';
import { buildPlan, planText } from './plan.js';
import { policyRefusal } from './policy.js';
import { runPreflight } from './preflight/index.js';
import { refusalText, type Refusal } from './refusal.js';

export interface PipelineDeps {
  config: Pick<Config, 'confirmation' | 'confirmSecret' | 'auditLog' | 'allowTools' | 'denyTools'>;
  client: ApiClient;
  logger: Logger;
  principal: string;
  secrets: () => readonly string[];
  clientCapabilities?: () => ClientCapabilities | undefined;
  now?: () => number;
  /** Replaces the file-backed audit log (tests). */
  audit?: AuditLog;
}

/** What `after` needs to finish the audit line of an allowed call. */
interface Pending {
  checks: string[];
  confirmedBy?: 'elicitation' | 'token';
}

export interface GuardPipeline extends Guard {
  close(): void;
}

export function createPipeline(deps: PipelineDeps): GuardPipeline {
  const secret = deps.config.confirmSecret ? Buffer.from(deps.config.confirmSecret, 'utf8') : randomBytes(32);
  const audit = deps.audit ?? createAuditLog(deps.config.auditLog, deps.logger, deps.secrets);
  const pending = new WeakMap<GuardContext, Pending>();

  // The caller behind a verified HTTP bearer token (authInfo.extra.sub), else the local user.
  const principalOf = (ctx: GuardContext): string => {
    const sub = ctx.extra.authInfo?.extra?.sub;
    return typeof sub === 'string' ? `oauth:${sub} as ${deps.principal}` : deps.principal;
  };

  const record = (
    ctx: GuardContext,
    verdict: AuditVerdict,
    outcome: AuditOutcome,
    extra: Partial<Pick<AuditEntry, 'checks' | 'confirmed_by' | 'request_id'>> = {},
  ): void => {
    audit.write({
      time: new Date(deps.now?.() ?? Date.now()).toISOString(),
      tool: ctx.spec.tool,
      section: ctx.spec.section,
      args: ctx.args,
      principal: principalOf(ctx),
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
      if (!mutating) return { proceed: true, notes: [] };

      const flags = ctx.spec.guard ?? {};
      const lookups = new Lookups(deps.client, ctx.extra.signal);
      const autobk = await checkAutobk(flags, ctx.args, lookups);
      const pre = await runPreflight(flags.preflight ?? [], {
        tool: ctx.spec.tool,
        section: ctx.spec.section,
        args: ctx.args,
        lookups,
      });
      const refusals = [...autobk.refusals, ...pre.refusals];
      const checks = () => [...lookups.log, ...autobk.notes, ...pre.notes];
      const needsConfirm =
        (flags.confirm === true || flags.confirmWhen?.(ctx.args) === true) && deps.config.confirmation;
      // The request as shown back: a dry run or a plan must not echo an auth_key or password.
      const described = redactArgs(ctx.described, [
        ...deps.secrets(),
        ...secretsInBody(ctx.args),
      ]) as GuardContext['described'];

      if (ctx.engine.dry_run) {
        const plan =
          needsConfirm && !refusals.length
            ? await buildPlan(ctx.spec, ctx.args, lookups, described)
            : undefined;
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
          ...(plan ? { plan } : {}),
          checks: all,
        };
        const why = refusals.length
          ? `\n${refusals.map(refusalText).join('\n')}`
          : plan
            ? `\nNeeds confirmation:\n${planText(plan)}`
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
        const decision = await confirmCall(
          ctx,
          () => buildPlan(ctx.spec, ctx.args, lookups, described),
          checks(),
          {
            secret,
            principal: principalOf(ctx),
            ...(deps.clientCapabilities ? { clientCapabilities: deps.clientCapabilities } : {}),
            ...(deps.now ? { now: deps.now } : {}),
          },
        );
        if (!decision.go) {
          record(ctx, decision.verdict, { sent: false }, { checks: checks() });
          return { proceed: false, result: decision.result };
        }
        confirmedBy = decision.by;
        notes.splice(0, notes.length, ...checks(), decision.note);
      } else if (flags.confirm) notes.push('confirmation is off (EVS_MCP_CONFIRMATION=off)');
      pending.set(ctx, { checks: notes, ...(confirmedBy ? { confirmedBy } : {}) });
      return { proceed: true, notes };
    },

    async after(ctx, outcome: CallOutcome) {
      if (ctx.spec.hints.readOnly) return;
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
          ...(requestId ? { request_id: requestId } : {}),
        },
      );
    },

    close() {
      audit.close();
    },
  };
}
