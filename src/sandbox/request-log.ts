// What reached the sandbox, so a test can prove that a refused operation sent nothing.
import type { RequestLog, RequestLogEntry } from './types.js';

const MAX_ENTRIES = 100_000;

export class MemoryRequestLog implements RequestLog {
  private list: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.list.push(entry);
    if (this.list.length > MAX_ENTRIES) this.list.splice(0, this.list.length - MAX_ENTRIES);
  }

  entries(): RequestLogEntry[] {
    return [...this.list];
  }

  mutating(): RequestLogEntry[] {
    return this.list.filter((e) => e.method !== 'GET' && e.method !== 'HEAD');
  }

  clear(): void {
    this.list = [];
  }
}
