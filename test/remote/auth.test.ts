// The OAuth resource server, against an issuer on loopback with real signed tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/harness.js';
import { startIssuer, type TestIssuer } from './issuer.js';
import { connectClient, listTools, post, PUBLIC_URL, startRemote, type Remote } from './helpers.js';

let issuer: TestIssuer;
let r: Remote;
const METADATA = 'http://127.0.0.1/.well-known/oauth-protected-resource';

beforeAll(async () => {
  issuer = await startIssuer(PUBLIC_URL);
  // set_disk_metadata_key is in the opt-in metadata toolset.
  r = await startRemote({
    env: { EVS_MCP_AUTH_ISSUER: issuer.url, EVS_MCP_PUBLIC_URL: PUBLIC_URL, EVS_MCP_TOOLSETS: 'all' },
  });
});
afterAll(async () => {
  await r?.close();
  await issuer?.close();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function firstDisk(token: string): Promise<string> {
  const c = await connectClient(r.url, bearer(token));
  const res = await c.callTool({ name: 'list_disks', arguments: {} });
  await c.close();
  const m = /"id":"([0-9a-f-]{36})"/.exec(JSON.stringify(res.structuredContent));
  if (!m) throw new Error(`no disk in ${textOf(res)}`);
  return m[1]!;
}

describe('OAuth resource server', () => {
  it('serves RFC 9728 metadata naming the resource, the issuer and the scopes', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const res = await fetch(new URL(path, r.url));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        resource: PUBLIC_URL,
        authorization_servers: [issuer.url],
        scopes_supported: ['evs:read', 'evs:write'],
      });
    }
  });

  it('answers 401 with resource_metadata when there is no token', async () => {
    const res = await post(r.url, listTools);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${METADATA}"`);
  });

  it('answers 401 invalid_token for a wrong audience, an expired token, a bad signature, another issuer, garbage', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'wrong audience',
        await issuer.token({ sub: 'alice', scope: 'evs:read', aud: 'http://other.example/mcp' }),
        /aud/,
      ],
      ['expired', await issuer.token({ sub: 'alice', scope: 'evs:read', expiresIn: -120 }), /expired/],
      [
        'bad signature',
        await issuer.forgedToken({ sub: 'alice', scope: 'evs:read', aud: PUBLIC_URL }),
        /signature/,
      ],
      [
        'other issuer',
        await issuer.token({ sub: 'alice', scope: 'evs:read', iss: 'http://127.0.0.1:1' }),
        /iss/,
      ],
      ['garbage', 'not.a.jwt', /malformed|verified/],
    ];
    for (const [name, token, why] of cases) {
      const res = await post(r.url, listTools, bearer(token));
      expect(res.status, name).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge, name).toContain('error="invalid_token"');
      expect(challenge, name).toContain(`resource_metadata="${METADATA}"`);
      expect(challenge, name).toMatch(why);
      expect(challenge, name).not.toContain(token);
    }
    expect(r.sandbox.requestLog.mutating()).toEqual([]);
  });

  it('serves a client with a valid token; the log line names the subject, never the token', async () => {
    const token = await issuer.token({ sub: 'alice', scope: 'evs:read' });
    const c = await connectClient(r.url, bearer(token));
    const { tools } = await c.listTools();
    expect(tools.length).toBeGreaterThan(40);
    const res = await c.callTool({ name: 'list_disks', arguments: {} });
    expect(res.isError, textOf(res)).toBeFalsy();
    await c.close();
    const line = r.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'tool call');
    expect(line).toMatchObject({ sub: 'alice', tools: ['list_disks'] });
    expect(r.logs.join('')).not.toContain(token);
    // Keys fetched once through discovery, then cached.
    expect(issuer.jwksFetches()).toBe(1);
  });

  it('refuses an evs:read token calling a write tool with 403 insufficient_scope, and sends nothing', async () => {
    const reader = await issuer.token({ sub: 'reader', scope: 'evs:read' });
    const disk = await firstDisk(reader);
    r.sandbox.requestLog.clear();
    const call = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'set_disk_metadata_key', arguments: { volume_id: disk, key: 'k', value: 'v' } },
    };
    const res = await post(r.url, call, bearer(reader));
    expect(res.status).toBe(403);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="evs:write"');
    expect(challenge).toContain(`resource_metadata="${METADATA}"`);
    // Through the SDK client too: the call fails, and the sandbox saw no request at all.
    const c = await connectClient(r.url, bearer(reader));
    await expect(c.callTool({ name: 'delete_disk', arguments: { volume_id: disk } })).rejects.toThrow(
      /needs the evs:write scope/,
    );
    await c.close();
    expect(r.sandbox.requestLog.mutating()).toEqual([]);
    // A token without any evs scope cannot even list.
    const none = await issuer.token({ sub: 'nobody', scope: 'openid' });
    const listed = await post(r.url, listTools, bearer(none));
    expect(listed.status).toBe(403);
    expect(listed.headers.get('www-authenticate')).toContain('scope="evs:read"');
  });

  it('lets an evs:write token change things; the audit line and the confirmation token name the subject', async () => {
    const writer = await issuer.token({ sub: 'alice', scope: 'evs:read evs:write' });
    const disk = await firstDisk(writer);
    const c = await connectClient(r.url, bearer(writer));
    const set = await c.callTool({
      name: 'set_disk_metadata_key',
      arguments: { volume_id: disk, key: 'owner', value: 'alice' },
    });
    expect(set.isError, textOf(set)).toBeFalsy();
    const line = r.auditLines().find((l) => l.tool === 'set_disk_metadata_key');
    expect(line).toMatchObject({ verdict: 'allowed', outcome: { sent: true } });
    expect(line!.caller).toBe('alice');
    expect(String(line!.principal)).toContain('caller=alice');

    // A confirmation token issued to alice is not honoured for bob.
    const first = await c.callTool({ name: 'delete_disk', arguments: { volume_id: disk } });
    const confirm = (first.structuredContent as { confirm_token?: string }).confirm_token;
    expect(confirm, textOf(first)).toBeTypeOf('string');
    await c.close();
    const bob = await connectClient(r.url, bearer(await issuer.token({ sub: 'bob', scope: 'evs:write' })));
    r.sandbox.requestLog.clear();
    const stolen = await bob.callTool({
      name: 'delete_disk',
      arguments: { volume_id: disk, confirm_token: confirm },
    });
    expect(textOf(stolen)).toMatch(/Refused/);
    expect(r.sandbox.requestLog.mutating()).toEqual([]);
    await bob.close();
  });
});

describe('OAuth with an explicit JWKS URL', () => {
  it('verifies against EVS_MCP_AUTH_JWKS_URL without discovery', async () => {
    const other = await startRemote({
      sandbox: r.sandbox,
      env: {
        EVS_MCP_AUTH_ISSUER: issuer.url,
        EVS_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
        EVS_MCP_PUBLIC_URL: PUBLIC_URL,
      },
    });
    try {
      const ok = await post(
        other.url,
        listTools,
        bearer(await issuer.token({ sub: 'carol', scope: 'evs:read' })),
      );
      expect(ok.status).toBe(200);
      const bad = await post(
        other.url,
        listTools,
        bearer(await issuer.forgedToken({ sub: 'carol', aud: PUBLIC_URL })),
      );
      expect(bad.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
