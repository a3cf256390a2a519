// What `wait=true` reports once a record's asynchronous work settled or the budget ran out.
import { z } from 'zod';

export const waitSchema = z
  .object({
    settled: z.boolean().describe('true when the work reached a final state'),
    succeeded: z.boolean().optional(),
    status: z.string(),
    elapsed_ms: z.number().optional(),
    job_id: z.string().min(1).optional(),
    resource_id: z.string().min(1).optional(),
    volume_ids: z.array(z.string().min(1)).optional().describe('Disks the job made or changed'),
    fail_reason: z.string().optional(),
    error_code: z.string().optional(),
    poll_error: z.string().optional(),
    next: z.string().optional().describe('What to do when not settled'),
  })
  .describe('Outcome of wait=true');
