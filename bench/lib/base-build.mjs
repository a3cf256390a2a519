// The build a before/after benchmark compares with: `--before <dist/cli/main.js>` names one, otherwise the
// base commit (`--base <commit>`, default: where this branch left main) is built in a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './procs.mjs';

/** The value after `name` in argv, if any. */
export const flagOf = (argv, name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** Builds the base commit's server in a temporary folder (its own sources, this checkout's node_modules). */
export function buildBase(commitArg) {
  const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  const commit = commitArg ?? git('merge-base', 'HEAD', 'main');
  const dir = mkdtempSync(join(tmpdir(), 'evs-bench-base-'));
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'ignore' });
  return {
    cli: join(dir, 'dist/cli/main.js'),
    label: `before (${commit.slice(0, 7)})`,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The "before" build from argv: --before <cli>, or the base commit built (remove() it when done). */
export function beforeBuild(argv) {
  const cli = flagOf(argv, '--before');
  return cli ? { cli, label: `before (${cli})`, remove: () => {} } : buildBase(flagOf(argv, '--base'));
}
