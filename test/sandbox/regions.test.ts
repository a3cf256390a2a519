// A second simulated region: the main account's key acts in its project there, on that region's endpoint only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, start } from './helpers.js';

let h: SandboxHandle;
beforeAll(async () => {
  h = await start({ regions: ['cn-east-3'] });
});
afterAll(() => h.close());

describe('sandbox regions', () => {
  it("serves the account's project of another region on its own endpoint, with the same key", async () => {
    const [dr] = h.regions;
    expect(dr).toMatchObject({
      region: 'cn-east-3',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const main = h.projects[0]!;
    const drHandle = { ...h, url: dr!.url };
    const mark = h.requestLog.total();
    const list = await call(drHandle, main, 'GET', `/v2/${dr!.projectId}/cloudvolumes/detail`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.volumes.map((v: { name: string }) => v.name)).toEqual(['cn-east-3-disk']);
    expect(h.requestLog.since(mark)[0]).toMatchObject({ region: 'cn-east-3', projectId: dr!.projectId });
    // Each project only on its own region's endpoint.
    // (EVS.0001, "the project ID in the URL is not the one of the credential": HTTP 400.)
    const wrong = await call(h, main, 'GET', `/v2/${dr!.projectId}/cloudvolumes/detail`);
    expect([wrong.status, wrong.body?.error?.code]).toEqual([400, 'EVS.0001']);
    const back = await call(drHandle, main, 'GET', `/v2/${main.id}/cloudvolumes/detail`);
    expect([back.status, back.body?.error?.code]).toEqual([400, 'EVS.0001']);
    // The peer account's key does not act in the main account's regional project.
    expect(
      (await call(drHandle, h.projects[1]!, 'GET', `/v2/${dr!.projectId}/cloudvolumes/detail`)).status,
    ).toBe(400);
  });
});
