// EVS_MCP_IDENTITY=agency over the real HTTP transport, a real OAuth issuer and the sandbox playing STS:
// each caller's EVS requests are signed by its own assumed session; STS failures refuse with nothing sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { fastDelays, textOf } from '../helpers/harness.js';
import { startIssuer, type TestIssuer } from '../remote/issuer.js';
import { connectClient, PUBLIC_URL, startRemote, type Remote } from '../remote/helpers.js';

let issuer: TestIssuer;
let sandbox: SandboxHandle;
let r: Remote;
const STS_PATH = '/v5/agencies/assume';
const urnOf = (name: string) => sandbox.agencies.find((a) => a.name === name)!.urn;

export async function callerClient(
  iss: TestIssuer,
  url: string,
  sub: string,
  opts: { groups?: string[]; scope?: string } = {},
) {
  const token = await iss.token({
    sub,
    scope: opts.scope ?? 'evs:read evs:write',
    claims: { client_id: `client-of-${sub}`, groups: opts.groups ?? ['ops'] },
  });
  return connectClient(url, { authorization: `Bearer ${token}` });
}

const since = (mark: number) => sandbox.requestLog.since(mark);
const evsOnly = (mark: number) => since(mark).filter((e) => e.path !== STS_PATH);
const stsOnly = (mark: number) => since(mark).filter((e) => e.path === STS_PATH);

beforeAll(async () => {
  issuer = await startIssuer(PUBLIC_URL);
  sandbox = await startSandbox({ seedDemoData: true, delays: fastDelays() });
  r = await startRemote({
    sandbox,
    logLevel: 'trace',
    env: {
      EVS_MCP_AUTH_ISSUER: issuer.url,
      EVS_MCP_PUBLIC_URL: PUBLIC_URL,
      EVS_MCP_IDENTITY: 'agency',
      EVS_MCP_AGENCY_MAP: `ops=${urnOf('evs-operators')},readers=${urnOf('evs-readers')},outsiders=${urnOf('evs-untrusted')}`,
    },
  });
});
afterAll(async () => {
  await r?.close();
  await sandbox?.close();
  await issuer?.close();
});

describe('per-caller identity through an IAM agency', () => {
  it("signs each caller's EVS requests with that caller's own assumed session and no other", async () => {
    const mark = sandbox.requestLog.total();
    const alice = await callerClient(issuer, r.url, 'alice');
    const bob = await callerClient(issuer, r.url, 'bob@example.com', { groups: ['readers'] });
    const a = await alice.callTool({ name: 'list_disks', arguments: {} });
    const b = await bob.callTool({ name: 'list_disks', arguments: {} });
    expect(a.isError, textOf(a)).toBeFalsy();
    expect(b.isError, textOf(b)).toBeFalsy();
    const evs = evsOnly(mark);
    expect(evs.length).toBeGreaterThanOrEqual(2);
    const principals = new Set(evs.map((e) => e.principal));
    expect(principals).toEqual(
      new Set([
        expect.stringMatching(/:assumed-agency:evs-operators\/alice$/),
        expect.stringMatching(/:assumed-agency:evs-readers\/bob@example\.com$/),
      ]),
    );
    // The server's own key signed only the two AssumeAgency calls, never an EVS request.
    expect(stsOnly(mark).map((e) => e.principal)).toEqual([
      expect.stringMatching(/:user:sandbox-user$/),
      expect.stringMatching(/:user:sandbox-user$/),
    ]);
    await alice.close();
    await bob.close();
  });

  it('makes one AssumeAgency for 100 calls of one caller, concurrent ones included', async () => {
    const mark = sandbox.requestLog.total();
    const clients = await Promise.all(Array.from({ length: 4 }, () => callerClient(issuer, r.url, 'carol')));
    for (let round = 0; round < 25; round++) {
      const results = await Promise.all(
        clients.map((c) => c.callTool({ name: 'list_disks', arguments: { limit: 1 } })),
      );
      for (const res of results) expect(res.isError, textOf(res)).toBeFalsy();
    }
    expect(stsOnly(mark)).toHaveLength(1);
    const evs = evsOnly(mark);
    expect(evs.length).toBeGreaterThanOrEqual(100);
    expect(new Set(evs.map((e) => e.principal)).size).toBe(1);
    for (const c of clients) await c.close();
  });

  it('names the assumed session in confirmation-bound audit lines and sends a read-only policy for evs:read', async () => {
    const alice = await callerClient(issuer, r.url, 'alice');
    const list = await alice.callTool({ name: 'list_disks', arguments: { status: 'available' } });
    const disk = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.structuredContent))![1]!;
    const first = await alice.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const token = (first.structuredContent as { confirm_token?: string }).confirm_token;
    expect(token, textOf(first)).toBeTypeOf('string');
    const done = await alice.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: token },
    });
    expect(done.isError, textOf(done)).toBeFalsy();
    const line = r.auditLines().find((l) => l.tool === 'delete_disk' && JSON.stringify(l).includes(disk));
    expect(String(line?.principal)).toContain(`session=${urnOf('evs-operators')}/alice`);
    await alice.close();
    // An evs:read caller's session carries the read-only policy: its credentials cannot write.
    const dave = await callerClient(issuer, r.url, 'dave', { scope: 'evs:read' });
    expect((await dave.callTool({ name: 'list_disks', arguments: {} })).isError).toBeFalsy();
    await dave.close();
    const session = sandbox.issuedSessions().find((s) => s.principal.endsWith('/dave'))!;
    expect(session.actions).toContain('evs:volumes:list');
    expect(session.actions.some((a) => /:(create|delete|update|extend|rollback)$/.test(a))).toBe(false);
  });

  it('refuses a caller the mapping does not cover, with nothing sent to STS or EVS', async () => {
    const mark = sandbox.requestLog.total();
    const eve = await callerClient(issuer, r.url, 'eve', { groups: ['dev'] });
    const res = await eve.callTool({ name: 'list_disks', arguments: {} });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/EVS_MCP_AGENCY_MAP/);
    expect(since(mark)).toEqual([]);
    await eve.close();
  });

  it('refuses when the agency does not trust the server, naming what to check, with nothing sent to EVS', async () => {
    const mark = sandbox.requestLog.total();
    const oscar = await callerClient(issuer, r.url, 'oscar', { groups: ['outsiders'] });
    const res = await oscar.callTool({ name: 'list_disks', arguments: {} });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/trust policy/);
    expect(textOf(res)).toMatch(/sts:agencies:assume/);
    expect(stsOnly(mark).map((e) => e.status)).toEqual([403]);
    expect(evsOnly(mark)).toEqual([]);
    await oscar.close();
  });

  it.each([
    ['STS 403', { status: 403 }, /trust policy/],
    ['STS 500', { status: 500 }, /HTTP 500/],
    ['STS 503', { status: 503 }, /HTTP 503/],
    ['an unreadable answer', { malformed: true }, /not readable/],
    ['a dropped connection', { drop: true }, /could not reach/],
  ])('fails closed on %s: the call is refused and nothing reaches EVS', async (label, fault, why) => {
    sandbox.faults.add({ method: 'POST', path: STS_PATH, times: 1, ...fault });
    const mark = sandbox.requestLog.total();
    const who = await callerClient(issuer, r.url, `fail-${label.replace(/\W+/g, '-')}`);
    const res = await who.callTool({ name: 'list_disks', arguments: {} });
    expect(res.isError, textOf(res)).toBe(true);
    expect(textOf(res)).toMatch(why);
    expect(textOf(res)).toMatch(/Nothing was sent to EVS/);
    expect(evsOnly(mark)).toEqual([]);
    await who.close();
  });

  it('keeps AK/SK, security tokens and session credentials out of every log line, result, error and audit line', async () => {
    const sessions = sandbox.issuedSessions();
    expect(sessions.length).toBeGreaterThan(3);
    const p = sandbox.projects[0]!;
    const secrets = [p.ak, p.sk, ...sessions.flatMap((s) => [s.ak, s.sk, s.securityToken])];
    const frank = await callerClient(issuer, r.url, 'frank');
    const texts: string[] = [];
    for (const [name, args] of [
      ['list_disks', {}],
      ['delete_disk', { volume_id: '00000000-0000-0000-0000-000000000000' }],
      ['get_disk', { volume_id: 'not-a-disk' }],
    ] as const) {
      const res = await frank.callTool({ name, arguments: args });
      texts.push(JSON.stringify(res));
    }
    await frank.close();
    const all = [...r.logs, ...texts, ...r.auditLines().map((l) => JSON.stringify(l))].join('\n');
    // Trace-level logs are on: something was logged, and no secret (nor its base64 form) is in it.
    expect(r.logs.length).toBeGreaterThan(10);
    for (const s of [...secrets, ...sandbox.issuedSessions().flatMap((x) => [x.sk, x.securityToken])]) {
      expect(all.includes(s), 'a secret leaked').toBe(false);
      expect(all.includes(Buffer.from(s).toString('base64')), 'a secret leaked in base64').toBe(false);
    }
  });
});
