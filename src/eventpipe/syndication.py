"""Syndication groups: near-identical article texts (wire copies) count as one source.

Each text becomes the set of its word 5-grams (casefolded words); a MinHash signature of
:data:`NUM_HASHES` values estimates the Jaccard similarity of two sets, and locality-sensitive
hashing (:data:`BANDS` bands of :data:`ROWS` values) proposes candidate pairs in near-linear
time, within a publication-week block (articles published within :data:`WINDOW_DAYS` of each
other; undated articles form one block). A candidate pair is confirmed when the exact Jaccard
similarity of the two shingle sets is at least :data:`THRESHOLD`. Confirmed pairs are joined
transitively; a group's id is the ``article_id`` of its earliest member (publication date, then
article id), and a new article that joins a stored group takes that group's id, so the ids are
stable across nights.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

SHINGLE_WORDS = 5
NUM_HASHES = 64
BANDS = 16
ROWS = NUM_HASHES // BANDS
THRESHOLD = 0.7
WINDOW_DAYS = 7
_WORD = re.compile(r"\w+", re.UNICODE)
_blake2b = hashlib.blake2b
_MULT = np.array([int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(),
                                  "big") | 1 for i in range(NUM_HASHES)], dtype=np.uint64)
_ADD = np.array([int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big")
                 for i in range(NUM_HASHES)], dtype=np.uint64)


def _grams(text: str, k: int) -> list[str]:
    """The text's casefolded word k-grams (the whole text when it has fewer than k words)."""
    words = _WORD.findall(text.casefold())
    return [g for g in (" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1)))
            if g]


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of the text's word k-grams (the whole text when it has fewer than k words)."""
    return {int.from_bytes(_blake2b(g.encode(), digest_size=8).digest(), "big")
            for g in _grams(text, k)}


def minhash(sh: set[int]) -> tuple[int, ...]:
    """MinHash signature: per hash function (multiply-add modulo 2**64, the high 32 bits),
    the minimum over the shingles."""
    return minhash_array(np.fromiter(sh, dtype=np.uint64, count=len(sh)))


def minhash_array(x: np.ndarray) -> tuple[int, ...]:
    """:func:`minhash` of the shingles given as a uint64 array of distinct values."""
    if not len(x):
        return tuple([0] * NUM_HASHES)
    with np.errstate(over="ignore"):
        h = (x[None, :] * _MULT[:, None] + _ADD[:, None]) >> np.uint64(32)
    return tuple(int(v) for v in h.min(axis=1))


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)  # = len(a | b), without building the union


def shingle_array(sh: set[int]) -> np.ndarray:
    """Shingles as a sorted uint64 array: what the writer holds (8 bytes a shingle; a Python set
    of ints takes ~80)."""
    return np.sort(np.fromiter(sh, dtype=np.uint64, count=len(sh)))


def shingle_array_of(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """``shingle_array(shingles(text))``, computed without the set: the digests are packed
    and read as big-endian integers by numpy (~40 % less time; the writer computes it for
    every stored article a new one is compared with)."""
    packed = b"".join([_blake2b(g.encode(), digest_size=8).digest() for g in _grams(text, k)])
    return np.unique(np.frombuffer(packed, dtype=">u8").astype(np.uint64))


def jaccard_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`jaccard` of two sets given as sorted arrays of distinct values (the same value)."""
    if not len(a) and not len(b):
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0.0
    pos = np.searchsorted(b, a)
    pos[pos >= len(b)] = 0
    inter = int(np.count_nonzero(b[pos] == a))
    return inter / (len(a) + len(b) - inter)


@dataclass
class _Doc:
    article_id: str
    published: dt.date | None
    shingles: set[int]
    group: str | None  # stored group, None for a new article

    def key(self) -> tuple[bool, dt.date, str]:
        return (self.published is None, self.published or dt.date.min, self.article_id)


def _block(d: dt.date | None) -> int | None:
    return None if d is None else d.toordinal() // WINDOW_DAYS


def assign_groups(
    new: Iterable[Mapping[str, Any]], stored: Iterable[Mapping[str, Any]] = ()
) -> dict[str, str]:
    """article_id -> syndication group of every new article.

    ``new`` and ``stored`` rows have ``article_id``, ``text``, ``published``; stored rows also
    ``syndication_group`` (their own id when NULL). Pass the stored articles published within
    :data:`WINDOW_DAYS` of the new ones.
    """
    # imported here: the coder worker processes import this module for :func:`shingles` and
    # :func:`minhash` only, and ``eventpipe.schema`` would load pandas into each (~120 MB)
    from eventpipe.schema import date_or_none

    docs: list[_Doc] = []
    for row, is_new in [(r, False) for r in stored] + [(r, True) for r in new]:
        aid = str(row["article_id"])
        group = None if is_new else str(row.get("syndication_group") or aid)
        published = date_or_none(row.get("published"))
        docs.append(_Doc(aid, published, shingles(str(row["text"])), group))
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        sig = minhash(doc.shingles)
        block = _block(doc.published)
        blocks = [None] if block is None else [block, block + 1]  # this week and the next
        for b in range(BANDS):
            band = sig[b * ROWS:(b + 1) * ROWS]
            for blk in blocks:
                buckets[(blk, b, band)].append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        first = members[0]
        for other in members[1:]:  # each member against the bucket's first: linear
            pair = (min(first, other), max(first, other))
            if pair in checked or find(first) == find(other):
                continue
            checked.add(pair)
            da, dc = docs[first].published, docs[other].published
            if da is not None and dc is not None and abs((da - dc).days) > WINDOW_DAYS:
                continue
            if jaccard(docs[first].shingles, docs[other].shingles) >= THRESHOLD:
                parent[find(first)] = find(other)
    comps: dict[int, list[_Doc]] = defaultdict(list)
    for i, doc in enumerate(docs):
        comps[find(i)].append(doc)
    out: dict[str, str] = {}
    for comp in comps.values():
        stored_groups = sorted((d for d in comp if d.group is not None), key=_Doc.key)
        group = stored_groups[0].group if stored_groups else min(comp, key=_Doc.key).article_id
        for d in comp:
            if d.group is None:
                out[d.article_id] = str(group)
    return out
