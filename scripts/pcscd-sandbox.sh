#!/usr/bin/env bash
# Runs a private pcscd with vsmartcard's virtual reader, without touching the machine's own pcscd.
#
# Usage: scripts/pcscd-sandbox.sh DIR [PORT]        (as root; stop it with Ctrl-C or kill PID)
#
# pcscd gets its own network namespace (vpcd's listeners on 0.0.0.0:PORT and PORT+1 exist only there) and its own
# mount namespace in which DIR/run is mounted on /run, so its socket is DIR/run/pcscd/pcscd.comm.
# Clients outside use it with PCSCLITE_CSOCK_NAME:
#   PCSCLITE_CSOCK_NAME=DIR/run/pcscd/pcscd.comm hukou readers
# The virtual card joins pcscd's network namespace:
#   nsenter --net=/proc/$(cat DIR/pcscd.pid)/ns/net hukou virtual pcsc-card --port PORT --tag type4 --hex ...
set -euo pipefail
dir=${1:?usage: $0 DIR [PORT]}
port=${2:-36963}
[[ $(id -u) -eq 0 ]] || { echo "$0: needs root (unshare --net --mount)" >&2; exit 1; }
command -v pcscd >/dev/null || { echo "$0: pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)" >&2; exit 1; }
driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
[[ -e $driver ]] || { echo "$0: $driver missing (apt-get install vsmartcard-vpcd)" >&2; exit 1; }

mkdir -p "$dir/conf" "$dir/run"
dir=$(cd "$dir" && pwd)
cat > "$dir/conf/vpcd" <<CONF
FRIENDLYNAME "Hukou Virtual PCD"
DEVICENAME   /dev/null:$port
LIBPATH      $driver
CHANNELID    $port
CONF

unshare --net --mount sh -c "mount --bind '$dir/run' /run && ip link set lo up && exec pcscd --foreground --apdu -c '$dir/conf'" &
pid=$!
echo "$pid" > "$dir/pcscd.pid"
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$dir/pcscd.pid" "$dir/run/pcscd/pcscd.comm" "$dir/run/pcscd/pcscd.pid"' EXIT INT TERM
echo "pcscd $pid; socket $dir/run/pcscd/pcscd.comm; vpcd on port $port (slot 0) and $((port + 1)) (slot 1)" >&2
wait $pid
