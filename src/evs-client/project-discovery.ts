// Finds the project id of a region: IAM's GET /v3/projects?name=<region>, signed by the caller's auth.
import type { Logger } from 'pino';
import { EvsHttpClient } from './client.js';
import { EvsError } from './errors.js';
import type { AuthProvider } from './types.js';

export interface DiscoverProjectOptions {
  iamEndpoint: string;
  region: string;
  auth: AuthProvider;
  logger: Logger;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

interface ProjectList {
  projects?: { id?: unknown; name?: unknown }[];
}

/** The id of the one project named after `region`; an error that says what to set when there is not exactly one. */
export async function discoverProjectId(options: DiscoverProjectOptions): Promise<string> {
  const client = new EvsHttpClient({
    endpoint: options.iamEndpoint,
    projectId: '',
    auth: options.auth,
    logger: options.logger,
    ...(options.timeoutMs !== undefined ? { requestTimeoutMs: options.timeoutMs } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  });
  try {
    const response = await client.request<ProjectList>({
      method: 'GET',
      path: '/v3/projects',
      query: { name: options.region },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const projects = (response.body?.projects ?? []).filter(
      (p): p is { id: string; name?: unknown } => typeof p?.id === 'string' && p.id !== '',
    );
    const matching = projects.filter((p) => p.name === undefined || p.name === options.region);
    const only = matching.length === 1 ? matching[0] : undefined;
    if (only) {
      options.logger.debug({ region: options.region, projectId: only.id }, 'project id discovered');
      return only.id;
    }
    throw new EvsError({
      kind: 'api',
      detail:
        matching.length === 0
          ? `IAM lists no project named "${options.region}" for these credentials.`
          : `IAM lists ${matching.length} projects named "${options.region}" (${matching.map((p) => p.id).join(', ')}).`,
      hint:
        matching.length === 0
          ? 'Check the region name, or set the project id explicitly.'
          : 'Set the project id explicitly to choose one.',
      ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
    });
  } finally {
    await client.close();
  }
}
