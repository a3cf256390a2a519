#!/bin/bash
# The suite under CPU load: N consecutive `npm test` runs, each while 3 busy-loop processes compete for the
# cores (loops and tests both at nice 19, so on equal terms). Prints one line per run; exits 1 on any failure.
# Usage: scripts/test-under-load.sh [runs=5] [log-dir=/tmp/evs-under-load]
set -u
runs=${1:-5}
out=${2:-/tmp/evs-under-load}
mkdir -p "$out"
failed=0
for r in $(seq 1 "$runs"); do
  pids=()
  for _ in 1 2 3; do
    nice -n 19 sh -c 'while :; do :; done' &
    pids+=($!)
  done
  start=$(date +%s)
  nice -n 19 npm test >"$out/run$r.log" 2>&1
  rc=$?
  kill "${pids[@]}"
  tests=$(sed 's/\x1b\[[0-9;]*m//g' "$out/run$r.log" | grep -E 'Tests +[0-9]' | tail -1)
  echo "run $r: exit $rc, $(($(date +%s) - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg),${tests}"
  [ "$rc" -eq 0 ] || failed=1
done
exit "$failed"
