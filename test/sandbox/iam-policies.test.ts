// IAM policies in the sandbox: a user's allowed actions, the documented 403 (EVS.5403 "Policy check failed.")
// in each API family's envelope, actions that depend on the body, and the request log naming the missing action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ROUTES, type SandboxHandle, type SandboxProject } from '../../src/sandbox/index.js';
import { ACTIONS_BY_SECTION } from '../../src/sandbox/data/iam-actions.js';
import { call, createBody, start, waitForVolume } from './helpers.js';

let h: SandboxHandle;
let a: SandboxProject;

beforeAll(async () => {
  h = await start();
  a = h.projects[0]!;
});
afterAll(() => h.close());

const denied = (envelope: string) => ({ [envelope]: { message: 'Policy check failed.', code: 'EVS.5403' } });

describe('sandbox IAM policies', () => {
  it('knows the actions of every section it serves', () => {
    // A route outside the EVS tables (STS) declares its own actions.
    const sections = SANDBOX_ROUTES.filter((r) => !r.actions).flatMap((r) => r.section.split(','));
    expect(sections.filter((s) => ACTIONS_BY_SECTION[s] === undefined)).toEqual([]);
  });

  it('gives the project user every action, and a user only what its policy lists', async () => {
    const reader = h.addUser(a.id, { name: 'reader', actions: ['evs:volumes:list'] });
    expect((await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`)).status).toBe(200);
    expect((await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`, { key: reader })).status).toBe(200);
    h.requestLog.clear();
    const custom = await call(h, a, 'POST', `/v2/${a.id}/cloudvolumes`, { key: reader, body: createBody() });
    expect(custom.status).toBe(403);
    expect(custom.body).toEqual(denied('error'));
    const cinder = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { key: reader, body: createBody() });
    expect(cinder.status).toBe(403);
    expect(cinder.body).toEqual(denied('forbidden'));
    expect(h.requestLog.entries().map((e) => [e.deniedAction, e.user])).toEqual([
      ['evs:volumes:create', 'reader'],
      ['evs:volumes:create', 'reader'],
    ]);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes/detail`, { key: reader })).status).toBe(200);
    expect((await call(h, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`)).body.volumes).toEqual([]);
  });

  it('asks for every action the permission table lists for the call, body-dependent ones included', async () => {
    const r = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
    const disk = (await waitForVolume(h, a, r.body.volume.id, 'available')).id as string;
    const snap = await call(h, a, 'POST', `/v2/${a.id}/snapshots`, {
      body: { snapshot: { volume_id: disk } },
    });
    const user = h.addUser(a.id, { name: 'maker', actions: ['evs:volumes:create'] });
    const tryCreate = async (over: Record<string, unknown>) => {
      h.requestLog.clear();
      const res = await call(h, a, 'POST', `/v2/${a.id}/volumes`, { key: user, body: createBody(over) });
      return [res.status, h.requestLog.entries()[0]?.deniedAction];
    };
    expect(await tryCreate({})).toEqual([403, 'evs:volumes:get']);
    h.setUserActions(user.ak, ['evs:volumes:create', 'evs:volumes:get']);
    expect(await tryCreate({ snapshot_id: snap.body.snapshot.id })).toEqual([403, 'evs:snapshots:get']);
    expect((await tryCreate({}))[0]).toBe(202);
    // os-extend (7.2.1) needs extend and get; os-reserve (7.2.7) attach only.
    h.setUserActions(user.ak, ['evs:volumes:attach']);
    const act = (body: unknown) =>
      call(h, a, 'POST', `/v2/${a.id}/volumes/${disk}/action`, { key: user, body }).then((x) => x.status);
    expect(await act({ 'os-extend': { new_size: 20 } })).toBe(403);
    expect(await act({ 'os-reserve': {} })).toBe(202);
    // Tag actions: create and delete are separate actions on one path.
    h.setUserActions(user.ak, ['evs:volumeTags:create']);
    const tags = (action: string) =>
      call(h, a, 'POST', `/v2/${a.id}/cloudvolumes/${disk}/tags/action`, {
        key: user,
        body: { action, tags: [{ key: 'k', value: 'v' }] },
      }).then((x) => x.status);
    expect(await tags('create')).toBe(204);
    expect(await tags('delete')).toBe(403);
  });

  it('needs no action for the documented "None" operations', async () => {
    const nobody = h.addUser(a.id, { name: 'nobody', actions: [] });
    expect((await call(h, a, 'GET', `/v2/${a.id}/os-availability-zone`, { key: nobody })).status).toBe(200);
    expect((await call(h, a, 'GET', `/v2/${a.id}/volumes`, { key: nobody })).status).toBe(403);
  });
});
