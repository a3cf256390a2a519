// Completions (`completion/complete`) for id arguments of prompts and resource templates: disks, snapshots
// and transfers are looked up live (one bounded page, prefix-filtered by id or name); jobs, which EVS cannot
// list, come from the job ids this server has seen in responses.
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { OperationSpec } from '../evs/operation.js';
import type { ApiClient } from '../evs-client/types.js';
import { callRecord, observingAnswers } from './call/call-record.js';
import { buildApiRequest } from './call/request-builder.js';

export const ID_ARGUMENTS = ['volume_id', 'snapshot_id', 'transfer_id', 'job_id'] as const;
export type IdArgument = (typeof ID_ARGUMENTS)[number];

/** MCP allows at most 100 values per completion result. */
export const MAX_COMPLETIONS = 100;
/** One page of this many items is read per look-up, within this time. */
const PAGE_SIZE = 100;
const LOOKUP_TIMEOUT_MS = 5000;
/** How many job ids seen in responses are remembered. */
const RECENT_JOBS = 50;

/** The list operation (by documented section) that answers each id argument, and where ids and names sit. */
const LISTS: Record<Exclude<IdArgument, 'job_id'>, { section: string }> = {
  volume_id: { section: '6.1.2' },
  snapshot_id: { section: 'ListSnapshots' },
  transfer_id: { section: '7.4.5' },
};

export interface Completions {
  complete(argument: IdArgument, prefix: string): Promise<string[]>;
  /** Notes job ids from a response body, newest first. */
  noteJobIds(body: unknown): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function createCompletions(deps: {
  client: ApiClient;
  operations: readonly OperationSpec[];
  logger: Logger;
}): Completions {
  const recentJobs: string[] = [];

  async function lookUp(argument: Exclude<IdArgument, 'job_id'>, prefix: string): Promise<string[]> {
    const spec = deps.operations.find((o) => o.section === LISTS[argument].section && !o.deprecated);
    const itemsKey = spec?.pagination?.itemsKey;
    if (!spec || !itemsKey) return [];
    const args = spec.input.parse({ limit: PAGE_SIZE }) as Record<string, unknown>;
    const { shaped } = await callRecord(
      spec,
      args,
      { client: deps.client },
      {
        request: buildApiRequest(spec, args, deps.client.projectId),
        timeoutMs: LOOKUP_TIMEOUT_MS,
        check: 'shape',
      },
    );
    const items = Array.isArray(shaped?.[itemsKey]) ? (shaped[itemsKey] as unknown[]) : [];
    const wanted = prefix.toLowerCase();
    const byId: string[] = [];
    const byName: string[] = [];
    for (const item of items) {
      if (!isRecord(item) || typeof item.id !== 'string') continue;
      if (item.id.toLowerCase().startsWith(wanted)) byId.push(item.id);
      else if (typeof item.name === 'string' && item.name.toLowerCase().startsWith(wanted))
        byName.push(item.id);
    }
    // Ids that match what was typed come first; ids of items whose name matches follow.
    return [...byId, ...byName];
  }

  return {
    async complete(argument, prefix) {
      try {
        const values =
          argument === 'job_id'
            ? recentJobs.filter((id) => id.toLowerCase().startsWith(prefix.toLowerCase()))
            : await lookUp(argument, prefix);
        return values.slice(0, MAX_COMPLETIONS);
      } catch (err) {
        // A failed look-up offers nothing rather than failing the person's typing.
        deps.logger.debug({ err, argument }, 'completion look-up failed');
        return [];
      }
    },
    noteJobIds(body) {
      if (!isRecord(body)) return;
      const ids = [body.job_id, ...(Array.isArray(body.job_ids) ? body.job_ids : [])];
      for (const id of ids) {
        if (typeof id !== 'string' || id === '') continue;
        const at = recentJobs.indexOf(id);
        if (at >= 0) recentJobs.splice(at, 1);
        recentJobs.unshift(id);
      }
      recentJobs.length = Math.min(recentJobs.length, RECENT_JOBS);
    },
  };
}

/** The same client, noting the job ids of every response so `job_id` can be completed. */
export function notingJobIds(client: ApiClient, completions: Completions): ApiClient {
  return observingAnswers(client, (body) => completions.noteJobIds(body));
}

/** Completion callbacks for every id argument, for a resource template's `complete`. */
export function idCompleters(
  completions: Completions,
): Record<IdArgument, (value: string) => Promise<string[]>> {
  return Object.fromEntries(
    ID_ARGUMENTS.map((name) => [name, (value: string) => completions.complete(name, value)]),
  ) as Record<IdArgument, (value: string) => Promise<string[]>>;
}

/** A prompt's argument shape with every id argument made completable. */
export function withIdCompletions<S extends Record<string, z.ZodType>>(
  shape: S,
  completions: Completions | undefined,
): S {
  if (!completions) return shape;
  for (const [name, schema] of Object.entries(shape)) {
    if ((ID_ARGUMENTS as readonly string[]).includes(name))
      completable(schema as z.ZodString, (value) => completions.complete(name as IdArgument, value ?? ''));
  }
  return shape;
}
