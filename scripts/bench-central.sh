#!/usr/bin/env bash
# Runs `hukou-bench central` against a PostgreSQL server of its own: a cluster made by initdb in a temporary
# directory, listening only on a Unix socket there (no TCP), started for the run and stopped by its PID afterwards
# (also on failure or Ctrl-C); the directory is removed. Nothing depends on a system-wide PostgreSQL service.
#
# Usage: scripts/bench-central.sh [ARGUMENTS OF hukou-bench central]     (e.g. --events 100000 --stations 10)
#   Build first: swift build -c release --product hukou-bench
#   HUKOU_BENCH   the benchmark binary (default .build/release/hukou-bench)
#   PG_SETTINGS   extra server settings, e.g. "-c fsync=off -c shared_buffers=1GB"
#
# The server keeps PostgreSQL's durable defaults (fsync=on, synchronous_commit=on, full_page_writes=on) unless
# PG_SETTINGS says otherwise; the benchmark prints the settings it ran with. As root, initdb and the server run as
# the postgres account through setpriv, which execs, so the PID held is the postmaster's own
# (scripts/lib/private-postgres.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${HUKOU_BENCH:-$root/.build/release/hukou-bench}
[[ -x $bench ]] || { echo "$0: $bench is missing (swift build -c release --product hukou-bench)" >&2; exit 1; }
# shellcheck source=scripts/lib/private-postgres.sh
source "$root/scripts/lib/private-postgres.sh"
reason=$(private_pg_available) || { echo "$0: $reason" >&2; exit 1; }

dir=$(mktemp -d /tmp/hukou-bench-pg.XXXXXX)
bench_pid=
cleanup() {
    if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid"
        wait "$bench_pid" 2>/dev/null || true
    fi
    private_pg_stop
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086 # PG_SETTINGS is a list of words
private_pg_start "$dir" ${PG_SETTINGS:-}
echo "PostgreSQL $("$(private_pg_bin)/postgres" --version | awk '{print $3}') (PID $PRIVATE_PG_PID) on $dir"
# The benchmark runs as a child the shell waits on, so that a signal reaches the trap at once (not only after the
# benchmark has ended); the trap then stops the benchmark and the server.
"$bench" central --pg "$PRIVATE_PG_URL" "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=
if [[ $status -ne 0 ]]; then tail -n 20 "$dir/server.log" >&2; fi
exit "$status"
