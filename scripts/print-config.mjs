#!/usr/bin/env node
// Prints a Claude Desktop entry (claude_desktop_config.json) that starts THIS clone's built server: the
// package is not on npm yet, so `npx -y huaweicloud-evs-mcp` (mcp.json) cannot start it today. Claude
// Desktop expands no variables and passes a minimal environment, so the entry holds absolute paths and
// the variables to fill in. Usage: npm run --silent config:claude  (after npm run build)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'dist', 'cli', 'main.js');
const kind = process.argv[2] ?? 'claude-desktop';
if (kind !== 'claude-desktop') {
  process.stderr.write(`print-config: unknown client "${kind}" (known: claude-desktop)\n`);
  process.exit(2);
}
if (!existsSync(main)) process.stderr.write(`print-config: ${main} is missing; run npm run build first\n`);
// The node running this script, by absolute path: Claude Desktop's PATH may not hold the same node.
const entry = (args, env) => ({ command: process.execPath, args: [main, ...args], ...(env ? { env } : {}) });
const config = {
  mcpServers: {
    evs: entry([], {
      HUAWEICLOUD_SDK_AK: '',
      HUAWEICLOUD_SDK_SK: '',
      HUAWEICLOUD_SDK_REGION: 'cn-north-4',
      HUAWEICLOUD_SDK_PROJECT_ID: '',
      EVS_MCP_READ_ONLY: 'true',
    }),
    'evs-sandbox': entry(['--sandbox']),
  },
};
process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
process.stderr.write(
  'Copy "mcpServers" into claude_desktop_config.json; fill HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_REGION and HUAWEICLOUD_SDK_PROJECT_ID in "evs" (EVS_MCP_READ_ONLY=false once you trust it); "evs-sandbox" needs no account.\n',
);
