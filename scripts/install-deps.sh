#!/usr/bin/env bash
# Installs what this project needs on Debian 12, only what is missing.
# Usage: scripts/install-deps.sh [--test]   (--test adds the tools the test suite drives)
set -euo pipefail

# espeak-ng: the hall's voice calls (Mandarin voice `cmn`; calling works without it); curl: the demo posts as a pad.
runtime=(libnfc-dev libnfc-bin libpcsclite-dev pcscd libccid libsqlite3-dev pkg-config espeak-ng curl)
# chromium, chromium-driver, fonts-noto-cjk: the hall's pages tested in a headless browser through WebDriver.
# postgresql: the district's central store, started privately by the tests (initdb in a temporary directory);
# openssl: the test CA and server certificate of its TLS test.
testing=(vsmartcard-vpcd iproute2 util-linux tmux python3 python3-venv sqlite3 curl chromium chromium-driver fonts-noto-cjk
    postgresql postgresql-client openssl)

want=("${runtime[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${testing[@]}")

missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
    echo "Installing Debian packages: ${missing[*]}"
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
    # ndeflib, the reference the NDEF codec is compared against, in a project-local virtual environment.
    if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import ndef' 2>/dev/null; then
        python3 -m venv .venv
        .venv/bin/pip install --quiet --disable-pip-version-check ndeflib==0.3.3
    fi
fi
