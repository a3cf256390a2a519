// What reached the sandbox, so a test can prove that a refused operation sent nothing. A fixed ring of the
// newest `capacity` requests, each encoded into a slot of one buffer allocated up front: a long-running
// sandbox neither grows with its traffic nor keeps a heap object per request (which would be promoted and
// then die in the old generation, making the heap grow long after the log is full).
import type { RequestLog, RequestLogEntry } from './types.js';

export const DEFAULT_REQUEST_LOG_CAPACITY = 10_000;

/** Bytes per slot: a usual entry needs about 310 (with its principal); a longer one is kept as an object beside the ring. */
const SLOT_BYTES = 384;

export class RequestLogOverrun extends Error {}

type Row = [
  time: string,
  method: string,
  path: string,
  query: string,
  status: number,
  outcome: RequestLogEntry['outcome'],
  requestId: string,
  projectId: string | null,
  user: string | null,
  deniedAction: string | null,
  principal?: string | null,
  region?: string | null,
];

const rowOf = (e: RequestLogEntry): Row => [
  e.time,
  e.method,
  e.path,
  e.query,
  e.status,
  e.outcome,
  e.requestId,
  e.projectId ?? null,
  e.user ?? null,
  e.deniedAction ?? null,
  e.principal ?? null,
  e.region ?? null,
];

function entryOf(r: Row): RequestLogEntry {
  const [
    time,
    method,
    path,
    query,
    status,
    outcome,
    requestId,
    projectId,
    user,
    deniedAction,
    principal,
    region,
  ] = r;
  return {
    time,
    method,
    path,
    query,
    status,
    outcome,
    requestId,
    ...(projectId !== null ? { projectId } : {}),
    ...(user !== null ? { user } : {}),
    ...(deniedAction !== null ? { deniedAction } : {}),
    ...(principal != null ? { principal } : {}),
    ...(region != null ? { region } : {}),
  };
}

export class MemoryRequestLog implements RequestLog {
  private readonly slots: Buffer;
  /** Encoded length per slot; 0 when the entry was too long and sits in `long`. */
  private readonly lengths: Uint16Array;
  private readonly long = new Map<number, RequestLogEntry>();
  /** Entries already decoded for a reader, so a test that reads the log often does not decode it each time. */
  private decoded: (RequestLogEntry | undefined)[] | undefined;
  /** Requests logged since the last clear, including those the ring no longer holds. */
  private count = 0;

  constructor(readonly capacity: number = DEFAULT_REQUEST_LOG_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new Error(`the request log capacity must be a whole number of at least 1 (got ${capacity})`);
    // Not zero-filled: a slot's pages become resident only once a request is written there.
    this.slots = Buffer.allocUnsafeSlow(capacity * SLOT_BYTES);
    this.lengths = new Uint16Array(capacity);
  }

  add(entry: RequestLogEntry): void {
    const slot = this.count % this.capacity;
    const text = JSON.stringify(rowOf(entry));
    const bytes = Buffer.byteLength(text);
    this.long.delete(slot);
    if (bytes <= SLOT_BYTES) {
      this.slots.write(text, slot * SLOT_BYTES, bytes, 'utf8');
      this.lengths[slot] = bytes;
    } else {
      this.lengths[slot] = 0;
      this.long.set(slot, { ...entry });
    }
    if (this.decoded) this.decoded[slot] = undefined;
    this.count++;
  }

  entries(): RequestLogEntry[] {
    return this.since(Math.max(0, this.count - this.capacity));
  }

  mutating(): RequestLogEntry[] {
    return this.entries().filter((e) => e.method !== 'GET' && e.method !== 'HEAD');
  }

  total(): number {
    return this.count;
  }

  since(mark: number): RequestLogEntry[] {
    if (!Number.isSafeInteger(mark) || mark < 0 || mark > this.count)
      throw new RangeError(
        `no request log mark ${mark} (${this.count} requests logged since the last clear)`,
      );
    if (mark < this.count - this.capacity)
      throw new RequestLogOverrun(
        `the request log keeps the last ${this.capacity} requests: ${this.count - mark} were logged since mark ${mark}`,
      );
    const out: RequestLogEntry[] = [];
    for (let i = mark; i < this.count; i++) out.push(this.read(i % this.capacity));
    return out;
  }

  clear(): void {
    this.long.clear();
    this.decoded = undefined;
    this.count = 0;
  }

  private read(slot: number): RequestLogEntry {
    const decoded = (this.decoded ??= new Array<RequestLogEntry | undefined>(this.capacity));
    let entry = decoded[slot];
    if (!entry) {
      const bytes = this.lengths[slot]!;
      entry =
        bytes === 0
          ? this.long.get(slot)!
          : entryOf(
              JSON.parse(this.slots.toString('utf8', slot * SLOT_BYTES, slot * SLOT_BYTES + bytes)) as Row,
            );
      decoded[slot] = entry;
    }
    return entry;
  }
}
