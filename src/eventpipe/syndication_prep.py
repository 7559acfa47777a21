"""Shingles and MinHash signatures of new articles, computed by the coder worker processes.

The writer needs, for every new article of a load, its word 5-gram shingles and their MinHash
signature (:mod:`eventpipe.syndication`): about a second of CPU per 2,000 articles on the
writer, which is the flow's critical path. The coder workers read every article anyway, so
:func:`eventpipe.parallel.code_rows` has them compute both (:func:`prepare`) and hands the
results to this process (:func:`remember`); :func:`eventpipe.merge_store.assign_syndication`
takes them (:func:`take`) and computes what it does not find itself.

Entries are keyed by a digest of the exact text the shingles were computed from, so an entry
can only ever stand for the same computation (a pure function of the text: nothing to
invalidate). At most :data:`MAX_PREPARED` entries are held (the oldest go first); each is taken
once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from eventpipe.syndication import minhash_array, shingle_array_of

#: Entries held at most (a few batches: coding runs one batch ahead of the load).
MAX_PREPARED = 10_000

Prepared = tuple[bytes, bytes, tuple[int, ...]]  # (text key, sorted shingles as uint64, signature)

_HELD: OrderedDict[bytes, tuple[bytes, tuple[int, ...]]] = OrderedDict()
_LOCK = threading.Lock()


def text_key(text: str) -> bytes:
    """Digest of the exact text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def prepare(text: str) -> Prepared:
    """What :func:`take` gives back for ``text``, in a form cheap to send between processes."""
    arr = shingle_array_of(text)
    return (text_key(text), arr.tobytes(), minhash_array(arr))


def remember(items: Iterable[Prepared]) -> None:
    with _LOCK:
        for key, packed, signature in items:
            _HELD[key] = (packed, signature)
            _HELD.move_to_end(key)
        while len(_HELD) > MAX_PREPARED:
            _HELD.popitem(last=False)


def take(text: str) -> tuple[np.ndarray, tuple[int, ...]] | None:
    """(shingles as a sorted array, :func:`~eventpipe.syndication.shingle_array`, signature)
    of ``text`` when prepared, else None; the entry is dropped."""
    if not _HELD:
        return None
    key = text_key(text)
    with _LOCK:
        found = _HELD.pop(key, None)
    if found is None:
        return None
    packed, signature = found
    return np.frombuffer(packed, dtype=np.uint64), signature


def forget() -> None:
    with _LOCK:
        _HELD.clear()


def held() -> int:
    """Entries held now."""
    return len(_HELD)


__all__ = ["MAX_PREPARED", "forget", "held", "prepare", "remember", "take", "text_key"]
