// What every pre-flight check receives and returns: the call and the shaped answers of its declared reads.
import type { OperationSpec, ReadName } from '../../../evs/operation.js';
import type { Resource } from '../../../evs/shapes/quota.js';
import type { ReadValues } from '../reads.js';
import type { CheckOutcome } from '../refusal.js';

export interface PreflightInput {
  spec: OperationSpec;
  section: string;
  args: Record<string, unknown>;
  /** Every read that applied answered (a failed one refuses the call before checks run). */
  reads: Partial<ReadValues>;
}

export interface Preflight {
  /** The declared reads the check consumes; a test checks each record declares them. */
  needs: readonly ReadName[];
  run(input: PreflightInput): CheckOutcome;
  /** What a call that passes takes from the quota, so a batch checks its sum against the headroom. */
  uses?(input: PreflightInput): QuotaUse[];
}

export interface QuotaUse {
  resource: Resource;
  amount: number;
  /** The disk type whose own quota it also counts against. */
  type?: string;
}

export const idArg = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === 'string' ? (args[key] as string) : undefined;
