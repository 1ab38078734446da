#!/usr/bin/env bash
# The main job: what exists so far, on simulated input.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/hukou
$bin version
