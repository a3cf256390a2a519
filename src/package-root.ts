// Files shipped beside dist/ (package.json, assets/) are found from the package root, the first folder above
// this module that holds a package.json: the same from src/, from tsc's dist/ and from the bundled CLI's chunks.
import { existsSync } from 'node:fs';

let root: URL | undefined;

function packageRoot(): URL {
  if (root) return root;
  let dir = new URL('./', import.meta.url);
  for (;;) {
    if (existsSync(new URL('package.json', dir))) return (root = dir);
    const parent = new URL('../', dir);
    if (parent.href === dir.href) throw new Error(`no package.json above ${import.meta.url}`);
    dir = parent;
  }
}

/** A file of the package, by its path from the package root (e.g. `assets/icon.svg`). */
export function packageFile(path: string): URL {
  return new URL(path, packageRoot());
}
