// Transfer auth_keys must never reach a model: the engine takes them out of every result and
// saves them to a file only the person can read (mode 0600), leaving the path in their place.
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { LOOSE, openPrivateFile, ownedByMe } from '../../private-file.js';

/** Result fields that carry a secret the caller must hand over out of band. */
export const SEALED_FIELDS = ['auth_key'] as const;

export interface SecretSink {
  /** Stores the value; returns where the person can find it. */
  save(name: string, value: string): string;
}

const KEEP = 'refusing to keep secrets there';
const mine = (uid: number, what: string): void => ownedByMe(uid, what, KEEP);

/**
 * The secrets folder, created 0700; an existing one must be a real folder we own, and is
 * tightened to 0700 when group or others could read it.
 */
function secureDir(dir: string, logger?: Logger): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) throw new Error(`${dir} is not a folder`);
  mine(st.uid, dir);
  if (st.mode & LOOSE) {
    chmodSync(dir, 0o700);
    const was = (st.mode & 0o777).toString(8).padStart(4, '0');
    logger?.warn({ dir, was, now: '0700' }, `tightened the secrets folder ${dir} from ${was} to 0700`);
  }
}

/**
 * With a logger, a folder that already exists is checked at once (not at the first secret saved):
 * loose modes are tightened and said on stderr; one that cannot be made private is reported, and
 * every save there is refused.
 */
export function fileSecretSink(dir: string, logger?: Logger): SecretSink {
  if (logger && existsSync(dir)) {
    try {
      secureDir(dir, logger);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      logger.error(
        { dir, why },
        `the secrets folder cannot be made private (${why}); secrets will not be saved there`,
      );
    }
  }
  return {
    save(name, value) {
      secureDir(dir, logger);
      const file = join(dir, name.replace(/[^A-Za-z0-9_.-]/g, '_'));
      const fd = openPrivateFile(file, 'replace', KEEP);
      try {
        writeSync(fd, `${value}\n`);
      } finally {
        closeSync(fd);
      }
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
