// The page's login: an OpenID Connect relying party (openid-client) at the issuer that signs the MCP
// tokens, authorization code with PKCE, state and nonce kept one-time in the shared store so any
// replica can finish a login another one started.
import * as oidc from 'openid-client';
import type { SharedStore } from '../../../approvals/types.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  approverRole: string;
}

export interface LoggedIn {
  sub: string;
  name: string;
  /** Scopes, groups and roles the login carried. */
  roles: string[];
  returnTo: string;
}

const LOGIN_TTL_MS = 10 * 60 * 1000;
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? v.split(' ').filter(Boolean)
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

export function createRelyingParty(s: OidcSettings, store: SharedStore) {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(new URL(s.issuer), s.clientId, undefined, oidc.ClientSecretPost(s.clientSecret), {
        // An http:// issuer only on loopback (tests, local setups); anything else must be https.
        ...(/^http:\/\/(127\.|localhost|\[::1\])/.test(s.issuer)
          ? { execute: [oidc.allowInsecureRequests] }
          : {}),
        timeout: 5,
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };
  // A role that looks like a scope (evs:approve) is asked for; groups and roles come as claims.
  const scope = ['openid', 'profile', ...(s.approverRole.includes(':') ? [s.approverRole] : [])].join(' ');

  return {
    /** The authorization URL to send the browser to, and the state its cookie must carry back. */
    async start(returnTo: string): Promise<{ url: string; state: string }> {
      const config = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await store.putValue(`login:${state}`, JSON.stringify({ verifier, nonce, returnTo }), LOGIN_TTL_MS);
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUri,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },
    /** Finishes the login at the callback URL; throws on any mismatch. */
    async finish(callbackUrl: URL, cookieState: string | undefined): Promise<LoggedIn> {
      const state = callbackUrl.searchParams.get('state') ?? '';
      // The browser that started the login must be the one finishing it (no login CSRF).
      if (!state || state !== cookieState) throw new Error('this login was not started in this browser');
      const saved = await store.getValue(`login:${state}`, true);
      if (!saved) throw new Error('the login expired or was used already');
      const { verifier, nonce, returnTo } = JSON.parse(saved) as {
        verifier: string;
        nonce: string;
        returnTo: string;
      };
      const tokens = await oidc.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('the login carried no subject');
      const name = typeof claims.name === 'string' ? claims.name : claims.sub;
      const roles = [...strings(tokens.scope), ...strings(claims.groups), ...strings(claims.roles)];
      return { sub: claims.sub, name, roles, returnTo };
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;
