// Persistence: every change saved atomically; a restart from the same file loses nothing; corrupt files are refused.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, StateFileError, startSandbox } from '../../src/sandbox/index.js';
import { FAST, call, createBody, waitForVolume } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'evs-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('restarts from the same file with every disk, tag, snapshot, transfer, token and credential', async () => {
    const file = join(dir, 'state.json');
    const first = await startSandbox({ stateFile: file, delays: FAST });
    const a = first.projects[0]!;
    const created = await call(first, a, 'POST', `/v2/${a.id}/volumes`, {
      body: createBody({ name: 'keep-me' }),
    });
    const id = created.body.volume.id as string;
    await waitForVolume(first, a, id, 'available');
    await call(first, a, 'POST', `/v2/${a.id}/cloudvolumes/${id}/tags/action`, {
      body: { action: 'create', tags: [{ key: 'team', value: 'storage' }] },
    });
    const snap = await call(first, a, 'POST', `/v2/${a.id}/snapshots`, {
      body: { snapshot: { volume_id: id, name: 'kept' } },
    });
    const token = first.issueToken(a.id, 600);
    const before = (await call(first, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`)).body;
    expect(before.count).toBeGreaterThan(5);
    await first.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toContain(token);

    const second = await startSandbox({ stateFile: file, delays: FAST });
    try {
      expect(second.projects).toEqual(first.projects);
      const after = (await call(second, a, 'GET', `/v2/${a.id}/cloudvolumes/detail`)).body;
      expect(after.count).toBe(before.count);
      expect(after.volumes.map((v: { id: string }) => v.id)).toEqual(
        before.volumes.map((v: { id: string }) => v.id),
      );
      const kept = after.volumes.find((v: { id: string }) => v.id === id);
      expect(kept).toMatchObject({ name: 'keep-me', status: 'available', tags: { team: 'storage' } });
      expect(
        (await call(second, a, 'GET', `/v2/${a.id}/snapshots/${snap.body.snapshot.id}`)).body.snapshot.name,
      ).toBe('kept');
      expect((await call(second, a, 'GET', `/v2/${a.id}/volumes`, { token })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('finishes transitions that were pending when the sandbox stopped', async () => {
    const file = join(dir, 'pending.json');
    const t0 = Date.now();
    const first = await startSandbox({
      stateFile: file,
      seedDemoData: false,
      delays: { ...FAST, create: 150 },
      clock: new ManualClock(t0),
    });
    const a = first.projects[0]!;
    const created = await call(first, a, 'POST', `/v2/${a.id}/volumes`, { body: createBody() });
    await first.close();
    const second = await startSandbox({ stateFile: file, delays: FAST, clock: new ManualClock(t0 + 100) });
    try {
      const read = async () =>
        (await call(second, a, 'GET', `/v2/${a.id}/volumes/${created.body.volume.id}`)).body.volume.status;
      expect(await read()).toBe('creating');
      second.clock.advance(50);
      expect(await read()).toBe('available');
    } finally {
      await second.close();
    }
  });

  it('refuses a corrupt file with a clear error and leaves it untouched', async () => {
    for (const [name, content] of [
      ['broken.json', '{"version": 1, "region": "sandbox-1", "projects": ['],
      ['foreign.json', JSON.stringify({ hello: 'world' })],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const attempt = startSandbox({ stateFile: file });
      await expect(attempt).rejects.toBeInstanceOf(StateFileError);
      await expect(attempt).rejects.toThrow(/left untouched/);
      expect(readFileSync(file, 'utf8')).toBe(content);
    }
  });
});
