"""Merge-side writes of a load (called by :func:`eventpipe.store.load_run` inside its
transaction): syndication groups of new articles, retired events and moved mentions.

Syndication at scale (:func:`assign_syndication`): the rule is :mod:`eventpipe.syndication`'s
(word 5-gram MinHash, LSH buckets by band and publication week, each bucket's first doc checked
against the others with the exact Jaccard similarity, confirmed pairs joined transitively, the
earliest stored group wins). Stored articles keep the group they were given when they were
loaded, so a stored article stands for its stored group and only pairs with a new article are
compared: the stored texts are neither re-read nor re-shingled on every batch, only those of the
bucket heads a new article is compared with. Band hashes of the stored articles (16 x 8 bytes
each) are cached per process, keyed by article id and content hash.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from eventpipe.schema import date_or_none
from eventpipe.syndication import (
    BANDS,
    ROWS,
    THRESHOLD,
    WINDOW_DAYS,
    _block,
    jaccard,
    minhash,
    shingles,
)

#: (article_id, content_hash) -> band hashes (uint64 x BANDS, as bytes) of the article's MinHash.
_BANDS_CACHE: dict[tuple[str, str], bytes] = {}
_BANDS_CACHE_MAX = 2_000_000
#: article_id -> shingles (sorted uint64) of stored bucket heads: the first article of an LSH
#: bucket stays its head as articles are added, so the heads of one night recur batch after batch.
_HEADS: OrderedDict[str, np.ndarray] = OrderedDict()
_HEADS_MAX = 20_000
_MIX = np.uint64(0x9E3779B97F4A7C15)
_UNDATED = np.uint64(0xFFFF_FFFF_FFFF_FFF1)


def apply_retirements(
    con: duckdb.DuckDBPyConnection, retired: Mapping[str, str], moved: Mapping[str, str]
) -> None:
    """Move stored mentions to their new event and drop the retired event rows (their
    retirement is recorded in ``event_changes``)."""
    if moved:
        con.register("_eventpipe_moved", pd.DataFrame(
            {"mention_id": list(moved), "event_id": list(moved.values())}))
        try:
            con.execute("UPDATE event_mentions SET event_id = k.event_id FROM _eventpipe_moved k "
                        "WHERE event_mentions.mention_id = k.mention_id")
        finally:
            con.unregister("_eventpipe_moved")
    if retired:
        con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?))", [sorted(retired)])


@dataclass
class SyndicationDoc:
    """One article for :func:`group_docs`: ``group`` is None for a new article."""

    article_id: str
    published: dt.date | None
    signature: tuple[int, ...]
    shingles: set[int] | None  # computed on demand from ``text``
    text: str | None = None
    group: str | None = None

    def key(self) -> tuple[bool, dt.date, str]:
        return (self.published is None, self.published or dt.date.min, self.article_id)

    def shingle_set(self) -> set[int]:
        if self.shingles is None:
            self.shingles = shingles(str(self.text))
        return self.shingles


def band_hashes(signature: Sequence[int]) -> np.ndarray:
    """One uint64 per LSH band of a MinHash signature (equal bands give equal hashes)."""
    sig = np.asarray(signature, dtype=np.uint64).reshape(BANDS, ROWS)
    h = np.arange(1, BANDS + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(ROWS):
            h = (h * _MIX) ^ sig[:, j]
    return h


def _bucket_keys(bands: np.ndarray, published: Sequence[dt.date | None]) -> np.ndarray:
    """(docs, 2 * BANDS) bucket hashes: each band in the doc's week block and the next
    (undated docs: one undated block, repeated)."""
    weeks = [_block(p) for p in published]
    blocks = np.array([_UNDATED if w is None else np.uint64(w) for w in weeks],
                      dtype=np.uint64).reshape(-1, 1)
    nxt = np.where(blocks == _UNDATED, _UNDATED, blocks + np.uint64(1))
    with np.errstate(over="ignore"):
        return np.concatenate([(bands * _MIX) ^ blocks, (bands * _MIX) ^ nxt], axis=1)


def _head_shingles(con: duckdb.DuckDBPyConnection, docs: list[SyndicationDoc]) -> None:
    """Set the shingles of stored docs from the head cache, or from their texts (fetched
    set-wise only when actually compared: texts are loaded lazily by ``shingle_set``)."""
    todo = []
    for doc in docs:
        cached = _HEADS.get(doc.article_id)
        if cached is None:
            todo.append(doc)
            continue
        _HEADS.move_to_end(doc.article_id)
        doc.shingles = set(cached.tolist())
    texts = dict(_texts(con, [d.article_id for d in todo]))
    for doc in todo:
        doc.shingles = shingles(str(texts.get(doc.article_id)))
        _HEADS[doc.article_id] = np.fromiter(doc.shingles, dtype=np.uint64,
                                             count=len(doc.shingles))
        if len(_HEADS) > _HEADS_MAX:
            _HEADS.popitem(last=False)


def _cached_bands(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> np.ndarray:
    """Band hashes of stored articles ``(article_id, content_hash, ...)``, computing the
    missing ones from their texts (fetched set-wise)."""
    missing = [(r[0], r[1]) for r in rows if (r[0], r[1]) not in _BANDS_CACHE]
    if missing:
        if len(_BANDS_CACHE) + len(missing) > _BANDS_CACHE_MAX:
            _BANDS_CACHE.clear()
        for aid, chash, text in _texts(con, [m[0] for m in missing], with_hash=True):
            _BANDS_CACHE[(aid, chash)] = band_hashes(minhash(shingles(str(text)))).tobytes()
    if not rows:
        return np.zeros((0, BANDS), dtype=np.uint64)
    return np.frombuffer(b"".join(_BANDS_CACHE[(r[0], r[1])] for r in rows),
                         dtype=np.uint64).reshape(len(rows), BANDS)


def _texts(con: duckdb.DuckDBPyConnection, article_ids: list[str], *, with_hash: bool = False
           ) -> list[tuple[Any, ...]]:
    if not article_ids:
        return []
    cols = "t.article_id, t.content_hash, t.text" if with_hash else "t.article_id, t.text"
    con.register("_eventpipe_text_ids", pd.DataFrame({"k": article_ids}))
    try:
        return con.execute(f"SELECT {cols} FROM articles t SEMI JOIN _eventpipe_text_ids k "
                           "ON t.article_id = k.k").fetchall()
    finally:
        con.unregister("_eventpipe_text_ids")


def _first_stored(stored_keys: np.ndarray, new_keys: np.ndarray) -> dict[int, int]:
    """Bucket hash -> index of the first stored doc in that bucket, for the new docs' buckets."""
    if not len(stored_keys):
        return {}
    flat = stored_keys.ravel()
    owner = np.repeat(np.arange(len(stored_keys)), stored_keys.shape[1])
    hit = np.isin(flat, new_keys)
    keys, first = np.unique(flat[hit], return_index=True)
    return dict(zip(keys.tolist(), owner[hit][first].tolist(), strict=True))


def _group_new(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]],
               stored_keys: np.ndarray, new_docs: list[SyndicationDoc], new_keys: np.ndarray
               ) -> dict[str, str]:
    """article_id -> group of the new docs: the LSH pairs of :mod:`eventpipe.syndication`
    (each bucket's first doc against the others), where a stored doc stands for its stored
    group and only pairs with a new doc are compared."""
    first_of = _first_stored(stored_keys, new_keys)
    needed = sorted({first_of[k] for k in np.unique(new_keys).tolist() if k in first_of})
    stored = {i: SyndicationDoc(rows[i][0], date_or_none(rows[i][2]), (), None,
                                group=str(rows[i][3] or rows[i][0])) for i in needed}
    _head_shingles(con, list(stored.values()))
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def node(i: int) -> tuple[str, Any]:
        return ("g", str(stored[i].group))

    first_new: dict[int, int] = {}
    checked: set[tuple[Any, Any]] = set()
    for j, doc in enumerate(new_docs):
        for k in new_keys[j].tolist():
            first_node: tuple[str, Any]
            if k in first_of:
                other, first_node = stored[first_of[k]], node(first_of[k])
            elif k in first_new and first_new[k] != j:
                other, first_node = new_docs[first_new[k]], ("n", first_new[k])
            else:
                first_new.setdefault(k, j)
                continue
            pair = (first_node, ("n", j)) if first_node[0] == "n" else (first_of[k], ("n", j))
            if pair in checked or find(first_node) == find(("n", j)):
                continue
            checked.add(pair)
            da, dc = other.published, doc.published
            if da is not None and dc is not None and abs((da - dc).days) > WINDOW_DAYS:
                continue
            if jaccard(other.shingle_set(), doc.shingle_set()) >= THRESHOLD:
                parent[find(first_node)] = find(("n", j))
    earliest: dict[str, tuple[bool, dt.date, str]] = {}
    for aid, _chash, published, group in rows:
        g, pub = str(group or aid), date_or_none(published)
        key = (pub is None, pub or dt.date.min, str(aid))
        if g not in earliest or key < earliest[g]:
            earliest[g] = key
    comps: dict[Any, list[Any]] = defaultdict(list)
    for x in list(parent):
        comps[find(x)].append(x)
    for j in range(len(new_docs)):
        comps.setdefault(find(("n", j)), [("n", j)])
    out: dict[str, str] = {}
    for members in comps.values():
        groups = [m[1] for m in members if m[0] == "g"]
        news = [new_docs[m[1]] for m in members if m[0] == "n"]
        if groups:
            group = min(groups, key=lambda g: earliest.get(g, (True, dt.date.max, g)))
        else:
            group = min(news, key=SyndicationDoc.key).article_id
        for d in news:
            out[d.article_id] = group
    return out


def assign_syndication(con: duckdb.DuckDBPyConnection, arts: pd.DataFrame) -> None:
    """Fill ``syndication_group`` of the new articles (:mod:`eventpipe.syndication`), comparing
    them with each other and with the stored articles published within the window."""
    if arts.empty or "syndication_group" not in arts.columns:
        return
    stored_ids = {r[0] for r in con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))",
        [arts["article_id"].dropna().astype(str).tolist()]).fetchall()}
    frame = arts[["article_id", "text", "published"]].astype(object)
    hashes = arts["content_hash"].astype(object).tolist() if "content_hash" in arts.columns \
        else [None] * len(arts)
    new_docs: list[SyndicationDoc] = []
    new_hashes: list[Any] = []
    for (aid, text, published), chash in zip(frame.itertuples(index=False, name=None), hashes,
                                             strict=True):
        if aid is None or aid != aid or aid in stored_ids:  # NULL ids fail the insert anyway
            continue
        text = None if text is None or text != text else text
        sh = shingles(str(text))
        new_docs.append(SyndicationDoc(str(aid), date_or_none(published), minhash(sh), sh))
        new_hashes.append(chash)
    if not new_docs:
        return
    new_bands = np.stack([band_hashes(d.signature) for d in new_docs])
    new_keys = _bucket_keys(new_bands, [d.published for d in new_docs])
    dates = [d.published for d in new_docs if d.published is not None]
    rows: list[tuple[Any, ...]] = []
    if dates:
        lo = min(dates) - dt.timedelta(days=WINDOW_DAYS)
        hi = max(dates) + dt.timedelta(days=WINDOW_DAYS)
        rows = con.execute(
            "SELECT article_id, content_hash, published, syndication_group FROM articles "
            "WHERE published BETWEEN ? AND ? ORDER BY rowid", [lo, hi]).fetchall()
    stored_keys = _bucket_keys(_cached_bands(con, rows), [date_or_none(r[2]) for r in rows])
    groups = _group_new(con, rows, stored_keys, new_docs, new_keys)
    for chash, bands, doc in zip(new_hashes, new_bands, new_docs, strict=True):
        if isinstance(chash, str) and len(_BANDS_CACHE) < _BANDS_CACHE_MAX:  # next batches
            _BANDS_CACHE[(doc.article_id, chash)] = bands.tobytes()
    mapped = arts["article_id"].map(groups)
    arts["syndication_group"] = arts["syndication_group"].where(
        arts["syndication_group"].notna(), mapped).astype("string")


__all__ = ["SyndicationDoc", "apply_retirements", "assign_syndication", "band_hashes"]
