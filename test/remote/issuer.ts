// An OAuth issuer on loopback for tests: discovery document, JWKS, and real RS256-signed tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface TestIssuer {
  url: string;
  jwksUrl: string;
  /** Signs a token; `expiresIn` in seconds (negative: already expired). */
  token(claims: {
    sub: string;
    scope?: string;
    aud?: string;
    iss?: string;
    expiresIn?: number;
    /** More claims (client_id, groups, ...). */
    claims?: Record<string, unknown>;
  }): Promise<string>;
  /** Signed with a key the issuer does not publish, under the published key's id. */
  forgedToken(claims: { sub: string; scope?: string; aud: string }): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

export async function startIssuer(audience: string): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let fetches = 0;
  let url = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks` }));
    }
    if (req.url === '/jwks') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ keys: [jwk] }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (
    key: CryptoKey,
    c: {
      sub: string;
      scope?: string;
      aud?: string;
      iss?: string;
      expiresIn?: number;
      claims?: Record<string, unknown>;
    },
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...c.claims, ...(c.scope !== undefined ? { scope: c.scope } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .setSubject(c.sub)
      .setIssuer(c.iss ?? url)
      .setAudience(c.aud ?? audience)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + (c.expiresIn ?? 600))
      .sign(key);
  };
  return {
    url,
    jwksUrl: `${url}/jwks`,
    token: (c) => sign(privateKey, c),
    forgedToken: (c) => sign(other.privateKey, c),
    jwksFetches: () => fetches,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
