import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsMarkdownTable } from '../../src/config/settings-table.js';
import { toolsetsMarkdownTable } from '../../src/evs/toolsets-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** A markdown table as rows of trimmed cells, so column padding (prettier's) does not matter. */
const cells = (table: string) =>
  table
    .trim()
    .split('\n')
    .map((row) => row.split('|').map((c) => c.trim().replace(/^-+$/, '---')));

describe('README', () => {
  it('shows the configuration table derived from the settings list', () => {
    const m = /<!-- settings-table:start -->\n([\s\S]*?)\n<!-- settings-table:end -->/.exec(readme);
    expect(cells(m?.[1] ?? '')).toEqual(cells(settingsMarkdownTable()));
  });

  it('shows the toolset table derived from the toolset list and the records', () => {
    const m = /<!-- toolsets-table:start -->\n([\s\S]*?)\n<!-- toolsets-table:end -->/.exec(readme);
    expect(cells(m?.[1] ?? '')).toEqual(cells(toolsetsMarkdownTable()));
  });

  it('gives the two newcomer commands: run against the sandbox, and the tests', () => {
    expect(readme).toContain('npm ci && npm run build && node dist/cli/main.js --sandbox');
    expect(readme).toContain('npm ci && npm test');
  });
});
