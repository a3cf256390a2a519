// Host and Origin checks against DNS rebinding and cross-site browser calls (403 for anything else).
import { isLoopbackHost } from '../../config/load.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header, without port or IPv6 brackets, lower case. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

export interface RequestGate {
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string | undefined): boolean;
}

export function createRequestGate(opts: {
  bindHost: string;
  publicUrl?: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}): RequestGate {
  const loopback = isLoopbackHost(opts.bindHost);
  const hosts = new Set(opts.allowedHosts.map(hostName));
  const origins = new Set(opts.allowedOrigins.map((o) => new URL(o).origin));
  if (opts.publicUrl) {
    hosts.add(hostName(new URL(opts.publicUrl).host));
    origins.add(new URL(opts.publicUrl).origin);
  }
  if (loopback) for (const n of LOOPBACK_NAMES) hosts.add(n);
  return {
    hostAllowed(host) {
      return host !== undefined && hosts.has(hostName(host));
    },
    originAllowed(origin) {
      // Non-browser clients send no Origin; browsers always do, and only listed ones pass.
      if (origin === undefined) return true;
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        return false;
      }
      if (origins.has(parsed.origin)) return true;
      return loopback && LOOPBACK_NAMES.includes(hostName(parsed.host));
    },
  };
}
