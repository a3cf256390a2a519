// One ApiClient over several targets: each request goes to the client of the current target (the
// default outside a tool call), so reads, checks, quotas and waits all follow the call's target.
import { EvsError } from '../evs-client/errors.js';
import type { ApiClient, ApiRequest, ApiResponse } from '../evs-client/types.js';
import { allowedTargets, currentTarget } from './context.js';

export class TargetRoutingClient implements ApiClient {
  constructor(
    private readonly clients: ReadonlyMap<string, ApiClient>,
    readonly defaultTarget: string,
  ) {}

  get names(): string[] {
    return [...this.clients.keys()];
  }

  private pick(): ApiClient {
    const name = currentTarget() ?? this.defaultTarget;
    const client = this.clients.get(name);
    const allowed = allowedTargets();
    // Checked again here, right before sending, so no path around the tool-call check can reach EVS.
    if (!client || (allowed && !allowed.has(name)))
      throw new EvsError({
        kind: 'api',
        detail: `Target "${name}" is not allowed for this request. Nothing was sent.`,
        hint: `Use one of: ${this.names.filter((n) => !allowed || allowed.has(n)).join(', ') || '(none)'}.`,
      });
    return client;
  }

  get projectId(): string {
    return this.pick().projectId;
  }

  get endpoint(): string {
    return this.pick().endpoint;
  }

  request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    return this.pick().request<T>(req);
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}
