// EVS_MCP_IDENTITY=agency: each caller's EVS requests are signed with temporary credentials of the agency it
// assumes (STS AssumeAgency), never with the server's own key and never with the caller's MCP token.
// Credentials are cached per (caller, agency, session policy), renewed before they expire, and one
// AssumeAgency serves every concurrent call that needs it.
import { createHash } from 'node:crypto';
import { EvsError } from '../errors.js';
import { signRequest, type AkSkCredential } from '../signer.js';
import type { AuthProvider, PreparedRequest } from '../types.js';
import { currentCaller, isServerWork, type CallerContext } from './caller-context.js';
import { assumeAgency, type TemporaryCredentials } from './sts-client.js';
import { telemetry } from '../../telemetry/telemetry.js';

/** Credentials are renewed this long before they expire. */
export const RENEW_BEFORE_MS = 5 * 60_000;

export interface AgencyAuthOptions {
  /** The server's own credential: it only signs AssumeAgency. */
  credential: AkSkCredential;
  stsEndpoint: string;
  durationSeconds: number;
  /** Session policy of callers without evs:write. */
  readOnlyPolicy: string;
  projectId?: string;
  timeoutMs: number;
  /** Milliseconds since the epoch; tests drive it. */
  now?: () => number;
  /** Each temporary secret as it arrives, so every log and error scrubs it from then on. */
  onSecret?: (...values: string[]) => void;
}

interface Entry {
  pending?: Promise<TemporaryCredentials>;
  creds?: TemporaryCredentials;
}

const refusal = (detail: string, hint: string) =>
  new EvsError({ kind: 'auth', detail: `${detail}. Nothing was sent to EVS.`, hint });

export class AgencyAuth implements AuthProvider {
  private readonly cache = new Map<string, Entry>();
  private readonly now: () => number;
  /** How many AssumeAgency calls were made (for the process's own figures and tests). */
  assumeCount = 0;

  constructor(private readonly options: AgencyAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The assumed session of the current caller (logs name it instead of a key). */
  get principal(): string {
    const ctx = currentCaller();
    if (!ctx) return isServerWork() ? 'agency:server' : 'agency:(no caller)';
    return 'refused' in ctx.session
      ? `agency:refused:${ctx.sub}`
      : `agency-session:${ctx.session.sessionName}`;
  }

  async authorize(req: PreparedRequest, signal?: AbortSignal): Promise<Record<string, string>> {
    const ctx = currentCaller();
    const { projectId } = this.options;
    const sdkOpts = { now: new Date(this.now()), ...(projectId ? { projectId } : {}) };
    // The readiness probe, marked explicitly, is the one request the server signs as itself.
    if (!ctx && isServerWork()) return signRequest(req, this.options.credential, sdkOpts);
    // Outside a caller's request (e.g. a readiness probe) there is no identity to act as: refuse.
    if (!ctx)
      throw refusal(
        'This server acts in the cloud only as an authenticated caller (EVS_MCP_IDENTITY=agency)',
        'call through the HTTP transport with a bearer token',
      );
    if ('refused' in ctx.session)
      throw refusal(
        `This caller may not act in the cloud: ${ctx.session.refused}`,
        'ask the operator to map your group or role to an agency',
      );
    const creds = await this.credentialsFor(ctx, signal);
    return signRequest(req, { ak: creds.ak, sk: creds.sk, securityToken: creds.securityToken }, sdkOpts);
  }

  private async credentialsFor(ctx: CallerContext, signal?: AbortSignal): Promise<TemporaryCredentials> {
    const session = ctx.session as Exclude<CallerContext['session'], { refused: string }>;
    const policy = session.readOnly ? this.options.readOnlyPolicy : undefined;
    const key = `${ctx.sub}\n${session.agencyUrn}\n${policy ? createHash('sha256').update(policy).digest('hex') : '-'}`;
    let entry = this.cache.get(key);
    if (!entry) this.cache.set(key, (entry = {}));
    if (entry.creds && entry.creds.expiresAt - RENEW_BEFORE_MS > this.now()) {
      telemetry().credential('cache_hit'); // Telemetry
      return entry.creds;
    }
    if (!entry.pending) {
      const e: Entry = entry;
      this.assumeCount += 1;
      telemetry().credential('sts_assume'); // Telemetry
      e.pending = assumeAgency(
        {
          endpoint: this.options.stsEndpoint,
          credential: this.options.credential,
          timeoutMs: this.options.timeoutMs,
          now: this.now,
        },
        {
          agencyUrn: session.agencyUrn,
          sessionName: session.sessionName,
          sourceIdentity: session.sourceIdentity,
          durationSeconds: this.options.durationSeconds,
          ...(policy ? { policy } : {}),
          tags: [{ key: 'oauth_client_id', value: tagValue(ctx.clientId) }],
        },
        // Shared by concurrent calls: one caller cancelling must not fail the others.
        undefined,
      ).then(
        (creds) => {
          this.options.onSecret?.(creds.ak, creds.sk, creds.securityToken);
          e.creds = creds;
          delete e.pending;
          return creds;
        },
        (err: unknown) => {
          delete e.pending;
          throw err;
        },
      );
    }
    const pending = entry.pending!;
    if (!signal) return pending;
    return Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
  }

  secrets(): string[] {
    const { ak, sk, securityToken } = this.options.credential;
    const out = [sk, ak, ...(securityToken ? [securityToken] : [])];
    for (const e of this.cache.values()) if (e.creds) out.push(e.creds.sk, e.creds.securityToken, e.creds.ak);
    return out;
  }
}

/** Tag values: up to 255 characters of letters, digits, spaces and `_.:=+-@` (IAM tag rules). */
function tagValue(clientId: string): string {
  const v = clientId.replace(/[^A-Za-z0-9 _.:=+\-@]/g, '_').slice(0, 255);
  return v === '' ? 'unknown' : v;
}
