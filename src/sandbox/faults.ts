// Fault injection: per-route failure rates, fixed statuses, latency, dropped connections, broken bodies.
import type { FaultController, FaultRule } from './types.js';

interface ActiveRule {
  rule: FaultRule;
  method?: string;
  pattern: RegExp;
  remaining: number;
}

/** `*` matches one path segment, `**` any run of characters; the whole path must match. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]+';
    } else out += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export class Faults implements FaultController {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1))
      throw new Error('fault rate must be within 0..1');
    this.rules.push({
      rule,
      method: rule.method?.toUpperCase(),
      pattern: typeof rule.path === 'string' ? globToRegExp(rule.path) : rule.path,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The first matching rule that fires for this request, if any (and counts it). */
  pick(method: string, path: string): FaultRule | undefined {
    for (const active of this.rules) {
      if (active.remaining <= 0) continue;
      if (active.method && active.method !== '*' && active.method !== method) continue;
      active.pattern.lastIndex = 0;
      if (!active.pattern.test(path)) continue;
      if (this.random() >= (active.rule.rate ?? 1)) continue;
      active.remaining--;
      return active.rule;
    }
    return undefined;
  }
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', '*']);

/**
 * Parses a command-line fault such as `POST /v2/*\/volumes status=503 rate=0.5`.
 * Keys: status, rate, retry-after, latency, drop, malformed, times. A path written `re:<regex>` is a regex.
 */
export function parseFaultFlag(flag: string): FaultRule {
  const words = flag.trim().split(/\s+/).filter(Boolean);
  let method: string | undefined;
  if (words[0] && METHODS.has(words[0].toUpperCase())) method = words.shift()!.toUpperCase();
  const rawPath = words.shift();
  if (!rawPath) throw new Error(`fault "${flag}": a path is required, e.g. "POST /v2/*/volumes status=503"`);
  const path = rawPath.startsWith('re:') ? new RegExp(rawPath.slice(3)) : rawPath;
  const rule: FaultRule = { path };
  if (method && method !== '*') rule.method = method;
  for (const word of words) {
    const [key, value] = word.includes('=') ? (word.split('=', 2) as [string, string]) : [word, 'true'];
    const num = (): number => {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`fault "${flag}": ${key} needs a number`);
      return n;
    };
    const bool = (): boolean => value !== 'false' && value !== '0';
    switch (key.toLowerCase()) {
      case 'status':
        rule.status = num();
        break;
      case 'rate':
        rule.rate = num();
        if (rule.rate < 0 || rule.rate > 1) throw new Error(`fault "${flag}": rate must be within 0..1`);
        break;
      case 'retry-after':
      case 'retryafter':
      case 'retryafterseconds':
        rule.retryAfterSeconds = num();
        break;
      case 'latency':
      case 'latencyms':
        rule.latencyMs = num();
        break;
      case 'drop':
        rule.drop = bool();
        break;
      case 'malformed':
        rule.malformed = bool();
        break;
      case 'times':
        rule.times = num();
        break;
      default:
        throw new Error(`fault "${flag}": unknown setting "${key}"`);
    }
  }
  return rule;
}
