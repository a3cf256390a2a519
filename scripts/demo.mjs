// A guided tour for newcomers: starts `evs-mcp --sandbox` as an MCP client would, and calls a few tools.
// Run after `npm run build`: node scripts/demo.mjs
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [new URL('../dist/cli/main.js', import.meta.url).pathname, '--sandbox'],
  env: { ...process.env, EVS_MCP_LOG_LEVEL: 'warn' },
});
const client = new Client({ name: 'evs-mcp-demo', version: '1' });
await client.connect(transport);

const show = async (title, name, args = {}) => {
  const res = await client.callTool({ name, arguments: args });
  console.log(`\n## ${title}\n> ${name} ${JSON.stringify(args)}`);
  console.log(res.content.map((c) => c.text).join('\n'));
  return res;
};

const { tools } = await client.listTools();
console.log(
  `Connected to ${client.getServerVersion().name} ${client.getServerVersion().version}: ${tools.length} tools.`,
);
await show('How much capacity is left?', 'get_quota_headroom');
const disks = await show('Which disks are there?', 'list_disks');
const archive = disks.structuredContent.volumes.find((v) => v.name === 'demo-archive-01');
await show('What would deleting one send? (nothing is sent)', 'delete_disk', {
  volume_id: archive.id,
  dry_run: true,
});
await show('Deleting needs confirmation', 'delete_disk', { volume_id: archive.id });
const snaps = await show('Snapshots', 'list_snapshots');
const autobk = snaps.structuredContent.snapshots.find((s) => s.name.startsWith('autobk_snapshot_'));
await show('Backup snapshots are protected', 'delete_snapshot', { snapshot_id: autobk.id });
await show('Bad input is refused before anything is sent', 'extend_disk', {
  volume_id: archive.id,
  new_size: 10.5,
});
await client.close();
