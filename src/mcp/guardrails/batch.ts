// The guard of a batch tool: every item gets the single record's declared reads (failing closed),
// its autobk rule and pre-flight checks, with the quota judged on the sum of the batch; then one
// dry run, one refusal listing every item's reasons, or one confirmation listing every item, whose
// token binds the state of every item. Nothing is sent unless every item passes.
import { needsConfirmation, type OperationSpec } from '../../evs/operation.js';
import type { QuotaHeadroom } from '../../evs/shapes/quota.js';
import { okResult } from '../results.js';
import { checkAutobkName } from './autobk.js';
import { stateDigest } from './confirm-token.js';
import type { GuardContext } from './guard.js';
import { buildPlan, planText, type ConfirmationPlan } from './plan.js';
import { PREFLIGHT_CHECKS, runPreflight } from './preflight/index.js';
import { takeFrom } from './preflight/quota.js';
import type { QuotaUse } from './preflight/types.js';
import { labelOf, type ReadOutcome } from './reads.js';
import { refusalText, type Refusal } from './refusal.js';

export interface BatchJudgement {
  refusals: Refusal[];
  /** Per item, the look-ups and checks, each line led by the item's label. */
  checks: string[];
  /** Per item, its own check lines (for its audit line). */
  itemChecks: string[][];
  confirm: boolean;
  state: string;
  plan: () => ConfirmationPlan;
}

export interface BatchJudgeDeps {
  runReads(spec: OperationSpec, args: Record<string, unknown>): Promise<ReadOutcome>;
  readRefusal(failure: ReadOutcome['failures'][number], spec: OperationSpec): Refusal;
}

/** Uses of the quota a passing call of `of` makes, from its quota checks. */
function quotaUses(of: OperationSpec, input: Parameters<typeof runPreflight>[1]): QuotaUse[] {
  return (of.guard?.preflight ?? []).flatMap((id) => PREFLIGHT_CHECKS[id].uses?.(input) ?? []);
}

/** Judges every item of a batch; `items` are the per-item guard contexts (spec = the single record). */
export async function judgeBatch(
  batch: GuardContext,
  items: readonly GuardContext[],
  deps: BatchJudgeDeps,
): Promise<BatchJudgement> {
  const refusals: Refusal[] = [];
  const checks: string[] = [];
  const itemChecks: string[][] = [];
  const states: unknown[] = [];
  const outcomes: ReadOutcome[] = [];
  let quota: QuotaHeadroom | undefined;
  for (const item of items) {
    const of = item.spec;
    const flags = of.guard ?? {};
    const reads = await deps.runReads(of, item.args);
    outcomes.push(reads);
    // The batch is judged against one headroom, less what the items before it take.
    if (reads.values.quota) quota ??= reads.values.quota;
    const values = quota ? { ...reads.values, quota } : reads.values;
    const label = labelOf('disk', reads, item.args);
    const autobk = checkAutobkName(flags, item.args);
    const input = { spec: of, section: of.section, args: item.args, reads: values };
    const pre = reads.failures.length
      ? { refusals: [], notes: [] }
      : runPreflight(flags.preflight ?? [], input);
    const mine = [...reads.failures.map((f) => deps.readRefusal(f, of)), ...autobk.refusals, ...pre.refusals];
    for (const r of mine) refusals.push({ ...r, message: `${label}: ${r.message}` });
    if (!mine.length && quota) quota = takeFrom(quota, quotaUses(of, input));
    const lines = [...reads.log, ...autobk.notes, ...pre.notes];
    itemChecks.push([...lines, `item of ${batch.spec.tool}`]);
    checks.push(...lines.map((l) => `${label}: ${l}`));
    states.push(reads.state);
  }
  const confirm = items.some((i, n) => needsConfirmation(i.spec, i.args, outcomes[n]?.values));
  const plan = (): ConfirmationPlan => {
    const parts = items.map((i, n) => buildPlan(i.spec, i.args, outcomes[n]!, i.described));
    return {
      summary: `${batch.spec.title}: ${items.length} item(s), one confirmation for all.`,
      details: parts.map((p) => `${p.summary} ${p.details.join('; ')}`),
      request: {
        method: batch.described.method,
        url: items.map((i) => i.described.url).join(' '),
      },
    };
  };
  return {
    refusals: unique(refusals),
    checks,
    itemChecks,
    confirm,
    state: stateDigest(states),
    plan,
  };
}

function unique(list: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.reason}\n${r.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The dry run of a batch: every request, the verdict, the refusals or the plan, the checks. */
export function batchDryRun(
  batch: GuardContext,
  items: readonly GuardContext[],
  j: BatchJudgement,
  needsConfirm: boolean,
) {
  const verdict = j.refusals.length
    ? 'would_refuse'
    : needsConfirm
      ? 'would_need_confirmation'
      : 'would_send';
  const plan = needsConfirm && !j.refusals.length ? j.plan() : undefined;
  const structured = {
    dry_run: true,
    tool: batch.spec.tool,
    section: batch.spec.section,
    request: batch.described,
    requests: items.map((i) => i.described),
    verdict,
    ...(j.refusals.length ? { refusals: j.refusals } : {}),
    ...(plan ? { plan } : {}),
    checks: j.checks,
  };
  const why = j.refusals.length
    ? `\n${j.refusals.map(refusalText).join('\n')}`
    : plan
      ? `\nNeeds confirmation:\n${planText(plan)}`
      : '';
  const head = items.map((i) => `${i.described.method} ${i.described.url}`).join('\n');
  return okResult(
    structured,
    `Dry run, nothing sent (${verdict}), ${items.length} request(s):\n${head}${why}`,
  );
}
