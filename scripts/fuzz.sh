#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ straight from the sources and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS]   (default 60 per target)
# Work corpora live in .build/fuzz/corpus-<target> (seeded from Fuzz/Seeds/<target>); crashes are
# written to .build/fuzz/artifacts-<target>/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build/fuzz
mkdir -p "$out"
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -enable-upcoming-feature InternalImportsByDefault)

echo "Building fuzz targets…"
# ld.gold warns about every ASan helper symbol; hide only that warning.
swiftc() { command swiftc "$@" 2> >(grep -v "Cannot export local symbol" >&2); }
swiftc "${flags[@]}" Sources/NDEF/*.swift Fuzz/FuzzNDEFDecoder.swift -module-name FuzzNDEF -o "$out/ndef-decoder"
# NFCTag/Memory imports NDEF: build NDEF as an instrumented static module first.
mkdir -p "$out/modules"
swiftc "${flags[@]}" -emit-library -static -emit-module -module-name NDEF -enable-testing \
    -emit-module-path "$out/modules/NDEF.swiftmodule" Sources/NDEF/*.swift -o "$out/modules/libNDEF.a"
swiftc "${flags[@]}" -I "$out/modules" Sources/NFCTag/Memory/*.swift Fuzz/FuzzType2Memory.swift \
    "$out/modules/libNDEF.a" -module-name FuzzType2 -o "$out/type2-memory"

status=0
# The Swift runtime backtracer and AddressSanitizer fight over crash signals; let libFuzzer report.
export SWIFT_BACKTRACE=enable=no
for target in ndef-decoder type2-memory; do
    corpus="$out/corpus-$target"
    artifacts="$out/artifacts-$target"
    mkdir -p "$corpus" "$artifacts"
    cp -n Fuzz/Seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    echo "Fuzzing $target for ${seconds}s…"
    log="$out/$target.log"
    if ! "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
        status=1
        echo "FAILED: $target (see $log and $artifacts)"
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|Done [0-9]+ runs" "$log" || tail -5 "$log"
done
exit $status
