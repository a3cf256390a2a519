// Builds the configuration from environment variables and CLI flags (flags win), validated with zod.
// Any problem becomes one ConfigError line naming the setting: never a stack trace.
import { SETTINGS, type SettingDef } from './settings.js';
import {
  DEFAULT_TOOLSETS,
  rawConfigSchema,
  type AuthConfig,
  type Config,
  type HttpConfig,
  type RawConfig,
} from './schema.js';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TOOLSETS } from '../evs/operation.js';
import { toolListProblem } from './tool-names.js';
import { tracingWanted, type TelemetryConfig } from '../telemetry/wanted.js';
import { agencyConfig } from './agency.js';
import { targetsConfig } from './targets.js';
import { approvalConfigOf, confirmationMode } from './approval.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type FlagValues = Record<string, string | boolean | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

function settingName(def: SettingDef): string {
  return 'flag' in def && def.flag ? `${def.env} (--${def.flag})` : def.env;
}

function convert(def: SettingDef, value: string | boolean): unknown {
  if (typeof value === 'boolean') return value;
  switch (def.kind) {
    case 'boolean': {
      const v = value.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw new ConfigError(`${settingName(def)}: expected true or false, got "${value}"`);
    }
    case 'integer': {
      if (!/^-?\d+$/.test(value.trim()))
        throw new ConfigError(`${settingName(def)}: expected a whole number`);
      return Number(value.trim());
    }
    case 'list':
      return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return value.trim() === '' ? undefined : value;
  }
}

/** Merges env and flags into the raw settings object (flags override env). */
export function readRawSettings(env: NodeJS.ProcessEnv, flags: FlagValues): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const def of SETTINGS as readonly SettingDef[]) {
    const fromFlag = def.flag ? flags[def.flag] : undefined;
    const fromEnv = env[def.env];
    const value = fromFlag ?? fromEnv;
    if (value === undefined) continue;
    const converted = convert(def, value);
    if (converted !== undefined) raw[def.key] = converted;
  }
  return raw;
}

function validate(raw: Record<string, unknown>): RawConfig {
  const parsed = rawConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const def = (SETTINGS as readonly SettingDef[]).find((d) => d.key === key);
  const shown = def?.kind === 'secret' ? '' : ` (got ${JSON.stringify(raw[key])})`;
  throw new ConfigError(`${def ? settingName(def) : key}: ${issue.message}${shown}`);
}

function resolveAuth(c: RawConfig, sandbox: boolean): AuthConfig {
  if (sandbox) return { mode: 'sandbox' };
  if (c.ak || c.sk) {
    if (!c.ak) throw new ConfigError('HUAWEICLOUD_SDK_AK: missing (HUAWEICLOUD_SDK_SK is set)');
    if (!c.sk) throw new ConfigError('HUAWEICLOUD_SDK_SK: missing (HUAWEICLOUD_SDK_AK is set)');
    return {
      mode: 'aksk',
      ak: c.ak,
      sk: c.sk,
      ...(c.securityToken ? { securityToken: c.securityToken } : {}),
    };
  }
  if (c.iamToken) return { mode: 'token', token: c.iamToken };
  if (c.iamUser || c.iamPassword || c.iamDomain) {
    for (const [v, name] of [
      [c.iamUser, 'HUAWEICLOUD_SDK_IAM_USER'],
      [c.iamPassword, 'HUAWEICLOUD_SDK_IAM_PASSWORD'],
      [c.iamDomain, 'HUAWEICLOUD_SDK_IAM_DOMAIN'],
    ] as const) {
      if (!v) throw new ConfigError(`${name}: missing (password auth needs user, password and domain)`);
    }
    return { mode: 'password', user: c.iamUser!, password: c.iamPassword!, domain: c.iamDomain! };
  }
  throw new ConfigError(
    'no cloud credentials configured: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or HUAWEICLOUD_SDK_IAM_TOKEN, ' +
      'or HUAWEICLOUD_SDK_IAM_USER/_PASSWORD/_DOMAIN), or run with --sandbox to try the embedded EVS sandbox',
  );
}

/** A loopback address (or name): the only kind the HTTP transport binds without an issuer. */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(host);
}

function confirmSecretOf(c: RawConfig): string | undefined {
  if (c.confirmSecret || !c.confirmSecretFile) return c.confirmSecret;
  let text: string;
  try {
    text = readFileSync(c.confirmSecretFile, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(
      `EVS_MCP_CONFIRM_SECRET_FILE (--confirm-secret-file): cannot read ${c.confirmSecretFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (text.length < 16)
    throw new ConfigError('EVS_MCP_CONFIRM_SECRET_FILE (--confirm-secret-file): use at least 16 characters');
  return text;
}

function httpConfig(c: RawConfig, confirmSecret: string | undefined): HttpConfig {
  // Replicas must honour each other's confirmation tokens: a per-process key would break that silently.
  if (!confirmSecret)
    throw new ConfigError(
      'EVS_MCP_CONFIRM_SECRET (or EVS_MCP_CONFIRM_SECRET_FILE): required with --transport http, the same on every replica',
    );
  if (!c.authIssuer && !isLoopbackHost(c.httpHost))
    throw new ConfigError(
      `EVS_MCP_HTTP_HOST (--host): ${c.httpHost} is not a loopback address; serving it without authentication is refused (set EVS_MCP_AUTH_ISSUER)`,
    );
  if (c.authIssuer && !c.publicUrl)
    throw new ConfigError(
      'EVS_MCP_PUBLIC_URL (--public-url): required with EVS_MCP_AUTH_ISSUER (tokens must name it as their audience)',
    );
  if (c.authJwksUrl && !c.authIssuer)
    throw new ConfigError('EVS_MCP_AUTH_JWKS_URL (--auth-jwks-url): needs EVS_MCP_AUTH_ISSUER');
  return {
    host: c.httpHost,
    port: c.httpPort,
    ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}),
    ...(c.authIssuer
      ? { auth: { issuer: c.authIssuer, ...(c.authJwksUrl ? { jwksUrl: c.authJwksUrl } : {}) } }
      : {}),
    allowedHosts: c.allowedHosts ?? [],
    allowedOrigins: c.allowedOrigins ?? [],
    bodyLimitBytes: c.bodyLimitBytes,
    rateLimit: c.rateLimit,
    shutdownGraceMs: c.shutdownGraceMs,
  };
}

/** Metrics from the settings, traces from the standard OTEL_* variables; undefined when neither is on. */
function telemetryConfig(c: RawConfig, env: NodeJS.ProcessEnv): TelemetryConfig | undefined {
  if (c.metrics && c.transport !== 'http' && c.metricsPort === undefined)
    throw new ConfigError(
      'EVS_MCP_METRICS (--metrics): on stdio, metrics need their own port (set EVS_MCP_METRICS_PORT, e.g. 0)',
    );
  const on = c.metrics || c.metricsPort !== undefined;
  const tracing = tracingWanted(env);
  if (!on && !tracing) return undefined;
  return {
    ...(on
      ? { metrics: { host: c.metricsHost, ...(c.metricsPort !== undefined ? { port: c.metricsPort } : {}) } }
      : {}),
    tracing,
  };
}

/**
 * Loads the configuration. With `sandbox`, credentials, region and endpoints are filled in later
 * from the started sandbox, so they are not required here.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: FlagValues,
  opts: { sandbox?: boolean } = {},
): Config {
  const c = validate(readRawSettings(env, flags));
  const confirmSecret = confirmSecretOf(c);
  const http = c.transport === 'http' ? httpConfig(c, confirmSecret) : undefined;
  const sandbox = opts.sandbox ?? false;
  const auth = resolveAuth(c, sandbox);
  const region = c.region ?? (sandbox ? 'sandbox-1' : undefined);
  if (!region) throw new ConfigError('HUAWEICLOUD_SDK_REGION (--region): required, e.g. cn-north-4');
  const unmatched = toolListProblem([
    { setting: 'EVS_MCP_ALLOW_TOOLS (--allow-tools)', globs: c.allowTools },
    { setting: 'EVS_MCP_DENY_TOOLS (--deny-tools)', globs: c.denyTools },
  ]);
  if (unmatched) throw new ConfigError(unmatched);
  const telemetry = telemetryConfig(c, env);
  const toolsets = !c.toolsets ? DEFAULT_TOOLSETS : c.toolsets.includes('all') ? TOOLSETS : c.toolsets;
  return {
    transport: c.transport,
    ...(http ? { http } : {}),
    auth,
    region,
    ...(c.projectId ? { projectId: c.projectId } : {}),
    evsEndpoint: c.evsEndpoint ?? `https://evs.${region}.myhuaweicloud.com`,
    iamEndpoint: c.iamEndpoint ?? `https://iam.${region}.myhuaweicloud.com`,
    readOnly: c.readOnly,
    toolsets: toolsets.filter((t): t is (typeof TOOLSETS)[number] => t !== 'all'),
    ...(c.allowTools ? { allowTools: c.allowTools } : {}),
    ...(c.denyTools ? { denyTools: c.denyTools } : {}),
    waitBudgetMs: c.waitBudgetMs,
    pollIntervalMs: c.pollIntervalMs,
    requestTimeoutMs: c.requestTimeoutMs,
    confirmation: confirmationMode(c) !== 'off',
    ...approvalSettings(c),
    ...(confirmSecret ? { confirmSecret } : {}),
    ...(c.auditLog ? { auditLog: c.auditLog } : {}),
    secretsDir: c.secretsDir ?? join(homedir(), '.evs-mcp', 'secrets'),
    logLevel: c.logLevel,
    ...(telemetry ? { telemetry } : {}),
    ...agencyConfig(c, http, region, (m) => {
      throw new ConfigError(m);
    }),
    ...targetsConfig(c, http, (m) => {
      throw new ConfigError(m);
    }),
  };
}

/** EVS_MCP_CONFIRMATION=approval and the Redis shared by replicas (see approval.ts). */
function approvalSettings(c: RawConfig): Pick<Config, 'approval' | 'redisUrl'> {
  const approval = approvalConfigOf(c, (message) => {
    throw new ConfigError(message);
  });
  return { ...(approval ? { approval } : {}), ...(c.redisUrl ? { redisUrl: c.redisUrl } : {}) };
}

/** Every secret value in the configuration, so the logger and error paths can scrub them. */
export function configSecrets(config: Config): string[] {
  const a = config.auth;
  const out: string[] = [];
  if (a.mode === 'aksk') out.push(a.sk, a.ak, ...(a.securityToken ? [a.securityToken] : []));
  if (a.mode === 'token') out.push(a.token);
  if (a.mode === 'password') out.push(a.password);
  if (config.confirmSecret) out.push(config.confirmSecret);
  if (config.approval?.oidc) out.push(config.approval.oidc.clientSecret);
  if (config.redisUrl && /\/\/[^/]*@/.test(config.redisUrl)) out.push(config.redisUrl);
  return out;
}
