// Job status (8.1.1).
import { evsError } from '../errors.js';
import { jobView } from '../jobs.js';
import type { Ctx, Reply, Route } from '../router.js';
import { ok } from './common.js';

function show(ctx: Ctx): Reply {
  const job = ctx.store.state.jobs[ctx.params.job_id!];
  // Unknown ids and other projects' jobs look the same: Common.0011 "query job fail.".
  if (!job || job.projectId !== ctx.projectId) throw evsError('Common.0011', 'query job fail');
  return ok(jobView(ctx.store, job));
}

export const jobRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/{project_id}/jobs/{job_id}',
    section: '8.1.1',
    family: 'custom',
    auth: 'project',
    handler: show,
  },
];
