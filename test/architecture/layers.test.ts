// The eslint layer rules refuse an import that goes up a layer and accept one that goes down.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
// Only the import rule is under test: no type information needed for a file that does not exist.
const eslint = new ESLint({
  cwd,
  overrideConfig: {
    languageOptions: { parserOptions: { project: null, projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});

async function refused(file: string, specifier: string): Promise<boolean> {
  const [res] = await eslint.lintText(`import '${specifier}';\n`, { filePath: `${cwd}/${file}` });
  return res!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer rules', () => {
  it.each([
    ['src/mcp/guardrails/x.ts', '../engine/wait.js'],
    ['src/mcp/guardrails/preflight/x.ts', '../../engine/run-operation.js'],
    ['src/evs/operations/x.ts', '../../mcp/engine/result-schema.js'],
    ['src/evs/x.ts', '../config/schema.js'],
    ['src/evs-client/x.ts', '../evs/operation.js'],
    ['src/evs-client/credentials/x.ts', '../../mcp/server.js'],
    ['src/sandbox/x.ts', '../evs-client/redact.js'],
    ['src/sandbox/routes/x.ts', '../../evs/operation.js'],
    ['src/mcp/call/x.ts', '../engine/wait.js'],
    ['src/mcp/call/x.ts', '../guardrails/guard.js'],
    ['src/mcp/x.ts', '../transports/stdio.js'],
    ['src/config/x.ts', '../mcp/server.js'],
    ['src/oauth/x.ts', '../evs-client/client.js'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await refused(file, specifier)).toBe(true);
  });

  it.each([
    ['src/mcp/engine/x.ts', '../guardrails/guard.js'],
    ['src/mcp/engine/x.ts', '../call/call-record.js'],
    ['src/mcp/guardrails/x.ts', '../call/call-record.js'],
    ['src/mcp/call/x.ts', './request-builder.js'],
    ['src/evs-client/x.ts', '../evs/data/error-codes.json'],
    ['src/sandbox/routes/x.ts', '../store.js'],
    ['src/evs/x.ts', '../evs-client/types.js'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await refused(file, specifier)).toBe(false);
  });
});
