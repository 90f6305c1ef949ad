#!/usr/bin/env bash
# Builds a fuzz target with libFuzzer and AddressSanitizer, seeds its corpus and runs it.
#
#   Fuzz/run.sh TARGET SECONDS      TARGET: query | csv (or fuzz-query | fuzz-csv)
#   Fuzz/run.sh all SECONDS         each target in turn, SECONDS each
#
# The corpus is kept in Fuzz/corpus/TARGET (git-ignored) and grows from run to run; the
# seeds are written afresh into Fuzz/corpus/TARGET-seed each time. Crashes, timeouts and
# out-of-memory inputs go to Fuzz/crashes/ and are listed at the end; the script exits 1
# when there is any. Reproduce one with: Fuzz/.build/release/fuzz-TARGET FILE
# (run from Fuzz/). See Docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")"
fuzz="$PWD"
root="$(cd .. && pwd)"

usage() { echo "usage: $0 query|csv|all SECONDS" >&2; exit 64; }
[ $# -eq 2 ] || usage
target="${1#fuzz-}"
seconds="$2"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
if [ "$target" = all ]; then
  status=0
  for t in query csv; do "$0" "$t" "$seconds" || status=1; done
  exit $status
fi
case "$target" in
  query) max_len=4096 ;;
  csv) max_len=65536 ;;
  *) usage ;;
esac

echo "== building fuzz-$target (release, -sanitize=fuzzer,address)"
# SwiftPM does not notice a file added to or removed from the attend package it depends
# on by path: when the list of source files changes, make it plan the build again.
mkdir -p "$fuzz/.build"
sources=$(cd "$root" && find Sources -type f | sort | cksum)
if [ "$sources" != "$(cat "$fuzz/.build/attend-sources.stamp" 2>/dev/null)" ]; then
  rm -f "$fuzz/.build/release.yaml" "$fuzz/.build/release/description.json" "$fuzz/.build/build.db"
  echo "$sources" > "$fuzz/.build/attend-sources.stamp"
fi
set +e
swift build -c release --scratch-path "$fuzz/.build" --product "fuzz-$target" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
  | grep -v -e '^\[' -e 'Cannot export local symbol'
built=${PIPESTATUS[0]}
set -e
binary="$fuzz/.build/release/fuzz-$target"
[ "$built" -eq 0 ] && [ -x "$binary" ] || { echo "build failed" >&2; exit 1; }

corpus="$fuzz/corpus/$target"
seeds="$fuzz/corpus/$target-seed"
crashes="$fuzz/crashes"
mkdir -p "$corpus" "$crashes"
rm -rf "$seeds"; mkdir -p "$seeds"

# Each seed gets a fresh name of its own: `printf … | seed` runs seed in a subshell, where a
# counter kept in this shell would not advance (every piped seed overwrote the one before
# until round 6).
seed() { cat > "$(mktemp "$seeds/seed-XXXXXX")"; }

if [ "$target" = query ]; then
  # Statements of the golden tests (the lines after `query`/`error` up to `----`).
  for f in "$root"/Tests/Golden/*.test; do
    awk '/^(query|error)$/ { on = 1; text = ""; next }
         /^----$/ { if (on) { print text; print "\036" }; on = 0; next }
         on { text = text (text == "" ? "" : "\n") $0 }' "$f"
  done | awk 'BEGIN { RS = "\n\036\n" } NF { print > sprintf("'"$seeds"'/golden-%04d", NR) }'
  # The ```attend blocks of the language reference.
  awk '/^```attend/ { on = 1; text = ""; next }
       /^```/ { if (on) { print text; print "\036" }; on = 0; next }
       on { text = text (text == "" ? "" : "\n") $0 }' "$root/Docs/language.md" \
    | awk 'BEGIN { RS = "\n\036\n" } NF { print > sprintf("'"$seeds"'/doc-%04d", NR) }'
  # The saved scripts, whole.
  for f in "$root"/Queries/*.attend "$root"/Queries/letters/*.attend; do seed < "$f"; done
  # Hostile shapes (issue 12): a sum far past the depth limit (libFuzzer cuts it to
  # max_len, still hundreds of terms), numbers at and past 18 digits, sums too large for
  # exact arithmetic, windows on some conditions only, `into … replace` and devices.
  { printf 'pupils where rate < 1%%'; for _ in $(seq 4000); do printf ' + 1%%'; done; echo; } | seed
  { printf 'explain pupils where possible > 1'; for _ in $(seq 800); do printf ' - 1 day'; done; echo; } | seed
  echo 'pupils where possible > 5000000000000000000 days' | seed
  echo 'pupils where possible > 999999999999999999 + 999999999999999999 + 999999999999999999 + 999999999999999999 + 999999999999999999' | seed
  echo 'pupils where rate < 0.000000000000000001% + 90% and possible > 999999999999999999 days' | seed
  echo 'pupils where rate over this term - rate over last term - rate over this half-term < -5%' | seed
  echo 'pupils where rate >= 90% and rate < 95% this term' | seed
  echo 'show upn, rate, rate over this term for pupils where persistent or unauthorised >= 10 in last 10 weeks' | seed
  echo 'pupils where fsm into "out.csv" replace' | seed
  echo 'show upn, surname for pupils into "/dev/null"' | seed
  # A dictionary of the language's words.
  dict="$fuzz/corpus/query.dict"
  grep -o '"[a-z][a-z-]*"' "$root/Sources/AttendCore/Language/Syntax/Vocabulary.swift" | sort -u > "$dict"
  for w in '"("' '")"' '","' '";"' '"<"' '"<="' '">="' '"="' '"%"' '"#"' '"--"' '"`"' '"\\""' \
           '"2026-01-23"' '"23/01/2026"' '"23 Jan 2026"' '"2025/26"' '"90%"' '"10"' '"\\x0a"' \
           '"upn"' '"fsm"' '"pp"' '"send"' '"form"' '"year"' '"9B"' '"W100000000003"' '"/"' '"\\\\"' \
           '"coded"' '"O"' '"G"' '"N"' '"U"' '"weeks"' '"days"' '"ago"' '"streak"' '"any"' '"empty"' \
           '"replace"' '"+ 1%"' '"999999999999999999"' '"=HYPERLINK("' '"@SUM("'; do
    echo "$w" >> "$dict"
  done
  dict_opt=(-dict="$dict")
else
  # The worked register, the year-end golden register, and a small demo register.
  for f in "$root"/Tests/Fixtures/worked/*.csv "$root"/Tests/Golden/registers/yearend/*.csv; do seed < "$f"; done
  # A codes.csv (MIS codes mapped to national ones), good and odd; marks with codes it maps.
  printf 'code,means,description\nI01,I,Illness\nU1,U,Late after close\nX9,O,"Odd, quoted"\n' | seed
  printf 'code,means\nI01,I\nI01,M\n/,O\n' | seed
  printf 'upn,date,session,mark\nA123456789012,2025-09-03,AM,I01\nA123456789012,2025-09-03,PM,U1\nA123456789012,2025-09-04,AM,I01\n' | seed
  # actions.csv: a good log (MIS headers, UK dates, quoted notes) and one cut short.
  printf 'Action Date,Pupil UPN,Action Type,Staff,Notes\n03/11/2025,A123456789012,letter,DO,"termly, green"\n12/01/2026,B123456789012,Penalty Notice,LA,\n20/01/2026,A123456789012,penalty-withdrawn,LA,error\n' | seed
  printf 'date,upn,action,by,note\n2025-11-17,A123456789012,notice-to-improve,DO,\n2026-01-26,A123456789012,penalty-notice,LA,first\n2026-02-02,A12345' | seed
  # Cells a spreadsheet would run as formulas, quoted and not (issue 12).
  printf 'upn,forename,surname,year,form,contact_name\nW100000000001,=1+1,"=HYPERLINK(""http://x/?""&A1,""y"")",9,9A,@SUM(A1)\nW100000000002,+1,-2+3,9,9A,"\r=x"\n' | seed
  ASAN_OPTIONS=detect_leaks=0 ATTEND_FUZZ_WRITE_SEEDS="$seeds" "$binary" >/dev/null
  dict_opt=()
fi
echo "== $(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) inputs in the corpus; fuzzing for ${seconds}s"

log="$fuzz/corpus/$target.log"
set +e
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$binary" "$corpus" "$seeds" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
  -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$crashes/$target-" "${dict_opt[@]}" 2>&1 | tee "$log" \
  | grep -E --line-buffered '^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|SUMMARY|Test unit written|^stat::' 
status=${PIPESTATUS[0]}
set -e
found=$(ls "$crashes" 2>/dev/null | grep -E "^$target-(crash|timeout|oom|leak|slow-unit)-" || true)
echo "== fuzz-$target: exit $status, $(ls "$corpus" | wc -l) inputs in the corpus, log in $log"
if [ -n "$found" ]; then
  echo "== findings in $crashes:"; echo "$found" | sed 's/^/   /'
  exit 1
fi
[ "$status" -eq 0 ] || exit 1
echo "== no crash, hang or out-of-memory found"
