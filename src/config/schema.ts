// The validated configuration: raw settings (from env and flags) checked with zod, then resolved.
import { z } from 'zod';
import { TOOLSETS, type Toolset } from '../evs/operation.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toolsetOrAll = z.enum(['all', ...TOOLSETS] as unknown as readonly ['all', ...Toolset[]]);
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
  confirmation: z.enum(['on', 'off']).default('on'),
  confirmSecret: z.string().min(16, { message: 'use at least 16 characters' }).optional(),
  auditLog: z.string().min(1).optional(),
  secretsDir: z.string().min(1).optional(),
  logLevel: z.enum(LOG_LEVELS).default('info'),
});

export type RawConfig = z.infer<typeof rawConfigSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the server authenticates. `sandbox` means: start the embedded simulator and use its credentials. */
export type AuthConfig =
  | { mode: 'aksk'; ak: string; sk: string; securityToken?: string }
  | { mode: 'token'; token: string }
  | { mode: 'password'; user: string; password: string; domain: string }
  | { mode: 'sandbox' };

export interface Config {
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
  confirmSecret?: string;
  auditLog?: string;
  secretsDir: string;
  logLevel: LogLevel;
}

/** The toolsets enabled when none are named: everything but the deprecated APIs. */
export const DEFAULT_TOOLSETS: readonly Toolset[] = TOOLSETS.filter((t) => t !== 'legacy');
