// Identifiers and timestamps in the formats the documentation shows.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const uuid = (): string => randomUUID();

/** Job ids look like `ff8080816b512df7016b6ab8982b496b` (32 hex). */
export const jobId = (): string => randomBytes(16).toString('hex');

/** Project and user ids: 32 hex, like IAM's. */
export const hexId = (): string => randomBytes(16).toString('hex');

/** Transfer auth keys look like `9266c59563c84664` (16 hex). */
export const authKey = (): string => randomBytes(8).toString('hex');

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** `YYYY-MM-DDTHH:MM:SS.XXXXXX` (UTC, microseconds, no zone), as in the disk and snapshot bodies. */
export function cinderTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000');
}

/** `YYYY-MM-DDTHH:MM:SS.SSSZ`, as in the job bodies (8.1.1). */
export function jobTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const wwn = (): string => '6888603000' + randomBytes(11).toString('hex');
