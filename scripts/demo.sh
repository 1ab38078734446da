#!/usr/bin/env bash
# The whole counter flow on simulated readers, for a newcomer: `make demo`.
#
#   a temporary database → the daemon on two simulated readers → taps (a service card, a signed phone
#   intent, a repeat, a refused one) → the queue → a scripted clerk session through the real `hukou counter`
#   → an evaluation posted as the window pad would → the day's figures → the audit chain → how to open the
#   clerk's prompt yourself. The hall, window and dashboard URLs are printed while the daemon runs.
#
# Bounded (every step has a timeout) and non-interactive; the daemon is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${HUKOU_BIN:-$root/.build/release/hukou}
[[ -x $bin ]] || bin=$root/.build/debug/hukou
if [[ ! -x $bin ]]; then
    echo "no hukou binary: run 'make release' (or 'swift build') first" >&2
    exit 1
fi

if [[ -t 1 ]]; then
    bold=$'\e[1m' dim=$'\e[2m' green=$'\e[32m' red=$'\e[31m' cyan=$'\e[36m' reset=$'\e[0m'
else
    bold="" dim="" green="" red="" cyan="" reset=""
fi
step=0
section() { step=$((step + 1)); printf '\n%s── %d. %s%s\n' "$bold$cyan" "$step" "$1" "$reset"; }
say() { printf '%s%s%s\n' "$dim" "$*" "$reset"; }
# Echoes a command (long arguments shortened) and runs it with a timeout.
run() {
    local shown=() arg
    for arg in "$@"; do
        if [[ $arg == "$bin" ]]; then shown+=("hukou"); continue; fi
        if ((${#arg} > 72)); then shown+=("${arg:0:40}…"); else shown+=("$arg"); fi
    done
    printf '%s$ %s%s\n' "$bold" "${shown[*]}" "$reset"
    timeout 30 "$@"
}

work=$(mktemp -d /tmp/hukou-demo.XXXXXX)
db=$work/counter.sqlite
socket=$work/control.sock
daemon_pid=""
pgdir=""
# shellcheck source=scripts/lib/private-postgres.sh
source "$root/scripts/lib/private-postgres.sh"
cleanup() {
    if [[ -n $daemon_pid ]] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill -TERM "$daemon_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$daemon_pid" 2>/dev/null || true
    fi
    private_pg_stop
    rm -rf "$work"
    if [[ -n $pgdir ]]; then rm -rf "$pgdir"; fi
}
trap cleanup EXIT

# The documented TEST key (docs/intent-vectors); keys must be private to be loaded.
cp docs/intent-vectors/test-key.jwk "$work/test-key.jwk"
chmod 600 "$work/test-key.jwk"
keys=$root/docs/intent-vectors/trusted-keys.json

printf '%s一触即办 · tap-to-serve counter demo%s\n' "$bold" "$reset"
say "hukou: $bin"
say "scratch: $work (removed at the end)"

# The hall's screens on a loopback port (HUKOU_DEMO_PORT, default 8080), with a pad token for window 1.
port=${HUKOU_DEMO_PORT:-8080}
pad_token=demo-pad-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
cat >"$work/hukou.toml" <<TOML
[web]
listen = "127.0.0.1"
port = $port
station_name = "示例派出所户籍窗口"
[web.pad_tokens]
1 = "$pad_token"
TOML
hall=http://127.0.0.1:$port

# The district's central store (docs/central.md), when a PostgreSQL server can run here: the test packages
# (scripts/install-deps.sh --test) install one; the demo starts its own, private, and stops it at the end.
central_url=""
if reason=$(private_pg_available); then
    section "The district's central store: a private PostgreSQL, its schema, and this station registered"
    pgdir=$(mktemp -d /tmp/hukou-demo-pg.XXXXXX)
    private_pg_start "$pgdir" >/dev/null
    central_url=$PRIVATE_PG_URL
    say "PostgreSQL (PID $PRIVATE_PG_PID) on a private socket in $pgdir"
    run "$bin" central migrate --pg "$central_url"
    run "$bin" central register --pg "$central_url" --station demo-station --name 示例派出所 \
        --secret-file "$work/central.secret" --create-secret
    cat >>"$work/hukou.toml" <<TOML
[central]
url = "$central_url"
station = "demo-station"
secret_file = "$work/central.secret"
batch_size = 50
TOML
    say "[central] added to hukou.toml: the daemon replicates its audit log there as it works"
else
    say "(the district's central store is left out: $reason)"
fi

section "Start the daemon on two simulated readers (window 1 and window 2), with the hall's web server"
printf '%s$ hukou daemon --config hukou.toml --db %s --reader sim:window1@1 --reader sim:window2@2 --control %s --keys %s &%s\n' \
    "$bold" "$db" "$socket" "$keys" "$reset"
"$bin" daemon --config "$work/hukou.toml" --db "$db" --reader sim:window1@1 --reader sim:window2@2 \
    --control "$socket" --keys "$keys" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
    if "$bin" daemon --status --control "$socket" >/dev/null 2>&1; then break; fi
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
    sleep 0.1
done
say "daemon pid $daemon_pid; control socket $socket (mode 0600)"
say "open while the demo runs:  hall $hall/hall   window 1 $hall/window/1#token=$pad_token   dashboard $hall/dashboard"

section "A citizen taps a printed service card (NTAG215, Type 2) on window 1"
card=$("$bin" intent make --service ID_RENEW --window 1 2>/dev/null)
say "card NDEF: $card"
run "$bin" tap --control "$socket" --reader window1 --hex "$card" --tag-type 2

section "Another citizen taps a phone (Android HCE, Type 4) with a signed move-in intent"
phone=$("$bin" intent make --phone --service MOVE_IN --key "$work/test-key.jwk" \
    --field name=李小红 --field id=11010519491231002X --field hh=500102001 \
    --field move_category=spouse --field origin_addr=北京市东城区东华门街道1号 \
    --field dest_addr=重庆市涪陵区李渡街道2号 --field permit_no=500102-2026-0001 --priority elderly 2>/dev/null)
say "phone NDEF: ${phone:0:64}… (${#phone} hex digits, Ed25519 JWS)"
run "$bin" tap --control "$socket" --reader window1 --hex "$phone" --tag-type 4

section "The same card is tapped again: the existing transaction comes back, nothing new is created"
run "$bin" tap --control "$socket" --reader window1 --hex "$card" --tag-type 2

section "A card for a business this counter does not offer is refused (exit 65, reasons in 中文 and English)"
bad=$("$bin" intent make --service PASSPORT --window 2 2>/dev/null)
set +e
run "$bin" tap --control "$socket" --reader window2 --hex "$bad" --tag-type 2
status=$?
set -e
[[ $status -eq 65 ]] && printf '%s→ refused as expected (exit %d)%s\n' "$green" "$status" "$reset" \
    || { printf '%sunexpected exit %d%s\n' "$red" "$status" "$reset"; exit 1; }

section "The queue (applicants masked)"
run "$bin" queue list --db "$db"

section "The clerk at window 1: confirm both requests, call, serve (the whole application shows) and finish"
say "(the operator is the logged-in person on the staff roster, never typed: a roster naming you as a clerk)"
config=$work/counter.toml
printf '[[staff]]\nlogin = "%s"\nname = "王警官"\nnumber = "010001"\nrole = "clerk"\nwindows = [1]\n' "$(id -un)" >"$config"
sed -e 's/^/    /' "$config"
say "(a scripted session typed into the real 'hukou counter'; every action is audited with the operator)"
printf '%s$ printf "确认\\n确认\\n叫号\\n开始\\n核验 1\\n办结\\n办结\\n列表\\n退出\\n" | hukou counter --config %s --db %s --window 1%s\n' \
    "$bold" "$config" "$db" "$reset"
printf '确认\n确认\n叫号\n开始\n核验 1\n办结\n办结\n列表\n退出\n' |
    timeout 30 "$bin" counter --config "$config" --db "$db" --window 1

section "The citizen rates the service on window 1's pad (好差评), as the pad posts it"
tx=$(curl -s "$hall/api/v1/window/1" | grep -o '"transactionID":[0-9]*' | head -1 | cut -d: -f2)
printf '%s$ curl -X POST %s/api/v1/window/1/evaluation -H "X-Pad-Token: …" -d {"transactionID":%s,"level":"very_satisfied"}%s\n' \
    "$bold" "$hall" "$tx" "$reset"
timeout 10 curl -s -X POST "$hall/api/v1/window/1/evaluation" -H "Content-Type: application/json" \
    -H "X-Pad-Token: $pad_token" --data "{\"transactionID\":$tx,\"level\":\"very_satisfied\"}"
echo
run "$bin" evaluation list --db "$db"

section "The station's figures for today (the dashboard's numbers)"
run "$bin" stats --db "$db"

section "The queue afterwards"
run "$bin" queue list --db "$db"

section "The audit chain (hash-chained, append-only)"
run "$bin" audit verify --db "$db"

if [[ -n $central_url ]]; then
    section "The district's copy: every audit row replicated in order, the same figures, the chain anchored"
    for _ in $(seq 100); do
        "$bin" daemon --status --control "$socket" | grep -q '"state" : "idle"' && break
        sleep 0.1
    done
    "$bin" daemon --status --control "$socket" | sed -n '/"replication"/,/}/p'
    run "$bin" central stats --pg "$central_url" --station demo-station
    run "$bin" audit verify --db "$db" --central "$central_url" --station demo-station
    say "the district dashboard: hukou central serve --pg '$central_url' → http://127.0.0.1:8090/district"
fi

section "Stop the daemon gracefully (SIGTERM finishes the tap in flight)"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || true
daemon_pid=""
say "daemon log (note: names and ID numbers appear masked only):"
sed -e 's/^/    /' "$work/daemon.log" | grep -E "tap stored|repeated|rejected|stopped" || true

section "Try it yourself"
cat <<HELP
  In one terminal, the daemon:
    $bin daemon --db /tmp/counter.sqlite --reader sim:window1@1 --control /tmp/hukou.sock \\
        --keys $keys
  In a second terminal, the clerk's prompt (中文; add --lang en for English; type 帮助 for the commands),
  with a roster naming you (a counter.toml with a [[staff]] entry for login $(id -un), as above):
    $bin counter --config counter.toml --db /tmp/counter.sqlite --window 1 --control /tmp/hukou.sock
  In a third, tap (the request appears at the clerk's prompt at once):
    $bin tap --control /tmp/hukou.sock --reader window1 --tag-type 2 \\
        --hex \$($bin intent make --service ID_RENEW --window 1)
HELP
printf '\n%sdemo finished%s\n' "$green$bold" "$reset"
