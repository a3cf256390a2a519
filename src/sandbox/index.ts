// The embedded EVS sandbox: a faithful simulator of the documented EVS API (and the IAM calls the client makes).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdmin } from './admin.js';
import { issueToken } from './auth.js';
import { ManualClock, realClock, type Clock } from './clock.js';
import { Faults } from './faults.js';
import { iamRoutes } from './iam.js';
import { registerJobs } from './jobs.js';
import { MemoryRequestLog } from './request-log.js';
import { Router, type Route } from './router.js';
import { catalogRoutes } from './routes/catalog.js';
import { stsRoutes } from './routes/sts.js';
import { agencies, seedAgencies, type AgencyStateSlice } from './agencies.js';
import { startRegions } from './region-listeners.js';
import { cloudVolumeRoutes } from './routes/cloudvolumes.js';
import { currentApiRoutes, registerCurrentApi } from './routes/current-api.js';
import { jobRoutes } from './routes/jobs.js';
import { metadataRoutes } from './routes/metadata.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { tagRoutes } from './routes/tags.js';
import { transferRoutes } from './routes/transfers.js';
import { versionRoutes } from './routes/versions.js';
import { volumeActionRoutes } from './routes/volume-actions.js';
import { volumeRoutes } from './routes/volumes.js';
import { emptyState, newUserRecord, seedDemo } from './seed.js';
import { createHandler } from './server.js';
import { registerTransitions } from './state-machine.js';
import { DEFAULT_DELAYS, Store, loadStateFile } from './store.js';
import type { Delays, SandboxClockControl, SandboxHandle, SandboxOptions } from './types.js';

export type * from './types.js';
export { parseFaultFlag } from './faults.js';
export { ManualClock, type Clock } from './clock.js';
export { StateFileError } from './store.js';

/** Every route the sandbox serves (EVS sections and IAM). */
export const SANDBOX_ROUTES: Route[] = [
  ...versionRoutes,
  ...cloudVolumeRoutes,
  ...tagRoutes,
  ...volumeRoutes,
  ...volumeActionRoutes,
  ...metadataRoutes,
  ...snapshotRoutes,
  ...catalogRoutes,
  ...transferRoutes,
  ...jobRoutes,
  ...currentApiRoutes,
  ...iamRoutes,
  ...stsRoutes,
];

const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const region = opts.region ?? 'sandbox-1';
  const clock: Clock = opts.clock === 'manual' ? new ManualClock() : (opts.clock ?? realClock);
  const delays: Delays = { ...DEFAULT_DELAYS, ...opts.delays };
  // A corrupt file throws here, before anything could overwrite it.
  const loaded = opts.stateFile ? loadStateFile(opts.stateFile) : undefined;
  const state = loaded ?? emptyState(region);
  state.images ??= {};
  state.events.sort((x, y) => x.at - y.at || x.seq - y.seq);
  const store = new Store(state, delays, opts.stateFile, opts.logger, opts.finishedJobsKept);
  registerTransitions(store);
  registerJobs(store);
  registerCurrentApi(store);
  if (!loaded) {
    if (opts.seedDemoData ?? true) seedDemo(store, clock.now());
    store.markDirty();
  }
  seedAgencies(store);
  store.persist();

  const log = new MemoryRequestLog(opts.requestLogCapacity);
  const faults = new Faults();
  for (const rule of opts.faults ?? []) faults.add(rule);
  const setDelays = (d: Partial<Delays>) => {
    for (const [k, v] of Object.entries(d)) {
      if (k in store.delays && typeof v === 'number' && v >= 0) store.delays[k as keyof Delays] = v;
    }
  };
  const setQuota = (projectId: string, key: string, limit: number) => {
    if (!store.project(projectId)) throw new Error(`unknown sandbox project ${projectId}`);
    (store.state.quotas[projectId] ??= {})[key] = limit;
    store.markDirty();
    store.persist();
  };
  const tokenTtlSeconds = opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const clockControl: SandboxClockControl = {
    now: () => clock.now(),
    manual: clock instanceof ManualClock,
    advance(ms) {
      if (!(clock instanceof ManualClock))
        throw new Error('the sandbox runs on the real clock: start it with clock: "manual"');
      const now = clock.advance(ms);
      // Transitions become visible at once, not only when the next request arrives.
      store.advance(now);
      store.persist();
      return now;
    },
  };
  const handlerDeps = {
    store,
    router: new Router(SANDBOX_ROUTES),
    log,
    faults,
    ...(opts.logger ? { logger: opts.logger } : {}),
    tokenTtlSeconds,
    clock,
    admin: createAdmin({ store, log, faults, setDelays, setQuota, clock: clockControl }),
  };
  const handler = createHandler(handlerDeps);
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      opts.logger?.error({ err }, 'sandbox: request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  opts.logger?.info({ url, region, stateFile: opts.stateFile }, 'EVS sandbox listening');
  const regional = await startRegions(opts.regions ?? [], host, {
    store,
    now: clock.now(),
    handler: (r) => createHandler({ ...handlerDeps, region: r }),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });

  return {
    url,
    region: state.region,
    projects: state.projects.map(({ id, name, ak, sk, domain, user, password }) => ({
      id,
      name,
      ak,
      sk,
      domain,
      user,
      password,
    })),
    agencies: agencies(store).map(({ urn, name, trusted, actions, maxSessionSeconds }) => ({
      urn,
      name,
      trusted: [...trusted],
      actions: [...actions],
      maxSessionSeconds,
    })),
    regions: regional.regions,
    requestLog: log,
    faults,
    setDelays,
    setQuota,
    injectFailure(rule) {
      store.state.failures.push({ op: rule.op, times: rule.times ?? 1 });
      store.markDirty();
      store.persist();
    },
    issueToken(projectId, ttlSeconds = tokenTtlSeconds) {
      const p = store.project(projectId);
      if (!p) throw new Error(`unknown sandbox project ${projectId}`);
      const { token } = issueToken(store, projectId, p.user, ttlSeconds, clock.now());
      store.persist();
      return token;
    },
    clock: clockControl,
    addUser(projectId, user) {
      if (!store.project(projectId)) throw new Error(`unknown sandbox project ${projectId}`);
      if ((store.state.users ?? []).some((u) => u.projectId === projectId && u.name === user.name))
        throw new Error(`user ${user.name} already exists`);
      const record = newUserRecord(projectId, user);
      (store.state.users ??= []).push(record);
      store.markDirty();
      store.persist();
      const { actions: _actions, ...credentials } = record;
      return credentials;
    },
    setUserActions(ak, actions) {
      const u = (store.state.users ?? []).find((x) => x.ak === ak);
      if (!u) throw new Error('unknown sandbox user key');
      if (actions) u.actions = [...actions];
      else delete u.actions;
      store.markDirty();
      store.persist();
    },
    issuedSessions: () =>
      ((store.state as AgencyStateSlice).sessions ?? []).map(
        ({ principal, ak, sk, securityToken, actions }) => ({
          principal,
          ak,
          sk,
          securityToken,
          actions: [...actions],
        }),
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        regional.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
