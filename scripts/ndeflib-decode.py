#!/usr/bin/env python3
"""Decodes NDEF messages with ndeflib 0.3.3, for the differential test and the benchmark of the Swift codec.

Reads one JSON object on stdin:
  {"mode": "compare", "messages": ["<hex>", ...]}
      prints a JSON list, one entry per message: {"error": "..."} or
      {"records": [{"type": "<ndeflib type string>", "id": "<hex>", "payload": "<hex>",
                    "uri": ..., "text": ..., "lang": ...}]}  (uri/text/lang from ndeflib's URI and Text classes)
  {"mode": "bench", "messages": ["<hex>", ...], "seconds": S}
      decodes all messages repeatedly for about S seconds and prints
      {"rounds": n, "seconds": elapsed, "messages": count, "bytes": total}
"""
import json
import sys
import time

import ndef


def raw_records(octets):
    return list(ndef.message_decoder(octets, errors="strict", known_types={}))


def compare(messages):
    out = []
    for text in messages:
        octets = bytes.fromhex(text)
        try:
            records = raw_records(octets)
        except Exception as error:  # ndef.DecodeError and anything else ndeflib raises
            out.append({"error": f"{type(error).__name__}: {error}"})
            continue
        entries = []
        for record in records:
            entries.append({
                "type": record.type,
                "id": record.name.encode("latin-1").hex(),
                "payload": bytes(record.data).hex(),
            })
        try:
            typed = list(ndef.message_decoder(octets, errors="strict"))
            for entry, record in zip(entries, typed):
                if isinstance(record, ndef.UriRecord):
                    entry["uri"] = record.iri
                elif isinstance(record, ndef.TextRecord):
                    entry["text"] = record.text
                    entry["lang"] = record.language
        except Exception as error:
            for entry in entries:
                entry["typedError"] = f"{type(error).__name__}: {error}"
        out.append({"records": entries})
    return out


def bench(messages, seconds):
    corpus = [bytes.fromhex(text) for text in messages]
    total = sum(len(octets) for octets in corpus)
    rounds = 0
    start = time.perf_counter()
    while True:
        for octets in corpus:
            list(ndef.message_decoder(octets))
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return {"rounds": rounds, "seconds": elapsed, "messages": len(corpus), "bytes": total}


def main():
    request = json.load(sys.stdin)
    if request.get("mode") == "bench":
        result = bench(request["messages"], float(request.get("seconds", 1.0)))
    else:
        result = compare(request["messages"])
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
