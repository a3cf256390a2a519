import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsMarkdownTable } from '../../src/config/settings-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the configuration table derived from the settings list', () => {
    const m = /<!-- settings-table:start -->\n([\s\S]*?)\n<!-- settings-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(settingsMarkdownTable());
  });

  it('gives the two newcomer commands: run against the sandbox, and the tests', () => {
    expect(readme).toContain('npm ci && npm run build && node dist/cli/main.js --sandbox');
    expect(readme).toContain('npm ci && npm test');
  });
});
