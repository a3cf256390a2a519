// Pre-flights of the current API's disk changes: RetypeVolume, ModifyVolumeQoS, BatchResizeVolumes
// (docs/current-api.md). Type ranks, ranges and codes follow the SDK models and product pages cited there.
import { emptyOutcome, type CheckOutcome } from '../refusal.js';
import { diskExtendable, sizeGrows } from './disk-state.js';
import { quotaBatchExtend } from './quota.js';
import type { Preflight, PreflightInput } from './types.js';

/** EVS.2087 "the new type must be higher than the original": the order of the SDK's type list. */
export const TYPE_ORDER = ['SATA', 'SAS', 'GPSSD', 'SSD', 'GPSSD2', 'ESSD', 'ESSD2'];
/** Retype and QoS changes need a disk at rest. */
const AT_REST = ['available', 'in-use'];
/** Provisioned performance: IOPS at most 500 per GiB; GPSSD2 also 3,000-128,000 IOPS. */
const IOPS_PER_GIB = 500;
const GPSSD2_IOPS = [3000, 128000] as const;

type Out = CheckOutcome;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function atRest(out: Out, input: PreflightInput, what: string): void {
  const disk = input.reads.disk!;
  if (!AT_REST.includes(disk.status ?? ''))
    out.refusals.push({
      reason: 'disk_not_at_rest',
      section: input.section,
      code: 'EVS.1031',
      message: `Refused: disk ${disk.id} is ${disk.status ?? '?'}; ${what} only when it is available or in-use.`,
    });
}

function iopsFitsSize(out: Out, input: PreflightInput, iops: number | undefined): void {
  const size = input.reads.disk?.size;
  if (iops === undefined || size === undefined) return;
  if (iops > IOPS_PER_GIB * size)
    out.refusals.push({
      reason: 'iops_out_of_range',
      section: input.section,
      code: 'EVS.1070',
      message: `Refused: ${iops} IOPS is more than ${IOPS_PER_GIB} per GiB of this ${size} GB disk (at most ${IOPS_PER_GIB * size}).`,
    });
}

export const diskRetypable: Preflight = {
  needs: ['disk', 'types'],
  run(input) {
    const out = emptyOutcome();
    const { disk, types } = input.reads;
    const to = input.args.new_type;
    if (!disk || !types || typeof to !== 'string') return out;
    atRest(out, input, 'its type can change');
    const from = disk.volume_type ?? '';
    if (TYPE_ORDER.indexOf(to) <= TYPE_ORDER.indexOf(from))
      out.refusals.push({
        reason: 'type_not_higher',
        section: input.section,
        code: 'EVS.2087',
        message: `Refused: disk ${disk.id} is ${from || '?'}; a disk can only change to a higher type (${TYPE_ORDER.join(' < ')}).`,
      });
    const sold = types.find((t) => t.name === to);
    const zones = (sold?.availability_zone ?? '').split(',').filter(Boolean);
    const az = disk.availability_zone ?? '';
    if (!sold || (zones.length > 0 && !zones.includes(az)))
      out.refusals.push({
        reason: 'type_not_in_az',
        section: `${input.section}, 7.1.7`,
        code: 'EVS.2071',
        message: `Refused: disk type ${to} is not sold in the disk's availability zone ${az || '?'} (disk types: ${types.map((t) => `${t.name ?? '?'} in ${t.availability_zone ?? 'any AZ'}`).join('; ')}).`,
      });
    iopsFitsSize(out, input, num(input.args.iops));
    if (!out.refusals.length)
      out.notes.push(`disk ${disk.id} is ${disk.status}, ${from} -> ${to} sold in ${az}`);
    return out;
  },
};

export const qosSupported: Preflight = {
  needs: ['disk'],
  run(input) {
    const out = emptyOutcome();
    const disk = input.reads.disk;
    if (!disk) return out;
    const type = disk.volume_type ?? '';
    const iops = num(input.args.iops);
    const throughput = num(input.args.throughput);
    if (type !== 'GPSSD2' && type !== 'ESSD2') {
      out.refusals.push({
        reason: 'qos_not_supported',
        section: input.section,
        code: 'EVS.2070',
        message: `Refused: disk ${disk.id} is ${type || '?'}; provisioned IOPS/throughput can be changed only on GPSSD2 and ESSD2 disks.`,
      });
      return out;
    }
    atRest(out, input, 'its IOPS/throughput can change');
    const bad = (message: string) =>
      out.refusals.push({ reason: 'qos_out_of_range', section: input.section, code: 'EVS.1070', message });
    if (type === 'GPSSD2') {
      if (throughput === undefined)
        bad('Refused: a GPSSD2 disk needs throughput (125-1000 MiB/s) with its IOPS.');
      if (iops !== undefined && (iops < GPSSD2_IOPS[0] || iops > GPSSD2_IOPS[1]))
        bad(`Refused: GPSSD2 IOPS is ${GPSSD2_IOPS[0]}-${GPSSD2_IOPS[1]}, ${iops} asked.`);
    } else if (throughput !== undefined) bad('Refused: an ESSD2 disk takes IOPS only, no throughput.');
    iopsFitsSize(out, input, iops);
    if (!out.refusals.length) out.notes.push(`disk ${disk.id} is ${type}, ${disk.status}: QoS can change`);
    return out;
  },
};

export const batchExtendable: Preflight = {
  needs: ['disks', 'quota'],
  run(input) {
    const out = emptyOutcome();
    const found = input.reads.disks;
    const volumes = Array.isArray(input.args.volumes)
      ? (input.args.volumes as Record<string, unknown>[])
      : [];
    if (!found) return out;
    const growth = new Map<string | undefined, { grow: number; largest: number }>();
    for (const v of volumes) {
      const disk = found.find((d) => d.id === v.id);
      if (!disk) {
        out.refusals.push({
          reason: 'not_found',
          section: input.section,
          code: 'EVS.5404',
          message: `Refused: disk ${String(v.id)} does not exist in this project.`,
        });
        continue;
      }
      // The single-disk checks, one disk at a time.
      const one = { ...input, args: { new_size: v.new_size }, reads: { disk } };
      for (const check of [diskExtendable, sizeGrows]) {
        const r = check.run(one);
        out.notes.push(...r.notes);
        out.refusals.push(...r.refusals);
      }
      const newSize = num(v.new_size) ?? 0;
      const g = growth.get(disk.volume_type) ?? { grow: 0, largest: 0 };
      growth.set(disk.volume_type, {
        grow: g.grow + Math.max(0, newSize - (disk.size ?? 0)),
        largest: Math.max(g.largest, newSize),
      });
    }
    if (out.refusals.length) return out;
    const q = quotaBatchExtend(input, growth);
    out.notes.push(...q.notes);
    out.refusals.push(...q.refusals);
    return out;
  },
};
