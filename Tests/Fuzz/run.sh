#!/usr/bin/env bash
# Runs the fuzz targets built by build.sh, each for FUZZ_SECONDS (or FUZZ_RUNS
# executions, whichever ends first), starting from the seeds in Tests/Fuzz/corpus.
# New inputs collect in OUT/corpus, crashes in OUT/artifacts. Prints libFuzzer's final
# stats per target; exits non-zero if any target found a crash.
#   Tests/Fuzz/run.sh [OUT] [target...]      targets: WAVReader ModelImage ABStorage ButtonScript
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-build/fuzz}; shift || true
TARGETS=("$@"); [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(WAVReader ModelImage ABStorage ButtonScript)
SECONDS_EACH=${FUZZ_SECONDS:-60}
RUNS=${FUZZ_RUNS:--1}
export SWIFT_BACKTRACE=enable=no   # libFuzzer reports the crash; Swift's backtracer would stall it
status=0
for t in "${TARGETS[@]}"; do
    [ -x "$OUT/bin/$t" ] || { echo "fuzz: no target $OUT/bin/$t; build it with Tests/Fuzz/build.sh $OUT (make fuzz-build)" >&2; exit 2; }
    mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
    log="$OUT/$t.log"
    "$OUT/bin/$t" -max_total_time="$SECONDS_EACH" -runs="$RUNS" -print_final_stats=1 \
        -artifact_prefix="$OUT/artifacts/$t/" "$OUT/corpus/$t" "Tests/Fuzz/corpus/$t" >"$log" 2>&1
    code=$?
    echo "== $t (exit $code)"
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$log"
    crashes=$(find "$OUT/artifacts/$t" -type f | wc -l)
    echo "$t: crashes: $crashes (artifacts in $OUT/artifacts/$t, full log $log)"
    if [ $code -ne 0 ] || [ "$crashes" -ne 0 ]; then status=1; grep -E 'ERROR|Fatal|precondition' "$log" | head -5; fi
done
exit $status
