// The world a contract case runs in: one sandbox, the project's signed client for each of its two
// projects, and small helpers that make resources through the documented operations themselves.
import { randomUUID } from 'node:crypto';
import {
  startSandbox,
  type SandboxHandle,
  type SandboxOptions,
  type SandboxProject,
} from '../../src/sandbox/index.js';
import { sendSigned, type HttpMethod, type Query, type WireResponse } from './wire.js';

/** Short transition delays: long enough to see transitional states, short enough for a fast suite. */
export const CONTRACT_DELAYS = {
  create: 20,
  extend: 20,
  delete: 20,
  rollback: 20,
  upload: 20,
  snapshot: 20,
  job: 10,
};

export type Caller = 'main' | 'peer';

export interface Send {
  method: HttpMethod;
  path: string;
  query?: Query;
  body?: unknown;
  as?: Caller;
  /** Statuses the client should hand back as answers instead of throwing (error envelopes, 5.1's 300). */
  accept?: number[];
}

export interface Env {
  sandbox: SandboxHandle;
  main: SandboxProject;
  peer: SandboxProject;
  /** The main project's id, for paths. */
  p: string;
  /** An available AZ, as 7.1.17 lists it. */
  az: string;
  send<T = any>(req: Send): Promise<WireResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
  /** A new available data disk (7.1.1, then 7.1.6 until available). */
  disk(volume?: Record<string, unknown>): Promise<string>;
  /** A new disk marked in-use by 7.2.5, with its attachment id. */
  attachedDisk(): Promise<{ id: string; attachmentId: string }>;
  /** A new available snapshot of the disk (7.3.1, then 7.3.6 until available). */
  snapshot(volumeId: string, metadata?: Record<string, string>): Promise<string>;
  /** A new transfer of the disk (7.4.1). */
  transfer(volumeId: string): Promise<{ id: string; authKey: string }>;
  /** Polls 8.1.1 until the job has ended. */
  jobEnd(jobId: string): Promise<{ status: string; entities: Record<string, unknown> }>;
  /** Polls 7.1.6 until the disk has the status (or is gone, for `gone`). */
  diskStatus(id: string, status: string | 'gone'): Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `fn` until it returns a value, moving the sandbox's manual clock 5 ms between calls: transitions
 * happen in sandbox time, so how busy the machine is never matters.
 */
export async function poll<T>(
  sandbox: SandboxHandle,
  what: string,
  fn: () => Promise<T | undefined>,
  sandboxMs = 60_000,
): Promise<T> {
  for (let elapsed = 0; ; elapsed += 5) {
    const value = await fn();
    if (value !== undefined) return value;
    if (elapsed > sandboxMs)
      throw new Error(`nothing after ${sandboxMs} ms of sandbox time waiting for ${what}`);
    sandbox.clock.advance(5);
  }
}

/** `options` adds to the sandbox's settings (a state file, for cases that need a disk made days ago). */
export async function startEnv(options: SandboxOptions = {}): Promise<Env> {
  const sandbox = await startSandbox({
    seedDemoData: false,
    delays: CONTRACT_DELAYS,
    clock: 'manual',
    ...options,
  });
  const [main, peer] = sandbox.projects as [SandboxProject, SandboxProject];
  const keys = { main, peer };
  const p = main.id;

  const send: Env['send'] = (req) => sendSigned(sandbox.url, keys[req.as ?? 'main'], req);

  const zones = await send<{
    availabilityZoneInfo: { zoneName: string; zoneState: { available: boolean } }[];
  }>({
    method: 'GET',
    path: `/v2/${p}/os-availability-zone`,
  });
  const az = zones.body.availabilityZoneInfo.find((z) => z.zoneState.available)!.zoneName;

  const diskStatus: Env['diskStatus'] = (id, status) =>
    poll(sandbox, `disk ${id} ${status}`, async () => {
      const r = await send({ method: 'GET', path: `/v2/${p}/volumes/${id}`, accept: [404] });
      if (status === 'gone') return r.status === 404 ? true : undefined;
      return r.body?.volume?.status === status ? true : undefined;
    }).then(() => undefined);

  const disk: Env['disk'] = async (volume = {}) => {
    const r = await send({
      method: 'POST',
      path: `/v2/${p}/volumes`,
      body: { volume: { availability_zone: az, volume_type: 'SSD', size: 10, name: 'contract', ...volume } },
    });
    const id = r.body.volume.id as string;
    await diskStatus(id, 'available');
    return id;
  };

  const attachedDisk: Env['attachedDisk'] = async () => {
    const id = await disk();
    await send({
      method: 'POST',
      path: `/v2/${p}/volumes/${id}/action`,
      body: { 'os-attach': { instance_uuid: randomUUID(), mountpoint: '/dev/vdb' } },
    });
    const r = await send({ method: 'GET', path: `/v2/${p}/volumes/${id}` });
    return { id, attachmentId: r.body.volume.attachments[0].attachment_id as string };
  };

  const snapshot: Env['snapshot'] = async (volumeId, metadata = {}) => {
    const r = await send({
      method: 'POST',
      path: `/v2/${p}/snapshots`,
      body: { snapshot: { volume_id: volumeId, name: 'contract-snap', metadata } },
    });
    const id = r.body.snapshot.id as string;
    await poll(sandbox, `snapshot ${id} available`, async () => {
      const s = await send({ method: 'GET', path: `/v2/${p}/snapshots/${id}` });
      return s.body.snapshot.status === 'available' ? true : undefined;
    });
    return id;
  };

  const transfer: Env['transfer'] = async (volumeId) => {
    const r = await send({
      method: 'POST',
      path: `/v2/${p}/os-volume-transfer`,
      body: { transfer: { volume_id: volumeId, name: 'contract-transfer' } },
    });
    return { id: r.body.transfer.id as string, authKey: r.body.transfer.auth_key as string };
  };

  const jobEnd: Env['jobEnd'] = (jobId) =>
    poll(sandbox, `job ${jobId}`, async () => {
      const r = await send({ method: 'GET', path: `/v1/${p}/jobs/${jobId}` });
      return r.body.status === 'SUCCESS' || r.body.status === 'FAIL' ? r.body : undefined;
    });

  return {
    sandbox,
    main,
    peer,
    p,
    az,
    send,
    disk,
    attachedDisk,
    snapshot,
    transfer,
    jobEnd,
    diskStatus,
    async close() {
      await sandbox.close();
    },
  };
}
