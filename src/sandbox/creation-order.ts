// Each project's disks (or snapshots) kept in creation order, so a list page is a slice, not a sort of all.

/** What the order needs of a record; `created_at` and `seq` never change once it exists. */
export interface Created {
  id: string;
  projectId: string;
  created_at: string;
  seq: number;
}

/** Oldest first: by created_at, then insertion order (the documented default, created_at desc, read backwards). */
export function byCreation(a: Created, b: Created): number {
  if (a.created_at < b.created_at) return -1;
  if (a.created_at > b.created_at) return 1;
  return a.seq - b.seq;
}

const NONE: readonly never[] = [];

export class CreationOrder<T extends Created> {
  private readonly lists = new Map<string, T[]>();

  constructor(items: Iterable<T>) {
    for (const item of items) this.listOf(item.projectId).push(item);
    for (const list of this.lists.values()) list.sort(byCreation);
  }

  /** The project's records, oldest first (read-only: change them through add and remove). */
  of(projectId: string): readonly T[] {
    return this.lists.get(projectId) ?? NONE;
  }

  add(item: T): void {
    const list = this.listOf(item.projectId);
    const last = list[list.length - 1];
    // New records are the newest, so this is an append but for restored or clock-skewed ones.
    if (!last || byCreation(last, item) < 0) list.push(item);
    else list.splice(lowerBound(list, item), 0, item);
  }

  /** Removes the record with `item`'s id from `projectId`'s list (default: the record's own project). */
  remove(item: T, projectId: string = item.projectId): void {
    const list = this.lists.get(projectId);
    if (!list) return;
    const i = positionIn(list, item);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.lists.delete(projectId);
  }

  /** The record's position in its project's list (binary search), or -1 when it is not there. */
  indexOf(item: T): number {
    const list = this.lists.get(item.projectId);
    return list ? positionIn(list, item) : -1;
  }

  private listOf(projectId: string): T[] {
    let list = this.lists.get(projectId);
    if (!list) this.lists.set(projectId, (list = []));
    return list;
  }
}

function lowerBound<T extends Created>(list: readonly T[], item: T): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byCreation(list[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function positionIn<T extends Created>(list: readonly T[], item: T): number {
  const i = lowerBound(list, item);
  if (list[i]?.id === item.id) return i;
  // Only reached if a record's key changed after it was added (nothing does that): stay correct anyway.
  return list.findIndex((x) => x.id === item.id);
}
