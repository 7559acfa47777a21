"""The LSH buckets of the stored articles, kept in the writer's process between batches.

:func:`eventpipe.merge_store.assign_syndication` compares each new article with the first
stored article of every LSH bucket it falls in: the earliest published (then the smallest
article id), so the choice depends neither on batch boundaries nor on the order in which the
database happened to store a batch's rows (its ``rowid`` order is not deterministic). Two
articles can share a bucket only when their publication weeks
(:func:`eventpipe.syndication._block`) are at most one apart, so the stored articles a batch
needs are those of the new articles' weeks and their neighbours. :class:`SyndicationIndex`
reads a week's stored articles the first time a load meets it (their band hashes from the
texts, once) and afterwards adds the articles each load commits; it holds, per bucket hash, the
first article only, plus each article's id, date and group and the earliest member of each
stored group. Undated stored articles are never compared (as before).

It is owned by :class:`eventpipe.merge_cache.BlockCache`, which empties it whenever the database
is not as this process left it. At most :data:`MAX_DOCS` articles are held; beyond, it starts
over.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import numpy as np

from eventpipe.cache_budget import cache_bytes
from eventpipe.schema import date_or_none
from eventpipe.store_base import lookup_rows
from eventpipe.syndication import (
    BANDS,
    ROWS,
    WINDOW_DAYS,
    _block,
    minhash_array,
    shingle_array_of,
)

MAX_DOCS = 400_000
_BANDS_CACHE_MAX = 200_000
#: (article_id, content_hash) -> band hashes of stored articles read for a week (bytes).
_BANDS_CACHE: dict[tuple[str, str], bytes] = {}
#: article_id -> shingles (uint64) of stored bucket heads (the first article of an LSH bucket),
#: least recently used first: the heads of one night recur batch after batch (the shingles of
#: a head are computed from its text the first time a new article is compared with it). Held
#: within the ``heads`` share of the writer's cache budget (:mod:`eventpipe.cache_budget`): a
#: 4 KB article's set takes ~6 KB.
_HEADS: OrderedDict[str, np.ndarray] = OrderedDict()
#: Bytes a held head takes besides its array's data (the array object, the key, the entry).
HEAD_OVERHEAD = 250
_heads_bytes = 0
_MIX = np.uint64(0x9E3779B97F4A7C15)
_UNDATED = np.uint64(0xFFFF_FFFF_FFFF_FFF1)


def band_hashes(signature: Sequence[int]) -> np.ndarray:
    """One uint64 per LSH band of a MinHash signature (equal bands give equal hashes)."""
    sig = np.asarray(signature, dtype=np.uint64).reshape(BANDS, ROWS)
    h = np.arange(1, BANDS + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(ROWS):
            h = (h * _MIX) ^ sig[:, j]
    return h


def bucket_keys(bands: np.ndarray, published: Sequence[dt.date | None]) -> np.ndarray:
    """(docs, 2 * BANDS) bucket hashes: each band in the doc's week block and the next
    (undated docs: one undated block, repeated)."""
    weeks = [_block(p) for p in published]
    blocks = np.array([_UNDATED if w is None else np.uint64(w) for w in weeks],
                      dtype=np.uint64).reshape(-1, 1)
    nxt = np.where(blocks == _UNDATED, _UNDATED, blocks + np.uint64(1))
    with np.errstate(over="ignore"):
        return np.concatenate([(bands * _MIX) ^ blocks, (bands * _MIX) ^ nxt], axis=1)


def forget_heads() -> None:
    global _heads_bytes
    _HEADS.clear()
    _heads_bytes = 0


def heads_bytes() -> int:
    """Bytes the held heads take (as :func:`remember_head` counts them)."""
    return _heads_bytes


def remember_head(article_id: str, arr: np.ndarray) -> None:
    """Hold a head's shingles (a sorted array), dropping the heads used longest ago beyond the
    budget."""
    global _heads_bytes
    old = _HEADS.pop(article_id, None)
    if old is not None:
        _heads_bytes -= old.nbytes + HEAD_OVERHEAD
    _HEADS[article_id] = arr
    _heads_bytes += arr.nbytes + HEAD_OVERHEAD
    limit = cache_bytes("heads")
    while _heads_bytes > limit and _HEADS:
        _, gone = _HEADS.popitem(last=False)
        _heads_bytes -= gone.nbytes + HEAD_OVERHEAD


def _week_ranges(weeks: Iterable[int]) -> list[tuple[dt.date, dt.date]]:
    """[lo, hi) publication-date ranges of the given week blocks, contiguous ones joined."""
    out: list[tuple[dt.date, dt.date]] = []
    for w in sorted(set(weeks)):
        lo = dt.date.fromordinal(max(1, w * WINDOW_DAYS))
        hi = dt.date.fromordinal((w + 1) * WINDOW_DAYS)
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


class SyndicationIndex:
    """First stored article of each LSH bucket, for the weeks met so far (module docstring)."""

    def __init__(self) -> None:
        self.weeks: set[int] = set()
        self.ids: list[str] = []
        self.published: list[dt.date | None] = []
        self.groups: list[str] = []
        self.known: set[str] = set()
        self.keys = np.zeros(0, dtype=np.uint64)  # sorted, unique
        self.owner = np.zeros(0, dtype=np.int64)  # doc index of each key's first article
        self.earliest: dict[str, tuple[bool, dt.date, str]] = {}
        self._pending: tuple[list[Any], np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _append_docs(self, docs: list[tuple[str, dt.date | None, str]]) -> int:
        first = len(self.ids)
        for aid, published, group in docs:
            self.ids.append(aid)
            self.published.append(published)
            self.groups.append(group)
            self.known.add(aid)
            key = (published is None, published or dt.date.min, aid)
            if group not in self.earliest or key < self.earliest[group]:
                self.earliest[group] = key
        return first

    def doc_key(self, i: int) -> tuple[bool, dt.date, str]:
        """Rank of a stored doc: publication date (undated last), then article id."""
        pub = self.published[i]
        return (pub is None, pub or dt.date.min, self.ids[i])

    def _merge_keys(self, keys: np.ndarray, owners: np.ndarray) -> None:
        """Add bucket keys (one row of keys per doc, ``owners`` their doc indexes): per
        bucket the earliest doc (:meth:`doc_key`) is first, whatever the order docs came in."""
        first: dict[int, int] = {}
        for j in sorted(range(len(owners)), key=lambda j: self.doc_key(int(owners[j]))):
            for k in keys[j].tolist():
                first.setdefault(k, int(owners[j]))
        if not first:
            return
        nk = np.fromiter(first.keys(), dtype=np.uint64, count=len(first))
        no = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        order = np.argsort(nk)
        nk, no = nk[order], no[order]
        pos = np.searchsorted(self.keys, nk)
        inside = pos < len(self.keys)
        clash = np.zeros(len(nk), dtype=bool)
        clash[inside] = self.keys[pos[inside]] == nk[inside]
        for i in np.flatnonzero(clash).tolist():
            p = int(pos[i])
            if self.doc_key(int(no[i])) < self.doc_key(int(self.owner[p])):
                self.owner[p] = no[i]
        add = ~clash
        self.keys = np.insert(self.keys, pos[add], nk[add])
        self.owner = np.insert(self.owner, pos[add], no[add])

    def ensure_weeks(self, con: duckdb.DuckDBPyConnection, dates: Iterable[dt.date]) -> None:
        """Read the stored articles of the weeks of ``dates`` and their neighbours."""
        need = {b + d for p in dates if (b := _block(p)) is not None for d in (-1, 0, 1)}
        missing = need - self.weeks
        if not missing:
            return
        rows: list[tuple[Any, ...]] = []
        for lo, hi in _week_ranges(missing):
            rows += con.execute(
                "SELECT article_id, content_hash, published, syndication_group "
                "FROM articles WHERE published >= ? AND published < ?", [lo, hi]).fetchall()
        self.weeks |= missing
        rows = [r for r in rows if str(r[0]) not in self.known]
        if not rows:
            return
        got = {(r[0], r[1]): _BANDS_CACHE.get((r[0], r[1])) for r in rows}
        todo = [r for r in rows if got[(r[0], r[1])] is None]
        texts = dict(lookup_rows(con, "articles", "article_id", [str(r[0]) for r in todo],
                                 "t.article_id, t.text"))
        for r in todo:
            arr = shingle_array_of(str(texts.get(r[0])))
            got[(r[0], r[1])] = band_hashes(minhash_array(arr)).tobytes()
        if len(_BANDS_CACHE) + len(todo) > _BANDS_CACHE_MAX:
            _BANDS_CACHE.clear()
        if len(todo) <= _BANDS_CACHE_MAX:
            _BANDS_CACHE.update({(r[0], r[1]): got[(r[0], r[1])] for r in todo})
        bands = np.frombuffer(b"".join(got[(r[0], r[1])] or b"" for r in rows),
                              dtype=np.uint64).reshape(len(rows), -1)
        docs = [(str(r[0]), date_or_none(r[2]), str(r[3] or r[0])) for r in rows]
        first = self._append_docs(docs)
        keys = bucket_keys(bands, [d[1] for d in docs])
        self._merge_keys(keys, np.arange(first, first + len(docs), dtype=np.int64))

    def first_stored(self, new_keys: np.ndarray) -> dict[int, int]:
        """Bucket hash -> doc index of its first stored article, for the new docs' buckets."""
        flat = np.unique(new_keys)
        if not len(self.keys) or not len(flat):
            return {}
        pos = np.searchsorted(self.keys, flat)
        pos[pos >= len(self.keys)] = 0
        hit = self.keys[pos] == flat
        return dict(zip(flat[hit].tolist(), self.owner[pos[hit]].tolist(), strict=True))

    def stage(self, docs: list[tuple[str, dt.date | None, str]], keys: np.ndarray) -> None:
        """The new articles of a load (id, date, group) and their bucket keys, added on
        :meth:`commit`."""
        self._pending = (list(docs), keys)

    def commit(self, con: duckdb.DuckDBPyConnection) -> bool:
        """After the load's commit: add the staged docs the insert wrote; False when over
        :data:`MAX_DOCS`."""
        if self._pending is None:
            return True
        docs, keys = self._pending
        self._pending = None
        found = {str(r[0]) for r in lookup_rows(con, "articles", "article_id",
                                                [d[0] for d in docs], "t.article_id")}
        keep, seen = [], set()
        for i, d in enumerate(docs):
            if d[0] in found and d[0] not in self.known and d[0] not in seen:
                seen.add(d[0])
                keep.append(i)
        if keep:
            first = self._append_docs([docs[i] for i in keep])
            self._merge_keys(keys[keep], np.arange(first, first + len(keep), dtype=np.int64))
        return len(self.ids) <= MAX_DOCS


__all__ = ["HEAD_OVERHEAD", "MAX_DOCS", "SyndicationIndex", "band_hashes", "bucket_keys",
           "forget_heads", "heads_bytes", "remember_head"]
