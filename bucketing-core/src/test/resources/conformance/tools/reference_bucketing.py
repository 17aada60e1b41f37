#!/usr/bin/env python3
"""Independent reference implementation of docs/bucketing.md (Python 3, stdlib only).

Used to compute the expectations of the hash-dependent conformance cases.

  python3 reference_bucketing.py                      # run the MurmurHash3 self-test
  python3 reference_bucketing.py FEATURE_KEY VALUE [SEED]
      # print featureSeed, rollout/distribution hashes and buckets for VALUE
"""
import sys

MASK = 0xFFFFFFFF
GOLDEN = 0x9E3779B9


def _rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & MASK


def _fmix(h):
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    h ^= h >> 16
    return h


def utf8(s):
    """UTF-8 bytes; a lone UTF-16 surrogate becomes '?' (0x3F), as Java's getBytes(UTF_8) does."""
    return "".join("?" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s).encode("utf-8")


def murmur3_x86_32(data, seed=0):
    """MurmurHash3_x86_32 (Austin Appleby) over bytes; returns an unsigned 32-bit int."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & MASK
    n = len(data)
    nblocks = n // 4
    for i in range(nblocks):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * c1) & MASK
        k = _rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
        h = _rotl(h, 13)
        h = (h * 5 + 0xE6546B64) & MASK
    tail = data[4 * nblocks:]
    k = 0
    if len(tail) >= 3:
        k ^= tail[2] << 16
    if len(tail) >= 2:
        k ^= tail[1] << 8
    if len(tail) >= 1:
        k ^= tail[0]
        k = (k * c1) & MASK
        k = _rotl(k, 15)
        k = (k * c2) & MASK
        h ^= k
    h ^= n
    return _fmix(h)


def feature_seed(feature_key, seed=None):
    """The feature's `seed` (signed int32, taken as its 32-bit pattern) or murmur3(key, 0)."""
    if seed is not None:
        return seed & MASK
    return murmur3_x86_32(utf8(feature_key), 0)


def rollout_hash(feature_key, value, seed=None):
    return murmur3_x86_32(utf8(value), feature_seed(feature_key, seed) ^ GOLDEN)


def distribution_hash(feature_key, value, seed=None):
    return murmur3_x86_32(utf8(value), feature_seed(feature_key, seed))


def in_rollout(feature_key, value, percentage, seed=None):
    # rolloutHash < p * 2^32 in IEEE-754 doubles (Python floats are doubles).
    return float(rollout_hash(feature_key, value, seed)) < float(percentage) * 4294967296.0


def pick_variation(feature_key, value, distribution, seed=None):
    """distribution: list of (variation, weight); weights are ints summing to 100000."""
    h = distribution_hash(feature_key, value, seed)
    c = 0
    for variation, weight in distribution:
        c += weight
        if h * 100000 < c * (1 << 32):
            return variation
    raise AssertionError("weights must sum to 100000")


VECTORS = [  # (bytes, seed, expected) -- published MurmurHash3_x86_32 test vectors
    (b"", 0, 0x00000000),
    (b"", 1, 0x514E28B7),
    (b"", 0xFFFFFFFF, 0x81F16F39),
    (b"\0\0\0\0", 0, 0x2362F9DE),
    (b"\xff\xff\xff\xff", 0, 0x76293B50),
    (b"\x21\x43\x65\x87", 0, 0xF55B516B),
    (b"\x21\x43\x65\x87", 0x5082EDEE, 0x2362F9DE),
    (b"\x21\x43\x65", 0, 0x7E4A8634),
    (b"\x21\x43", 0, 0xA0F7B07A),
    (b"\x21", 0, 0x72661CF4),
    (b"aaaa", 0x9747B28C, 0x5A97808A),
    (b"abc", 0, 0xB3DD93FA),
    (b"Hello, world!", 1234, 0xFAF6CDB3),
    (b"Hello, world!", 4321, 0xBF505788),
    (b"The quick brown fox jumps over the lazy dog", 0x9747B28C, 0x2FA826CD),
    ("ππππππππ".encode("utf-8"), 0x9747B28C, 0xD58063C1),  # multibyte UTF-8
]


def self_test():
    for data, seed, expected in VECTORS:
        got = murmur3_x86_32(data, seed)
        assert got == expected, (data, hex(seed), hex(got), hex(expected))
    assert utf8("a\ud800b") == b"a?b"
    print("MurmurHash3_x86_32: %d published vectors OK" % len(VECTORS))


if __name__ == "__main__":
    self_test()
    if len(sys.argv) >= 3:
        key, value = sys.argv[1], sys.argv[2]
        seed = int(sys.argv[3]) if len(sys.argv) > 3 else None
        rh, dh = rollout_hash(key, value, seed), distribution_hash(key, value, seed)
        print("featureSeed=%d rolloutHash=%d (%.9f) distributionHash=%d (%.9f)" % (
            feature_seed(key, seed), rh, rh / 2 ** 32, dh, dh / 2 ** 32))
