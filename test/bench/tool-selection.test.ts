// The tool-selection benchmark's ranker and labels: the ranker is deterministic and ranks by the words a
// tool shows, and every label names a tool the current build registers with --toolsets all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acceptedOf,
  bm25,
  scoreSurface,
  tokenize,
  type Request,
} from '../../bench/tool-selection/ranker.mjs';
import { listTools } from '../helpers/list-server.js';

const load = (f: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../bench/tool-selection/${f}`, import.meta.url), 'utf8'));
const requests = load('requests.json') as Request[];
const { '//': _why, ...aliases } = load('aliases.json') as Record<string, string[]>;

const tool = (name: string, description: string, props: Record<string, string> = {}) => ({
  name,
  title: name.replace(/_/g, ' '),
  description,
  inputSchema: {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(props).map(([p, d]) => [p, { type: 'string', description: d }]),
    ),
  },
});
const TOY = [
  tool('list_disks', 'List disks with filters.', { status: 'Disk status' }),
  tool('get_disk', 'One disk in full.', { volume_id: 'Disk id' }),
  tool('create_snapshot', 'Snapshot a disk.', { volume_id: 'Disk id' }),
  tool('list_snapshots', 'List snapshots.'),
];

describe('tool-selection ranker', () => {
  it('stems plurals and verb endings and splits snake_case and camelCase', () => {
    expect(tokenize('Listing the Disks and snapshotted volumes')).toEqual([
      'list',
      'disk',
      'snapshot',
      'volume',
    ]);
    expect(tokenize('bssParam volume_id')).toEqual(['bss', 'param', 'volume', 'id']);
  });

  it('ranks the tool whose words match the request first, the same way every time', () => {
    const r = bm25(TOY);
    expect(r.rank('take a snapshot of my disk')[0]!.name).toBe('create_snapshot');
    expect(r.rank('list my snapshots')[0]!.name).toBe('list_snapshots');
    expect(r.rank('which disks have status error')[0]!.name).toBe('list_disks');
    expect(r.rank('take a snapshot of my disk')).toEqual(bm25(TOY).rank('take a snapshot of my disk'));
  });

  it('ties are broken by name and a request with no known word scores 0 everywhere', () => {
    const ranked = bm25(TOY).rank('quux');
    expect(ranked.every((x) => x.score === 0)).toBe(true);
    expect(ranked.map((x) => x.name)).toEqual([...TOY.map((t) => t.name)].sort());
  });

  it('accepts a tool only with the parameters the request needs, aliases and extras included', () => {
    const req: Request = {
      id: 'x',
      use: 'chat',
      request: 'r',
      tools: ['list_disks'],
      args: {},
      needs: ['status'],
    };
    expect(acceptedOf(req, TOY, {})).toEqual(['list_disks']);
    expect(acceptedOf({ ...req, needs: ['tags'] }, TOY, {})).toEqual([]);
    expect(
      acceptedOf({ ...req, needs: [], also: ['get_disk'] }, TOY, { list_disks: ['list_snapshots'] }),
    ).toEqual(['get_disk', 'list_disks', 'list_snapshots']);
  });

  it('scores top-1 and top-3 over the requests a surface serves, and finds intents served twice', () => {
    const reqs: Request[] = [
      { id: 'a', use: 'chat', request: 'snapshot disk', tools: ['create_snapshot'], args: {} },
      { id: 'b', use: 'chat', request: 'list snapshots', tools: ['get_disk'], args: {} },
      { id: 'c', use: 'chat', request: 'anything', tools: ['not_here'], args: {} },
    ];
    const s = scoreSurface(TOY, reqs, { create_snapshot: ['list_snapshots'] });
    expect({ served: s.served, top1: s.top1 }).toEqual({ served: 2, top1: 1 });
    expect(s.misses.map((m) => m.id)).toEqual(['b']);
    expect(s.doubled).toEqual([{ intent: 'create_snapshot', tools: ['create_snapshot', 'list_snapshots'] }]);
  });
});

describe('tool-selection labels', () => {
  it('has at least 80 requests from the three uses, with unique ids', () => {
    expect(requests.length).toBeGreaterThanOrEqual(80);
    expect(new Set(requests.map((r) => r.use))).toEqual(new Set(['chat', 'ops', 'quota']));
    expect(new Set(requests.map((r) => r.id)).size).toBe(requests.length);
  });

  it('labels only tools that --toolsets all of this build registers', async () => {
    const names = new Set((await listTools()).map((t) => t.name));
    const labelled = new Set([
      ...requests.flatMap((r) => [...r.tools, ...(r.also ?? [])]),
      ...Object.keys(aliases),
    ]);
    expect([...labelled].filter((n) => !names.has(n))).toEqual([]);
  });

  it('every request that needs no new parameter is served by some tool of --toolsets all', async () => {
    const all = await listTools();
    const params = new Set(all.flatMap((t) => Object.keys(t.inputSchema.properties ?? {})));
    const unserved = requests
      .filter((r) => (r.needs ?? []).every((p) => params.has(p)))
      .filter((r) => !acceptedOf(r, all, aliases).length)
      .map((r) => r.id);
    expect(unserved).toEqual([]);
  });
});
