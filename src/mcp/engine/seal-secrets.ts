// Transfer auth_keys must never reach a model: the engine takes them out of every result and
// saves them to a file only the person can read (mode 0600), leaving the path in their place.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Result fields that carry a secret the caller must hand over out of band. */
export const SEALED_FIELDS = ['auth_key'] as const;

export interface SecretSink {
  /** Stores the value; returns where the person can find it. */
  save(name: string, value: string): string;
}

export function fileSecretSink(dir: string): SecretSink {
  return {
    save(name, value) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, name.replace(/[^A-Za-z0-9_.-]/g, '_'));
      writeFileSync(file, `${value}\n`, { mode: 0o600 });
      return file;
    },
  };
}

/**
 * Replaces every sealed field (at any depth) with a note saying where the value was saved.
 * `onSecret` learns each value so logs and later errors can scrub it too.
 */
export function sealSecretFields(
  value: unknown,
  sink: SecretSink,
  label: string,
  onSecret: (secret: string) => void,
): void {
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if ((SEALED_FIELDS as readonly string[]).includes(k) && typeof v === 'string') {
      onSecret(v);
      const id = typeof obj.id === 'string' ? obj.id : label;
      const path = sink.save(`${id}.${k}`, v);
      obj[k] = `[withheld: saved for the person at ${path}; hand it to the receiving project out of band]`;
    } else if (v && typeof v === 'object') {
      sealSecretFields(v, sink, label, onSecret);
    }
  }
}
