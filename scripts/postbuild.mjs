// After tsc: makes the CLI entry executable (tsc does not keep file modes) and precomputes the tools/list
// entries of every record (dist/mcp/tool-definitions.json), so start-up does not convert zod schemas.
import { chmodSync, writeFileSync } from 'node:fs';

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);

const { OPERATIONS } = await import('../dist/evs/operations/index.js');
const { toolDefinition } = await import('../dist/mcp/tool-list.js');
const { DEFINITIONS_FILE } = await import('../dist/mcp/tool-definitions.js');
writeFileSync(
  new URL(`../dist/mcp/${DEFINITIONS_FILE}`, import.meta.url),
  JSON.stringify(OPERATIONS.map(toolDefinition)),
);
