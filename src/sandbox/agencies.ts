// IAM agencies in the sandbox (from Huawei's IAM/STS documentation: an agency is a role of an account that
// named principals may assume; its policies bound what the assumed session may do), and the temporary
// credentials AssumeAgency issues. Seeded in the main project's account.
import { randomBytes } from 'node:crypto';
import {
  ACTIONS_BY_SECTION,
  CREATE_FROM_IMAGE_ACTION,
  CREATE_FROM_SNAPSHOT_ACTION,
} from './data/iam-actions.js';
import { hexId } from './ids.js';
import type { ProjectRecord, SandboxState } from './types.js';

/** What agencies need of the store (not the Store class itself: it reads sessions from here). */
interface Store {
  readonly state: SandboxState;
  markDirty(): void;
}

export interface AgencyRecord {
  id: string;
  name: string;
  domainId: string;
  /** The project the assumed sessions act in (the sandbox keeps one project per account in play). */
  projectId: string;
  /** iam::<account-id>:agency:<name> */
  urn: string;
  /** Trust policy: principal URNs (iam::<account-id>:user:<name>) allowed to assume it. */
  trusted: string[];
  /** The agency's permissions: exact IAM actions. */
  actions: string[];
  maxSessionSeconds: number;
}

export interface SessionRecord {
  ak: string;
  sk: string;
  securityToken: string;
  projectId: string;
  agencyId: string;
  sessionName: string;
  sourceIdentity?: string;
  /** sts::<account-id>:assumed-agency:<agency>/<session> */
  principal: string;
  actions: string[];
  expiresAt: number;
}

export interface AgencyStateSlice {
  agencies?: AgencyRecord[];
  sessions?: SessionRecord[];
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

export const userUrn = (domainId: string, user: string) => `iam::${domainId}:user:${user}`;

/** Every EVS action the sandbox knows, for the operators' agency. */
export function allEvsActions(): string[] {
  const all = new Set<string>([CREATE_FROM_IMAGE_ACTION, CREATE_FROM_SNAPSHOT_ACTION]);
  for (const list of Object.values(ACTIONS_BY_SECTION)) for (const a of list) all.add(a);
  return [...all].sort();
}

const readAction = (a: string) => /:(get|list)[A-Za-z]*$/.test(a);

/** evs-operators (every EVS action), evs-readers (reads) and evs-untrusted (trusts nobody here). */
export function seedAgencies(store: Store): void {
  const slice = store.state as AgencyStateSlice;
  if (slice.agencies) return;
  const main = store.state.projects[0] as ProjectRecord;
  const peer = store.state.projects[1] as ProjectRecord | undefined;
  const evs = allEvsActions();
  const agency = (name: string, trusted: string[], actions: string[]): AgencyRecord => ({
    id: hexId(),
    name,
    domainId: main.domainId,
    projectId: main.id,
    urn: `iam::${main.domainId}:agency:${name}`,
    trusted,
    actions,
    maxSessionSeconds: 43_200,
  });
  const me = userUrn(main.domainId, main.user);
  slice.agencies = [
    agency('evs-operators', [me], evs),
    agency('evs-readers', [me], evs.filter(readAction)),
    agency('evs-untrusted', peer ? [userUrn(peer.domainId, peer.user)] : [], evs),
  ];
  slice.sessions = [];
  store.markDirty();
}

export function agencies(store: Store): AgencyRecord[] {
  return (store.state as AgencyStateSlice).agencies ?? [];
}

/** Issues a session; sessions that expired over a day ago are forgotten so the state does not grow. */
export function issueSession(
  store: Store,
  fields: Omit<SessionRecord, 'ak' | 'sk' | 'securityToken'>,
  now: number,
): SessionRecord {
  const slice = store.state as AgencyStateSlice;
  slice.sessions = (slice.sessions ?? []).filter((s) => s.expiresAt > now - 86_400_000);
  const record: SessionRecord = {
    ...fields,
    ak: `SBT${randomBytes(8).toString('hex').toUpperCase()}`,
    sk: secret(30),
    securityToken: `sbxsts-${secret(64)}`,
  };
  slice.sessions.push(record);
  store.markDirty();
  return record;
}

export function findSession(store: Store, ak: string): SessionRecord | undefined {
  return ((store.state as AgencyStateSlice).sessions ?? []).find((s) => s.ak === ak);
}
