// Files only the person can read (secrets, the audit log): opened without following a symlink,
// refused when they are not a regular file or belong to someone else, tightened to 0600.
import { closeSync, constants, fchmodSync, fstatSync, openSync } from 'node:fs';

/** Group or others may read or write. */
export const LOOSE = 0o077;

/** Throws when `uid` is not this process's user; `refusal` ends the message (what is refused). */
export function ownedByMe(uid: number, what: string, refusal: string): void {
  const me = process.getuid?.();
  if (me !== undefined && uid !== me)
    throw new Error(`${what} belongs to another user (uid ${uid}); ${refusal}`);
}

/**
 * Opens `path` for writing (appending, or replacing what it held), created 0600. An existing file
 * keeps its inode, so it is checked and tightened through the open descriptor. The caller closes it.
 */
export function openPrivateFile(path: string, how: 'append' | 'replace', refusal: string): number {
  const write = how === 'append' ? constants.O_APPEND : constants.O_TRUNC;
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | write, 0o600);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    ownedByMe(st.uid, path, refusal);
    if (st.mode & LOOSE) fchmodSync(fd, 0o600);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
