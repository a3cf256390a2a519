// A contract env whose sandbox holds disks made days ago, for the recycle bin (its threshold_time is
// at least one day): the disks are made in a first run, backdated in the state file, then served by a
// second run of the sandbox from that file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEnv, type Env } from './env.js';

export interface AgedEnv {
  env: Env;
  /** Ids of available disks created ten days ago. */
  aged: string[];
  close(): Promise<void>;
}

export async function startAgedEnv(count: number): Promise<AgedEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'evs-aged-'));
  const stateFile = join(dir, 'state.json');
  const first = await startEnv({ stateFile });
  const aged: string[] = [];
  for (let i = 0; i < count; i++) aged.push(await first.disk({ name: `aged-${i}` }));
  await first.close();
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString().replace('Z', '000');
  for (const id of aged) state.volumes[id].created_at = tenDaysAgo;
  writeFileSync(stateFile, JSON.stringify(state));
  const env = await startEnv({ stateFile });
  return {
    env,
    aged,
    async close() {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
