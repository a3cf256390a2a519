// A derived tool for chat-based quota questions: the 7.1.9 quota set turned into "how many more".
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import {
  headroomSchema,
  quotaHeadroom,
  UNLIMITED,
  type Headroom,
  type QuotaHeadroom,
} from '../shapes/quota.js';

const group = z.object({
  disks: headroomSchema.optional(),
  gigabytes: headroomSchema.optional(),
  snapshots: headroomSchema.optional(),
});

const headroomOutput = z.object({
  totals: group.extend({ backups: headroomSchema.optional(), backup_gigabytes: headroomSchema.optional() }),
  by_type: z.record(z.string(), group),
  max_disk_gigabytes: z.union([z.number(), z.literal(UNLIMITED), z.null()]),
});

const left = (h: Headroom | undefined, unit: string): string | undefined =>
  h === undefined ? undefined : h.remaining === UNLIMITED ? `unlimited ${unit}` : `${h.remaining} ${unit}`;

/** "SSD: 12 disks, 3400 GB, unlimited snapshots" per type, then the totals. */
function headroomText(shaped: Record<string, unknown>): string {
  const h = shaped as unknown as QuotaHeadroom;
  const line = (name: string, g: QuotaHeadroom['by_type'][string]) =>
    `${name}: ${[left(g.disks, 'disks'), left(g.gigabytes, 'GB'), left(g.snapshots, 'snapshots')].filter(Boolean).join(', ')}`;
  const types = Object.entries(h.by_type)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, g]) => line(t, g));
  return [`Can still create: ${line('total', h.totals).replace(/^total: /, '')}`, ...types].join('\n');
}

export const quotaHeadroomOperation = defineOperation({
  tool: 'get_quota_headroom',
  section: '7.1.9',
  title: 'Quota headroom',
  description:
    'How many more disks, snapshots and GB can be created, in total and per disk type. Unlimited quotas say so. Raw quota set: get_quotas.',
  method: 'GET',
  path: '/v2/{project_id}/os-quota-sets/{target_project_id}',
  successStatus: [200],
  toolset: 'catalog',
  iamActions: ['evs:quotas:get'],
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  input: z.object({}).strict(),
  request: (_a, ctx) => ({ pathParams: { target_project_id: ctx.projectId }, query: { usage: 'True' } }),
  output: {
    schema: headroomOutput,
    shape: (body) => quotaHeadroom(body) as unknown as Record<string, unknown>,
    text: headroomText,
  },
});
