// 6.3.2: at most 10 tags on a disk, counting the existing keys and the new distinct ones.
import { emptyOutcome } from '../refusal.js';
import { idArg, type Preflight } from './types.js';

export const MAX_TAGS_PER_DISK = 10;

export const tagLimit: Preflight = {
  needs: ['tags'],
  run(input) {
    const out = emptyOutcome();
    const id = idArg(input.args, 'volume_id');
    const wanted = input.args.tags;
    const tags = input.reads.tags;
    if (!id || !wanted || typeof wanted !== 'object' || !tags) return out;
    const newKeys = Array.isArray(wanted)
      ? wanted.map((t) => String((t as { key?: unknown }).key))
      : Object.keys(wanted as Record<string, unknown>);
    const existing = new Set(Object.keys(tags));
    const overwritten = newKeys.filter((k) => existing.has(k));
    const total = new Set([...existing, ...newKeys]).size;
    if (total > MAX_TAGS_PER_DISK) {
      out.refusals.push({
        reason: 'tag_limit',
        section: '6.3.2',
        message: `Refused: disk ${id} has ${existing.size} tag(s); adding ${newKeys.length - overwritten.length} new key(s) makes ${total}, more than the ${MAX_TAGS_PER_DISK} a disk can hold. Delete some tags first.`,
      });
    } else out.notes.push(`tags after the call: ${total} of ${MAX_TAGS_PER_DISK}`);
    if (overwritten.length) out.notes.push(`overwrites existing tag value(s): ${overwritten.join(', ')}`);
    return out;
  },
};
