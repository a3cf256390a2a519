// A derived tool for chat-based quota questions: the 7.1.9 quota set turned into "how many more".
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import {
  headroomSchema,
  quotaHeadroom,
  remainingOf,
  typeHeadroomSchema,
  type QuotaHeadroom,
  type Resource,
} from '../shapes/quota.js';

const typeGroup = z.object({
  disks: typeHeadroomSchema.optional(),
  gigabytes: typeHeadroomSchema.optional(),
  snapshots: typeHeadroomSchema.optional(),
});

const headroomOutput = z.object({
  totals: z.object({
    disks: headroomSchema.optional(),
    gigabytes: headroomSchema.optional(),
    snapshots: headroomSchema.optional(),
    backups: headroomSchema.optional(),
    backup_gigabytes: headroomSchema.optional(),
  }),
  by_type: z.record(z.string(), typeGroup),
  max_disk_gigabytes: z.number().nullable(),
});

const UNITS: Record<Resource, string> = { disks: 'disks', gigabytes: 'GB', snapshots: 'snapshots' };

/** "SSD: 12 disks, 3400 GB, unlimited snapshots" per type, then the totals. */
function headroomText(shaped: Record<string, unknown>): string {
  const h = shaped as unknown as QuotaHeadroom;
  const line = (type?: string) =>
    (['disks', 'gigabytes', 'snapshots'] as const)
      .map((r) => {
        const n = remainingOf(h, r, type);
        return n === null ? `unlimited ${UNITS[r]}` : `${n} ${UNITS[r]}`;
      })
      .join(', ');
  const types = Object.keys(h.by_type)
    .sort((a, b) => a.localeCompare(b))
    .map((t) => `${t}: ${line(t)}`);
  return [`Can still create: ${line()}`, ...types].join('\n');
}

export const quotaHeadroomOperation = defineOperation({
  tool: 'get_quota_headroom',
  section: '7.1.9',
  operation: 'CinderListQuotas',
  title: 'Quota headroom',
  description: 'Disks, snapshots and GB still creatable, per disk type and in total (null = unlimited).',
  method: 'GET',
  path: '/v2/{project_id}/os-quota-sets/{target_project_id}',
  successStatus: [200],
  toolset: 'quotas',
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
