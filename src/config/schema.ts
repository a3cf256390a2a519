// The validated configuration: raw settings (from env and flags) checked with zod, then resolved.
import { z } from 'zod';
import { DEFAULT_TOOLSETS as DEFAULTS, TOOLSETS, type Toolset } from '../evs/toolsets.js';
import type { TelemetryConfig } from '../telemetry/wanted.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
// A name that matches no toolset is refused, naming it and the valid choices.
const toolsetOrAll = z.string().refine((t) => t === 'all' || (TOOLSETS as readonly string[]).includes(t), {
  error: (i) => `unknown toolset "${String(i.input)}"; valid: all, ${TOOLSETS.join(', ')}`,
}) as unknown as z.ZodType<'all' | Toolset>;
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const glob = z
  .string()
  .regex(/^[A-Za-z0-9_*?]+$/, { message: 'tool names or globs (letters, digits, _, *, ?)' });

export const rawConfigSchema = z.object({
  ak: z.string().min(1).optional(),
  sk: z.string().min(1).optional(),
  securityToken: z.string().min(1).optional(),
  projectId: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'a project ID is letters, digits and -' })
    .optional(),
  region: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, { message: 'a region looks like cn-north-4' })
    .optional(),
  iamToken: z.string().min(1).optional(),
  iamUser: z.string().min(1).optional(),
  iamPassword: z.string().min(1).optional(),
  iamDomain: z.string().min(1).optional(),
  evsEndpoint: httpUrl.optional(),
  iamEndpoint: httpUrl.optional(),
  readOnly: z.boolean().default(false),
  toolsets: z.array(toolsetOrAll).min(1).optional(),
  allowTools: z.array(glob).optional(),
  denyTools: z.array(glob).optional(),
  waitBudgetMs: z.number().int().min(1_000).max(600_000).default(50_000),
  pollIntervalMs: z.number().int().min(50).max(60_000).default(1_000),
  requestTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  confirmation: z.enum(['on', 'off', 'approval']).optional(),
  confirmSecret: z.string().min(16, { message: 'use at least 16 characters' }).optional(),
  confirmSecretFile: z.string().min(1).optional(),
  transport: z.enum(['stdio', 'http']).default('stdio'),
  httpHost: z.string().min(1).default('127.0.0.1'),
  httpPort: z.number().int().min(0).max(65535).default(8080),
  publicUrl: httpUrl.optional(),
  authIssuer: httpUrl.optional(),
  authJwksUrl: httpUrl.optional(),
  allowedHosts: z.array(z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, { message: 'host names' })).optional(),
  allowedOrigins: z.array(httpUrl).optional(),
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  rateLimit: z.number().int().min(1).max(1_000_000).default(600),
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(30_000),
  auditLog: z.string().min(1).optional(),
  secretsDir: z.string().min(1).optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  // Telemetry (src/telemetry).
  metrics: z.boolean().default(false),
  metricsPort: z.number().int().min(0).max(65535).optional(),
  metricsHost: z.string().min(1).default('127.0.0.1'),
  // Per-caller cloud identity through an IAM agency.
  identity: z.enum(['server', 'agency']).default('server'),
  agencyUrn: z
    .string()
    .regex(/^iam::[A-Za-z0-9]+:agency:[A-Za-z0-9_+=,.@-]{1,64}$/, {
      message: 'an agency URN looks like iam::<account-id>:agency:<name>',
    })
    .optional(),
  agencyClaim: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]{1,64}$/)
    .default('groups'),
  agencyMap: z.array(z.string().min(3)).optional(),
  agencyDurationSeconds: z.number().int().min(900).max(43_200).default(3600),
  stsEndpoint: httpUrl.optional(),
  // Several regions and projects.
  targets: z.array(z.string().min(3)).optional(),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'a redis:// or rediss:// URL' })
    .optional(),
  oidcClientId: z.string().min(1).optional(),
  oidcClientSecret: z.string().min(1).optional(),
  oidcClientSecretFile: z.string().min(1).optional(),
  approverRole: z.string().regex(/^\S+$/, { message: 'one scope, group or role' }).default('evs:approve'),
  fourEyes: z.boolean().default(false),
  approvalTtlMs: z.number().int().min(10_000).max(86_400_000).default(900_000),
  browser: z.string().min(1).optional(),
});

export type RawConfig = z.infer<typeof rawConfigSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the server authenticates. `sandbox` means: start the embedded simulator and use its credentials. */
export type AuthConfig =
  | { mode: 'aksk'; ak: string; sk: string; securityToken?: string }
  | { mode: 'token'; token: string }
  | { mode: 'password'; user: string; password: string; domain: string }
  | { mode: 'sandbox' };

/** The HTTP transport's settings (present when EVS_MCP_TRANSPORT=http). */
export interface HttpConfig {
  host: string;
  port: number;
  /** What clients call and tokens name as audience; without an issuer, derived from host and port. */
  publicUrl?: string;
  auth?: { issuer: string; jwksUrl?: string };
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  bodyLimitBytes: number;
  /** Requests per minute per subject. */
  rateLimit: number;
  shutdownGraceMs: number;
}

export interface Config {
  transport: 'stdio' | 'http';
  http?: HttpConfig;
  auth: AuthConfig;
  region: string;
  projectId?: string;
  evsEndpoint: string;
  iamEndpoint: string;
  readOnly: boolean;
  toolsets: readonly Toolset[];
  allowTools?: readonly string[];
  denyTools?: readonly string[];
  waitBudgetMs: number;
  pollIntervalMs: number;
  requestTimeoutMs: number;
  confirmation: boolean;
  /** Set when EVS_MCP_CONFIRMATION=approval: no confirm_token, a person decides. */
  approval?: ApprovalConfig;
  /** Redis shared by replicas (single-use tokens, service-wide rate limit, approvals). */
  redisUrl?: string;
  confirmSecret?: string;
  auditLog?: string;
  secretsDir: string;
  logLevel: LogLevel;
  /** Metrics and traces; absent when neither is configured. */
  telemetry?: TelemetryConfig;
  /** Set when EVS_MCP_IDENTITY=agency: each caller acts through an assumed agency. */
  agency?: AgencyConfig;
  /** EVS_MCP_TARGETS: the regions and projects calls may name; the first is the default. */
  targets?: readonly TargetConfig[];
}

export interface TargetConfig {
  name: string;
  region: string;
  projectId?: string;
  evsEndpoint: string;
  iamEndpoint: string;
  stsEndpoint: string;
}

export interface AgencyConfig {
  urn?: string;
  claim: string;
  map?: readonly { value: string; urn: string }[];
  durationSeconds: number;
  stsEndpoint: string;
}

/** Approvals a model cannot give itself (EVS_MCP_CONFIRMATION=approval); see src/approvals. */
export interface ApprovalConfig {
  /** Approvals live there (required over HTTP; stdio keeps them in memory when unset). */
  redisUrl?: string;
  /** The page's login at the MCP token issuer (HTTP). */
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  approverRole: string;
  fourEyes: boolean;
  ttlMs: number;
  /** stdio: the command opening the loopback page (default: the desktop's opener). */
  browser?: string;
}

/** The toolsets enabled when none are named (src/evs/toolsets.ts says which). */
export const DEFAULT_TOOLSETS: readonly Toolset[] = DEFAULTS;
