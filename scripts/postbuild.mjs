// After tsc: precomputes the tools/list entries of every record (dist/mcp/tool-definitions.json), so start-up
// does not convert zod schemas. scripts/bundle.mjs then bundles the CLI and copies the file beside it.
import { writeFileSync } from 'node:fs';

const { OPERATIONS } = await import('../dist/evs/operations/index.js');
const { toolDefinition } = await import('../dist/mcp/tool-list.js');
const { DEFINITIONS_FILE } = await import('../dist/mcp/tool-definitions.js');
writeFileSync(
  new URL(`../dist/mcp/${DEFINITIONS_FILE}`, import.meta.url),
  JSON.stringify(OPERATIONS.map(toolDefinition)),
);
