// The slice of IAM the client uses: Keystone v3 password tokens and project lookup by name (A.6).
import { issueToken } from './auth.js';
import type { Ctx, Reply, Route } from './router.js';
import type { ProjectRecord } from './types.js';

const unauthorized = (message = 'The request you have made requires authentication.'): Reply => ({
  status: 401,
  body: { error: { code: 401, title: 'Unauthorized', message } },
});

const badRequest = (message: string): Reply => ({
  status: 400,
  body: { error: { code: 400, title: 'Bad Request', message } },
});

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function projectView(p: ProjectRecord, baseUrl: string) {
  return {
    domain_id: p.domainId,
    is_domain: false,
    parent_id: p.domainId,
    name: p.name,
    description: '',
    links: { next: null, previous: null, self: `${baseUrl}/v3/projects/${p.id}` },
    id: p.id,
    enabled: true,
  };
}

function createToken(ctx: Ctx): Reply {
  const auth = obj(obj(ctx.body)?.auth);
  const identity = obj(auth?.identity);
  const methods = identity?.methods;
  if (!Array.isArray(methods) || !methods.includes('password'))
    return badRequest('Only the password method is supported.');
  const user = obj(obj(identity?.password)?.user);
  const domain = obj(user?.domain);
  if (!user || typeof user.name !== 'string' || typeof user.password !== 'string' || !domain)
    return badRequest('auth.identity.password.user needs name, password and domain.');
  const candidates = ctx.store.state.projects.filter(
    (p) => p.user === user.name && (p.domain === domain.name || p.domainId === domain.id),
  );
  const account = candidates.find((p) => p.password === user.password);
  if (!account) return unauthorized();
  const scope = obj(obj(auth?.scope)?.project);
  if (!scope) return badRequest('Only project-scoped tokens are issued: set auth.scope.project.');
  const project = ctx.store.state.projects.find(
    (p) =>
      p.domainId === account.domainId &&
      ((typeof scope.id === 'string' && p.id === scope.id) ||
        (typeof scope.name === 'string' && p.name === scope.name)),
  );
  if (!project || !candidates.some((c) => c.id === project.id))
    return unauthorized('The user has no role in this project.');
  const issued = issueToken(ctx.store, project.id, account.user, ctx.tokenTtlSeconds, ctx.now);
  const region = ctx.store.state.region;
  return {
    status: 201,
    headers: { 'X-Subject-Token': issued.token },
    body: {
      token: {
        expires_at: new Date(issued.expiresAt).toISOString(),
        issued_at: new Date(ctx.now).toISOString(),
        methods: ['password'],
        catalog: [
          {
            type: 'evs',
            name: 'evs',
            id: 'sandbox-evs',
            endpoints: [
              { id: 'sandbox-evs-public', interface: 'public', region, region_id: region, url: ctx.baseUrl },
            ],
          },
          {
            type: 'identity',
            name: 'iam',
            id: 'sandbox-iam',
            endpoints: [
              {
                id: 'sandbox-iam-public',
                interface: 'public',
                region,
                region_id: region,
                url: `${ctx.baseUrl}/v3`,
              },
            ],
          },
        ],
        project: {
          id: project.id,
          name: project.name,
          domain: { id: project.domainId, name: project.domain },
        },
        user: {
          id: project.userId,
          name: project.user,
          domain: { id: project.domainId, name: project.domain },
        },
        roles: [{ id: 'sandbox-role-te-admin', name: 'te_admin' }],
      },
    },
  };
}

function listProjects(ctx: Ctx): Reply {
  const own = ctx.store.project(ctx.caller!.projectId);
  const name = ctx.query.get('name');
  const projects = ctx.store.state.projects
    .filter((p) => p.domainId === own?.domainId)
    .filter((p) => name === null || p.name === name)
    .map((p) => projectView(p, ctx.baseUrl));
  return {
    status: 200,
    body: { projects, links: { next: null, previous: null, self: `${ctx.baseUrl}/v3/projects` } },
  };
}

export const iamRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v3/auth/tokens',
    section: 'IAM',
    family: 'custom',
    auth: 'none',
    handler: createToken,
  },
  {
    method: 'GET',
    path: '/v3/projects',
    section: 'A.6',
    family: 'custom',
    auth: 'identity',
    handler: listProjects,
  },
];
