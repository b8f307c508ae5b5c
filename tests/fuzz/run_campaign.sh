#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long fuzz run of FUZZING.md: each target in turn (one process, niced), until 1 million
# executions or SECONDS_PER_TARGET seconds, with issue 7's limits (1 s per input, 2 GiB).
#   tests/fuzz/run_campaign.sh <fuzz build dir> [seconds per target] [targets...]
set -u
BUILD=${1:?usage: run_campaign.sh <fuzz build dir> [seconds] [targets...]}
SECS=${2:-1800}
shift $(( $# >= 2 ? 2 : 1 ))
TARGETS=${*:-onnx native_hardware stream_hardware plan project stream_workload}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$BUILD/fuzz
"$BUILD/tests/fuzz/fuzz_seeds" "$SRC" "$SRC/../shared" "$OUT/seeds" || exit 1
for t in $TARGETS; do
  case $t in onnx) dict=onnx.dict ;; project) dict=sqlite.dict ;; *) dict=yaml.dict ;; esac
  mkdir -p "$OUT/work/$t" "$OUT/artifacts/$t" "$OUT/logs"
  echo "== $t ($(date -u +%H:%M:%S))"
  nice "$BUILD/tests/fuzz/fuzz_$t" -runs=1000000 -max_total_time="$SECS" -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict="$SRC/tests/fuzz/$dict" -artifact_prefix="$OUT/artifacts/$t/" \
    "$OUT/work/$t" "$OUT/seeds/$t" >"$OUT/logs/$t.log" 2>&1
  echo "   exit $? — $(grep -E '^#[0-9]+' "$OUT/logs/$t.log" | tail -1)"
  grep -E '^stat::|^SUMMARY|^==[0-9]+==ERROR' "$OUT/logs/$t.log"
done
