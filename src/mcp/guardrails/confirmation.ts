// Confirmation of deletes, rollbacks and replace-all updates: through the person (elicitation) when
// the client can ask, otherwise a confirmation_required result carrying a signed, short-lived token.
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { notDoneResult } from '../results.js';
import type { AuditVerdict } from './audit-log.js';
import { issueToken, verifyToken } from './confirm-token.js';
import { askPerson, supportsFormElicitation } from './elicitation.js';
import type { GuardContext } from './guard.js';
import { planText, type ConfirmationPlan } from './plan.js';
import { StoreUnavailable, type ApprovalGate } from './approval-gate.js';

export interface ConfirmDeps {
  secret: Buffer;
  principal: string;
  /** Digest of the target's state as the plan shows it (stateDigest of the declared reads). */
  state: string;
  clientCapabilities?: () => ClientCapabilities | undefined;
  now?: () => number;
  /** Approval mode: a person decides on the approval page; no token is issued or accepted. */
  approval?: ApprovalGate;
  /** The caller (token subject) the approval page shows and four eyes compares. */
  requester?: string;
  /** Redis configured: a token works once across replicas (false = used before). */
  tokenOnce?: (token: string, ttlMs: number) => Promise<boolean>;
}

export type ConfirmDecision =
  | { go: true; by: 'elicitation' | 'token' | 'approval'; note: string }
  | { go: false; verdict: AuditVerdict; result: CallToolResult };

export async function confirmCall(
  ctx: GuardContext,
  plan: () => ConfirmationPlan,
  checks: string[],
  deps: ConfirmDeps,
): Promise<ConfirmDecision> {
  const now = deps.now?.() ?? Date.now();
  const subject = { tool: ctx.spec.tool, args: ctx.args, principal: deps.principal, state: deps.state };
  const given = ctx.engine.confirm_token;
  if (given !== undefined && deps.approval && !deps.approval.tokensAllowed())
    return {
      go: false,
      verdict: 'refused:confirm_token_not_accepted',
      result: notDoneResult(
        { refused: true, reason: 'confirm_token_not_accepted', tool: ctx.spec.tool, checks },
        'Refused: confirm_token is not accepted here (EVS_MCP_CONFIRMATION=approval: a person approves). Call again without it. Nothing was sent.',
      ),
    };
  if (given !== undefined) {
    const check = verifyToken(deps.secret, given, subject, now);
    if (check.valid) return spendToken(ctx, given, check.expiresAt - now, checks, deps);
    return {
      go: false,
      verdict: `refused:confirm_token_${check.reason}`,
      result: notDoneResult(
        { refused: true, reason: `confirm_token_${check.reason}`, tool: ctx.spec.tool, checks },
        `Refused: ${check.message}. Nothing was sent.`,
      ),
    };
  }
  const p = plan();
  let fallback = '';
  if (supportsFormElicitation(deps.clientCapabilities?.())) {
    const answer = await askPerson(ctx.extra, `Please confirm:\n${planText(p)}`, p.summary);
    if (answer === 'accepted') return { go: true, by: 'elicitation', note: 'confirmed by the user' };
    const why =
      typeof answer === 'object'
        ? `the confirmation could not be asked (${answer.failed})`
        : `the user ${answer} it`;
    return {
      go: false,
      verdict: 'declined',
      result: notDoneResult(
        {
          declined: true,
          tool: ctx.spec.tool,
          answer: typeof answer === 'object' ? 'failed' : answer,
          plan: p,
          checks,
        },
        `Not done: ${why}. Nothing was changed. ${p.summary}`,
      ),
    };
  }
  if (deps.approval) {
    const a = await deps.approval.confirm(ctx, () => p, checks, {
      principal: deps.principal,
      requester: deps.requester ?? 'local',
      state: deps.state,
    });
    if (a.go) return { go: true, by: 'approval', note: a.note };
    if (!('fallback' in a)) return a;
    fallback = `${a.fallback[0]!.toUpperCase()}${a.fallback.slice(1)}, so this falls back to a confirmation token, which a model could give itself. `;
  }
  const { token, expiresAt } = issueToken(deps.secret, subject, now);
  const structured = {
    confirmation_required: true,
    tool: ctx.spec.tool,
    plan: p,
    confirm_token: token,
    ...(fallback ? { approval_unavailable: fallback.trim() } : {}),
    expires_at: new Date(expiresAt).toISOString(),
    checks,
  };
  return {
    go: false,
    verdict: 'confirmation_required',
    result: notDoneResult(
      structured,
      `${fallback}Confirmation required, nothing was sent.\n${planText(p)}\nShow this to the user. Only if they agree, call ${ctx.spec.tool} again with the same arguments plus confirm_token="${token}" (valid 5 minutes).`,
    ),
  };
}

/** A valid token, made single-use across replicas when Redis is configured (fail closed without it). */
async function spendToken(
  ctx: GuardContext,
  token: string,
  ttlMs: number,
  checks: string[],
  deps: ConfirmDeps,
): Promise<ConfirmDecision> {
  const ok = { go: true as const, by: 'token' as const, note: 'confirmed with a valid confirm_token' };
  if (!deps.tokenOnce) return ok;
  const refuse = (reason: string, message: string): ConfirmDecision => ({
    go: false,
    verdict: `refused:${reason}`,
    result: notDoneResult(
      { refused: true, reason, tool: ctx.spec.tool, checks },
      `Refused: ${message} Nothing was sent.`,
    ),
  });
  try {
    if (await deps.tokenOnce(token, Math.max(1000, ttlMs + 60_000))) return ok;
    return refuse(
      'confirm_token_used',
      'this confirm_token was used already (a token works once); call without it to get a new one.',
    );
  } catch (err) {
    if (!(err instanceof StoreUnavailable)) throw err;
    return refuse(
      'confirm_store_unavailable',
      `a confirm_token cannot be checked for single use: ${err.message}.`,
    );
  }
}
