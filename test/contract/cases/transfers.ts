// Disk transfers (7.4.1-7.4.6): the main project gives a disk, the peer project accepts it.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { Env } from '../env.js';
import type { ContractCase, Vars } from '../runner.js';
import { RESPONSE } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

const T = (e: Env) => `/v2/${e.p}/os-volume-transfer`;
const offered = async (e: Env): Promise<Vars> => {
  const disk = await e.disk();
  const { id, authKey } = await e.transfer(disk);
  return { disk, id, authKey };
};
const diskOf = async (e: Env, id: string, as: 'main' | 'peer' = 'main') => {
  const project = as === 'main' ? e.p : e.peer.id;
  return e.send({ method: 'GET', path: `/v2/${project}/volumes/${id}`, as, accept: [404] });
};

export const TRANSFER_CASES: ContractCase[] = [
  {
    section: '7.4.1',
    method: 'POST',
    prepare: async (e) => ({ disk: await e.disk() }),
    path: T,
    body: (_e, v) => ({ transfer: { volume_id: v.disk, name: 'first volume' } }),
    status: 202,
    shape: RESPONSE['7.4.1'],
    then: async (e, body: Body, v) => {
      expect(body.transfer).toMatchObject({ volume_id: v.disk, name: 'first volume' });
      // "the disk status changes from available to awaiting-transfer"
      expect((await diskOf(e, v.disk!)).body.volume.status).toBe('awaiting-transfer');
    },
    bad: {
      input: 'a disk that has a snapshot',
      prepare: async (e) => {
        const disk = await e.disk();
        await e.snapshot(disk);
        return { disk };
      },
      path: T,
      body: (_e, v) => ({ transfer: { volume_id: v.disk, name: 'with snapshot' } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.4.2',
    method: 'POST',
    prepare: offered,
    path: (e, v) => `/v2/${e.peer.id}/os-volume-transfer/${v.id}/accept`,
    body: (_e, v) => ({ accept: { auth_key: v.authKey } }),
    as: 'peer',
    status: 202,
    shape: RESPONSE['7.4.2'],
    then: async (e, body: Body, v) => {
      expect(body.transfer).toMatchObject({ id: v.id, volume_id: v.disk });
      // The disk now belongs to the accepting project and is available again.
      expect((await diskOf(e, v.disk!, 'peer')).body.volume.status).toBe('available');
      expect((await diskOf(e, v.disk!)).status).toBe(404);
    },
    bad: {
      input: 'a wrong authentication key',
      prepare: offered,
      path: (e, v) => `/v2/${e.peer.id}/os-volume-transfer/${v.id}/accept`,
      body: () => ({ accept: { auth_key: '0000000000000000' } }),
      as: 'peer',
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.4.3',
    method: 'DELETE',
    prepare: offered,
    path: (e, v) => `${T(e)}/${v.id}`,
    status: 202,
    shape: RESPONSE['7.4.3'],
    then: async (e, _b, v) => {
      const gone = await e.send({ method: 'GET', path: `${T(e)}/${v.id}`, accept: [404] });
      expect(gone.status).toBe(404);
      expect((await diskOf(e, v.disk!)).body.volume.status).toBe('available');
    },
    bad: {
      input: 'an unknown transfer id',
      path: (e) => `${T(e)}/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.4.4',
    method: 'GET',
    prepare: offered,
    path: (e, v) => `${T(e)}/${v.id}`,
    status: 200,
    shape: RESPONSE['7.4.4'],
    then: async (_e, body: Body, v) => {
      expect(body.transfer).toMatchObject({ id: v.id, volume_id: v.disk });
      // The auth key is shown once, at creation.
      expect(body.transfer).not.toHaveProperty('auth_key');
    },
    bad: {
      input: 'an unknown transfer id',
      path: (e) => `${T(e)}/${randomUUID()}`,
      ...A1.notFound,
      envelope: ENVELOPE.itemNotFound,
    },
  },
  {
    section: '7.4.5',
    method: 'GET',
    prepare: offered,
    path: T,
    status: 200,
    shape: RESPONSE['7.4.5'],
    then: async (_e, body: Body, v) => {
      expect(body.transfers.map((t: { id: string }) => t.id)).toContain(v.id);
    },
    bad: {
      input: 'a limit that is not an integer',
      path: T,
      query: () => ({ limit: 'abc' }),
      ...A1.limitNotInteger,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.4.6',
    method: 'GET',
    prepare: offered,
    path: (e) => `${T(e)}/detail`,
    query: () => ({ limit: 50 }),
    status: 200,
    shape: RESPONSE['7.4.6'],
    then: async (_e, body: Body, v) => {
      expect(body.transfers.map((t: { id: string }) => t.id)).toContain(v.id);
    },
    bad: {
      input: 'limit 0',
      path: (e) => `${T(e)}/detail`,
      query: () => ({ limit: 0 }),
      ...A1.limitNotPositive,
      envelope: ENVELOPE.badRequest,
    },
  },
];
