#!/usr/bin/env bash
# Re-runs every fuzz target (or the ones named) for SECONDS each, one after
# the other, as one single-process libFuzzer run (so one core at a time),
# and prints per target its executions and whether it crashed. Exits
# non-zero when any target found a crash, a hang (> 10 s for one input) or
# ran out of memory (> 2 GB); the input is then in fuzz/artifacts/TARGET/.
#
#   fuzz/run.sh 600                  # all eight targets, 10 minutes each
#   fuzz/run.sh 60 query date        # two of them, a minute each
#   SANITIZER=address fuzz/run.sh 60 # with ASan (slower; the default is
#                                    # none: the code is safe Rust, and
#                                    # debug assertions and overflow checks
#                                    # are on either way)
#
# Needs a nightly toolchain and `cargo install cargo-fuzz`. Working corpora
# grow in fuzz/corpus/ (git-ignored) from the committed fuzz/seeds/; lines
# of ../shared/corpus are added to them first when that folder exists.
set -u
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$0")"
sanitizer=${SANITIZER:-none}
all=(query analyzer text_article json_records date gazetteer meili_filter meili_request)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

# Longest input per target: a query is at most 1,000 characters, a filter
# or request a few KB; articles and records get room for a real article.
max_len() {
    case $1 in
        date) echo 512 ;;
        query | meili_filter) echo 2048 ;;
        meili_request) echo 4096 ;;
        analyzer | gazetteer) echo 8192 ;;
        *) echo 16384 ;;
    esac
}

cargo +nightly fuzz build -s "$sanitizer" || exit 2
if [ ! -e corpus/.shared-seeded ] && [ -d ../../shared/corpus ]; then
    ./seed-shared.py ../../shared/corpus && touch corpus/.shared-seeded
fi
mkdir -p logs
failed=0
printf '%-14s %12s %8s %8s  %s\n' target executions seconds exec/s result
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/vnsearch-fuzz.XXXXXX")
    [ -d /dev/shm ] && scratch=$(mktemp -d /dev/shm/vnsearch-fuzz.XXXXXX)
    started=$(date +%s)
    VNSEARCH_FUZZ_TMP=$scratch timeout $((seconds + 600)) \
        cargo +nightly fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$target")" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - started))
    rm -rf "$scratch"
    executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
    [ -z "$executions" ] && executions=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    if [ $rc -eq 0 ] && ! grep -q 'ERROR: libFuzzer\|panicked at' "$log"; then
        result="ok (no crash)"
    else
        result="CRASH (exit $rc): $(grep -o 'Test unit written to .*\|ERROR: libFuzzer: [a-z-]*' "$log" | head -2 | tr '\n' ' ')"
        failed=1
    fi
    rate=$((${executions:-0} / (took > 0 ? took : 1)))
    printf '%-14s %12s %8s %8s  %s\n' "$target" "${executions:-?}" "$took" "$rate" "$result"
done
exit $failed
