// Disk filters EVS does not offer on 6.1.2 (creation time, attachment state, tags), judged on the
// compact summaries the list shows, so what the model reads is exactly what was filtered.
import { z } from 'zod';

/** An ISO 8601 date or date-time (a time without a zone is UTC, as EVS writes created_at). */
export const isoTime = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !isNaN(utcMs(s)), {
    message: 'an ISO 8601 date or date-time, e.g. 2026-01-31T00:00:00Z',
  });

/** Milliseconds of an ISO time; EVS writes created_at without a zone, meaning UTC. */
export function utcMs(s: string): number {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(s) || !s.includes('T') ? s : `${s}Z`;
  return Date.parse(zoned.replace(' ', 'T'));
}

export function keepDisk(item: Record<string, unknown>, args: Record<string, unknown>): boolean {
  if (typeof args.created_before === 'string') {
    const made = typeof item.created_at === 'string' ? utcMs(item.created_at) : NaN;
    // A disk without a readable creation time cannot be shown to be older: left out.
    if (!(made < utcMs(args.created_before))) return false;
  }
  if (typeof args.attached === 'boolean') {
    const servers = Array.isArray(item.attachments) ? item.attachments.length : 0;
    if (servers > 0 !== args.attached) return false;
  }
  if (args.tags && typeof args.tags === 'object') {
    const have = (item.tags ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(args.tags)) if (have[k] !== v) return false;
  }
  return true;
}
