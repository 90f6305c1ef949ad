#!/usr/bin/env bash
# The test suite under AddressSanitizer and ThreadSanitizer, each in its own build folder
# (.build-asan, .build-tsan). Exits non-zero when a test fails or a sanitizer reports.
#
#   scripts/sanitizers.sh            both
#   scripts/sanitizers.sh address    one of them (address | thread)
#
# .ci/run calls it after the plain test run; see Docs/reliability.md.
set -uo pipefail
cd "$(dirname "$0")/.."
kinds=("${@:-address thread}")
kinds=(${kinds[*]})
status=0
for kind in "${kinds[@]}"; do
  case "$kind" in
    address) dir=.build-asan ;;
    thread) dir=.build-tsan ;;
    *) echo "usage: $0 [address|thread]" >&2; exit 64 ;;
  esac
  log=".ci-$kind.log"
  echo "== swift test --sanitize=$kind"
  start=$SECONDS
  LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
  TSAN_OPTIONS="suppressions=$PWD/scripts/tsan-suppressions.txt${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
  ASAN_OPTIONS="halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    swift test --scratch-path "$dir" --sanitize="$kind" > "$log" 2>&1
  st=$?
  reports=$(grep -c -E 'ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer' "$log" || true)
  grep -E '^(✔|✘) Test run|Executed [0-9]+ tests' "$log" | tail -n 2
  echo "== $kind: exit $st, $reports sanitizer report(s), $((SECONDS - start)) s; log in $log"
  if [ "$st" -ne 0 ] || [ "$reports" -ne 0 ]; then
    grep -E -A 30 'ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer' "$log" | head -n 80
    grep -E '✘' "$log" | head -n 40
    status=1
  fi
done
exit $status
