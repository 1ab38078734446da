# shellcheck shell=bash
# A PostgreSQL server of a script's own, sourced by scripts/bench-central.sh and scripts/demo.sh: a cluster made by
# initdb in a directory the caller gives, listening only on a Unix socket there (no TCP), stopped by its PID.
# Nothing depends on a system-wide PostgreSQL service. As root, initdb and the server run as the postgres account
# through setpriv, which execs, so the PID held is the postmaster's own.
#
#   private_pg_available                 exit 0 when a server can be run here (else prints why)
#   private_pg_start DIR [SETTING...]    initdb in DIR/data, start, create hukou_central; sets
#                                        PRIVATE_PG_PID and PRIVATE_PG_URL (the --pg URL)
#   private_pg_stop                      fast shutdown by PID (SIGKILL after 60 s); the caller removes DIR

private_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

private_pg_available() {
    local bin
    bin=$(private_pg_bin)
    if [[ -z $bin || ! -x $bin/postgres ]]; then
        echo "PostgreSQL is not installed (scripts/install-deps.sh --test)"
        return 1
    fi
    if [[ $(id -u) -eq 0 ]] && ! getent passwd postgres >/dev/null; then
        echo "no postgres account to run the server as"
        return 1
    fi
}

private_pg_start() {
    local dir=$1 bin port=5432
    shift
    bin=$(private_pg_bin)
    local as_postgres=()
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$dir"
        as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    fi
    chmod 700 "$dir"
    if ! "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -A trust -U hukou -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        return 1
    fi
    # $port names the socket file in $dir only; the server opens no TCP port.
    "${as_postgres[@]}" "$bin/postgres" -D "$dir/data" -k "$dir" -p "$port" -c listen_addresses= \
        -c max_connections=200 "$@" >"$dir/server.log" 2>&1 &
    PRIVATE_PG_PID=$!
    for _ in $(seq 1 600); do
        kill -0 "$PRIVATE_PG_PID" 2>/dev/null || { tail -n 20 "$dir/server.log" >&2; return 1; }
        "$bin/pg_isready" -q -h "$dir" -p "$port" -U hukou -d postgres && break
        sleep 0.1
    done
    psql -X -q -h "$dir" -p "$port" -U hukou -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE hukou_central"
    PRIVATE_PG_URL="postgres://hukou@localhost:$port/hukou_central?host=$dir&sslmode=disable"
}

private_pg_stop() {
    local pid=${PRIVATE_PG_PID:-}
    PRIVATE_PG_PID=
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -INT "$pid" # fast shutdown
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    wait "$pid" 2>/dev/null || true
}
