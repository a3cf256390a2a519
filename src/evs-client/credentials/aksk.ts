// AK/SK authentication: every request signed with SDK-HMAC-SHA256.
import { signRequest } from '../signer.js';
import type { AuthProvider, PreparedRequest } from '../types.js';

export interface AkSkAuthOptions {
  ak: string;
  sk: string;
  /** Temporary credentials carry a security token, sent as X-Security-Token. */
  securityToken?: string;
  /** Sent (and signed) as X-Project-Id when set. */
  projectId?: string;
  /** Clock for X-Sdk-Date; tests pin it. */
  now?: () => Date;
}

export class AkSkAuth implements AuthProvider {
  readonly principal: string;
  private readonly options: AkSkAuthOptions;

  constructor(options: AkSkAuthOptions) {
    if (!options.ak || !options.sk) throw new Error('AK/SK authentication needs both an AK and an SK.');
    this.options = { ...options };
    this.principal = `aksk:${options.ak.slice(0, 4)}…`;
  }

  async authorize(req: PreparedRequest): Promise<Record<string, string>> {
    const { ak, sk, securityToken, projectId, now } = this.options;
    return signRequest(req, securityToken ? { ak, sk, securityToken } : { ak, sk }, {
      ...(projectId ? { projectId } : {}),
      ...(now ? { now: now() } : {}),
    });
  }

  secrets(): string[] {
    const { ak, sk, securityToken } = this.options;
    return securityToken ? [sk, securityToken, ak] : [sk, ak];
  }
}
