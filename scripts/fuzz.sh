#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ straight from the sources and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS [RUNS]]   (default 60 s per target; 0 s builds the targets only; RUNS, if given,
#        stops each target after that many executions instead)
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
# The target's own check prints hex with HukouText's codec, compiled into the same module.
swiftc "${flags[@]}" Sources/NDEF/*.swift Sources/HukouText/*.swift Fuzz/FuzzNDEFDecoder.swift -module-name FuzzNDEF \
    -o "$out/ndef-decoder"
# NFCTag/Memory imports NDEF and HukouText: build them as instrumented static modules first.
mkdir -p "$out/modules"
for module in HukouText NDEF; do
    swiftc "${flags[@]}" -emit-library -static -emit-module -module-name "$module" -enable-testing \
        -emit-module-path "$out/modules/$module.swiftmodule" Sources/"$module"/*.swift -o "$out/modules/lib$module.a"
done
own=("$out/modules/libNDEF.a" "$out/modules/libHukouText.a")
swiftc "${flags[@]}" -I "$out/modules" Sources/NFCTag/Memory/*.swift Fuzz/FuzzType2Memory.swift "${own[@]}" \
    -module-name FuzzType2 -o "$out/type2-memory"
swiftc "${flags[@]}" -I "$out/modules" Sources/NFCTag/Memory/*.swift Fuzz/FuzzType4CapabilityContainer.swift \
    "${own[@]}" -module-name FuzzType4 -o "$out/type4-cc"

# The intent verifier and the control socket's decoders use packages (jwt-kit, swift-crypto, SwiftNIO): those are
# built once by SwiftPM in release mode, uninstrumented, and linked as they are; the project's own modules on the
# path are compiled here with the fuzzer's instrumentation, so coverage guides the fuzzer through them.
echo "Building the packages the verifier and control-socket targets link…"
swift build -c release --target HukouIntent >/dev/null
swift build -c release --target NIOCore >/dev/null
bin=$(swift build -c release --show-bin-path)
objects() { for target in "$@"; do find "$bin/$target.build" -name '*.o'; done; }
cmaps=()
for map in "$bin"/*.build/module.modulemap; do cmaps+=(-Xcc "-fmodule-map-file=$map"); done
for include in .build/checkouts/swift-crypto/Sources/CCryptoBoringSSL*/include \
    .build/checkouts/swift-nio/Sources/CNIO*/include .build/checkouts/swift-atomics/Sources/_AtomicsShims/include; do
    [ -d "$include" ] && cmaps+=(-Xcc "-I$include")
done
deps=(-I "$out/modules" -I "$bin/Modules" "${cmaps[@]}")
swiftc "${flags[@]}" "${deps[@]}" -emit-library -static -emit-module -module-name HukouIntent -package-name hukou_counter \
    -emit-module-path "$out/modules/HukouIntent.swiftmodule" Sources/HukouIntent/*.swift \
    -o "$out/modules/libHukouIntent.a"
mapfile -t cryptoObjects < <(objects JWTKit Crypto CryptoExtras _CryptoExtras CCryptoBoringSSL CCryptoBoringSSLShims \
    CryptoBoringWrapper CXKCP CXKCPShims X509 SwiftASN1 Logging ExtrasBase64 _CertificateInternals)
swiftc "${flags[@]}" "${deps[@]}" -package-name hukou_counter Fuzz/FuzzIntentVerifier.swift \
    "$out/modules/libHukouIntent.a" "${own[@]}" "${cryptoObjects[@]}" -lstdc++ \
    -module-name FuzzIntent -o "$out/intent-verifier"
mapfile -t nioObjects < <(objects NIOCore NIOConcurrencyHelpers CNIOAtomics CNIOLinux _NIODataStructures \
    _NIOBase64 Atomics _AtomicsShims DequeModule ContainersPreview InternalCollectionsUtilities)
swiftc "${flags[@]}" "${deps[@]}" Sources/CounterDaemon/Control/ControlLineDecoder.swift \
    Sources/CounterDaemon/Control/ControlRequest.swift Sources/CounterDaemon/Control/ControlProtocolError.swift \
    Fuzz/FuzzControlLine.swift "$out/modules/libHukouText.a" "${nioObjects[@]}" \
    -module-name FuzzControl -o "$out/control-line"

if [ "$seconds" = 0 ]; then exit 0; fi
runs=${2:-}
limit=(-max_total_time="$seconds")
if [ -n "$runs" ]; then limit=(-runs="$runs"); fi

status=0
# The Swift runtime backtracer and AddressSanitizer fight over crash signals; let libFuzzer report.
export SWIFT_BACKTRACE=enable=no
# Recording a stack trace for every allocation took 40 % of the verifier target's time; memory errors are still
# caught (with shorter allocation reports), and leaks are not what these targets look for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:detect_leaks=0}
for target in ndef-decoder type2-memory type4-cc intent-verifier control-line; do
    corpus="$out/corpus-$target"
    artifacts="$out/artifacts-$target"
    mkdir -p "$corpus" "$artifacts"
    cp -n Fuzz/Seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    echo "Fuzzing $target for ${seconds}s…"
    log="$out/$target.log"
    if ! "$out/$target" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
        status=1
        echo "FAILED: $target (see $log and $artifacts)"
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|Done [0-9]+ runs" "$log" || tail -5 "$log"
done
exit $status
