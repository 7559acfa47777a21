"""Merge-side writes of a load (called by :func:`eventpipe.store.load_run` inside its
transaction): syndication groups of new articles, retired events and moved mentions.

Syndication at scale (:func:`assign_syndication`): the rule is :mod:`eventpipe.syndication`'s
(word 5-gram MinHash, LSH buckets by band and publication week, each bucket's first doc checked
against the others with the exact Jaccard similarity, confirmed pairs joined transitively, the
earliest stored group wins). Stored articles keep the group they were given when they were
loaded, so a stored article stands for its stored group and only pairs with a new article are
compared: the stored texts are neither re-read nor re-shingled on every batch, only those of the
bucket heads a new article is compared with. The first stored article of each bucket (the
earliest published, then the smallest id; new articles of a batch are taken in that order too)
comes from the run's :class:`~eventpipe.syndication_index.SyndicationIndex`, which reads a
publication week from the database once per run and then adds what each load commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from eventpipe import syndication_prep
from eventpipe.schema import date_or_none
from eventpipe.store_base import lookup_rows
from eventpipe.syndication import (
    THRESHOLD,
    WINDOW_DAYS,
    jaccard_sorted,
    minhash_array,
    shingle_array_of,
)
from eventpipe.syndication_index import (
    _HEADS,
    SyndicationIndex,
    band_hashes,
    bucket_keys,
    remember_head,
)


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
    #: sorted, :func:`~eventpipe.syndication.shingle_array`; computed on demand from ``text``
    shingles: np.ndarray | None
    text: str | None = None
    group: str | None = None

    def key(self) -> tuple[bool, dt.date, str]:
        return (self.published is None, self.published or dt.date.min, self.article_id)

    def shingle_array(self) -> np.ndarray:
        if self.shingles is None:
            self.shingles = shingle_array_of(str(self.text))
        return self.shingles


class _StoredHeads:
    """The stored docs a batch may compare its new docs with (first articles of LSH buckets),
    made when first used; their shingles come from the head cache or, for the heads it lacks,
    from their texts (read set-wise up front, shingled only when compared)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, index: SyndicationIndex,
                 needed: list[int]) -> None:
        self.index = index
        self.docs: dict[int, SyndicationDoc] = {}
        self.cached = {i: a for i in needed if (a := _HEADS.get(index.ids[i])) is not None}
        self.texts = dict(lookup_rows(con, "articles", "article_id",
                                      [index.ids[i] for i in needed if i not in self.cached],
                                      "t.article_id, t.text"))

    def __getitem__(self, i: int) -> SyndicationDoc:
        doc = self.docs.get(i)
        if doc is None:
            ix = self.index
            doc = self.docs[i] = SyndicationDoc(ix.ids[i], ix.published[i], (), None,
                                                group=ix.groups[i])
        return doc

    def shingle_array(self, i: int) -> np.ndarray:
        doc = self[i]
        if doc.shingles is None:
            cached = self.cached.get(i)
            if cached is not None:
                if doc.article_id in _HEADS:
                    _HEADS.move_to_end(doc.article_id)
                doc.shingles = cached
            else:
                doc.shingles = shingle_array_of(str(self.texts.get(doc.article_id)))
                remember_head(doc.article_id, doc.shingles)
        return doc.shingles


def _group_new(con: duckdb.DuckDBPyConnection, index: SyndicationIndex,
               new_docs: list[SyndicationDoc], new_keys: np.ndarray) -> dict[str, str]:
    """article_id -> group of the new docs: the LSH pairs of :mod:`eventpipe.syndication`
    (each bucket's first doc against the others), where a stored doc stands for its stored
    group and only pairs with a new doc are compared."""
    first_of = index.first_stored(new_keys)
    stored = _StoredHeads(con, index, sorted(set(first_of.values())))
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def node(i: int) -> tuple[str, Any]:
        return ("g", str(index.groups[i]))

    first_new: dict[int, int] = {}
    checked: set[tuple[Any, Any]] = set()
    for j in sorted(range(len(new_docs)), key=lambda j: new_docs[j].key()):
        doc = new_docs[j]
        for k in new_keys[j].tolist():
            first_node: tuple[str, Any]
            head = first_of.get(k)
            if head is not None:
                da, first_node = index.published[head], node(head)
            elif k in first_new and first_new[k] != j:
                da, first_node = new_docs[first_new[k]].published, ("n", first_new[k])
            else:
                first_new.setdefault(k, j)
                continue
            pair = (first_node, ("n", j)) if head is None else (head, ("n", j))
            if pair in checked or find(first_node) == find(("n", j)):
                continue
            checked.add(pair)
            dc = doc.published
            if da is not None and dc is not None and abs((da - dc).days) > WINDOW_DAYS:
                continue
            other = (stored.shingle_array(head) if head is not None
                     else new_docs[first_new[k]].shingle_array())
            if jaccard_sorted(other, doc.shingle_array()) >= THRESHOLD:
                parent[find(first_node)] = find(("n", j))
    earliest = index.earliest
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


def assign_syndication(con: duckdb.DuckDBPyConnection, arts: pd.DataFrame,
                       index: SyndicationIndex | None = None) -> None:
    """Fill ``syndication_group`` of the new articles (:mod:`eventpipe.syndication`), comparing
    them with each other and with the stored articles of their publication weeks. ``index``:
    the run's :class:`SyndicationIndex` (a fresh one when None); the new articles are staged
    in it, to be added when the load commits."""
    index = index if index is not None else SyndicationIndex()
    if arts.empty or "syndication_group" not in arts.columns:
        return
    stored_ids = {r[0] for r in con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))",
        [arts["article_id"].dropna().astype(str).tolist()]).fetchall()}
    frame = arts[["article_id", "text", "published"]].astype(object)
    new_docs: list[SyndicationDoc] = []
    for aid, text, published in frame.itertuples(index=False, name=None):
        if aid is None or aid != aid or aid in stored_ids:  # NULL ids fail the insert anyway
            continue
        text = None if text is None or text != text else text
        prepared = syndication_prep.take(str(text))  # computed by a coder worker
        if prepared is None:
            arr = shingle_array_of(str(text))
            prepared = (arr, minhash_array(arr))
        held, signature = prepared
        new_docs.append(SyndicationDoc(str(aid), date_or_none(published), signature, held))
    if not new_docs:
        return
    new_bands = np.stack([band_hashes(d.signature) for d in new_docs])
    new_keys = bucket_keys(new_bands, [d.published for d in new_docs])
    index.ensure_weeks(con, [d.published for d in new_docs if d.published is not None])
    groups = _group_new(con, index, new_docs, new_keys)
    index.stage([(d.article_id, d.published, groups[d.article_id]) for d in new_docs], new_keys)
    mapped = arts["article_id"].map(groups)
    arts["syndication_group"] = arts["syndication_group"].where(
        arts["syndication_group"].notna(), mapped).astype("string")


__all__ = ["SyndicationDoc", "apply_retirements", "assign_syndication", "band_hashes",
           "bucket_keys"]
