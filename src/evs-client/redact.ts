// Keeps secrets out of logs and error text: pino redact paths plus a scrubber for free text.

export const REDACTED = '[REDACTED]';

/** Field names that hold secrets, in the casings they appear in headers, configs and bodies. */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'x-auth-token',
  'X-Auth-Token',
  'x-security-token',
  'X-Security-Token',
  'x-subject-token',
  'X-Subject-Token',
  'password',
  'sk',
  'ak',
  'securityToken',
  'security_token',
  'token',
  'auth_key',
] as const;

/** How deep a wildcard path reaches; pino needs every depth spelled out. */
const MAX_DEPTH = 4;

function accessor(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

function buildRedactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const tail = accessor(key);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const prefix = Array.from({ length: depth }, () => '*').join('.');
      const path = prefix === '' ? tail : `${prefix}${tail}`;
      paths.push(path.startsWith('.') ? path.slice(1) : path);
    }
  }
  return paths;
}

/** pino `redact.paths`: every secret key at the top level and up to three levels down. */
export const REDACT_PATHS: readonly string[] = Object.freeze(buildRedactPaths());

/** Ready-made pino `redact` option. */
export const PINO_REDACT = { paths: [...REDACT_PATHS], censor: REDACTED } as const;

/** Secrets shorter than this are not scrubbed from text: they would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Values after a secret key in JSON (`"auth_key": "…"`) or a header line (`X-Auth-Token: …`). */
const KEYED_VALUE_PATTERNS: readonly RegExp[] = [
  /("(?:auth_key|password|token|sk|securityToken|security_token)"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi,
  /((?:x-auth-token|x-security-token|x-subject-token)"?\s*[:=]\s*"?)([^\s,;"]+)()/gi,
  /(authorization"?\s*[:=]\s*"?)([^"\r\n]+)()/gi,
];

/** Replaces every known secret (and its URL-encoded form) and every keyed secret value in `text`. */
export function scrub(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first so a secret that contains another is removed whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
  }
  for (const pattern of KEYED_VALUE_PATTERNS) {
    out = out.replace(
      pattern,
      (_m, head: string, _value: string, tail: string) => `${head}${REDACTED}${tail}`,
    );
  }
  return out;
}

/** Secret values found under secret keys anywhere in a JSON value (e.g. a transfer's `auth_key`). */
export function secretsInBody(value: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 8 || value === null || typeof value !== 'object') return found;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (typeof inner === 'string' && BODY_SECRET_KEYS.has(key.toLowerCase())) found.push(inner);
    else secretsInBody(inner, found, depth + 1);
  }
  return found;
}

const BODY_SECRET_KEYS = new Set(['auth_key', 'password', 'token', 'sk', 'securitytoken', 'security_token']);
