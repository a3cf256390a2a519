// What every pre-flight check receives and returns.
import type { Lookups } from '../lookups.js';
import type { CheckOutcome } from '../refusal.js';

export interface PreflightInput {
  tool: string;
  section: string;
  args: Record<string, unknown>;
  lookups: Lookups;
}

export type PreflightFn = (input: PreflightInput) => Promise<CheckOutcome>;

export const idArg = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === 'string' ? (args[key] as string) : undefined;
