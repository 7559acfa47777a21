"""The memory budget of the writer's least-recently-used caches, in bytes.

The flow process keeps state between the batches of a night (:mod:`eventpipe.merge_cache`):
some of it must cover the whole night (the blocking index and the syndication buckets, which
start over when they outgrow their bounds, at the cost of reading the night again), and some
only saves work when a later batch meets the same thing again. The latter are bounded here by
bytes, not by entry counts: a fixed budget, ``EVENTPIPE_CACHE_MB`` megabytes (default
:data:`DEFAULT_CACHE_MB`), shared out by :data:`SHARES`:

- ``members``: member rows of the stored events met (:class:`eventpipe.merge_members.MemberCache`);
- ``heads``: shingle sets of stored LSH bucket heads (:mod:`eventpipe.syndication_index`);
- ``probes``: the merge rule's values per kind of member (:mod:`eventpipe.merge_probe`).

A night of ~30-60k articles fills them (a 10k night about a third), so a bigger night does
not hold more. What they hold never changes a result: a smaller budget only means more is read
or computed again.
"""

from __future__ import annotations

import os

#: Megabytes shared by the caches when ``EVENTPIPE_CACHE_MB`` is not set.
DEFAULT_CACHE_MB = 96.0
#: Share of the budget of each cache.
SHARES = {"members": 0.5, "heads": 0.35, "probes": 0.15}


class CacheBudgetError(ValueError):
    """``EVENTPIPE_CACHE_MB`` is not a non-negative number."""


def budget_mb() -> float:
    """The whole budget in megabytes (``EVENTPIPE_CACHE_MB``)."""
    raw = os.environ.get("EVENTPIPE_CACHE_MB", "").strip()
    if not raw:
        return DEFAULT_CACHE_MB
    try:
        value = float(raw)
    except ValueError as exc:
        raise CacheBudgetError(f"EVENTPIPE_CACHE_MB={raw!r}: expected megabytes") from exc
    if value < 0 or value != value:
        raise CacheBudgetError(f"EVENTPIPE_CACHE_MB={raw!r}: expected megabytes >= 0")
    return value


def cache_bytes(name: str) -> int:
    """Bytes the cache ``name`` (a key of :data:`SHARES`) may hold."""
    return int(budget_mb() * SHARES[name] * 2**20)


__all__ = ["DEFAULT_CACHE_MB", "SHARES", "CacheBudgetError", "budget_mb", "cache_bytes"]
