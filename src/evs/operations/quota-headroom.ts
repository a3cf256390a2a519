// A derived tool for chat-based quota questions: the 7.1.9 quota set turned into "how many more".
import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { quotaHeadroom } from '../shapes/quota.js';

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
  request: () => ({ pathParams: { target_project_id: '{project_id}' }, query: { usage: 'True' } }),
  output: { shape: (body) => quotaHeadroom(body) as unknown as Record<string, unknown> },
});
