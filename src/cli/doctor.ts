// `evs-mcp doctor`: checks the configuration, the endpoint, the credentials and the project, one line
// each, and says what to fix by the name of the variable. Never prints a secret.
import { request } from 'undici';
import type { Logger } from 'pino';
import { authProvider } from '../app.js';
import { ConfigError, configSecrets, loadConfig, type FlagValues } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { unexpandedPlaceholders } from '../config/placeholders.js';
import { EvsHttpClient } from '../evs-client/client.js';
import { isEvsError, type EvsError } from '../evs-client/errors.js';
import { discoverProjectId } from '../evs-client/project-discovery.js';
import { scrub } from '../evs-client/redact.js';
import type { AuthProvider } from '../evs-client/types.js';

export type CheckStatus = 'ok' | 'fail' | 'skip';
export interface CheckResult {
  name: 'configuration' | 'endpoint' | 'credentials' | 'project';
  status: CheckStatus;
  detail: string;
  /** What to change, naming the variable. */
  fix?: string;
}

/** One time budget per network check, so a black-holed endpoint cannot hang the doctor. */
const CHECK_TIMEOUT_MS = 8000;

const AUTH_VARIABLES: Record<Exclude<Config['auth']['mode'], 'sandbox'>, string> = {
  aksk: 'HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN if the keys are temporary)',
  token: 'HUAWEICLOUD_SDK_IAM_TOKEN (it may have expired)',
  password: 'HUAWEICLOUD_SDK_IAM_USER, HUAWEICLOUD_SDK_IAM_PASSWORD and HUAWEICLOUD_SDK_IAM_DOMAIN',
};

const AUTH_NAMES: Record<Exclude<Config['auth']['mode'], 'sandbox'>, string> = {
  aksk: 'AK/SK',
  token: 'IAM token',
  password: 'IAM password',
};

function evsErrorText(err: EvsError): string {
  return [err.code, err.status ? `HTTP ${err.status}` : undefined, err.detail].filter(Boolean).join(' ');
}

async function checkEndpoint(
  url: string,
  variable: string,
): Promise<{ ok: true; detail: string } | { ok: false; detail: string; fix: string }> {
  const started = Date.now();
  try {
    const res = await request(`${url}/`, {
      method: 'GET',
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      headersTimeout: CHECK_TIMEOUT_MS,
    });
    await res.body.dump();
    return { ok: true, detail: `${url} answered (HTTP ${res.statusCode}, ${Date.now() - started} ms)` };
  } catch (err) {
    const code =
      (err as { code?: string; cause?: { code?: string } }).code ??
      (err as { cause?: { code?: string } }).cause?.code;
    const why = code ?? (err instanceof Error ? err.name : 'error');
    return {
      ok: false,
      detail: `cannot reach ${url} (${why})`,
      fix: `check ${variable} (or HUAWEICLOUD_SDK_REGION, from which it is derived), and the network or proxy between here and it`,
    };
  }
}

/** Runs the checks in order; a failed check skips those that depend on it. */
export async function runDoctor(
  env: NodeJS.ProcessEnv,
  flags: FlagValues,
  logger: Logger,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const skipRest = (from: CheckResult['name'][], why: string) => {
    for (const name of from) results.push({ name, status: 'skip', detail: why });
  };

  // 1. Configuration.
  const placeholders = unexpandedPlaceholders(env);
  if (placeholders.length) {
    results.push({
      name: 'configuration',
      status: 'fail',
      detail: `${placeholders.join(', ')} ${placeholders.length > 1 ? 'hold' : 'holds'} an unexpanded \${...} placeholder`,
      fix: `put the value itself in ${placeholders[0]}: the client that started evs-mcp does not expand variables (Claude Desktop does not)`,
    });
    skipRest(['endpoint', 'credentials', 'project'], 'needs a valid configuration');
    return results;
  }
  let config: Config;
  try {
    config = loadConfig(env, flags);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const variable = /^[A-Z0-9_]+/.exec(err.message)?.[0];
    results.push({
      name: 'configuration',
      status: 'fail',
      detail: err.message,
      fix: variable ? `set ${variable} correctly` : 'set the variables named above',
    });
    skipRest(['endpoint', 'credentials', 'project'], 'needs a valid configuration');
    return results;
  }
  const mode = config.auth.mode as Exclude<Config['auth']['mode'], 'sandbox'>;
  results.push({
    name: 'configuration',
    status: 'ok',
    detail:
      `${AUTH_NAMES[mode]} auth, region ${config.region}, EVS endpoint ${config.evsEndpoint}, ` +
      (config.projectId ? `project ${config.projectId}` : 'project to be discovered from the region') +
      (config.readOnly ? ', read-only' : ''),
  });

  // 2. Endpoints: any HTTP answer proves the address is right and reachable.
  const evs = await checkEndpoint(config.evsEndpoint, 'HUAWEICLOUD_SDK_EVS_ENDPOINT (--evs-endpoint)');
  const needsIam = !config.projectId || mode === 'password';
  const iam = needsIam
    ? await checkEndpoint(config.iamEndpoint, 'HUAWEICLOUD_SDK_IAM_ENDPOINT (--iam-endpoint)')
    : undefined;
  const down = !evs.ok ? evs : iam && !iam.ok ? iam : undefined;
  if (down && !down.ok) {
    results.push({ name: 'endpoint', status: 'fail', detail: down.detail, fix: down.fix });
    skipRest(['credentials', 'project'], 'needs a reachable endpoint');
    return results;
  }
  results.push({
    name: 'endpoint',
    status: 'ok',
    detail: [evs.detail, iam?.detail].filter(Boolean).join('; '),
  });

  // 3 and 4. Credentials and project: one signed read call (the project look-up first when it is not set).
  const secrets = configSecrets(config);
  let auth: AuthProvider | undefined;
  try {
    auth = authProvider(config, logger);
    let projectId = config.projectId;
    if (!projectId) {
      try {
        projectId = await discoverProjectId({
          iamEndpoint: config.iamEndpoint,
          region: config.region,
          auth,
          logger,
          timeoutMs: CHECK_TIMEOUT_MS,
        });
      } catch (err) {
        if (isEvsError(err) && err.status === undefined && err.kind === 'api') {
          results.push({ name: 'credentials', status: 'ok', detail: 'accepted by IAM' });
          results.push({
            name: 'project',
            status: 'fail',
            detail: err.detail,
            fix: 'check HUAWEICLOUD_SDK_REGION, or set HUAWEICLOUD_SDK_PROJECT_ID (--project-id) to the project id',
          });
          return results;
        }
        throw err;
      }
    }
    const client = new EvsHttpClient({
      endpoint: config.evsEndpoint,
      projectId,
      auth,
      logger,
      requestTimeoutMs: CHECK_TIMEOUT_MS,
      retry: { maxAttempts: 1 },
    });
    try {
      const res = await client.request<{ volumes?: unknown[]; count?: number }>({
        method: 'GET',
        path: `/v2/${encodeURIComponent(projectId)}/cloudvolumes/detail`,
        query: { limit: 1 },
        operation: { section: '6.1.2', iamActions: ['evs:volumes:list'] },
      });
      results.push({
        name: 'credentials',
        status: 'ok',
        detail: 'a signed read call (6.1.2 list disks) was accepted',
      });
      const count = typeof res.body?.count === 'number' ? `, ${res.body.count} disk(s)` : '';
      results.push({
        name: 'project',
        status: 'ok',
        detail: `${projectId}${config.projectId ? '' : ' (discovered from the region)'}${count}`,
      });
    } finally {
      await client.close();
    }
  } catch (err) {
    results.push(...credentialFailure(err, mode, config, secrets));
  } finally {
    await (auth as { close?: () => Promise<void> } | undefined)?.close?.();
  }
  return results;
}

function credentialFailure(
  err: unknown,
  mode: Exclude<Config['auth']['mode'], 'sandbox'>,
  config: Config,
  secrets: readonly string[],
): CheckResult[] {
  const text = (s: string) => scrub(s, [...secrets]);
  if (!isEvsError(err))
    return [
      {
        name: 'credentials',
        status: 'fail',
        detail: text(err instanceof Error ? err.message : String(err)),
        fix: `check ${AUTH_VARIABLES[mode]}`,
      },
      { name: 'project', status: 'skip', detail: 'needs accepted credentials' },
    ];
  const code = err.code?.toUpperCase();
  if (code === 'EVS.0001' || code === 'COMMON.0018') {
    return [
      { name: 'credentials', status: 'ok', detail: 'accepted (the project was refused, not the keys)' },
      {
        name: 'project',
        status: 'fail',
        detail: text(
          `${evsErrorText(err)}: project ${config.projectId ?? '(discovered)'} is not these credentials' project`,
        ),
        fix: 'check HUAWEICLOUD_SDK_PROJECT_ID (--project-id): use the project id of this region in the console (My Credentials), or unset it to discover it',
      },
    ];
  }
  if (err.status === 403) {
    return [
      { name: 'credentials', status: 'ok', detail: 'accepted' },
      {
        name: 'project',
        status: 'fail',
        detail: text(evsErrorText(err)),
        fix: 'grant the user evs:volumes:list (for example the EVS ReadOnlyAccess policy) in this project',
      },
    ];
  }
  if (err.status === 401 || err.kind === 'auth') {
    return [
      {
        name: 'credentials',
        status: 'fail',
        detail: text(`refused: ${evsErrorText(err)}`),
        fix: `check ${AUTH_VARIABLES[mode]}`,
      },
      { name: 'project', status: 'skip', detail: 'needs accepted credentials' },
    ];
  }
  return [
    {
      name: 'credentials',
      status: 'fail',
      detail: text(`the signed read call failed: ${evsErrorText(err)}`),
      fix: err.hint ? text(err.hint) : `check ${AUTH_VARIABLES[mode]}`,
    },
    { name: 'project', status: 'skip', detail: 'needs a successful read call' },
  ];
}

const MARK: Record<CheckStatus, string> = { ok: '[ok]  ', fail: '[FAIL]', skip: '[skip]' };

export function renderDoctor(results: readonly CheckResult[]): string {
  const lines = results.map((r) => {
    const head = `${MARK[r.status]} ${r.name.padEnd(13)} ${r.detail}`;
    return r.fix ? `${head}\n       fix: ${r.fix}` : head;
  });
  const failed = results.filter((r) => r.status === 'fail').length;
  lines.push(failed ? `${failed} check(s) failed.` : 'All checks passed.');
  return lines.join('\n');
}
