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
# the postgres account through setpriv, which execs, so the PID held is the postmaster's own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${HUKOU_BENCH:-$root/.build/release/hukou-bench}
[[ -x $bench ]] || { echo "$0: $bench is missing (swift build -c release --product hukou-bench)" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $bin && -x $bin/postgres ]] || { echo "$0: PostgreSQL is not installed (scripts/install-deps.sh --test)" >&2; exit 1; }

dir=$(mktemp -d /tmp/hukou-bench-pg.XXXXXX)
pid=
bench_pid=
cleanup() {
    if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid"
        wait "$bench_pid" 2>/dev/null || true
    fi
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid" # fast shutdown
        for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_postgres=()
if [[ $(id -u) -eq 0 ]]; then
    getent passwd postgres >/dev/null || { echo "$0: no postgres account to run the server as" >&2; exit 1; }
    chown postgres:postgres "$dir"
    as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
chmod 700 "$dir"
port=5432 # names the socket file in $dir only; the server opens no TCP port
if ! "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -A trust -U hukou -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    exit 1
fi
# shellcheck disable=SC2086 # PG_SETTINGS is a list of words
"${as_postgres[@]}" "$bin/postgres" -D "$dir/data" -k "$dir" -p "$port" -c listen_addresses= \
    -c max_connections=200 ${PG_SETTINGS:-} >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    "$bin/pg_isready" -q -h "$dir" -p "$port" -U hukou -d postgres && break
    sleep 0.1
done
psql -X -q -h "$dir" -p "$port" -U hukou -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE hukou_central"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') (PID $pid) on $dir/.s.PGSQL.$port"
# The benchmark runs as a child the shell waits on, so that a signal reaches the trap at once (not only after the
# benchmark has ended); the trap then stops the benchmark and the server.
"$bench" central --pg "postgres://hukou@localhost:$port/hukou_central?host=$dir&sslmode=disable" "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=
if [[ $status -ne 0 ]]; then tail -n 20 "$dir/server.log" >&2; fi
exit "$status"
