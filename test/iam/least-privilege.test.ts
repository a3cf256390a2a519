// Least privilege, per tool: a sandbox IAM user given exactly the actions the tool publishes in
// _meta["evs/iam"] (read through a real MCP client's tools/list) can use the tool, look-ups included;
// without any one of those actions the call is refused, and the sandbox names the missing action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxUser } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { call, startToolHarnesses, type Result, type ToolHarnesses } from '../e2e/helpers.js';
import { TOOL_CASES } from '../e2e/tool-cases.js';

/** Actions the permission tables require only for some arguments (7.1.1: a disk from an image or a snapshot). */
const CONDITIONAL: Record<string, string[]> = {
  cinder_create_disk: ['ims:images:get', 'evs:snapshots:get'],
  // Read only when the disk is made from a snapshot (its declared read of the source).
  create_disks: ['evs:snapshots:get'],
  legacy_create_disks: ['evs:snapshots:get'],
};

/**
 * Actions only `wait` needs, to poll what the call started: without one the change is made, and the
 * answer says that following it was refused, naming the action.
 */
const WAIT_ONLY: Record<string, string[]> = {
  cinder_create_snapshot: ['evs:snapshots:get'],
  create_snapshot: ['evs:snapshots:get'],
  batch_create_snapshots: ['evs:snapshots:get'],
};

interface IamUser {
  harness: Harness;
  user: SandboxUser;
}

/** A tool call whose protocol-level failure (the client rejecting the result) counts as an error result. */
async function attempt(h: Harness, tool: string, args: Record<string, unknown>): Promise<Result> {
  try {
    return await call(h, tool, args);
  } catch (err) {
    return { content: [], isError: true, text: `thrown: ${(err as Error).message}` };
  }
}

let hs: ToolHarnesses | undefined;
let main: IamUser;
let peer: IamUser;
const published = new Map<string, string[]>();

async function iamHarness(base: Harness, projectIndex: number, name: string): Promise<IamUser> {
  const project = base.sandbox.projects[projectIndex]!;
  const user = base.sandbox.addUser(project.id, { name, actions: [] });
  const harness = await startHarness({
    env: { EVS_MCP_TOOLSETS: 'all', EVS_MCP_CONFIRMATION: 'off', EVS_MCP_POLL_INTERVAL_MS: '50' },
    sharedSandbox: base.sandbox,
    projectIndex,
    configure: (c) => ({ ...c, auth: { mode: 'aksk', ak: user.ak, sk: user.sk } }),
  });
  return { harness, user };
}

beforeAll(async () => {
  hs = await startToolHarnesses();
  // Each tool runs once per published action: creations must not run out of quota on the way.
  for (const p of hs.main.sandbox.projects)
    for (const key of ['volumes', 'gigabytes', 'snapshots']) hs.main.sandbox.setQuota(p.id, key, -1);
  main = await iamHarness(hs.main, 0, 'least-privilege');
  peer = await iamHarness(hs.main, 1, 'least-privilege-peer');
  const { tools } = await main.harness.client.listTools();
  await peer.harness.client.listTools();
  for (const t of tools) published.set(t.name, (t._meta?.['evs/iam'] as string[] | undefined) ?? []);
}, 120_000);

afterAll(async () => {
  await peer?.harness.close();
  await main?.harness.close();
  await hs?.close();
});

it('has a valid-arguments case for every tool the server lists', () => {
  expect([...published.keys()].sort()).toEqual(Object.keys(TOOL_CASES).sort());
});

describe.each(Object.keys(TOOL_CASES))('%s', (tool) => {
  it('works with exactly its published actions and is refused without any one of them', async () => {
    const c = TOOL_CASES[tool]!;
    const who = c.as === 'peer' ? peer : main;
    const sandbox = who.harness.sandbox;
    const actions = published.get(tool);
    expect(actions, `${tool} is not in tools/list`).toBeDefined();
    const args = await c.ok(hs!.ctx);

    // Without one action: refused, with that action named, and nothing changed.
    const withoutOne: Record<string, string> = {};
    for (const removed of actions!) {
      sandbox.setUserActions(
        who.user.ak,
        actions!.filter((a) => a !== removed),
      );
      const before = sandbox.requestLog.total();
      const res = await attempt(who.harness, tool, args);
      const sent = sandbox.requestLog.since(before);
      const denied = sent.find((e) => e.deniedAction !== undefined);
      if (denied && WAIT_ONLY[tool]?.includes(removed)) {
        expect(denied.method, `${tool}: only its poll may be refused without ${removed}`).toBe('GET');
        // Said in the answer: the text, or the per-item outcome of a batch.
        expect(JSON.stringify(res)).toContain(removed);
        withoutOne[removed] = `wait refused: ${denied.deniedAction}`;
        continue;
      }
      withoutOne[removed] = res.isError
        ? denied
          ? `refused: ${denied.deniedAction}`
          : `failed otherwise: ${res.text.slice(0, 200)}`
        : 'allowed';
      if (denied) {
        expect(denied.status).toBe(403);
        expect(
          sent.filter((e) => e.method !== 'GET' && e.status < 400),
          `${tool} changed something without ${removed}`,
        ).toEqual([]);
      }
    }
    const expected = Object.fromEntries(
      actions!.map((a) => [
        a,
        CONDITIONAL[tool]?.includes(a)
          ? 'allowed'
          : WAIT_ONLY[tool]?.includes(a)
            ? `wait refused: ${a}`
            : `refused: ${a}`,
      ]),
    );
    expect(withoutOne).toEqual(expected);

    // With exactly the published actions: the tool works, its look-ups included.
    sandbox.setUserActions(who.user.ak, actions!);
    const before = sandbox.requestLog.total();
    const res = await attempt(who.harness, tool, args);
    const denied = sandbox.requestLog
      .since(before)
      .filter((e) => e.deniedAction)
      .map((e) => `${e.method} ${e.path}: ${e.deniedAction}`);
    expect(denied, `${tool} needed actions it does not publish`).toEqual([]);
    expect(res.isError, res.text).toBeFalsy();
  });
});
