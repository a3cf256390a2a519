// Every setting, described once: its environment variable, CLI flag and meaning.
// The loader, `--help` and the README's configuration table are all derived from this list.

export type SettingKind = 'string' | 'secret' | 'boolean' | 'integer' | 'list';

export interface SettingDef {
  /** Key in the parsed configuration. */
  key: string;
  env: string;
  /** Long CLI flag without the dashes; secrets have none (flags leak into process lists). */
  flag?: string;
  kind: SettingKind;
  help: string;
}

export const SETTINGS = [
  { key: 'ak', env: 'HUAWEICLOUD_SDK_AK', kind: 'secret', help: 'Access key ID (AK/SK auth).' },
  { key: 'sk', env: 'HUAWEICLOUD_SDK_SK', kind: 'secret', help: 'Secret access key (AK/SK auth).' },
  {
    key: 'securityToken',
    env: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
    kind: 'secret',
    help: 'Security token of temporary AK/SK credentials.',
  },
  {
    key: 'projectId',
    env: 'HUAWEICLOUD_SDK_PROJECT_ID',
    flag: 'project-id',
    kind: 'string',
    help: 'Project ID; discovered from IAM by region name when unset.',
  },
  {
    key: 'region',
    env: 'HUAWEICLOUD_SDK_REGION',
    flag: 'region',
    kind: 'string',
    help: 'Region, e.g. cn-north-4. Required against the cloud.',
  },
  {
    key: 'iamToken',
    env: 'HUAWEICLOUD_SDK_IAM_TOKEN',
    kind: 'secret',
    help: 'A ready IAM token, sent as X-Auth-Token (token auth).',
  },
  {
    key: 'iamUser',
    env: 'HUAWEICLOUD_SDK_IAM_USER',
    flag: 'iam-user',
    kind: 'string',
    help: 'IAM user name (password auth).',
  },
  {
    key: 'iamPassword',
    env: 'HUAWEICLOUD_SDK_IAM_PASSWORD',
    kind: 'secret',
    help: 'IAM password (password auth).',
  },
  {
    key: 'iamDomain',
    env: 'HUAWEICLOUD_SDK_IAM_DOMAIN',
    flag: 'iam-domain',
    kind: 'string',
    help: 'Account (domain) name of the IAM user (password auth).',
  },
  {
    key: 'evsEndpoint',
    env: 'HUAWEICLOUD_SDK_EVS_ENDPOINT',
    flag: 'evs-endpoint',
    kind: 'string',
    help: 'EVS endpoint. Default https://evs.<region>.myhuaweicloud.com',
  },
  {
    key: 'iamEndpoint',
    env: 'HUAWEICLOUD_SDK_IAM_ENDPOINT',
    flag: 'iam-endpoint',
    kind: 'string',
    help: 'IAM endpoint. Default https://iam.<region>.myhuaweicloud.com',
  },
  {
    key: 'readOnly',
    env: 'EVS_MCP_READ_ONLY',
    flag: 'read-only',
    kind: 'boolean',
    help: 'Register only read-only tools; wins over every other setting.',
  },
  {
    key: 'toolsets',
    env: 'EVS_MCP_TOOLSETS',
    flag: 'toolsets',
    kind: 'list',
    help: 'Comma-separated toolsets to enable, or "all". Default: all but legacy.',
  },
  {
    key: 'allowTools',
    env: 'EVS_MCP_ALLOW_TOOLS',
    flag: 'allow-tools',
    kind: 'list',
    help: 'Only these tools (names or globs, comma-separated).',
  },
  {
    key: 'denyTools',
    env: 'EVS_MCP_DENY_TOOLS',
    flag: 'deny-tools',
    kind: 'list',
    help: 'Never these tools (names or globs, comma-separated).',
  },
  {
    key: 'waitBudgetMs',
    env: 'EVS_MCP_WAIT_BUDGET_MS',
    flag: 'wait-budget-ms',
    kind: 'integer',
    help: 'How long `wait` polls before returning the job id and current state. Default 50000.',
  },
  {
    key: 'pollIntervalMs',
    env: 'EVS_MCP_POLL_INTERVAL_MS',
    flag: 'poll-interval-ms',
    kind: 'integer',
    help: 'First polling interval of `wait`; it backs off to 5 s. Default 1000.',
  },
  {
    key: 'requestTimeoutMs',
    env: 'EVS_MCP_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout-ms',
    kind: 'integer',
    help: 'Budget for one HTTP call, retries included. Default 30000.',
  },
  {
    key: 'confirmation',
    env: 'EVS_MCP_CONFIRMATION',
    flag: 'confirmation',
    kind: 'string',
    help: '"on", "off" or "approval": on asks the person (elicitation) or hands out a token; approval asks the person or an approval page, never a token. Default: approval over HTTP with Redis and an OIDC client, else on.',
  },
  {
    key: 'confirmSecret',
    env: 'EVS_MCP_CONFIRM_SECRET',
    kind: 'secret',
    help: 'Key for confirmation tokens (16+ characters); share it between replicas. Default on stdio: random per process; required over HTTP.',
  },
  {
    key: 'confirmSecretFile',
    env: 'EVS_MCP_CONFIRM_SECRET_FILE',
    flag: 'confirm-secret-file',
    kind: 'string',
    help: 'File holding the confirmation-token key, instead of EVS_MCP_CONFIRM_SECRET (e.g. a mounted secret).',
  },
  {
    key: 'auditLog',
    env: 'EVS_MCP_AUDIT_LOG',
    flag: 'audit-log',
    kind: 'string',
    help: 'File to append one JSON line per mutating call.',
  },
  {
    key: 'secretsDir',
    env: 'EVS_MCP_SECRETS_DIR',
    flag: 'secrets-dir',
    kind: 'string',
    help: 'Folder (mode 0700) where transfer auth_keys are saved instead of shown to the model. Default ~/.evs-mcp/secrets',
  },
  {
    key: 'logLevel',
    env: 'EVS_MCP_LOG_LEVEL',
    flag: 'log-level',
    kind: 'string',
    help: 'fatal, error, warn, info (default), debug, trace or silent. Logs go to stderr.',
  },
  {
    key: 'transport',
    env: 'EVS_MCP_TRANSPORT',
    flag: 'transport',
    kind: 'string',
    help: '"stdio" (default) or "http": stateless Streamable HTTP at /mcp, with /healthz and /readyz.',
  },
  {
    key: 'httpHost',
    env: 'EVS_MCP_HTTP_HOST',
    flag: 'host',
    kind: 'string',
    help: 'HTTP: address to bind. Default 127.0.0.1; another address needs EVS_MCP_AUTH_ISSUER.',
  },
  {
    key: 'httpPort',
    env: 'EVS_MCP_HTTP_PORT',
    flag: 'port',
    kind: 'integer',
    help: 'HTTP: port to listen on (0 = any free port). Default 8080.',
  },
  {
    key: 'publicUrl',
    env: 'EVS_MCP_PUBLIC_URL',
    flag: 'public-url',
    kind: 'string',
    help: 'HTTP: the URL clients use for /mcp (behind a load balancer, its URL); tokens must name it as audience. Required with an issuer.',
  },
  {
    key: 'authIssuer',
    env: 'EVS_MCP_AUTH_ISSUER',
    flag: 'auth-issuer',
    kind: 'string',
    help: 'HTTP: OAuth issuer whose bearer JWTs are accepted (scopes evs:read, evs:write). Unset: no auth, loopback only.',
  },
  {
    key: 'authJwksUrl',
    env: 'EVS_MCP_AUTH_JWKS_URL',
    flag: 'auth-jwks-url',
    kind: 'string',
    help: "HTTP: the issuer's JWKS URL. Default: jwks_uri from the issuer's discovery document.",
  },
  {
    key: 'allowedHosts',
    env: 'EVS_MCP_ALLOWED_HOSTS',
    flag: 'allowed-hosts',
    kind: 'list',
    help: "HTTP: more Host names accepted besides the public URL's (and loopback names when bound to loopback).",
  },
  {
    key: 'allowedOrigins',
    env: 'EVS_MCP_ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    kind: 'list',
    help: "HTTP: more browser Origins accepted besides the public URL's; any other Origin gets 403.",
  },
  {
    key: 'bodyLimitBytes',
    env: 'EVS_MCP_HTTP_BODY_LIMIT',
    flag: 'body-limit',
    kind: 'integer',
    help: 'HTTP: largest request body in bytes (413 beyond). Default 1048576.',
  },
  {
    key: 'rateLimit',
    env: 'EVS_MCP_RATE_LIMIT',
    flag: 'rate-limit',
    kind: 'integer',
    help: 'HTTP: requests per minute per token subject, per replica (429 with Retry-After beyond). Default 600.',
  },
  {
    key: 'shutdownGraceMs',
    env: 'EVS_MCP_SHUTDOWN_GRACE_MS',
    flag: 'shutdown-grace-ms',
    kind: 'integer',
    help: 'HTTP: on SIGTERM, how long in-flight calls may finish before the process exits. Default 30000.',
  },
  // Approvals a model cannot give itself (src/approvals): Redis shared by replicas, the page's login.
  {
    key: 'redisUrl',
    env: 'EVS_MCP_REDIS_URL',
    kind: 'secret',
    help: 'Redis shared by replicas (redis://host:port): approvals, single-use confirmation tokens, the service-wide rate limit.',
  },
  {
    key: 'oidcClientId',
    env: 'EVS_MCP_OIDC_CLIENT_ID',
    flag: 'oidc-client-id',
    kind: 'string',
    help: "HTTP: the approval page's OpenID Connect client at EVS_MCP_AUTH_ISSUER (authorization code + PKCE).",
  },
  {
    key: 'oidcClientSecret',
    env: 'EVS_MCP_OIDC_CLIENT_SECRET',
    kind: 'secret',
    help: "HTTP: the approval page's OpenID Connect client secret.",
  },
  {
    key: 'oidcClientSecretFile',
    env: 'EVS_MCP_OIDC_CLIENT_SECRET_FILE',
    flag: 'oidc-client-secret-file',
    kind: 'string',
    help: 'File holding the OpenID Connect client secret, instead of EVS_MCP_OIDC_CLIENT_SECRET.',
  },
  {
    key: 'approverRole',
    env: 'EVS_MCP_APPROVER_ROLE',
    flag: 'approver-role',
    kind: 'string',
    help: 'Who may decide on the approval page: a scope, group or role in the login (scope, groups, roles claims). Default evs:approve.',
  },
  {
    key: 'fourEyes',
    env: 'EVS_MCP_FOUR_EYES',
    flag: 'four-eyes',
    kind: 'boolean',
    help: 'Approval page: the person who asked (the token subject) may never approve their own call.',
  },
  {
    key: 'browser',
    env: 'EVS_MCP_BROWSER',
    flag: 'browser',
    kind: 'string',
    help: 'stdio approval mode: command that opens the loopback approval page (given the URL). Default: the desktop opener.',
  },
  {
    key: 'approvalTtlMs',
    env: 'EVS_MCP_APPROVAL_TTL_MS',
    flag: 'approval-ttl-ms',
    kind: 'integer',
    help: 'How long an approval may be decided and then used. Default 900000 (15 minutes).',
  },
] as const satisfies readonly SettingDef[];

export type SettingKey = (typeof SETTINGS)[number]['key'];
