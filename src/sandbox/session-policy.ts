// IAM v5 session policies as STS applies them: the session may do what the agency's policies allow AND the
// session policy allows (an explicit Deny wins). Only the parts of the v5 grammar a session policy for EVS
// needs are accepted; anything else is refused (stricter than the service, never looser).

export class PolicyRejected extends Error {}

interface Statement {
  effect: 'Allow' | 'Deny';
  actions: RegExp[];
}

const STATEMENT_KEYS = new Set(['Effect', 'Action', 'Resource']);

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

export function parseSessionPolicy(text: string): Statement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PolicyRejected('policy is not JSON');
  }
  const o = doc as { Version?: unknown; Statement?: unknown };
  if (typeof o !== 'object' || o === null || o.Version !== '5.0')
    throw new PolicyRejected('policy Version must be "5.0"');
  if (!Array.isArray(o.Statement) || o.Statement.length === 0)
    throw new PolicyRejected('policy Statement must be a non-empty list');
  return o.Statement.map((raw: unknown) => {
    const s = raw as Record<string, unknown>;
    if (typeof s !== 'object' || s === null) throw new PolicyRejected('a Statement must be an object');
    for (const k of Object.keys(s))
      if (!STATEMENT_KEYS.has(k)) throw new PolicyRejected(`unsupported Statement key ${k}`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyRejected('Effect must be Allow or Deny');
    const list = typeof s.Action === 'string' ? [s.Action] : s.Action;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((a) => typeof a === 'string' && /^[a-z0-9*]+:[A-Za-z0-9_*]+:[A-Za-z0-9_*]+$/.test(a))
    )
      throw new PolicyRejected('Action must list service:resource:action names');
    const resource =
      s.Resource === undefined ? ['*'] : typeof s.Resource === 'string' ? [s.Resource] : s.Resource;
    if (!Array.isArray(resource) || resource.some((r) => r !== '*'))
      throw new PolicyRejected('only Resource "*" is supported by the sandbox');
    return { effect: s.Effect, actions: (list as string[]).map(glob) };
  });
}

/** The agency's actions the session policy leaves. */
export function intersect(agencyActions: readonly string[], statements: Statement[] | undefined): string[] {
  if (!statements) return [...agencyActions];
  const matches = (effect: Statement['effect'], a: string) =>
    statements.some((s) => s.effect === effect && s.actions.some((r) => r.test(a)));
  return agencyActions.filter((a) => matches('Allow', a) && !matches('Deny', a));
}
