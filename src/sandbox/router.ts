// Route table plumbing: each route module exports data (method, path pattern, handler).
import type { IncomingMessage } from 'node:http';
import type { ErrorFamily } from './errors.js';
import type { Store } from './store.js';

/** Who may call a route: nobody needs to sign it, any valid credential, or the project in the path. */
export type AuthNeed = 'none' | 'identity' | 'project';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Caller {
  projectId: string;
  via: 'aksk' | 'token';
  /** The IAM user name, when known. */
  user?: string;
  /** Allowed IAM actions; undefined = every action. */
  actions?: string[];
  /** Who signed: iam::<account>:user:<name>, or the assumed agency session. */
  principal?: string;
  /** Signed with temporary credentials of an assumed agency. */
  session?: boolean;
  /** Projects besides `projectId` the key may act in (other simulated regions). */
  projectIds?: string[];
}

export interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  store: Store;
  /** `http://host:port` as the caller addressed it, for links. */
  baseUrl: string;
  now: number;
  family: ErrorFamily;
  caller?: Caller;
  /** The project of the path (`{project_id}`), checked against the caller. */
  projectId: string;
  tokenTtlSeconds: number;
}

export interface Route {
  method: string;
  /** e.g. `/v2/{project_id}/volumes/{volume_id}`. */
  path: string;
  /** Documented section(s), for humans and coverage tests. */
  section: string;
  /** For a route serving several sections: the one the body asks for. */
  sectionOf?: (body: unknown) => string | undefined;
  /** IAM actions of a route outside the EVS action tables (STS). */
  actions?: readonly string[];
  family: ErrorFamily;
  auth: AuthNeed;
  handler: (ctx: Ctx) => Reply;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
  literals: number;
}

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: Route[]) {
    for (const route of routes) {
      const names: string[] = [];
      const segments = route.path.split('/').filter(Boolean);
      let literals = 0;
      const parts = segments.map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (m) {
          names.push(m[1]!);
          return '([^/]+)';
        }
        literals++;
        return seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      });
      const regex = new RegExp(`^/${parts.join('/')}/?$`);
      this.compiled.push({ route, regex, names, literals });
    }
  }

  /** The most specific route for the path; `methodMismatch` when the path exists with other methods. */
  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    let best: { c: Compiled; m: RegExpExecArray } | undefined;
    let pathSeen = false;
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathSeen = true;
      if (c.route.method !== method) continue;
      if (!best || c.literals > best.c.literals) best = { c, m };
    }
    if (!best) return { methodMismatch: pathSeen };
    const params: Record<string, string> = {};
    best.c.names.forEach((name, i) => {
      params[name] = safeDecode(best.m[i + 1]!);
    });
    return { route: best.c.route, params };
  }

  routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
