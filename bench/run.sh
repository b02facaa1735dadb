#!/usr/bin/env bash
# Builds rpl-bench in release mode and runs every benchmark, one after the
# other, printing their figures. Usage: bench/run.sh [BENCHMARK...]
# (default: all). Generated inputs go to bench-out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps

scratch="${RPL_BENCH_SCRATCH:-.build-release}"
swift build -c release --scratch-path "$scratch" --product rpl-bench
bench="$scratch/release/rpl-bench"

# One line per benchmark; add new ones here (their names are rpl-bench commands).
all=(parse)

if ! command -v luac5.4 >/dev/null; then
    echo "note: luac5.4 is missing; the parse benchmark prints rpl's figures only (apt-get install lua5.4)"
fi

selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${all[@]}")
for benchmark in "${selected[@]}"; do
    echo "== $benchmark"
    "$bench" "$benchmark"
done
