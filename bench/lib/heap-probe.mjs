// Loaded into a server under measurement with `node --expose-gc --import <this file>` (bench only): on
// SIGUSR2 it notes the V8 heap, collects garbage, notes it again and appends one JSON line to the file
// named by EVS_BENCH_HEAP_OUT. Never writes to stdout, which carries the protocol.
import { appendFileSync } from 'node:fs';

const MB = 1024 * 1024;
const out = process.env.EVS_BENCH_HEAP_OUT;
if (out) {
  process.on('SIGUSR2', () => {
    const before = process.memoryUsage();
    globalThis.gc?.();
    globalThis.gc?.();
    const after = process.memoryUsage();
    appendFileSync(
      out,
      `${JSON.stringify({
        heapTotalBeforeGc: before.heapTotal / MB,
        heapUsedAfterGc: after.heapUsed / MB,
        heapTotalAfterGc: after.heapTotal / MB,
        externalAfterGc: after.external / MB,
      })}\n`,
    );
  });
}
