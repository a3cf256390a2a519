// Task status (8.1.1): the job, its disk, and for batch jobs a tally of the sub-jobs.
import { z } from 'zod';

interface RawEntities {
  volume_id?: string;
  name?: string;
  size?: number;
  volume_type?: string;
  sub_jobs?: RawJob[];
}

export interface RawJob {
  status?: string;
  job_id?: string;
  job_type?: string;
  begin_time?: string | null;
  end_time?: string | null;
  error_code?: string | null;
  fail_reason?: string | null;
  entities?: RawEntities | null;
}

const entitiesSchema = z.object({
  volume_id: z.string().optional(),
  name: z.string().optional(),
  size: z.number().optional(),
  volume_type: z.string().optional(),
});

const failedSubJobSchema = z.object({
  job_id: z.string().nullable(),
  volume_id: z.string().nullable(),
  error_code: z.string().nullable(),
  fail_reason: z.string().nullable(),
});

export const jobSchema = z.object({
  job_id: z.string().nullable(),
  job_type: z.string().nullable(),
  status: z.string().nullable(),
  begin_time: z.string().nullable(),
  end_time: z.string().nullable(),
  error_code: z.string().nullable(),
  fail_reason: z.string().nullable(),
  entities: entitiesSchema,
  sub_jobs: z
    .object({
      total: z.number(),
      by_status: z.record(z.string(), z.number()),
      volume_ids: z.array(z.string()),
      failed: z.array(failedSubJobSchema),
    })
    .optional(),
});
export type JobResult = z.infer<typeof jobSchema>;

/** Empty strings (e.g. `end_time: ""` while running) read as absent. */
const text = (v: string | null | undefined): string | null => (v ? v : null);

function entitiesOf(e: RawEntities | null | undefined): z.infer<typeof entitiesSchema> {
  const out: z.infer<typeof entitiesSchema> = {};
  if (typeof e?.volume_id === 'string') out.volume_id = e.volume_id;
  if (typeof e?.name === 'string') out.name = e.name;
  if (typeof e?.size === 'number') out.size = e.size;
  if (typeof e?.volume_type === 'string') out.volume_type = e.volume_type;
  return out;
}

export function shapeJob(body: unknown): JobResult {
  const job = (body ?? {}) as RawJob;
  const result: JobResult = {
    job_id: text(job.job_id),
    job_type: text(job.job_type),
    status: text(job.status),
    begin_time: text(job.begin_time),
    end_time: text(job.end_time),
    error_code: text(job.error_code),
    fail_reason: text(job.fail_reason),
    entities: entitiesOf(job.entities),
  };
  const subs = job.entities?.sub_jobs;
  if (Array.isArray(subs)) {
    const byStatus: Record<string, number> = {};
    for (const s of subs) byStatus[s.status ?? 'UNKNOWN'] = (byStatus[s.status ?? 'UNKNOWN'] ?? 0) + 1;
    result.sub_jobs = {
      total: subs.length,
      by_status: byStatus,
      volume_ids: subs.map((s) => s.entities?.volume_id).filter((id): id is string => typeof id === 'string'),
      failed: subs
        .filter((s) => s.status === 'FAIL')
        .map((s) => ({
          job_id: text(s.job_id),
          volume_id: text(s.entities?.volume_id),
          error_code: text(s.error_code),
          fail_reason: text(s.fail_reason),
        })),
    };
  }
  return result;
}

export function jobText(shaped: Record<string, unknown>): string {
  const j = shaped as JobResult;
  const lines = [
    `Job ${j.job_id ?? '?'} (${j.job_type ?? '?'}): ${j.status ?? '?'}` +
      (j.entities.volume_id ? ` disk=${j.entities.volume_id}` : '') +
      (j.begin_time ? ` began=${j.begin_time}` : '') +
      (j.end_time ? ` ended=${j.end_time}` : ''),
  ];
  if (j.error_code || j.fail_reason)
    lines.push(`Failed: ${j.error_code ?? ''} ${j.fail_reason ?? ''}`.trim());
  if (j.sub_jobs) {
    const tally = Object.entries(j.sub_jobs.by_status)
      .map(([s, n]) => `${s}=${n}`)
      .join(' ');
    lines.push(`Sub-jobs: ${j.sub_jobs.total} (${tally})`);
    for (const f of j.sub_jobs.failed)
      lines.push(
        `  FAIL ${f.volume_id ?? f.job_id ?? '?'}: ${f.error_code ?? ''} ${f.fail_reason ?? ''}`.trimEnd(),
      );
  }
  return lines.join('\n');
}
