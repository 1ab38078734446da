#!/usr/bin/env python3
"""Writes the small, hand-made seed corpus of the fuzz targets into Fuzz/Seeds (run from the package root)."""
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

for folder, seeds in (("ndef-decoder", ndef), ("type2-memory", type2)):
    path = os.path.join("Fuzz", "Seeds", folder)
    os.makedirs(path, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
