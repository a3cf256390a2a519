// One schema snapshot per tool of --toolsets all (test/__toolsnaps__/<tool>.snap.json): every change of
// a tool's name, title, description, annotations, schemas or _meta shows in review as a change of that
// tool's file. A change that was not re-recorded fails, and so does the file of a tool that is gone.
// After an intended change: UPDATE_TOOLSNAPS=1 npx vitest run test/mcp/toolsnaps.test.ts
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { listTools } from '../helpers/list-server.js';

const DIR = fileURLToPath(new URL('../__toolsnaps__/', import.meta.url));
const RECORD = 'UPDATE_TOOLSNAPS=1 npx vitest run test/mcp/toolsnaps.test.ts';
const UPDATE = process.env.UPDATE_TOOLSNAPS === '1';
const SUFFIX = '.snap.json';

/** The fields a client reads, in a fixed order. */
function snapOf(t: Tool): string {
  const { name, title, description, annotations, inputSchema, outputSchema, _meta } = t;
  return `${JSON.stringify({ name, title, description, annotations, inputSchema, outputSchema, _meta }, null, 2)}\n`;
}

const tools = await listTools();
const recorded = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith(SUFFIX)) : [];

if (UPDATE) {
  mkdirSync(DIR, { recursive: true });
  const keep = new Set(tools.map((t) => `${t.name}${SUFFIX}`));
  for (const f of recorded) if (!keep.has(f)) rmSync(DIR + f);
  for (const t of tools) writeFileSync(`${DIR}${t.name}${SUFFIX}`, snapOf(t));
}

describe('per-tool schema snapshots (--toolsets all)', () => {
  it('lists tools, each with a file name it can be recorded under', () => {
    expect(tools.length).toBeGreaterThan(0);
    for (const t of tools) expect(t.name, 'a tool name must be a safe file name').toMatch(/^[a-z0-9_]+$/);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s matches its recorded snapshot', (name, t) => {
    const file = `${DIR}${name}${SUFFIX}`;
    const want = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    expect(want, `no snapshot for ${name}: record it with ${RECORD}`).toBeDefined();
    expect(snapOf(t), `${name} changed and was not re-recorded: ${RECORD}`).toBe(want);
  });

  it('has no snapshot of a tool that no longer exists', () => {
    const listed = new Set(tools.map((t) => `${t.name}${SUFFIX}`));
    const now = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith(SUFFIX)) : [];
    const stale = now.filter((f) => !listed.has(f));
    expect(stale, `snapshots of tools that are gone; remove them with ${RECORD}`).toEqual([]);
  });
});
