// Turns an operation record and validated arguments into the HTTP request it documents.
import type { OperationSpec } from '../../evs/operation.js';
import type { ApiRequest } from '../../http/types.js';
import { percentEncode } from '../../http/signer.js';

/** Substitutes `{project_id}` and the other placeholders; values are percent-encoded as one path segment. */
export function resolvePath(template: string, params: Record<string, string>, projectId: string): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const raw = name === 'project_id' ? projectId : params[name];
    if (raw === undefined) throw new Error(`no value for {${name}} in ${template}`);
    // A pathParam may itself default to the configured project (e.g. 7.1.9 target_project_id).
    // The signer's encoding, so the path is signed exactly as it is sent (e.g. metadata keys with ' or *).
    return percentEncode(raw.replaceAll('{project_id}', projectId));
  });
}

export function buildApiRequest(
  spec: OperationSpec,
  args: Record<string, unknown>,
  projectId: string,
  signal?: AbortSignal,
): ApiRequest {
  const parts = spec.request(args as never);
  return {
    method: spec.method,
    path: resolvePath(spec.path, parts.pathParams ?? {}, projectId),
    ...(parts.query ? { query: parts.query } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    ...(signal ? { signal } : {}),
    operation: { section: spec.section, iamActions: spec.iamActions, successStatus: spec.successStatus },
  };
}

/** The request as a person reads it: method, full URL and body (for dry runs and confirmations). */
export function describeRequest(
  req: ApiRequest,
  endpoint: string,
): { method: string; url: string; body?: unknown } {
  const url = new URL(req.path, endpoint + '/');
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
  }
  return { method: req.method, url: url.toString(), ...(req.body !== undefined ? { body: req.body } : {}) };
}
