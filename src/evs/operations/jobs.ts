// Task status (8.1.1): how the asynchronous custom disk APIs (6.1.x) report progress.
import { z } from 'zod';
import { defineOperation, type OperationSpec } from '../operation.js';
import { resourceId } from '../schemas/common.js';
import { jobSchema, jobText, shapeJob } from '../shapes/job.js';

export const getJob: OperationSpec = defineOperation({
  tool: 'get_job',
  section: '8.1.1',
  operation: 'ShowJob',
  title: 'Get task status',
  description: 'Status of an async job, with sub-jobs for batches.',
  method: 'GET',
  path: '/v1/{project_id}/jobs/{job_id}',
  successStatus: [200],
  toolset: 'jobs',
  // 8.1.1 names no IAM action.
  iamActions: [],
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  input: z.strictObject({ job_id: resourceId('job') }),
  request: (a) => ({ pathParams: { job_id: a.job_id } }),
  output: { schema: jobSchema, shape: shapeJob, text: jobText },
  // wait=true follows the job until SUCCESS or FAIL and answers with its final state.
  async: { kind: 'job', poll: { spec: () => getJob, arg: 'job_id' } },
});

export const jobOperations: OperationSpec[] = [getJob];
