// EVS_MCP_CONFIRMATION=approval and its infrastructure: which mode applies on this transport, and
// what the approval page needs (Redis shared by replicas, an OpenID Connect client at the issuer).
import { readFileSync } from 'node:fs';
import type { ApprovalConfig, RawConfig } from './schema.js';

/** Throws the loader's ConfigError (passed in: load.ts imports this file). */
type Fail = (message: string) => never;

function clientSecretOf(c: RawConfig, fail: Fail): string | undefined {
  if (c.oidcClientSecret || !c.oidcClientSecretFile) return c.oidcClientSecret;
  try {
    return readFileSync(c.oidcClientSecretFile, 'utf8').trim() || undefined;
  } catch (err) {
    return fail(
      `EVS_MCP_OIDC_CLIENT_SECRET_FILE (--oidc-client-secret-file): cannot read ${c.oidcClientSecretFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * The mode in force: the one set, else `approval` over HTTP when its page is configured (Redis and an
 * OIDC client: the operator set it up), else `on` (today's behaviour).
 */
export function confirmationMode(c: RawConfig): 'on' | 'off' | 'approval' {
  if (c.confirmation) return c.confirmation;
  return c.transport === 'http' && c.redisUrl && c.oidcClientId ? 'approval' : 'on';
}

/** The approval settings when the mode is `approval`; a missing piece is a clear ConfigError. */
export function approvalConfigOf(c: RawConfig, fail: Fail): ApprovalConfig | undefined {
  if (confirmationMode(c) !== 'approval') return undefined;
  const base = { approverRole: c.approverRole, fourEyes: c.fourEyes, ttlMs: c.approvalTtlMs };
  if (c.transport !== 'http')
    return {
      ...base,
      ...(c.redisUrl ? { redisUrl: c.redisUrl } : {}),
      ...(c.browser ? { browser: c.browser } : {}),
    };
  const need = (ok: unknown, what: string) => {
    if (!ok) fail(`${what}: required with EVS_MCP_CONFIRMATION=approval over HTTP`);
  };
  need(c.redisUrl, 'EVS_MCP_REDIS_URL (the replicas share approvals there)');
  need(c.authIssuer, 'EVS_MCP_AUTH_ISSUER (approvers log in there)');
  need(c.publicUrl, 'EVS_MCP_PUBLIC_URL (the approval page lives there)');
  need(c.oidcClientId, 'EVS_MCP_OIDC_CLIENT_ID (--oidc-client-id)');
  const secret = clientSecretOf(c, fail);
  need(secret, 'EVS_MCP_OIDC_CLIENT_SECRET (or EVS_MCP_OIDC_CLIENT_SECRET_FILE)');
  return {
    ...base,
    redisUrl: c.redisUrl!,
    oidc: { issuer: c.authIssuer!, clientId: c.oidcClientId!, clientSecret: secret! },
  };
}
