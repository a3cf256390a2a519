// IAM in the sandbox: which actions a call needs, and whether the caller's policy allows them.
import {
  ACTIONS_BY_SECTION,
  CREATE_FROM_IMAGE_ACTION,
  CREATE_FROM_SNAPSHOT_ACTION,
} from './data/iam-actions.js';
import { EvsError, evsError } from './errors.js';
import type { Caller, Route } from './router.js';

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The actions the call needs; a route serving several sections picks one from the body. */
export function requiredActions(route: Route, body: unknown): { section: string; actions: string[] } {
  const section = route.sectionOf?.(body) ?? route.section;
  const listed = ACTIONS_BY_SECTION[section] ?? route.actions;
  // A section missing from the table (or a body naming no section) needs every action it could need.
  const actions = listed
    ? [...listed]
    : [...new Set(route.section.split(',').flatMap((s) => ACTIONS_BY_SECTION[s] ?? ['evs:*']))];
  if (section === '7.1.1') {
    const volume = obj(obj(body)?.volume);
    if (volume?.imageRef !== undefined) actions.push(CREATE_FROM_IMAGE_ACTION);
    if (volume?.snapshot_id !== undefined) actions.push(CREATE_FROM_SNAPSHOT_ACTION);
  }
  return { section, actions };
}

/** Thrown when the policy lacks an action: the documented 403 EVS.5403 "Policy check failed." */
export class PolicyDenied extends EvsError {
  constructor(readonly action: string) {
    const base = evsError('EVS.5403', 'Policy check failed');
    super(base.status, base.code, base.message);
  }
}

/** Only exact action names count: no wildcards, so a policy grants exactly what it lists. */
export function checkPolicy(caller: Caller | undefined, needed: string[]): void {
  if (!caller?.actions) return;
  const allowed = new Set(caller.actions);
  const missing = needed.find((a) => !allowed.has(a));
  if (missing !== undefined) throw new PolicyDenied(missing);
}
