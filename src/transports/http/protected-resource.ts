// RFC 9728 Protected Resource Metadata, and the WWW-Authenticate challenges that point to it.
import { READ_SCOPE, WRITE_SCOPE } from '../../oauth/token-verifier.js';
import { PACKAGE } from '../../package-info.js';

export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export interface ProtectedResource {
  /** Paths this metadata is served at: the root one, and the one with the resource's path appended. */
  paths: string[];
  metadataUrl: string;
  document: Record<string, unknown>;
  challenge(error?: { error: string; description?: string; scope?: string }): string;
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

export function protectedResource(publicUrl: string, issuer: string): ProtectedResource {
  const url = new URL(publicUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const metadataUrl = `${url.origin}${METADATA_PATH}`;
  return {
    paths: path ? [METADATA_PATH, `${METADATA_PATH}${path}`] : [METADATA_PATH],
    metadataUrl,
    document: {
      resource: publicUrl,
      authorization_servers: [issuer],
      scopes_supported: [READ_SCOPE, WRITE_SCOPE],
      bearer_methods_supported: ['header'],
      resource_name: PACKAGE.name,
    },
    challenge(error) {
      const parts = [`resource_metadata=${quoted(metadataUrl)}`];
      if (error) {
        parts.unshift(`error=${quoted(error.error)}`);
        if (error.description) parts.push(`error_description=${quoted(error.description)}`);
        if (error.scope) parts.push(`scope=${quoted(error.scope)}`);
      }
      return `Bearer ${parts.join(', ')}`;
    },
  };
}
