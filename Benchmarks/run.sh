#!/usr/bin/env bash
# The performance benchmark of Docs/performance.md, in one command:
#
#   Benchmarks/run.sh                      100,000 pupils × 1 year, attend against DuckDB
#   Benchmarks/run.sh --pupils 10000       another size
#   Benchmarks/run.sh --years 6            six academic years of the same pupils
#   Benchmarks/run.sh --no-duckdb          attend only
#   Benchmarks/run.sh --scaling            10k, 100k and 300k pupils × 1 year, and 100k × 6 years
#   Benchmarks/run.sh --styles             the style matrix: the 100k register in each export style
#                                          of `attend demo --style`, attend's load in process and
#                                          whole process against DuckDB's read_csv + query
#
# It builds attend and the benchmark in release mode, generates the register under
# /tmp/attend-bench/ when it is not there (the demo register of `attend demo`; never in the
# repository), installs DuckDB from PyPI with pip when it is missing, and prints the table:
# each figure, its target, DuckDB's figure and the ratio, and whether both give the same
# pupils. Anything after `--` goes to `attend-bench run` (for example `-- --runs 9`).
#
# Environment: ATTEND_SCRATCH and BENCH_SCRATCH (build folders), PYTHON (default python3),
# DATA (default /tmp/attend-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

pupils=100000
years=1
duckdb=1
scaling=0
styles=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pupils) pupils=$2; shift 2 ;;
    --years) years=$2; shift 2 ;;
    --no-duckdb) duckdb=0; shift ;;
    --vs-duckdb) duckdb=1; shift ;;
    --scaling) scaling=1; shift ;;
    --styles) styles=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 64 ;;
  esac
done

ATTEND_SCRATCH=${ATTEND_SCRATCH:-$ROOT/.build-release}
BENCH_SCRATCH=${BENCH_SCRATCH:-$ROOT/.build-bench}
PYTHON=${PYTHON:-python3}
DATA=${DATA:-/tmp/attend-bench}

echo "building attend and attend-bench (release)…" >&2
swift build -c release --product attend --scratch-path "$ATTEND_SCRATCH" 2>&1 | tail -n 1 >&2
# SwiftPM can miss files added to a path dependency unless its build plan is made again.
rm -f "$BENCH_SCRATCH/release.yaml"
(cd Benchmarks && swift build -c release --scratch-path "$BENCH_SCRATCH" 2>&1 | tail -n 1 >&2)
ATTEND="$ATTEND_SCRATCH/release/attend"
BENCH="$BENCH_SCRATCH/release/attend-bench"

if [ "$duckdb" = 1 ] && ! "$PYTHON" -c 'import duckdb' 2>/dev/null; then
  echo "installing DuckDB from PyPI (pip install duckdb)…" >&2
  "$PYTHON" -m pip install --quiet duckdb >&2
fi

mkdir -p "$DATA"
chmod 700 "$DATA"

one() {  # one register: pupils, years, then attend-bench options
  local n=$1 y=$2; shift 2
  local dir="$DATA/p${n}-y${y}"
  if [ ! -f "$dir/marks.csv" ]; then
    echo "generating $dir…" >&2
    "$BENCH" gen "$dir" --pupils "$n" --years "$y" >&2
  fi
  local flags=(--attend "$ATTEND" --python "$PYTHON" --json "$DATA/results-p${n}-y${y}.json")
  [ "$duckdb" = 1 ] && flags+=(--vs-duckdb)
  "$BENCH" run "$dir" "${flags[@]}" "$@"
}

if [ "$styles" = 1 ]; then
  mkdir -p "$DATA/styles"
  chmod 700 "$DATA/styles"
  flags=(--pupils "$pupils" --attend "$ATTEND" --json "$DATA/results-styles-p${pupils}.json")
  if [ "$duckdb" = 1 ]; then flags+=(--python "$PYTHON"); else flags+=(--no-duckdb); fi
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)" >&2
  "$BENCH" styles "$DATA/styles" "${flags[@]}" ${extra[@]+"${extra[@]}"}
elif [ "$scaling" = 1 ]; then
  for n in 10000 100000 300000; do
    echo "== $n pupils × 1 year" ; one "$n" 1 --quick --runs 3 --query-runs 21 --duckdb-runs 3 --duckdb-load-runs 1 ${extra[@]+"${extra[@]}"}; echo
  done
  echo "== 100000 pupils × 6 years"; one 100000 6 --quick --runs 3 --query-runs 21 --duckdb-runs 3 --duckdb-load-runs 1 ${extra[@]+"${extra[@]}"}
else
  one "$pupils" "$years" ${extra[@]+"${extra[@]}"}
fi
