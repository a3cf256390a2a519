// The everyday jobs as a client would do them, counted: tool calls and confirmations per job, for the
// tools as they were before the batch tools, list filters and disk names ("before": the build of the
// base commit) and as they are now ("after": this build), each run against a fresh sandbox process
// through the MCP SDK client, with confirmation on (token flow), each answer checked against the
// sandbox's own API (signed requests).
// Run after `npm run build`: node bench/workflows.mjs [--before <dist/cli/main.js>] [--base <commit>]
// Without --before it builds <commit> (default: where this branch left main) in a temporary folder.
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeBuild } from './lib/base-build.mjs';
import { CLI, externalEnv, startSandboxProcess } from './lib/procs.mjs';
import { signedClient } from './lib/signed.mjs';

const argv = process.argv.slice(2);

const WEEK_MS = 7 * 24 * 3600_000;
const utc = (s) => Date.parse(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);

/** The snapshots of these disks, deleted one by one (each confirmed like any delete). */
async function deleteSnapshotsOf(s, ids) {
  for (const id of ids) {
    const { out } = await s.call('list_snapshots', { volume_id: id });
    for (const snap of out.snapshots ?? [])
      await s.call('delete_snapshot', { snapshot_id: snap.id, wait: true });
  }
}

/** A client session that counts what a person would see: calls, and confirmations asked. */
async function session(cli, sb) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli],
    env: externalEnv(sb, { EVS_MCP_POLL_INTERVAL_MS: '50' }),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'workflows-bench', version: '0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  const s = {
    calls: 0,
    confirmations: 0,
    has: (tool, input) =>
      byName.has(tool) && (!input || Object.hasOwn(byName.get(tool).inputSchema.properties ?? {}, input)),
    describes: (tool, input, text) =>
      String(byName.get(tool)?.inputSchema.properties?.[input]?.description ?? '').includes(text),
    async call(name, args) {
      s.calls++;
      const res = await client.callTool({ name, arguments: args });
      const out = res.structuredContent ?? {};
      if (out.confirmation_required) {
        // The person is shown the plan and agrees; the same call goes again with the token.
        s.confirmations++;
        return s.call(name, { ...args, confirm_token: out.confirm_token });
      }
      if (res.isError) throw new Error(`${name}: ${res.content?.[0]?.text ?? 'failed'}`);
      return { out, text: (res.content ?? []).map((c) => c.text ?? '').join('\n') };
    },
    close: () => client.close(),
  };
  return s;
}

async function settle(api, path, done) {
  for (let i = 0; i < 200; i++) {
    const body = (await api.call('GET', path)).body;
    if (done(body)) return body;
    await sleep(25);
  }
  throw new Error(`${path} did not settle`);
}

async function makeDisk(api, name, size) {
  const zone = (await api.call('GET', '/v2/{project_id}/os-availability-zone')).body.availabilityZoneInfo[0]
    .zoneName;
  const made = await api.call('POST', '/v2/{project_id}/volumes', {
    volume: { availability_zone: zone, volume_type: 'SAS', size, name },
  });
  const id = made.body.volume.id;
  await settle(api, `/v2/{project_id}/volumes/${id}`, (b) => b.volume.status === 'available');
  return id;
}

const disksOf = async (api) => (await api.call('GET', '/v2/{project_id}/volumes/detail')).body.volumes;

const WORKFLOWS = [
  {
    name: 'How much SSD can I still create?',
    async run(s) {
      const { out } = await s.call('get_quota_headroom', {});
      return { gb: out.by_type.SSD.gigabytes.remaining, disks: out.by_type.SSD.disks?.remaining ?? null };
    },
    async check(api, answer) {
      const q = (await api.call('GET', '/v2/{project_id}/os-quota-sets/{project_id}?usage=True')).body
        .quota_set;
      const left = (k) => (q[k] && q[k].limit >= 0 ? q[k].limit - q[k].in_use - (q[k].reserved ?? 0) : null);
      const min = (a, b) => (a === null ? b : b === null ? a : Math.min(a, b));
      const gb = min(left('gigabytes_SSD'), left('gigabytes'));
      return answer.gb === gb ? `yes (${gb} GB)` : `NO: said ${answer.gb} GB, the sandbox leaves ${gb}`;
    },
  },
  {
    name: 'Delete all unattached disks older than a week',
    async setup(api) {
      return { young: await makeDisk(api, 'young-unattached', 10) };
    },
    async run(s) {
      const cutoff = new Date(Date.now() - WEEK_MS).toISOString();
      if (s.has('list_disks', 'created_before') && s.has('batch_delete_disks')) {
        const { out } = await s.call('list_disks', {
          created_before: cutoff,
          attached: false,
          all_pages: true,
        });
        const ids = out.volumes.map((v) => v.id);
        // DeleteVolume has no cascade: where the batch lacks it, the disks' snapshots go first, counted.
        if (!s.has('batch_delete_disks', 'cascade')) await deleteSnapshotsOf(s, ids);
        const cascade = s.has('batch_delete_disks', 'cascade') ? { cascade: true } : {};
        await s.call('batch_delete_disks', { volume_ids: ids, ...cascade, wait: true });
        return ids;
      }
      const { out } = await s.call('list_disks', { all_pages: true });
      const ids = out.volumes
        .filter((v) => utc(v.created_at) < Date.parse(cutoff) && !(v.attachments ?? []).length)
        .map((v) => v.id);
      if (!s.has('delete_disk', 'cascade')) await deleteSnapshotsOf(s, ids);
      const cascade = s.has('delete_disk', 'cascade') ? { cascade: true } : {};
      for (const id of ids) await s.call('delete_disk', { volume_id: id, ...cascade, wait: true });
      return ids;
    },
    async check(api, ids, ctx) {
      const left = await disksOf(api);
      const old = left.filter((v) => !v.attachments.length && utc(v.created_at) < Date.now() - WEEK_MS);
      const young = left.some((v) => v.id === ctx.young);
      const attached = left.filter((v) => v.attachments.length).length;
      return !old.length && young && attached > 0
        ? `yes (${ids.length} deleted, the young and the attached kept)`
        : `NO: ${old.length} old unattached left, young kept=${young}`;
    },
  },
  {
    name: 'Snapshot every disk tagged env=prod, tell me when done',
    async run(s) {
      let ids;
      if (s.has('list_disks', 'tags') && s.has('batch_create_snapshots')) {
        ids = (await s.call('list_disks', { tags: { env: 'prod' } })).out.volumes.map((v) => v.id);
        await s.call('batch_create_snapshots', { volume_ids: ids, name: 'wf-prod', wait: true });
        return ids;
      }
      ids = (await s.call('find_disks_by_tags', { tags: { env: ['prod'] } })).out.disks.map((r) => r.id);
      for (const id of ids) await s.call('create_snapshot', { volume_id: id, name: 'wf-prod', wait: true });
      return ids;
    },
    async check(api, ids) {
      const all = (await api.call('GET', '/v2/{project_id}/cloudvolumes/detail')).body.volumes;
      const prod = all.filter((v) => v.tags?.env === 'prod').map((v) => v.id);
      const snaps = (await api.call('GET', '/v2/{project_id}/snapshots/detail')).body.snapshots;
      const done = prod.filter((id) =>
        snaps.some((x) => x.volume_id === id && x.name === 'wf-prod' && x.status === 'available'),
      );
      return prod.length > 0 && done.length === prod.length && ids.length === prod.length
        ? `yes (${done.length} snapshots available)`
        : `NO: ${done.length} of ${prod.length}`;
    },
  },
  {
    name: 'Grow disk db-01 to 200 GB',
    async setup(api) {
      return { id: await makeDisk(api, 'db-01', 100) };
    },
    async run(s) {
      if (s.describes('extend_disk', 'volume_id', 'name')) {
        return (await s.call('extend_disk', { volume_id: 'db-01', new_size: 200, wait: true })).text;
      }
      const { out } = await s.call('list_disks', { name: 'db-01' });
      const id = out.volumes[0].id;
      return (await s.call('extend_disk', { volume_id: id, new_size: 200, wait: true })).text;
    },
    async check(api, text, ctx) {
      const size = (await api.call('GET', `/v2/{project_id}/volumes/${ctx.id}`)).body.volume.size;
      const reminded = /filesystem/i.test(text);
      return size === 200
        ? `yes (200 GB; guest filesystem reminder: ${reminded ? 'yes' : 'no'})`
        : `NO: ${size} GB`;
    },
  },
];

async function measure(cli) {
  const rows = [];
  for (const w of WORKFLOWS) {
    const sb = await startSandboxProcess(['--json']);
    try {
      const api = signedClient(sb);
      await api.admin('PUT', '/__sandbox/delays', {
        create: 50,
        extend: 50,
        delete: 50,
        snapshot: 50,
        job: 50,
      });
      const ctx = (await w.setup?.(api)) ?? {};
      const s = await session(cli, sb);
      try {
        const answer = await w.run(s);
        rows.push({ calls: s.calls, confirmations: s.confirmations, right: await w.check(api, answer, ctx) });
      } catch (err) {
        rows.push({
          calls: s.calls,
          confirmations: s.confirmations,
          right: `NO: ${err.message.slice(0, 160)}`,
        });
      } finally {
        await s.close();
      }
    } finally {
      await sb.close();
    }
  }
  return rows;
}

const before = beforeBuild(argv);
const after = { cli: CLI, label: 'after (this build)' };
const b = await measure(before.cli);
// The temporary build of the base commit is not needed any more.
before.remove();
const a = await measure(after.cli);
console.log('Everyday jobs through an MCP client against the sandbox: tool calls / confirmations');
console.log(
  `${'job'.padEnd(56)} ${'before'.padStart(12)} ${'after'.padStart(12)}   right answer (before | after)`,
);
WORKFLOWS.forEach((w, i) => {
  const cell = (r) => `${r.calls} / ${r.confirmations}`.padStart(12);
  console.log(`${w.name.padEnd(56)} ${cell(b[i])} ${cell(a[i])}   ${b[i].right} | ${a[i].right}`);
});
console.log(`before = ${before.label}; after = ${after.label}`);
process.exitCode = [...a].every((r) => r.right.startsWith('yes')) ? 0 : 1;
