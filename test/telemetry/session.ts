// A replica of the built server over HTTP against an in-process sandbox, and the scripted calls the
// telemetry tests make: raw JSON-RPC tools/call, as a client library sends it.
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { OPERATIONS } from '../../src/evs/operations/index.js';
import { fastDelays } from '../helpers/harness.js';
import { post } from '../remote/helpers.js';
import { freePort, replicaEnv, startReplica, type Replica } from '../remote/spawn-http.js';

/** Tool names from the records, by what they do, so a renamed tool needs no change here. */
export function toolOf(test: (o: (typeof OPERATIONS)[number]) => boolean): string {
  const found = OPERATIONS.find(test);
  if (!found) throw new Error('no such record');
  return found.tool;
}
export const DELETE_DISK = toolOf((o) => o.operation === 'DeleteVolume' && !o.batch);
export const SHOW_DISK = toolOf((o) => o.operation === 'ShowVolume');
export const LIST_DISKS = toolOf((o) => o.operation === 'ListVolumes');

export interface Session {
  sandbox: SandboxHandle;
  replica: Replica;
  call(
    name: string,
    args: Record<string, unknown>,
    meta?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSession(extra: Record<string, string>): Promise<Session> {
  const sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays() });
  const creds = { endpoint: sandbox.url, region: sandbox.region, projects: sandbox.projects };
  const replica = await startReplica(await freePort(), replicaEnv(creds, extra));
  let id = 0;
  return {
    sandbox,
    replica,
    async call(name, args, meta, headers = {}) {
      const params = { name, arguments: args, ...(meta ? { _meta: meta } : {}) };
      const res = await post(
        replica.url,
        { jsonrpc: '2.0', id: ++id, method: 'tools/call', params },
        headers,
      );
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { result: Record<string, unknown> };
      return body.result;
    },
    async close() {
      replica.proc.kill('SIGTERM');
      await replica.exited;
      await sandbox.close();
    },
  };
}

/** The structured result of a tool call. */
export const structured = (r: Record<string, unknown>) =>
  (r.structuredContent ?? {}) as Record<string, unknown>;
