// stdio, where the client cannot elicit: the approval page on a loopback port, one unguessable
// one-time path per approval, opened in the person's own browser by the server itself. The model
// only learns that approval is pending; the path (the only secret) never enters a tool result.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { approvalView, outcomeView } from './html.js';
import type { FreshPlan } from './replan.js';
import type { ApprovalRequest, SharedStore } from './types.js';

export interface LoopbackPage {
  /** A fresh one-time link for an approval. */
  linkFor(id: string): string;
  close(): Promise<void>;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export async function startLoopbackPage(d: {
  store: SharedStore;
  replan: (r: ApprovalRequest) => Promise<FreshPlan>;
  logger: Logger;
  now?: () => number;
}): Promise<LoopbackPage> {
  const now = d.now ?? Date.now;
  /** One-time path secret -> approval id. */
  const paths = new Map<string, string>();
  let origin = '';
  const send = (res: import('node:http').ServerResponse, status: number, html: string) => {
    res.writeHead(status, HEADERS);
    res.end(html);
  };
  const no = (res: import('node:http').ServerResponse, status: number, text: string) =>
    send(res, status, outcomeView('no', 'Not decided', text));

  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = /^\/approve\/([A-Za-z0-9_-]{43})(\/decision)?$/.exec((req.url ?? '').split('?')[0]!);
      const secret = m?.[1];
      const known = secret
        ? [...paths.keys()].find((p) => timingSafeEqual(Buffer.from(p), Buffer.from(secret)))
        : undefined;
      // Only this machine's browser, on this origin, at a live path.
      if (req.headers.host !== new URL(origin).host) return no(res, 403, 'Host not allowed.');
      if (!known) return no(res, 404, 'This approval link is not valid (it works once).');
      const id = paths.get(known)!;
      const rec = await d.store.get(id);
      if (!rec || rec.status !== 'pending' || now() >= rec.request.expiresAt)
        return no(res, 410, 'This approval is no longer open.');
      const fresh = await d.replan(rec.request);
      if ('failed' in fresh) return no(res, 503, `The target could not be read just now (${fresh.failed}).`);
      if (!m?.[2] && req.method === 'GET')
        return send(
          res,
          200,
          approvalView({
            rec,
            plan: fresh.plan,
            state: fresh.state,
            viewer: 'you (this computer)',
            csrf: known,
            action: `/approve/${known}/decision`,
          }),
        );
      if (!(m?.[2] && req.method === 'POST')) return no(res, 405, 'Not a page of this server.');
      if (req.headers.origin !== origin) return no(res, 403, 'Cross-site requests cannot decide approvals.');
      let text = '';
      for await (const chunk of req)
        if ((text += String(chunk)).length > 16_384) return no(res, 413, 'Too large.');
      const form = new URLSearchParams(text);
      const decision = form.get('decision');
      if (form.get('csrf') !== known || (decision !== 'approve' && decision !== 'decline'))
        return no(res, 400, 'The form is not from this page.');
      if (decision === 'approve' && form.get('state') !== fresh.state)
        return no(res, 409, 'The target changed since this page was shown. Reload it and look again.');
      const to = decision === 'approve' ? 'approved' : 'declined';
      paths.delete(known);
      if (!(await d.store.transition(id, 'pending', to, { by: 'local', at: now(), state: fresh.state })))
        return no(res, 409, 'This approval was decided already.');
      d.logger.info({ approval: id, decision: to }, 'approval decided on the loopback page');
      send(
        res,
        200,
        to === 'approved'
          ? outcomeView(
              'ok',
              'Approved',
              `The ${rec.request.tool} call will now run once, on the state you saw.`,
            )
          : outcomeView('no', 'Declined', `The ${rec.request.tool} call is refused.`),
      );
    })().catch((err: unknown) => {
      d.logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'loopback approval page error',
      );
      if (!res.headersSent) no(res, 500, 'Internal error; nothing was decided.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    linkFor(id) {
      for (const [p, v] of paths) if (v === id) return `${origin}/approve/${p}`;
      const p = randomBytes(32).toString('base64url');
      paths.set(p, id);
      return `${origin}/approve/${p}`;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
