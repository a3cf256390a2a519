// Tags of disks (6.3.1-6.3.5) and metadata of disks (7.1.10-7.1.15) and snapshots (7.3.7-7.3.12).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { Env } from '../env.js';
import type { ContractCase, Vars } from '../runner.js';
import { RESPONSE, type Section } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

const tagAction = (e: Env, v: Vars) => `/v2/${e.p}/cloudvolumes/${v.id}/tags/action`;

/** A disk with two tags, added through 6.3.2. */
async function taggedDisk(
  e: Env,
  tags = [
    { key: 'key1', value: 'value1' },
    { key: 'key2', value: 'value2' },
  ],
) {
  const id = await e.disk({ name: 'contract-tagged' });
  await e.send({ method: 'POST', path: tagAction(e, { id }), body: { action: 'create', tags } });
  return { id };
}

const TAG_CASES: ContractCase[] = [
  {
    section: '6.3.1',
    method: 'GET',
    prepare: (e) => taggedDisk(e, [{ key: 'key_0', value: 'value_0' }]),
    path: (e) => `/v2/${e.p}/cloudvolumes/tags`,
    status: 200,
    shape: RESPONSE['6.3.1'],
    then: async (_e, body: Body) => {
      expect(body.tags.key_0).toEqual(['value_0']);
    },
    bad: {
      input: "another project's id in the path",
      path: (e) => `/v2/${e.peer.id}/cloudvolumes/tags`,
      ...A1.invalidTenantId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.3.2',
    method: 'POST',
    prepare: async (e) => ({ id: await e.disk() }),
    path: tagAction,
    body: () => ({
      action: 'create',
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: '' },
      ],
    }),
    status: 204,
    shape: RESPONSE['6.3.2'],
    then: async (e, _b, v) => {
      const tags = await e.send({ method: 'GET', path: `/v2/${e.p}/cloudvolumes/${v.id}/tags` });
      expect(tags.body.tags).toEqual(
        expect.arrayContaining([
          { key: 'key1', value: 'value1' },
          { key: 'key2', value: '' },
        ]),
      );
    },
    bad: {
      input: 'a key with a character outside the documented set',
      prepare: async (e) => ({ id: await e.disk() }),
      path: tagAction,
      body: () => ({ action: 'create', tags: [{ key: 'bad*key', value: 'v' }] }),
      ...A1.invalidRequest,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.3.3',
    method: 'POST',
    prepare: (e) => taggedDisk(e),
    path: tagAction,
    body: () => ({ action: 'delete', tags: [{ key: 'key1' }] }),
    status: 204,
    shape: RESPONSE['6.3.3'],
    then: async (e, _b, v) => {
      const tags = await e.send({ method: 'GET', path: `/v2/${e.p}/cloudvolumes/${v.id}/tags` });
      expect(tags.body.tags).toEqual([{ key: 'key2', value: 'value2' }]);
    },
    bad: {
      input: 'a value with a slash',
      prepare: (e) => taggedDisk(e),
      path: tagAction,
      body: () => ({ action: 'delete', tags: [{ key: 'key1', value: 'a/b' }] }),
      ...A1.invalidRequest,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.3.4',
    method: 'GET',
    prepare: (e) => taggedDisk(e),
    path: (e, v) => `/v2/${e.p}/cloudvolumes/${v.id}/tags`,
    status: 200,
    shape: RESPONSE['6.3.4'],
    then: async (_e, body: Body) => {
      expect(body.tags).toHaveLength(2);
    },
    bad: {
      input: 'a disk id that is not a UUID',
      path: (e) => `/v2/${e.p}/cloudvolumes/not-a-uuid/tags`,
      ...A1.invalidVolumeId,
      envelope: ENVELOPE.custom,
    },
  },
  {
    section: '6.3.5',
    method: 'POST',
    prepare: (e) => taggedDisk(e, [{ key: 'team', value: 'contract' }]),
    path: (e) => `/v2/${e.p}/cloudvolumes/resource_instances/action`,
    // As the seed's example: limit and offset as strings.
    body: () => ({
      offset: '0',
      limit: '100',
      action: 'filter',
      tags: [{ key: 'team', values: ['contract'] }],
      matches: [
        { key: 'resource_name', value: 'tagged' },
        { key: 'service_type', value: 'EVS' },
      ],
    }),
    status: 200,
    shape: RESPONSE['6.3.5'],
    then: async (_e, body: Body, v) => {
      expect(body.total_count).toBe(1);
      expect(body.resources[0].resource_id).toBe(v.id);
      expect(body.resources[0].tags).toEqual([{ key: 'team', value: 'contract' }]);
    },
    bad: {
      input: 'limit 0',
      path: (e) => `/v2/${e.p}/cloudvolumes/resource_instances/action`,
      body: () => ({ action: 'filter', tags: [], limit: '0' }),
      ...A1.invalidFilterLimit,
      envelope: ENVELOPE.custom,
    },
  },
];

interface Owner {
  /** Makes the owner with the given metadata. */
  make: (e: Env, metadata: Record<string, string>) => Promise<Vars>;
  base: (e: Env, v: Vars) => string;
  /** The metadata path of an owner that does not exist. */
  missing: (e: Env) => string;
}

const DISK: Owner = {
  make: async (e, metadata) => ({ id: await e.disk({ metadata }) }),
  base: (e, v) => `/v2/${e.p}/volumes/${v.id}/metadata`,
  missing: (e) => `/v2/${e.p}/volumes/${randomUUID()}/metadata`,
};

const SNAPSHOT: Owner = {
  make: async (e, metadata) => ({ id: await e.snapshot(await e.disk(), metadata) }),
  base: (e, v) => `/v2/${e.p}/snapshots/${v.id}/metadata`,
  missing: (e) => `/v2/${e.p}/snapshots/${randomUUID()}/metadata`,
};

const START = { key1: 'value1', old: 'x' };

/** The six metadata sections of one owner: add, query, replace all, query one, update one, delete one. */
function metadataCases(
  o: Owner,
  s: Record<'add' | 'get' | 'replace' | 'getKey' | 'putKey' | 'delKey', Section>,
) {
  const owner = (e: Env) => o.make(e, START);
  const current = async (e: Env, v: Vars) =>
    (await e.send({ method: 'GET', path: o.base(e, v) })).body.metadata;
  const cases: ContractCase[] = [
    {
      section: s.add,
      method: 'POST',
      prepare: owner,
      path: o.base,
      body: () => ({ metadata: { key1: 'value9', key2: 'value2' } }),
      status: 200,
      shape: RESPONSE[s.add],
      then: async (e, body: Body, v) => {
        // Adds and overwrites; keeps the rest.
        expect(body.metadata).toMatchObject({ key1: 'value9', key2: 'value2', old: 'x' });
        expect(await current(e, v)).toEqual(body.metadata);
      },
      bad: {
        input: 'a key over 255 bytes',
        prepare: owner,
        path: o.base,
        body: () => ({ metadata: { ['k'.repeat(256)]: 'v' } }),
        ...A1.malformedBody,
        envelope: ENVELOPE.badRequest,
      },
    },
    {
      section: s.get,
      method: 'GET',
      prepare: owner,
      path: o.base,
      status: 200,
      shape: RESPONSE[s.get],
      then: async (_e, body: Body) => {
        expect(body.metadata).toMatchObject(START);
      },
      bad: {
        input: 'an owner that does not exist',
        path: o.missing,
        ...A1.notFound,
        envelope: ENVELOPE.itemNotFound,
      },
    },
    {
      section: s.replace,
      method: 'PUT',
      prepare: owner,
      path: o.base,
      body: () => ({ metadata: { key1: 'value1', key2: 'value2' } }),
      status: 200,
      shape: RESPONSE[s.replace],
      then: async (e, body: Body, v) => {
        expect(body.metadata).toEqual({ key1: 'value1', key2: 'value2' });
        expect(await current(e, v)).not.toHaveProperty('old');
      },
      bad: {
        input: 'a body without "metadata"',
        prepare: owner,
        path: o.base,
        body: () => ({ meta: { key1: 'value1' } }),
        ...A1.malformedBody,
        envelope: ENVELOPE.badRequest,
      },
    },
    {
      section: s.getKey,
      method: 'GET',
      prepare: owner,
      path: (e, v) => `${o.base(e, v)}/key1`,
      status: 200,
      shape: RESPONSE[s.getKey],
      then: async (_e, body: Body) => {
        expect(body.meta).toEqual({ key1: 'value1' });
      },
      bad: {
        input: 'a key the owner does not have',
        prepare: owner,
        path: (e, v) => `${o.base(e, v)}/absent`,
        ...A1.notFound,
        envelope: ENVELOPE.itemNotFound,
      },
    },
    {
      section: s.putKey,
      method: 'PUT',
      prepare: owner,
      path: (e, v) => `${o.base(e, v)}/key1`,
      body: () => ({ meta: { key1: 'value2' } }),
      status: 200,
      shape: RESPONSE[s.putKey],
      then: async (e, body: Body, v) => {
        expect(body.meta).toEqual({ key1: 'value2' });
        expect((await current(e, v)).key1).toBe('value2');
      },
      bad: {
        input: 'a body key other than the key in the URI',
        prepare: owner,
        path: (e, v) => `${o.base(e, v)}/key1`,
        body: () => ({ meta: { key2: 'value2' } }),
        ...A1.bodyUriMismatch,
        envelope: ENVELOPE.badRequest,
      },
    },
    {
      section: s.delKey,
      method: 'DELETE',
      prepare: owner,
      path: (e, v) => `${o.base(e, v)}/key1`,
      status: 200,
      shape: RESPONSE[s.delKey],
      then: async (e, _b, v) => {
        expect(await current(e, v)).not.toHaveProperty('key1');
      },
      bad: {
        input: 'a key the owner does not have',
        prepare: owner,
        path: (e, v) => `${o.base(e, v)}/absent`,
        ...A1.notFound,
        envelope: ENVELOPE.itemNotFound,
      },
    },
  ];
  return cases;
}

export const TAG_METADATA_CASES: ContractCase[] = [
  ...TAG_CASES,
  ...metadataCases(DISK, {
    add: '7.1.10',
    get: '7.1.11',
    replace: '7.1.12',
    getKey: '7.1.13',
    putKey: '7.1.14',
    delKey: '7.1.15',
  }),
  ...metadataCases(SNAPSHOT, {
    add: '7.3.7',
    get: '7.3.8',
    replace: '7.3.10',
    getKey: '7.3.11',
    putKey: '7.3.9',
    delKey: '7.3.12',
  }),
];
