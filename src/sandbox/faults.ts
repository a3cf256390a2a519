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

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', '*']);
const SETTINGS_HELP = 'status, rate, retry-after, latency, drop, malformed, times';

/** A fault the parser cannot read: the message names the bad part, on one line. */
export class FaultParseError extends Error {
  override name = 'FaultParseError';
}

type Key = 'status' | 'rate' | 'retryAfterSeconds' | 'latencyMs' | 'drop' | 'malformed' | 'times';
const KEYS: Record<string, Key> = {
  status: 'status',
  rate: 'rate',
  'retry-after': 'retryAfterSeconds',
  retryafter: 'retryAfterSeconds',
  retryafterseconds: 'retryAfterSeconds',
  latency: 'latencyMs',
  latencyms: 'latencyMs',
  drop: 'drop',
  malformed: 'malformed',
  times: 'times',
};

/** Reads one `key=value` (or a bare `drop`/`malformed`), refusing anything it cannot read exactly. */
function readSetting(word: string, fail: (why: string) => never): [Key, number | boolean] {
  const eq = word.indexOf('=');
  const rawKey = eq < 0 ? word : word.slice(0, eq);
  const value = eq < 0 ? undefined : word.slice(eq + 1);
  const key = KEYS[rawKey.toLowerCase()];
  if (!key) fail(`unknown setting "${rawKey}" (known: ${SETTINGS_HELP})`);
  if (key === 'drop' || key === 'malformed') {
    if (value === undefined || /^(true|1)$/i.test(value)) return [key, true];
    if (/^(false|0)$/i.test(value)) return [key, false];
    return fail(`${rawKey}: expected true or false, got "${value}"`);
  }
  if (value === undefined || value === '') return fail(`${rawKey} needs a value, e.g. ${rawKey}=1`);
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const whole = Number.isInteger(n);
  switch (key) {
    case 'status':
      if (!whole || n < 100 || n > 599) fail(`status: expected an HTTP status 100-599, got "${value}"`);
      break;
    case 'rate':
      if (Number.isNaN(n) || n > 1) fail(`rate: expected a number within 0..1, got "${value}"`);
      break;
    case 'times':
      if (!whole || n < 1) fail(`times: expected a whole number of at least 1, got "${value}"`);
      break;
    default:
      if (Number.isNaN(n))
        fail(
          `${rawKey}: expected a number of ${key === 'latencyMs' ? 'ms' : 'seconds'} (0 or more), got "${value}"`,
        );
  }
  return [key, n];
}

/**
 * Parses a command-line fault such as `POST /v2/*\/volumes status=503 rate=0.5`.
 * Keys: status, rate, retry-after, latency, drop, malformed, times. A path written `re:<regex>` is a regex.
 * Anything it cannot read exactly is refused with a FaultParseError naming the bad part.
 */
export function parseFaultFlag(flag: string): FaultRule {
  const fail = (why: string): never => {
    throw new FaultParseError(`fault "${flag.trim()}": ${why}`);
  };
  const words = flag.trim().split(/\s+/).filter(Boolean);
  let method: string | undefined;
  if (words[0] && METHODS.has(words[0].toUpperCase())) method = words.shift()!.toUpperCase();
  else if (words[0] && /^[A-Za-z]+$/.test(words[0]))
    fail(`unknown method "${words[0]}" (GET, POST, PUT, DELETE, HEAD, PATCH or *)`);
  const rawPath = words.shift();
  if (!rawPath) return fail('a path is required, e.g. "POST /v2/*/volumes status=503"');
  let path: string | RegExp = rawPath;
  if (rawPath.startsWith('re:')) {
    try {
      path = new RegExp(rawPath.slice(3));
    } catch (err) {
      fail(
        `bad regular expression "${rawPath.slice(3)}": ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  } else if (!rawPath.startsWith('/'))
    fail(`path "${rawPath}" must start with / (or re: for a regular expression)`);
  const rule: FaultRule = { path };
  if (method && method !== '*') rule.method = method;
  const seen = new Set<Key>();
  for (const word of words) {
    const [key, value] = readSetting(word, fail);
    if (seen.has(key)) fail(`"${word}" repeats a setting`);
    seen.add(key);
    (rule as unknown as Record<string, unknown>)[key] = value;
  }
  if (rule.status === undefined && !rule.drop && !rule.malformed && rule.latencyMs === undefined)
    fail('it does nothing: add status=<code>, latency=<ms>, drop or malformed');
  return rule;
}
