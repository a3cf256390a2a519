// Prompts for the common EVS workflows; each names the tools to use, in order, and where to stop for the person.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withIdCompletions, type Completions } from './completions.js';

const user = (text: string) => ({
  messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }],
});

/** The tools each prompt tells the model to call: a prompt is offered only when all of them are enabled. */
export const PROMPT_TOOLS: Record<string, readonly string[]> = {
  snapshot_before_change: ['get_disk', 'create_snapshot'],
  cleanup_unattached_disks: ['list_disks', 'batch_delete_disks'],
  quota_report: ['get_quota_headroom'],
};

export function registerPrompts(
  server: McpServer,
  toolEnabled: (tool: string) => boolean,
  completions?: Completions,
): void {
  const offered = (prompt: string) => (PROMPT_TOOLS[prompt] ?? []).every(toolEnabled);
  if (offered('snapshot_before_change'))
    server.registerPrompt(
      'snapshot_before_change',
      {
        title: 'Snapshot a disk before a risky change',
        description: 'Take a snapshot of a disk, wait for it, then make the change.',
        argsSchema: withIdCompletions(
          {
            volume_id: z.string().describe('Disk ID'),
            change: z.string().describe('What you are about to change'),
          },
          completions,
        ),
      },
      ({ volume_id, change }) =>
        user(
          `Before this change: "${change}", protect disk ${volume_id}.\n` +
            `1. get_disk volume_id=${volume_id}: note status, size and attachments.\n` +
            `2. create_snapshot volume_id=${volume_id} name="pre-change-<date>" (force=true only if the disk is in-use and the person agrees), wait=true.\n` +
            '3. Only when the snapshot is available, make the change. If the change goes wrong, rollback_snapshot restores the disk (it needs confirmation).',
        ),
    );
  if (offered('cleanup_unattached_disks'))
    server.registerPrompt(
      'cleanup_unattached_disks',
      {
        title: 'Clean up unattached disks',
        description:
          'Find disks that are not attached, show what deleting them would lose, and delete only what the person confirms.',
        argsSchema: {},
      },
      () =>
        user(
          '1. list_disks attached=false all_pages=true (add created_before=<ISO time> for "older than"); show a table: name, id, size, type, status, created_at, tags.\n' +
            '2. Ask the person which to delete. Call batch_delete_disks with exactly those ids and dry_run=true: it shows each disk, its snapshots and what is lost (cascade=true deletes the snapshots too).\n' +
            "3. Call it again without dry_run: one confirmation covers the list; report each disk's result.\n" +
            'Never delete a disk the person did not name.',
        ),
    );
  if (offered('quota_report'))
    server.registerPrompt(
      'quota_report',
      { title: 'Quota report', description: 'How much EVS capacity is left, per disk type.', argsSchema: {} },
      () =>
        user(
          'Call get_quota_headroom. Report, per disk type and in total: disks, GB and snapshots still available, ' +
            'and what is in use. Say "unlimited" for unlimited quotas. Flag any type with less than 10% left.',
        ),
    );
}
