// A small standards-conformant OpenID Connect provider for tests (jose): discovery, authorize with a
// login form and mandatory PKCE S256, token with client_secret_post/basic and one-time codes, JWKS.
// It also signs the MCP access tokens, so the page's login and the MCP calls share one issuer.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface TestUser {
  password: string;
  name: string;
  /** Scopes this user may be granted beyond openid/profile (e.g. evs:approve). */
  scopes?: string[];
  groups?: string[];
}

export interface TestProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  /** An MCP access token for the server at `audience`. */
  accessToken(sub: string, scope: string, audience: string): Promise<string>;
  /** Token requests seen (grant types), to show the page used the code flow. */
  tokenRequests: string[];
  /** The relying party's registered redirect URIs (known once the server listens). */
  register(uris: string[]): void;
  close(): Promise<void>;
}

const body = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => resolve(new URLSearchParams(text)));
    req.on('error', reject);
  });
const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startProvider(users: Record<string, TestUser>): Promise<TestProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'p1', alg: 'RS256', use: 'sig' };
  const clientId = 'evs-approvals';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<
    string,
    { redirect: string; challenge: string; nonce: string; sub: string; scope: string }
  >();
  const tokenRequests: string[] = [];
  let url = '';
  let redirects: string[] = [];

  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', url);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(v));
    };
    void (async () => {
      if (u.pathname === '/.well-known/openid-configuration')
        return json(200, {
          issuer: url,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/token`,
          jwks_uri: `${url}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
          grant_types_supported: ['authorization_code'],
          scopes_supported: ['openid', 'profile', 'evs:approve'],
        });
      if (u.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (u.pathname === '/authorize' && req.method === 'GET') {
        const p = u.searchParams;
        const bad =
          p.get('client_id') !== clientId
            ? 'unknown client'
            : !redirects.includes(p.get('redirect_uri') ?? '')
              ? 'redirect_uri not registered'
              : p.get('response_type') !== 'code'
                ? 'response_type must be code'
                : p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')
                  ? 'PKCE S256 is required'
                  : !(p.get('scope') ?? '').split(' ').includes('openid')
                    ? 'scope must include openid'
                    : '';
        if (bad) return json(400, { error: 'invalid_request', error_description: bad });
        const hidden = [...p.entries()]
          .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
          .join('');
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(
          `<!doctype html><title>Sign in</title><h1>Example organisation sign-in</h1><form method="post" action="/authorize">${hidden}<label>User <input id="username" name="username"></label> <label>Password <input id="password" name="password" type="password"></label> <button id="signin" type="submit">Sign in</button></form>`,
        );
      }
      if (u.pathname === '/authorize' && req.method === 'POST') {
        const f = await body(req);
        const user = users[f.get('username') ?? ''];
        if (!user || user.password !== f.get('password')) {
          res.writeHead(401, { 'content-type': 'text/html' });
          return res.end('<p id="error">Wrong user or password</p>');
        }
        if (f.get('client_id') !== clientId || !redirects.includes(f.get('redirect_uri') ?? ''))
          return json(400, { error: 'invalid_request' });
        const allowed = new Set(['openid', 'profile', ...(user.scopes ?? [])]);
        const scope = (f.get('scope') ?? '')
          .split(' ')
          .filter((s) => allowed.has(s))
          .join(' ');
        const code = randomBytes(24).toString('base64url');
        codes.set(code, {
          redirect: f.get('redirect_uri')!,
          challenge: f.get('code_challenge')!,
          nonce: f.get('nonce') ?? '',
          sub: f.get('username')!,
          scope,
        });
        const back = new URL(f.get('redirect_uri')!);
        back.searchParams.set('code', code);
        if (f.get('state')) back.searchParams.set('state', f.get('state')!);
        back.searchParams.set('iss', url);
        res.writeHead(302, { location: back.href });
        return res.end();
      }
      if (u.pathname === '/token' && req.method === 'POST') {
        const f = await body(req);
        tokenRequests.push(f.get('grant_type') ?? '');
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic
          ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
          : [f.get('client_id'), f.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' });
        if (f.get('grant_type') !== 'authorization_code')
          return json(400, { error: 'unsupported_grant_type' });
        const code = codes.get(f.get('code') ?? '');
        codes.delete(f.get('code') ?? '');
        const verifier = f.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!code || code.redirect !== f.get('redirect_uri') || challenge !== code.challenge)
          return json(400, { error: 'invalid_grant' });
        const user = users[code.sub]!;
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT({
          name: user.name,
          ...(code.nonce ? { nonce: code.nonce } : {}),
          ...(user.groups ? { groups: user.groups } : {}),
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'p1' })
          .setIssuer(url)
          .setAudience(clientId)
          .setSubject(code.sub)
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(privateKey);
        return json(200, {
          access_token: randomBytes(24).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
          scope: code.scope,
        });
      }
      res.writeHead(404).end();
    })().catch(() => json(500, { error: 'server_error' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    clientId,
    clientSecret,
    tokenRequests,
    accessToken: (sub, scope, audience) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ scope })
        .setProtectedHeader({ alg: 'RS256', kid: 'p1', typ: 'at+jwt' })
        .setSubject(sub)
        .setIssuer(url)
        .setAudience(audience)
        .setIssuedAt(now - 60)
        .setExpirationTime(now + 600)
        .sign(privateKey);
    },
    register: (uris) => void (redirects = uris),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
