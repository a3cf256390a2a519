// Compact results: the text a model reads for a 50-disk list_disks page, beside the raw API JSON of
// the same page (6.1.2 detail list), in o200k tokens.
// Run after `npm run build`: node bench/compact.mjs
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { CLI, StdioRpc, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { addDisks, signedClient } from './lib/signed.mjs';
import { row } from './lib/stats.mjs';

const sb = await startSandboxProcess();
try {
  const api = signedClient(sb);
  const first = await api.call('GET', '/v2/{project_id}/cloudvolumes/detail?limit=1');
  await addDisks(api, 60, first.body.volumes[0].availability_zone);
  const raw = await api.call('GET', '/v2/{project_id}/cloudvolumes/detail?limit=50');
  const rpc = new StdioRpc(process.execPath, [CLI], externalEnv(sb));
  await rpc.initialize();
  await rpc.request('tools/list');
  const ours = await rpc.callTool('list_disks', { limit: 50 });
  await rpc.close();
  const text = ours.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  const n = raw.body.volumes.length;
  console.log(`list_disks, ${n}-disk page: text a model reads vs the raw API JSON (o200k tokens)`);
  console.log(
    row('compact results', [countTokens(text)], [countTokens(raw.raw)], { unit: ' tokens', target: 0.1 }),
  );
} finally {
  await sb.close();
}
