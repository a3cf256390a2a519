// The confirmation step in approval mode, where no elicitation reaches a person: the first call files
// an approval and answers approval_required with its link and id (never a token); the same call
// repeated runs once a person approved it and the target is still in the state they saw. An approval
// is used once; declined, expired, stale or used ones refuse. Any store failure refuses (fail closed).
import { createHash, randomBytes } from 'node:crypto';
import { notDoneResult } from '../mcp/results.js';
import { canonicalJson } from '../mcp/guardrails/canonical.js';
import type { GuardContext } from '../mcp/guardrails/guard.js';
import { planText } from '../mcp/guardrails/plan.js';
import { StoreUnavailable, type ApprovalRecord, type SharedStore } from './types.js';

/** How long Redis keeps an approval after it expired, so a late repeat hears "expired", not "new". */
const KEEP_AFTER_EXPIRY_MS = 60 * 60 * 1000;

export interface ApprovalGateDeps {
  store: SharedStore;
  ttlMs: number;
  /** The page of an approval (public URL over HTTP, a loopback one-time path on stdio). */
  linkFor: (id: string) => string;
  /** Called once per new approval (stdio: opens the person's browser); false means nobody will see it. */
  announce?: (link: string, request: { id: string; tool: string }, ctx: GuardContext) => Promise<boolean>;
  /** stdio: the link is the secret, so the result only says approval is pending (default: shown). */
  hideLink?: boolean;
  /** How long a repeated call may wait for the decision (the wait budget). */
  waitBudgetMs: number;
  pollMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// The guard's side of the gate (what it calls) is declared beside the guard, which must not import this folder.
export type { ApprovalGate, ApprovalOutcome, ApprovalSubject } from '../mcp/guardrails/approval-gate.js';
import type { ApprovalGate, ApprovalOutcome, ApprovalSubject } from '../mcp/guardrails/approval-gate.js';

/** Names one call: tool, canonical arguments and principal (so no other caller can use it). */
export function callKey(tool: string, args: Record<string, unknown>, principal: string): string {
  return createHash('sha256')
    .update(JSON.stringify([tool, canonicalJson(args), principal]), 'utf8')
    .digest('hex');
}

function clientOf(ctx: GuardContext): string {
  const info = ctx.extra.authInfo;
  const agent = ctx.extra.requestInfo?.headers?.['user-agent'];
  const parts = [info?.clientId ? `client_id ${info.clientId}` : '', typeof agent === 'string' ? agent : ''];
  return parts.filter(Boolean).join(', ').slice(0, 200) || 'local (stdio)';
}

export function createApprovalGate(deps: ApprovalGateDeps): ApprovalGate {
  const now = () => deps.now?.() ?? Date.now();
  let fellBack = false;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const refused = (
    ctx: GuardContext,
    reason: string,
    message: string,
    checks: string[],
    extra: Record<string, unknown> = {},
  ): ApprovalOutcome => ({
    go: false,
    verdict: `refused:${reason}`,
    result: notDoneResult(
      { refused: true, reason, tool: ctx.spec.tool, ...extra, checks },
      `Refused: ${message} Nothing was sent.`,
    ),
  });

  const required = (
    ctx: GuardContext,
    rec: ApprovalRecord,
    checks: string[],
    announced: boolean,
  ): ApprovalOutcome => {
    const link = deps.hideLink ? 'the approval page opened in your browser' : deps.linkFor(rec.request.id);
    const p = rec.request.plan;
    return {
      go: false,
      verdict: 'approval_required',
      result: notDoneResult(
        {
          approval_required: true,
          tool: ctx.spec.tool,
          approval_id: rec.request.id,
          ...(deps.hideLink ? {} : { approval_url: link }),
          expires_at: new Date(rec.request.expiresAt).toISOString(),
          plan: p,
          checks,
        },
        `Approval required, nothing was sent.\n${planText(p)}\nA person ${deps.hideLink ? '' : 'with the approver role '}must approve this at ${link} (approval ${rec.request.id}${announced && !deps.hideLink ? ', opened in their browser' : ''}). You cannot approve it yourself. Once approved, call ${ctx.spec.tool} again with the same arguments; it runs only if the target is still as the approver saw it.`,
      ),
    };
  };

  /** Polls the store until the approval is decided or the budget ends, with progress when asked. */
  const waitForDecision = async (ctx: GuardContext, id: string): Promise<ApprovalRecord | undefined> => {
    const token = ctx.extra._meta?.progressToken;
    if (token === undefined) return deps.store.get(id);
    const until = now() + deps.waitBudgetMs;
    let tick = 0;
    for (;;) {
      const rec = await deps.store.get(id);
      if (!rec || rec.status !== 'pending' || now() >= until || ctx.extra.signal?.aborted) return rec;
      tick += 1;
      await ctx.extra.sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress: tick,
          message: `waiting for a person to decide approval ${id}${deps.hideLink ? '' : ` at ${deps.linkFor(id)}`}`,
        },
      });
      await sleep(deps.pollMs);
    }
  };

  const judge = async (
    ctx: GuardContext,
    rec: ApprovalRecord,
    checks: string[],
    subject: ApprovalSubject,
  ): Promise<ApprovalOutcome> => {
    const { id, call } = rec.request;
    const forget = () => deps.store.forgetCall(call, id);
    if (rec.status === 'used') {
      await forget();
      return refused(
        ctx,
        'approval_used',
        `approval ${id} was used already (an approval works once); call again to ask for a new one.`,
        checks,
        { approval_id: id },
      );
    }
    if (rec.status === 'declined') {
      await forget();
      return refused(
        ctx,
        'approval_declined',
        `${rec.decision?.by ?? 'the approver'} declined approval ${id}.`,
        checks,
        { approval_id: id },
      );
    }
    if (rec.status === 'stale') {
      await forget();
      return refused(
        ctx,
        'approval_stale',
        `the target changed after approval ${id} was given; call again to ask for a new one.`,
        checks,
        { approval_id: id },
      );
    }
    if (now() >= rec.request.expiresAt) {
      await forget();
      return refused(
        ctx,
        'approval_expired',
        `approval ${id} expired at ${new Date(rec.request.expiresAt).toISOString()}; call again to ask for a new one.`,
        checks,
        { approval_id: id },
      );
    }
    if (rec.status === 'pending') return required(ctx, rec, checks, false);
    // Approved: only on the very state the approver saw, and only once across every replica.
    if (rec.decision?.state !== subject.state) {
      await deps.store.transition(id, 'approved', 'stale');
      await forget();
      return refused(
        ctx,
        'approval_stale',
        `the target changed after ${rec.decision?.by ?? 'the approver'} approved ${id} (status, size, attachments, snapshots or metadata differ from what they saw); call again to ask for a new approval.`,
        checks,
        { approval_id: id },
      );
    }
    if (!(await deps.store.transition(id, 'approved', 'used')))
      return refused(
        ctx,
        'approval_used',
        `approval ${id} was used by another call at the same time.`,
        checks,
        { approval_id: id },
      );
    await forget();
    return { go: true, id, note: `approved by ${rec.decision.by} on the approval page (approval ${id})` };
  };

  return {
    tokensAllowed: () => fellBack,
    async confirm(ctx, plan, checks, subject) {
      try {
        const call = callKey(ctx.spec.tool, ctx.args, subject.principal);
        const existing = await deps.store.findByCall(call);
        if (existing) {
          const decided =
            existing.status === 'pending' ? await waitForDecision(ctx, existing.request.id) : existing;
          if (!decided)
            return refused(
              ctx,
              'approval_missing',
              `approval ${existing.request.id} is gone from the store.`,
              checks,
            );
          return await judge(ctx, decided, checks, subject);
        }
        const t = now();
        const request = {
          id: randomBytes(16).toString('base64url'),
          call,
          tool: ctx.spec.tool,
          section: ctx.spec.section,
          args: ctx.args,
          plan: plan(),
          requester: subject.requester,
          principal: subject.principal,
          client: clientOf(ctx),
          state: subject.state,
          createdAt: t,
          expiresAt: t + deps.ttlMs,
        };
        await deps.store.create(request, deps.ttlMs + KEEP_AFTER_EXPIRY_MS);
        const link = deps.linkFor(request.id);
        const announced = deps.announce ? await deps.announce(link, request, ctx) : false;
        if (deps.announce && !announced) {
          await deps.store.transition(request.id, 'pending', 'declined');
          await deps.store.forgetCall(call, request.id);
          fellBack = true;
          return { go: false, fallback: 'no browser could be opened for the approval page' };
        }
        // Announcing may already have brought a decision (a URL-mode elicitation declined).
        const rec: ApprovalRecord = (await deps.store.get(request.id)) ?? { request, status: 'pending' };
        if (rec.status !== 'pending') return await judge(ctx, rec, checks, subject);
        if (ctx.extra._meta?.progressToken !== undefined) {
          const decided = await waitForDecision(ctx, request.id);
          if (decided && decided.status !== 'pending') return await judge(ctx, decided, checks, subject);
        }
        return required(ctx, rec, checks, announced);
      } catch (err) {
        if (!(err instanceof StoreUnavailable)) throw err;
        return refused(
          ctx,
          'approval_store_unavailable',
          `approvals cannot be checked: ${err.message}. Confirmed calls wait until it is back (fail closed).`,
          checks,
        );
      }
    },
  };
}
