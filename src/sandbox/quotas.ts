// Quotas (7.1.9): usage per type computed from the resources, limits per project, checks before changes.
import { DISK_TYPES } from './catalog.js';
import type { Store } from './store.js';

export interface QuotaDetail {
  in_use: number;
  limit: number;
  reserved: number;
}

/** Keys reported by 7.1.9, in the documented order. */
export function quotaKeys(): string[] {
  const keys = ['volumes', 'snapshots', 'gigabytes'];
  for (const prefix of ['volumes', 'snapshots', 'gigabytes'])
    for (const t of DISK_TYPES) keys.push(`${prefix}_${t}`);
  keys.push('backups', 'backup_gigabytes', 'per_volume_gigabytes');
  return keys;
}

export const DEFAULT_LIMITS: Record<string, number> = {
  backups: 100,
  backup_gigabytes: 5120,
  per_volume_gigabytes: 32768,
};

export interface QuotaDelta {
  volumes?: number;
  snapshots?: number;
  gigabytes?: number;
  type: string;
}

export function limitOf(store: Store, projectId: string, key: string): number {
  return store.state.quotas[projectId]?.[key] ?? DEFAULT_LIMITS[key] ?? -1;
}

/** in_use from existing resources; reserved from create jobs that have not started yet. */
export function usage(store: Store, projectId: string): Record<string, QuotaDetail> {
  const inUse = new Map<string, number>();
  const reserved = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
  for (const v of store.projectVolumes(projectId)) {
    add(inUse, 'volumes', 1);
    add(inUse, `volumes_${v.volume_type}`, 1);
    add(inUse, 'gigabytes', v.size);
    add(inUse, `gigabytes_${v.volume_type}`, v.size);
  }
  for (const s of store.projectSnapshots(projectId)) {
    const t = store.state.volumes[s.volume_id]?.volume_type;
    add(inUse, 'snapshots', 1);
    add(inUse, 'gigabytes', s.size);
    if (t) {
      add(inUse, `snapshots_${t}`, 1);
      add(inUse, `gigabytes_${t}`, s.size);
    }
  }
  for (const job of Object.values(store.state.jobs)) {
    if (job.projectId !== projectId || job.status !== 'INIT' || job.plan?.kind !== 'create') continue;
    const { size, volume_type } = job.plan.volume;
    add(reserved, 'volumes', 1);
    add(reserved, `volumes_${volume_type}`, 1);
    add(reserved, 'gigabytes', size);
    add(reserved, `gigabytes_${volume_type}`, size);
  }
  const out: Record<string, QuotaDetail> = {};
  for (const key of quotaKeys()) {
    out[key] = {
      in_use: inUse.get(key) ?? 0,
      limit: limitOf(store, projectId, key),
      reserved: reserved.get(key) ?? 0,
    };
  }
  return out;
}

/** Used plus (optionally) reserved amounts of the keys a change of `type` touches; a lean pass for hot paths. */
function totals(
  store: Store,
  projectId: string,
  type: string,
  countReserved: boolean,
): Record<string, number> {
  const t: Record<string, number> = {
    volumes: 0,
    gigabytes: 0,
    snapshots: 0,
    typeVolumes: 0,
    typeGigabytes: 0,
    typeSnapshots: 0,
  };
  const volumes = store.state.volumes;
  for (const v of store.projectVolumes(projectId)) {
    t.volumes!++;
    t.gigabytes! += v.size;
    if (v.volume_type === type) {
      t.typeVolumes!++;
      t.typeGigabytes! += v.size;
    }
  }
  for (const s of store.projectSnapshots(projectId)) {
    t.snapshots!++;
    t.gigabytes! += s.size;
    if (volumes[s.volume_id]?.volume_type === type) {
      t.typeSnapshots!++;
      t.typeGigabytes! += s.size;
    }
  }
  if (countReserved) {
    for (const job of Object.values(store.state.jobs)) {
      if (job.projectId !== projectId || job.status !== 'INIT' || job.plan?.kind !== 'create') continue;
      const { size, volume_type } = job.plan.volume;
      t.volumes!++;
      t.gigabytes! += size;
      if (volume_type === type) {
        t.typeVolumes!++;
        t.typeGigabytes! += size;
      }
    }
  }
  return t;
}

/**
 * The first quota `delta` would exceed, or undefined. `countReserved` is false when a job checks
 * its own reservation at execution time.
 */
export function exceeded(
  store: Store,
  projectId: string,
  delta: QuotaDelta,
  countReserved = true,
): 'volumes' | 'gigabytes' | 'snapshots' | undefined {
  const t = totals(store, projectId, delta.type, countReserved);
  const over = (key: string, used: number, n: number | undefined): boolean => {
    if (!n) return false;
    const limit = limitOf(store, projectId, key);
    return limit >= 0 && used + n > limit;
  };
  if (
    over('volumes', t.volumes!, delta.volumes) ||
    over(`volumes_${delta.type}`, t.typeVolumes!, delta.volumes)
  )
    return 'volumes';
  if (
    over('snapshots', t.snapshots!, delta.snapshots) ||
    over(`snapshots_${delta.type}`, t.typeSnapshots!, delta.snapshots)
  )
    return 'snapshots';
  if (
    over('gigabytes', t.gigabytes!, delta.gigabytes) ||
    over(`gigabytes_${delta.type}`, t.typeGigabytes!, delta.gigabytes)
  )
    return 'gigabytes';
  return undefined;
}

/** How many more disks and GB of `type` fit, counting in-use only: jobs spend it one disk at a time. */
export function room(store: Store, projectId: string, type: string): { volumes: number; gigabytes: number } {
  const t = totals(store, projectId, type, false);
  const left = (key: string, used: number): number => {
    const limit = limitOf(store, projectId, key);
    return limit < 0 ? Number.POSITIVE_INFINITY : limit - used;
  };
  return {
    volumes: Math.min(left('volumes', t.volumes!), left(`volumes_${type}`, t.typeVolumes!)),
    gigabytes: Math.min(left('gigabytes', t.gigabytes!), left(`gigabytes_${type}`, t.typeGigabytes!)),
  };
}

/** per_volume_gigabytes: the largest single disk allowed. */
export function exceedsPerVolume(store: Store, projectId: string, size: number): boolean {
  const limit = limitOf(store, projectId, 'per_volume_gigabytes');
  return limit >= 0 && size > limit;
}
