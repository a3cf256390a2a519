// The approval page's HTML: every value escaped, no script, nothing secret (no token, no session id;
// only the CSRF value of this person's own session in the form).
import type { ConfirmationPlan } from '../mcp/guardrails/plan.js';
import type { ApprovalRecord } from './types.js';

const esc = (v: unknown): string => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}dt{font-weight:600}dd{margin:0 0 .5rem 0}.plan{border:1px solid #c33;border-radius:6px;padding:.5rem 1rem;background:#fff7f7}
.ok{color:#1a7f37}.no{color:#b3261e}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:1rem}code{word-break:break-all}`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function planHtml(plan: ConfirmationPlan): string {
  return `<div class="plan" id="plan"><p><strong>${esc(plan.summary)}</strong></p><ul>${plan.details
    .map((d) => `<li>${esc(d)}</li>`)
    .join('')}</ul><p>Request: <code>${esc(plan.request.method)} ${esc(plan.request.url)}</code></p></div>`;
}

function facts(rec: ApprovalRecord): string {
  const r = rec.request;
  return `<dl><dt>Asked by</dt><dd id="requester">${esc(r.requester)}</dd><dt>When</dt><dd>${esc(new Date(r.createdAt).toISOString())}</dd>
<dt>Through</dt><dd>${esc(r.client)}</dd><dt>Tool</dt><dd>${esc(r.tool)} (${esc(r.section)})</dd>
<dt>Expires</dt><dd>${esc(new Date(r.expiresAt).toISOString())}</dd><dt>Status</dt><dd id="status">${esc(rec.status)}</dd></dl>`;
}

export interface ViewOptions {
  rec: ApprovalRecord;
  plan: ConfirmationPlan;
  state: string;
  viewer: string;
  /** Why this person cannot decide (missing role, four eyes, not pending); undefined: show the form. */
  blocked?: string;
  csrf: string;
  action: string;
}

export function approvalView(o: ViewOptions): string {
  const form = o.blocked
    ? `<p class="no" id="blocked">${esc(o.blocked)}</p>`
    : `<form method="post" action="${esc(o.action)}"><input type="hidden" name="csrf" value="${esc(o.csrf)}">
<input type="hidden" name="state" value="${esc(o.state)}">
<button type="submit" name="decision" value="approve" id="approve">Approve</button>
<button type="submit" name="decision" value="decline" id="decline">Decline</button></form>
<p>Approving lets the agent's repeated call run once, and only while the target is exactly as shown here.</p>`;
  return page(
    'Approve an EVS change',
    `<h1>An agent asks to change EVS</h1><p>Signed in as <strong id="viewer">${esc(o.viewer)}</strong>. This plan was read just now.</p>
${planHtml(o.plan)}${facts(o.rec)}${form}`,
  );
}

export function outcomeView(kind: 'ok' | 'no', heading: string, text: string): string {
  return page(
    heading,
    `<h1 class="${kind}" id="outcome">${esc(heading)}</h1><p id="detail">${esc(text)}</p>`,
  );
}
