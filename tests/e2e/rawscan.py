# SPDX-License-Identifier: GPL-2.0
"""The events of an uncompressed, unencrypted trace file read straight
from its bytes by the layout userspace/lib/tracefile.h, record_codec.h
(format version 1) and record_codec_v2.h (version 2) document, without
inputtrace's own decoder: a scan of what is on disk that does not trust
the code it checks.  Version 2 packs type, code and value as varints,
so a byte-pattern scan for them cannot work; this can, in both."""
import struct

EV_TAG = 0x80
EV_FIELDS = (0x01, 0x02, 0x04, 0x08)  # context, dev_id, cpu, time: varints
EV_TYPE, EV_FLAGS, EV_LATENCY = 0x10, 0x20, 0x40
BLOCK_ZSTD, BLOCK_END, BLOCK_PACKED = 0x1, 0x2, 0x4


def _varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if not c & 0x80:
            return v, i
        shift += 7


def _v1_events(p):
    i = 0
    while i < len(p):
        kind, n = struct.unpack_from("<HH", p, i)
        i += 4
        if kind == 1:  # EVENT: type, code, value at body offset 40
            yield struct.unpack_from("<HHi", p, i + 40)
        i += n


def _v2_events(p):
    i, typ = 0, 0  # every block starts from zeroed fields
    while i < len(p):
        tag = p[i]
        i += 1
        if not tag & EV_TAG:  # a kind: varint length, body
            n, i = _varint(p, i)
            i += n
            continue
        for bit in EV_FIELDS:
            if tag & bit:
                _, i = _varint(p, i)
        if tag & EV_TYPE:
            typ, i = _varint(p, i)
        if tag & EV_FLAGS:
            i += 1
        if tag & EV_LATENCY:
            _, i = _varint(p, i)
        code, i = _varint(p, i)
        value, i = _varint(p, i)
        yield typ, code, (value >> 1) ^ -(value & 1)


def raw_events(path):
    """[(type, code, value)] of every EVENT in @path, in file order."""
    with open(path, "rb") as f:
        b = f.read()
    assert b[:8] == b"ITRACE\x1a\n", path
    assert not b[11] & 0x01, "encrypted: %s" % path
    off, out = struct.unpack_from("<I", b, 12)[0], []
    while off + 32 <= len(b):
        assert b[off:off + 4] == b"ITBK", "bad block at %d" % off
        flags, stored = struct.unpack_from("<I", b, off + 4)[0], \
            struct.unpack_from("<I", b, off + 16)[0]
        payload = b[off + 32:off + 32 + stored]
        off += 32 + stored
        if flags & BLOCK_END:
            continue
        assert not flags & BLOCK_ZSTD, "zstd block: record --no-compress"
        out += (_v2_events if flags & BLOCK_PACKED else _v1_events)(payload)
    return out
