// A fixed, caller-supplied IAM token sent as X-Auth-Token.
import type { AuthProvider, PreparedRequest } from '../types.js';

export const AUTH_TOKEN_HEADER = 'X-Auth-Token';

/** Adds X-Auth-Token, replacing any copy of it in another letter case. */
export function withToken(headers: Record<string, string>, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'x-auth-token') out[name] = value;
  }
  out[AUTH_TOKEN_HEADER] = token;
  return out;
}

export class StaticTokenAuth implements AuthProvider {
  readonly principal = 'token:static';
  private readonly token: string;

  constructor(options: { token: string }) {
    if (!options.token) throw new Error('Token authentication needs a token.');
    this.token = options.token;
  }

  async authorize(req: PreparedRequest): Promise<Record<string, string>> {
    return withToken(req.headers, this.token);
  }

  /** A fixed token cannot be renewed, so a 401 is final. */
  invalidate(): boolean {
    return false;
  }

  secrets(): string[] {
    return [this.token];
  }
}
