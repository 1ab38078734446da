#!/usr/bin/env python3
"""Writes the small, hand-made seed corpus of the fuzz targets into Fuzz/Seeds (run from the package root)."""
import json
import os

def record(tnf, type_=b"", payload=b"", id_=b"", mb=True, me=True, cf=False, sr=None):
    sr = len(payload) < 256 if sr is None else sr
    header = (0x80 if mb else 0) | (0x40 if me else 0) | (0x20 if cf else 0) | (0x10 if sr else 0) | (0x08 if id_ else 0) | tnf
    out = bytes([header, len(type_)])
    out += bytes([len(payload)]) if sr else len(payload).to_bytes(4, "big")
    if id_:
        out += bytes([len(id_)])
    return out + type_ + id_ + payload

def message(*records):
    out = b""
    for i, (args, kw) in enumerate(records):
        out += record(*args, mb=(i == 0), me=(i == len(records) - 1), **kw)
    return out

text = (1, b"T", b"\x02enhello")
uri = (1, b"U", b"\x04example.org/a")
ndef = {
    "empty": message(((0,), {})),
    "text": message((text, {})),
    "text-utf16": message(((1, b"T", b"\x82zh\xfe\xff\x4e\x2d\x65\x87"), {})),
    "uri": message((uri, {})),
    "mime-id": message(((2, b"text/plain", b"abc", b"7"), {})),
    "long": message(((4, b"example.com:x", b"xyz"), {"sr": False})),
    "multi": message((text, {}), (uri, {}), ((5, b"", b"\x00\x01"), {}), ((3, b"urn:x", b""), {})),
    "smart-poster": message(((1, b"Sp", message((uri, {}), (text, {}), ((1, b"act", b"\x00"), {}))), {})),
    "chunked": record(2, b"a/b", b"12", mb=True, me=False, cf=True) + record(6, b"", b"34", mb=False, me=False, cf=True)
    + record(6, b"", b"5", mb=False, me=True),
    "huge-length": bytes([0xC2, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x61]),
}

def image(cc, data, size=64):
    head = bytes([0x04, 0x11, 0x22, 0xB7, 0x33, 0x44, 0x55, 0x66, 0x00, 0x48, 0x00, 0x00]) + bytes(cc)
    body = data + bytes(max(0, size - len(data)))
    return head + body

nx = ndef["text"]
type2 = {
    "plain": image([0xE1, 0x10, 0x06, 0x00], bytes([0x03, len(nx)]) + nx + b"\xfe", 48),
    "empty-ndef": image([0xE1, 0x10, 0x06, 0x00], b"\x03\x00\xfe", 48),
    "lock-control": image([0xE1, 0x10, 0x12, 0x00], b"\x01\x03\xa0\x0c\x34" + bytes([0x03, len(nx)]) + nx + b"\xfe", 144),
    "memory-control": image([0xE1, 0x10, 0x08, 0x00], b"\x02\x03\x21\x04\x02\x00\x03" + bytes([len(nx)]) + nx[:1] + b"\xaa\xbb\xcc\xdd" + nx[1:] + b"\xfe", 64),
    "three-byte-length": image([0xE1, 0x10, 0x30, 0x0F], b"\xfd\x01\x99\x03\xff\x00" + bytes([len(nx)]) + nx + b"\xfe", 384),
    "no-terminator": image([0xE1, 0x10, 0x06, 0x00], bytes([0x03, len(nx)]) + nx + b"\x8d\xf7\x9d\xaa", 48),
    "bare-message": image([0xE1, 0x10, 0x06, 0x00], nx, 48),
    "null-tlvs": image([0xE1, 0x10, 0x06, 0x00], b"\x00\x00\x00\xfe", 48),
}

type4 = {
    "v2": bytes.fromhex("000f20003b00340406e10400ff0000"),
    "v3-endef": bytes.fromhex("001130007f007f0608e10400007fff0000"),
    "read-only": bytes.fromhex("000f20003b00340406e1040800ff00ff"),
}

# The intent verifier: the first byte picks the framing (0 NDEF message, 1 intent payload, 2 header 0x00 claims, signed).
vectors = json.load(open(os.path.join("docs", "intent-vectors", "vectors.json")))["vectors"]
intent = {v["name"].replace("/", "-"): b"\x00" + bytes.fromhex(v["ndef_hex"]) for v in vectors}
intent["payload-card"] = b"\x01" + b'{"v":1,"svc":"ID_RENEW","win":3}'
intent["signed-phone"] = b"\x02" + b'{"alg":"EdDSA","kid":"test-2026"}\x00' + json.dumps(
    {"v": 1, "p": "phone", "svc": "ID_RENEW", "iat": 1772328590, "exp": 1772328710, "nonce": "fuzz-seed-nonce-0001",
     "data": {"name": "张小明", "id": "110101199003070011", "renew_reason": "expiring"}}, ensure_ascii=False).encode()

# The control socket: the first byte sets the chunk size, the rest is the stream.
control = {
    "status": b"\x07" + b'{"op":"status"}\n',
    "pipelined": b"\x03" + b'{"op":"status"}\n \r\n{"op":"recent","after":0}\n',
    "tap": b"\x10" + b'{"op":"tap","reader":"window1","ndef":"d1010f5402656e68656c6c6f","tag_type":2}\n',
    "long": b"\x3f" + b"a" * 600 + b"\n{}\n",
}

for folder, seeds in (("ndef-decoder", ndef), ("type2-memory", type2), ("type4-cc", type4),
                      ("intent-verifier", intent), ("control-line", control)):
    path = os.path.join("Fuzz", "Seeds", folder)
    os.makedirs(path, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
