// Renames folders so their names say which side of the wire they are on, and rewrites every
// relative import and every literal path that pointed into them. Idempotent: a move already made is
// skipped. Run from the repository root on a clean tree: node scripts/rename-folders.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Old folder -> new folder, most specific first. */
export const MOVES = [
  ['src/http/auth', 'src/evs-client/credentials'],
  ['src/http', 'src/evs-client'],
  ['src/auth', 'src/oauth'],
  ['test/http', 'test/evs-client'],
];

// Built output mirrors src/ (tests and benches import dist/ directly).
const PATHS = [
  ...MOVES,
  ...MOVES.filter(([o]) => o.startsWith('src/')).map(([o, n]) => [
    o.replace(/^src/, 'dist'),
    n.replace(/^src/, 'dist'),
  ]),
];

const mapPath = (p) => {
  for (const [from, to] of MOVES)
    if (p === from || p.startsWith(`${from}/`)) return to + p.slice(from.length);
  return p;
};

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const files = git('ls-files', 'src', 'test', 'bench', 'scripts', 'docs', 'README.md', 'eslint.config.js')
  .split('\n')
  .filter((f) => /\.(ts|mjs|js|md)$/.test(f) && f !== 'scripts/rename-folders.mjs' && existsSync(f));

const IMPORT = /(\b(?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)(['"])/g;

/** Relative specifiers re-aimed: resolved in the old layout, re-relativised in the new one. */
function rewriteImports(file, text) {
  if (!/\.(ts|mjs|js)$/.test(file)) return text;
  const newDir = dirname(mapPath(file));
  return text.replace(IMPORT, (all, head, spec, tail) => {
    const oldTarget = normalize(join(dirname(file), spec));
    const newTarget = mapPath(oldTarget);
    if (newTarget === oldTarget && newDir === dirname(file)) return all;
    let next = relative(newDir, newTarget);
    if (!next.startsWith('.')) next = `./${next}`;
    return `${head}${next}${tail}`;
  });
}

/** Literal paths in prose, tests and configuration (`src/http/...`, `dist/auth/...`). */
function rewritePaths(text) {
  for (const [from, to] of PATHS) text = text.replace(new RegExp(`(?<![\\w-])${from}(?![\\w-])`, 'g'), to);
  return text;
}

/** The layer rules name folders relative to the file: `up('...|auth|...')`, `'../http/'` in the cases. */
function rewriteLayerNames(file, text) {
  if (file !== 'eslint.config.js' && file !== 'test/architecture/layers.test.ts') return text;
  text = text.replace(
    /up\('([^']*)'\)/g,
    (_, names) =>
      `up('${names
        .split('|')
        .map((n) => ({ http: 'evs-client', auth: 'oauth' })[n] ?? n)
        .join('|')}')`,
  );
  return text
    .replace(/'((?:\.\.\/)+)http\//g, "'$1evs-client/")
    .replace(/'((?:\.\.\/)+)auth\//g, "'$1oauth/");
}

const changed = [];
for (const file of files) {
  const before = readFileSync(file, 'utf8');
  const after = rewriteLayerNames(file, rewritePaths(rewriteImports(file, before)));
  if (after !== before) {
    writeFileSync(file, after);
    changed.push(file);
  }
}
for (const [from, to] of MOVES) {
  if (!existsSync(from)) continue;
  // A nested move comes first in MOVES, so its parent's move carries it already moved.
  const parentMoved = MOVES.find(([f]) => from.startsWith(`${f}/`) && existsSync(f));
  if (parentMoved) continue;
  execFileSync('mkdir', ['-p', dirname(to)]);
  git('mv', from, to);
}
// Nested moves whose parent moved first: src/http/auth went with src/http to src/evs-client/auth.
for (const [from, to] of MOVES) {
  const carried = mapPath(dirname(from)) + from.slice(dirname(from).length);
  if (carried !== to && existsSync(carried)) git('mv', carried, to);
}
const moved = changed.map(mapPath).filter((f) => existsSync(f));
if (moved.length) execFileSync('npx', ['prettier', '--write', ...moved], { stdio: 'inherit' });
console.log(`rewrote ${changed.length} files; moved ${MOVES.map(([f, t]) => `${f} -> ${t}`).join(', ')}`);
