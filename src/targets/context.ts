// Which named target (region and project) the current tool call acts in, and which targets the current
// HTTP request may use (X-EVS-Targets narrows them): carried through the async call chain.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();
const allowed = new AsyncLocalStorage<ReadonlySet<string>>();

export function runInTarget<T>(name: string, fn: () => T): T {
  return current.run(name, fn);
}

export const currentTarget = (): string | undefined => current.getStore();

export function runWithAllowedTargets<T>(names: ReadonlySet<string>, fn: () => T): T {
  return allowed.run(names, fn);
}

/** Undefined when the request did not narrow the targets. */
export const allowedTargets = (): ReadonlySet<string> | undefined => allowed.getStore();

/** ` target=<name>` inside a call that named one (confirmation tokens and audit lines bind it). */
export function targetLabel(): string {
  const name = currentTarget();
  return name ? ` target=${name}` : '';
}
