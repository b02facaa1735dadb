#!/usr/bin/env bash
# Builds rpl-bench in release mode and runs every benchmark, one after the
# other, printing their figures. Usage: bench/run.sh [BENCHMARK...]
# (default: all). Generated inputs go to bench-out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${RPL_BENCH_SCRATCH:-.build-release}"
# rpl-bench, and rpl itself built as it is installed: some benchmarks time
# the command as a user runs it (`commands` prints the speed table).
RPL_BUILD_SCRATCH="$scratch" scripts/build-release --bench >/dev/null
bench="$scratch/release/rpl-bench"

# Every benchmark rpl-bench lists, in its order; the gen-* helpers only write inputs.
mapfile -t all < <("$bench" --help | awk '/^  [a-z]/ { print $1 }' | grep -v '^gen-')

if ! command -v luac5.4 >/dev/null; then
    echo "note: luac5.4 is missing; the parse benchmark prints rpl's figures only (apt-get install lua5.4)"
fi

selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${all[@]}")
for benchmark in "${selected[@]}"; do
    echo "== $benchmark"
    "$bench" "$benchmark"
done
