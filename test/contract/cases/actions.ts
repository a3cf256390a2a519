// Disk actions (7.2.1-7.2.8): one action route, told apart by the body's top-level key.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { A1, ENVELOPE } from '../a1.js';
import type { Env } from '../env.js';
import { poll } from '../env.js';
import type { ContractCase, Vars } from '../runner.js';
import { RESPONSE } from '../shapes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by shape first
type Body = any;

const action = (e: Env, v: Vars) => `/v2/${e.p}/volumes/${v.id}/action`;
const fresh = async (e: Env): Promise<Vars> => ({ id: await e.disk() });
const attached = async (e: Env): Promise<Vars> => {
  const { id, attachmentId } = await e.attachedDisk();
  return { id, attachmentId };
};
const disk = async (e: Env, id: string) =>
  (await e.send({ method: 'GET', path: `/v2/${e.p}/volumes/${id}` })).body.volume;

export const ACTION_CASES: ContractCase[] = [
  {
    section: '7.2.1',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({ 'os-extend': { new_size: 100 } }),
    status: 202,
    shape: RESPONSE['7.2.1'],
    then: async (e, _b, v) => {
      await poll(e.sandbox, 'extended size', async () =>
        (await disk(e, v.id!)).size === 100 ? true : undefined,
      );
      expect((await disk(e, v.id!)).status).toBe('available');
    },
    bad: {
      input: 'a new size not above the old one',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-extend': { new_size: 10 } }),
      ...A1.newSizeNotGreater,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.2',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({ 'os-set_bootable': { bootable: true } }),
    status: 200,
    shape: RESPONSE['7.2.2'],
    then: async (e, _b, v) => {
      expect((await disk(e, v.id!)).bootable).toBe('true');
    },
    bad: {
      input: 'a bootable flag that is not a Boolean',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-set_bootable': { bootable: 'maybe' } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.3',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({ 'os-update_readonly_flag': { readonly: true } }),
    status: 202,
    shape: RESPONSE['7.2.3'],
    then: async (e, _b, v) => {
      // 6.1.4's example shows the flag as the "readonly" metadata key.
      expect((await disk(e, v.id!)).metadata.readonly).toBe('True');
    },
    bad: {
      input: 'a read-only flag that is not a Boolean',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-update_readonly_flag': { readonly: 'x' } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.4',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({
      'os-volume_upload_image': {
        image_name: 'sxmatch2',
        force: false,
        container_format: 'bare',
        disk_format: 'vhd',
        __os_type: 'linux',
      },
    }),
    status: 202,
    shape: RESPONSE['7.2.4'],
    then: async (e, body: Body, v) => {
      const out = body['os-volume_upload_image'];
      expect(out.id).toBe(v.id);
      expect(out.image_name).toBe('sxmatch2');
      // volume_type.id is "the disk type ID", as 7.1.7 lists it, not the type name.
      const types = await e.send({ method: 'GET', path: `/v2/${e.p}/types` });
      const type = types.body.volume_types.find((t: { name: string }) => t.name === out.volume_type.name);
      expect(out.volume_type.id).toBe(type.id);
      await e.diskStatus(v.id!, 'available');
    },
    bad: {
      input: 'an in-use disk without force',
      prepare: attached,
      path: action,
      body: () => ({ 'os-volume_upload_image': { image_name: 'in-use-image' } }),
      ...A1.invalidStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.5',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({ 'os-attach': { instance_uuid: randomUUID(), mountpoint: '/dev/vdc', mode: 'rw' } }),
    status: 202,
    shape: RESPONSE['7.2.5'],
    then: async (e, _b, v) => {
      const d = await disk(e, v.id!);
      expect(d.status).toBe('in-use');
      expect(d.attachments[0].device).toBe('/dev/vdc');
    },
    bad: {
      input: 'no mountpoint',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-attach': { instance_uuid: randomUUID() } }),
      ...A1.malformedBody,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.6',
    method: 'POST',
    prepare: attached,
    path: action,
    body: (_e, v) => ({ 'os-detach': { attachment_id: v.attachmentId } }),
    status: 202,
    shape: RESPONSE['7.2.6'],
    then: async (e, _b, v) => {
      const d = await disk(e, v.id!);
      expect(d.status).toBe('available');
      expect(d.attachments).toEqual([]);
    },
    bad: {
      input: 'a disk that is not in-use',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-detach': {} }),
      ...A1.invalidStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.7',
    method: 'POST',
    prepare: fresh,
    path: action,
    body: () => ({ 'os-reserve': {} }),
    status: 202,
    shape: RESPONSE['7.2.7'],
    then: async (e, _b, v) => {
      expect((await disk(e, v.id!)).status).toBe('attaching');
    },
    bad: {
      input: 'an in-use disk that is not shared',
      prepare: attached,
      path: action,
      body: () => ({ 'os-reserve': {} }),
      ...A1.invalidStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
  {
    section: '7.2.8',
    method: 'POST',
    prepare: async (e) => {
      const v = await fresh(e);
      await e.send({ method: 'POST', path: action(e, v), body: { 'os-reserve': {} } });
      return v;
    },
    path: action,
    body: () => ({ 'os-unreserve': {} }),
    status: 202,
    shape: RESPONSE['7.2.8'],
    then: async (e, _b, v) => {
      expect((await disk(e, v.id!)).status).toBe('available');
    },
    bad: {
      input: 'a disk that is not reserved',
      prepare: fresh,
      path: action,
      body: () => ({ 'os-unreserve': {} }),
      ...A1.invalidStatus,
      envelope: ENVELOPE.badRequest,
    },
  },
];
