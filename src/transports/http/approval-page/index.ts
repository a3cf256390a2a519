// The approval page at the public URL: /approvals/<id> behind the organisation's login (OpenID
// Connect), where a person holding the approver role approves or declines a filed call after
// seeing the plan rebuilt from fresh reads. No bearer token is accepted here, so an MCP access token
// approves nothing; decisions need the session's CSRF value and a same-origin POST.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { App } from '../../../app.js';
import type { HttpConfig } from '../../../config/schema.js';
import { OPERATIONS } from '../../../evs/operations/index.js';
import { createReplanner } from '../../../approvals/replan.js';
import { approvalBase } from '../../../approvals/wire.js';
import { StoreUnavailable, type SharedStore } from '../../../approvals/types.js';
import { readBody } from '../body.js';
import { hostName } from '../security.js';
import { approvalView, outcomeView } from '../../../approvals/html.js';
import { createRelyingParty } from './oidc.js';

const SESSION_TTL_MS = 30 * 60 * 1000;
const ID = /^[A-Za-z0-9_-]{16,64}$/;

interface Session {
  sub: string;
  name: string;
  roles: string[];
  csrf: string;
}

export type ApprovalPage = (req: IncomingMessage, res: ServerResponse) => boolean;

function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
const hashed = (sid: string) => createHash('sha256').update(sid).digest('hex');

export async function approvalPageFor(
  app: Pick<App, 'shared' | 'client'>,
  config: HttpConfig,
  logger: Logger,
  opts: { now?: () => number } = {},
): Promise<ApprovalPage | undefined> {
  const { store, settings } = app.shared;
  if (!store || !settings?.oidc || !config.publicUrl) return undefined;
  return createApprovalPage({
    store,
    base: approvalBase(config.publicUrl),
    oidc: settings.oidc,
    approverRole: settings.approverRole,
    fourEyes: settings.fourEyes,
    replan: createReplanner(app.client, OPERATIONS),
    logger: logger.child({ component: 'approval-page' }),
    now: opts.now ?? Date.now,
  });
}

export function createApprovalPage(d: {
  store: SharedStore;
  base: string;
  oidc: { issuer: string; clientId: string; clientSecret: string };
  approverRole: string;
  fourEyes: boolean;
  replan: ReturnType<typeof createReplanner>;
  logger: Logger;
  now: () => number;
}): ApprovalPage {
  const secure = d.base.startsWith('https://');
  // __Host- pins the cookie to this origin (https only); on plain loopback http the bare name.
  const SESSION = secure ? '__Host-evs-approval' : 'evs-approval';
  const LOGIN = secure ? '__Host-evs-approval-login' : 'evs-approval-login';
  const attrs = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const rp = createRelyingParty(
    { ...d.oidc, redirectUri: `${d.base}/approvals/callback`, approverRole: d.approverRole },
    d.store,
  );
  const publicHost = hostName(new URL(d.base).host);

  const send = (
    res: ServerResponse,
    status: number,
    html: string,
    headers: Record<string, string | string[]> = {},
  ) => {
    if (res.headersSent) return void res.end();
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      // same-origin, not no-referrer: with no-referrer the browser sends `Origin: null` on the form's POST.
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    res.end(html);
  };
  const refuse = (res: ServerResponse, status: number, text: string) =>
    send(res, status, outcomeView('no', 'Not decided', text));
  const redirect = (res: ServerResponse, to: string, cookies: string[] = []) => {
    res.writeHead(302, {
      location: to,
      'cache-control': 'no-store',
      ...(cookies.length ? { 'set-cookie': cookies } : {}),
    });
    res.end();
  };

  const sessionOf = async (req: IncomingMessage): Promise<Session | undefined> => {
    const sid = cookiesOf(req)[SESSION];
    if (!sid || !/^[A-Za-z0-9_-]{43}$/.test(sid)) return undefined;
    const raw = await d.store.getValue(`session:${hashed(sid)}`);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  };
  const mayDecide = (s: Session) => s.roles.includes(d.approverRole);

  const login = async (res: ServerResponse, returnTo: string) => {
    const { url, state } = await rp.start(returnTo);
    redirect(res, url, [`${LOGIN}=${state}; ${attrs}; Max-Age=600`]);
  };

  const callback = async (req: IncomingMessage, res: ServerResponse) => {
    let who;
    try {
      who = await rp.finish(new URL(req.url ?? '/', d.base), cookiesOf(req)[LOGIN]);
    } catch (err) {
      if (err instanceof StoreUnavailable) throw err;
      d.logger.warn({ why: err instanceof Error ? err.message : String(err) }, 'approval login failed');
      return refuse(res, 400, 'The login could not be completed. Open the approval link again.');
    }
    const sid = randomBytes(32).toString('base64url');
    const session: Session = {
      sub: who.sub,
      name: who.name,
      roles: who.roles,
      csrf: randomBytes(32).toString('base64url'),
    };
    await d.store.putValue(`session:${hashed(sid)}`, JSON.stringify(session), SESSION_TTL_MS);
    const to = ID.test(who.returnTo) ? `/approvals/${who.returnTo}` : '/approvals/';
    redirect(res, to, [
      `${SESSION}=${sid}; ${attrs}; Max-Age=${SESSION_TTL_MS / 1000}`,
      `${LOGIN}=; ${attrs}; Max-Age=0`,
    ]);
  };

  /** Why this person may not decide this approval now, or undefined. */
  const blockerOf = (
    s: Session,
    status: string,
    expiresAt: number,
    requester: string,
  ): string | undefined => {
    if (!mayDecide(s))
      return `You cannot decide: approving needs the ${d.approverRole} role, which your login does not carry.`;
    if (d.fourEyes && s.sub === requester)
      return 'You cannot decide: you asked for this change, and four eyes are required (EVS_MCP_FOUR_EYES).';
    if (status !== 'pending') return `This approval is ${status}; nothing more can be decided.`;
    if (d.now() >= expiresAt) return 'This approval has expired; the agent must ask again.';
    return undefined;
  };

  const view = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const s = await sessionOf(req);
    if (!s) return login(res, id);
    const rec = await d.store.get(id);
    if (!rec) return refuse(res, 404, 'No such approval (it may have expired).');
    const fresh = await d.replan(rec.request);
    if ('failed' in fresh)
      return refuse(
        res,
        503,
        `The target could not be read just now (${fresh.failed}); nothing can be approved blind.`,
      );
    const blocked = blockerOf(s, rec.status, rec.request.expiresAt, rec.request.requester);
    send(
      res,
      blocked && !mayDecide(s) ? 403 : 200,
      approvalView({
        rec,
        plan: fresh.plan,
        state: fresh.state,
        viewer: s.name,
        csrf: s.csrf,
        action: `/approvals/${id}/decision`,
        ...(blocked ? { blocked } : {}),
      }),
    );
  };

  const decide = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    // Only a same-origin form may decide: a cross-site POST (or one without Origin) is refused.
    if (req.headers.origin !== d.base)
      return refuse(res, 403, 'Cross-site requests cannot decide approvals.');
    const s = await sessionOf(req);
    if (!s) return refuse(res, 401, 'Sign in first: open the approval link again.');
    const form = new URLSearchParams(await readBody(req, 16 * 1024));
    if (!sameText(form.get('csrf') ?? '', s.csrf))
      return refuse(res, 403, 'The form is not from this session (CSRF check failed).');
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'decline')
      return refuse(res, 400, 'Choose approve or decline.');
    const rec = await d.store.get(id);
    if (!rec) return refuse(res, 404, 'No such approval (it may have expired).');
    const blocked = blockerOf(s, rec.status, rec.request.expiresAt, rec.request.requester);
    if (blocked) return refuse(res, 403, blocked);
    const fresh = await d.replan(rec.request);
    if ('failed' in fresh)
      return refuse(res, 503, `The target could not be read just now (${fresh.failed}).`);
    // What is approved is what was shown: if the target moved since the page was rendered, look again.
    if (decision === 'approve' && !sameText(form.get('state') ?? '', fresh.state))
      return refuse(res, 409, 'The target changed since this page was shown. Reload it and look again.');
    const to = decision === 'approve' ? 'approved' : 'declined';
    const done = await d.store.transition(id, 'pending', to, { by: s.sub, at: d.now(), state: fresh.state });
    if (!done) return refuse(res, 409, 'Someone decided this approval already.');
    d.logger.info({ approval: id, tool: rec.request.tool, by: s.sub, decision: to }, 'approval decided');
    send(
      res,
      200,
      to === 'approved'
        ? outcomeView(
            'ok',
            'Approved',
            `The agent's repeated ${rec.request.tool} call will now run once, on the state you saw.`,
          )
        : outcomeView('no', 'Declined', `The agent's ${rec.request.tool} call is refused.`),
    );
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!req.headers.host || hostName(req.headers.host) !== publicHost)
      return refuse(res, 403, 'Host not allowed.');
    // The page is for people in a browser: an MCP access token (or any bearer) approves nothing.
    if (req.headers.authorization)
      return refuse(res, 400, 'Bearer tokens are not accepted on the approval page.');
    const parts = path.split('/').filter(Boolean); // approvals, <id>, decision
    if (parts[1] === 'callback' && req.method === 'GET') return callback(req, res);
    const id = parts[1] ?? '';
    if (!ID.test(id)) return refuse(res, 404, 'No such approval.');
    if (parts.length === 2 && req.method === 'GET') return view(req, res, id);
    if (parts.length === 3 && parts[2] === 'decision' && req.method === 'POST') return decide(req, res, id);
    return refuse(res, 405, 'Not a page of this service.');
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== '/approvals' && !path.startsWith('/approvals/')) return false;
    route(req, res, path).catch((err: unknown) => {
      const unavailable = err instanceof StoreUnavailable;
      d.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'approval page error');
      refuse(
        res,
        unavailable ? 503 : 500,
        unavailable
          ? 'Approvals are unavailable right now (the shared store cannot be reached); nothing was decided.'
          : 'Internal error; nothing was decided.',
      );
    });
    return true;
  };
}
