// The response shapes are strict: a field a section does not document makes the contract fail.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RESPONSE } from './shapes.js';

describe('response shapes', () => {
  const objects = Object.entries(RESPONSE).filter(([, shape]) => shape instanceof z.ZodObject);

  it('cover the sections that answer with a body', () => {
    expect(objects.length).toBeGreaterThan(40);
  });

  it.each(objects)('%s refuses an undocumented top-level field', (_section, shape) => {
    const parsed = (shape as z.ZodType).safeParse({ undocumented_field: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});
