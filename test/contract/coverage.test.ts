// The contract covers the reference: one case, one response shape and one bad input per documented section.
import { describe, expect, it } from 'vitest';
import { ACTION_CASES } from './cases/actions.js';
import { CATALOG_JOB_CASES } from './cases/catalog-jobs.js';
import { DISK_CASES } from './cases/disks.js';
import { SNAPSHOT_CASES } from './cases/snapshots.js';
import { TAG_METADATA_CASES } from './cases/tags-metadata.js';
import { TRANSFER_CASES } from './cases/transfers.js';
import { DOCUMENTED } from './runner.js';
import { RESPONSE } from './shapes.js';

const ALL = [
  ...DISK_CASES,
  ...ACTION_CASES,
  ...SNAPSHOT_CASES,
  ...TAG_METADATA_CASES,
  ...TRANSFER_CASES,
  ...CATALOG_JOB_CASES,
];

describe('contract coverage', () => {
  it('has exactly one case for each of the 60 documented sections', () => {
    expect(DOCUMENTED).toHaveLength(60);
    const sections = ALL.map((c) => c.section).sort();
    expect(new Set(sections).size).toBe(sections.length);
    expect(sections).toEqual(DOCUMENTED.map((o) => o.section).sort());
  });

  it('checks each section against its own response shape, with the documented method', () => {
    for (const c of ALL) {
      const op = DOCUMENTED.find((o) => o.section === c.section)!;
      expect(c.method, c.section).toBe(op.method);
      expect(c.shape, c.section).toBe(RESPONSE[c.section as keyof typeof RESPONSE]);
    }
    expect(Object.keys(RESPONSE).sort()).toEqual(DOCUMENTED.map((o) => o.section).sort());
  });

  it('gives every section a bad input with an A.1 error code', () => {
    for (const c of ALL) {
      expect(c.bad.input, c.section).not.toBe('');
      expect(c.bad.code, c.section).toMatch(/^(EVS|Common)\.\d{4}$/);
      expect(c.bad.status, c.section).toBeGreaterThanOrEqual(400);
    }
  });
});
