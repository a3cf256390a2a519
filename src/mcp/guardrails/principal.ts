// Who a call is made for: the MCP caller (the OAuth subject over HTTP, `local` on stdio), a stable
// non-secret fingerprint of the cloud credential, and the project. Confirmation tokens bind it and
// the audit log records it, so a token issued to one caller, credential or project works for no other.
import { createHash } from 'node:crypto';
import type { AuthConfig } from '../../config/schema.js';
import { assumedSessionLabel } from '../../evs-client/credentials/caller-context.js';
import { targetLabel } from '../../targets/context.js';
import type { ToolExtra } from './guard.js';

export interface PrincipalBase {
  /** From credentialFingerprint: names the credential without revealing it. */
  credential: string;
  projectId: string;
}

const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

/** `aksk:<sha256(AK) prefix>`, `iam:<sha256(user@domain) prefix>` or `token:<sha256(token) prefix>`. */
export function credentialFingerprint(auth: AuthConfig): string {
  switch (auth.mode) {
    case 'aksk':
      return `aksk:${sha(auth.ak)}`;
    case 'password':
      return `iam:${sha(`${auth.user}@${auth.domain}`)}`;
    case 'token':
      return `token:${sha(auth.token)}`;
    case 'sandbox':
      return 'sandbox';
  }
}

/** The verified OAuth subject of the caller (set by the HTTP transport), or `local`. */
export function callerOf(extra: Pick<ToolExtra, 'authInfo'> | undefined): string {
  const sub = extra?.authInfo?.extra?.sub;
  return typeof sub === 'string' && sub !== '' ? sub : 'local';
}

/** `caller=<sub|local> credential=<fingerprint> project=<id>`, plus ` session=<agency>/<name>` as an agency caller. */
export function callerPrincipal(extra: Pick<ToolExtra, 'authInfo'> | undefined, base: PrincipalBase): string {
  return `caller=${callerOf(extra)} credential=${base.credential} project=${base.projectId}${assumedSessionLabel()}${targetLabel()}`;
}
