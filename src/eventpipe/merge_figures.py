"""The row of one merged event: fields, figures over its claims, counts of its sources.

Figures (killed and wounded alike; every claim stays in ``event_mentions``):

- Only ``asserted`` and ``alleged`` claims count; a denial, a background (``historical``)
  reference or a hypothetical figure never changes the event's figures.
- Superseded claims are dropped: a later claim (publication date, then position) from the same
  claimant supersedes the earlier one ("the death toll rose to 20"), and so does a later claim
  from the same kind of claimant (:func:`claimant_side`: authorities, the armed group, local
  people, monitors, the outlet itself) that is not lower than the earlier claim's lowest figure
  (a rising toll; "at least eight" then "20").
- ``*_low`` = the lowest figure among the current claims, ``*_high`` = the highest (a claim
  without an upper bound adds its best figure), ``*_best`` = the lower median of the current
  claims' best figures; ``fatalities`` = ACLED's conservative figure, the lowest current
  ``fatalities`` among claims that report deaths (0 when none does).
- ``fatalities_disputed`` is true when a party denies the event, or when two current claims
  conflict: their ranges (low .. high, "at least N" being open upwards) do not overlap.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from typing import Any

from eventpipe.merge_rules import (
    CREDIBLE_MODALITIES,
    TYPE_RANK,
    Row,
    as_date,
    missing,
    norm,
    sort_key,
)
from eventpipe.named_row import NamedRow

_SIDES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("monitors", re.compile(r"\b(rights|united nations|un\b|monitor|observatory|red cross|"
                            r"amnesty|watchdog|ngo|charity|aid group)", re.I)),
    ("locals", re.compile(r"\b(residents?|elders?|witness(es)?|villagers?|locals?|relatives?|"
                          r"family|families|neighbou?rs?|traders?|survivors?)\b", re.I)),
    ("authorities", re.compile(
        r"\b(police|officials?|ministry|minister|government|governor|mayor|army|military|"
        r"spokes(man|woman|person)|prosecutors?|authorit(y|ies)|administration|hospital|"
        r"health|coroner|sheriff|forces|office|department|council|president|commissioner|"
        r"medical examiner|state media)\b", re.I)),
    ("armed_group", re.compile(r"\b(group|militants?|rebels?|insurgents?|fighters|movement|"
                               r"al[- ]shabaab|islamic state|taliban)\b", re.I)),
)


def claimant_side(claimant: object) -> str:
    """The kind of party behind a claim; ``outlet`` when the article states it itself."""
    text = norm(claimant)
    if text is None:
        return "outlet"
    for side, pattern in _SIDES:
        if pattern.search(text):
            return side
    return "other:" + text


_FIGURE_NAMES = {p: (f"{p}_low", f"{p}_best", f"{p}_high") for p in ("killed", "wounded")}


def _has(row: Row, prefix: str) -> bool:
    names = _FIGURE_NAMES.get(prefix) or tuple(f"{prefix}_{k}" for k in ("low", "best", "high"))
    return any(not missing(row.get(n)) for n in names)


def _bounds(row: Row, prefix: str) -> tuple[int, int | None]:
    """(lowest, highest or None when open upwards) of one claim."""
    low: Any
    best: Any
    high: Any
    low, best, high = (row.get(f"{prefix}_{k}") for k in ("low", "best", "high"))
    values = [int(v) for v in (low, best, high) if not missing(v)]
    lo = min(values)
    if not missing(high):
        return lo, max(values)
    if not missing(low) and not missing(best) and int(low) == int(best):
        return lo, None  # "at least N"
    return lo, max(values)


def current_claims(members: Iterable[Row], prefix: str) -> list[Row]:
    """The credible claims of one figure that no later claim supersedes (module docstring)."""
    return _current(sorted(members, key=sort_key), prefix)


def _current(ordered: list[Row], prefix: str) -> list[Row]:
    """:func:`current_claims` of members already in :func:`sort_key` order."""
    claims = [m for m in ordered if m.get("modality") in CREDIBLE_MODALITIES and _has(m, prefix)]
    current: list[Row] = []
    for claim in claims:
        side, who = claimant_side(claim.get("claimant")), norm(claim.get("claimant"))
        best: Any = claim.get(f"{prefix}_best")
        value = _bounds(claim, prefix)[0] if missing(best) else int(best)
        kept = []
        for old in current:
            same_claimant = who is not None and norm(old.get("claimant")) == who
            rising = claimant_side(old.get("claimant")) == side and value >= _bounds(old, prefix)[0]
            if not (same_claimant or rising):
                kept.append(old)
        current = [*kept, claim]
    return current


def figures(members: Iterable[Row], prefix: str) -> tuple[int | None, int | None, int | None]:
    return _figures(current_claims(members, prefix), prefix)


def _figures(claims: list[Row], prefix: str) -> tuple[int | None, int | None, int | None]:
    if not claims:
        return None, None, None
    bounds = [_bounds(c, prefix) for c in claims]
    bests = [int(c[f"{prefix}_best"]) if not missing(c.get(f"{prefix}_best")) else b[0]
             for c, b in zip(claims, bounds, strict=True)]
    low = min(b[0] for b in bounds)
    best = int(statistics.median_low(bests))
    high = max(max(b[1] if b[1] is not None else b[0] for b in bounds), best)
    return min(low, best), best, high


def disputed(members: list[Row]) -> bool:
    return _disputed(members, current_claims(members, "killed"))


def _disputed(members: list[Row], killed: list[Row]) -> bool:
    if any(m.get("modality") == "denied" for m in members):
        return True
    ranges = [_bounds(c, "killed") for c in killed]
    for i, (lo1, hi1) in enumerate(ranges):
        for lo2, hi2 in ranges[i + 1:]:
            if (hi1 is not None and hi1 < lo2) or (hi2 is not None and hi2 < lo1):
                return True
    return False


def summarise(event_id: str, anchor: Row, members: list[Row], event_columns: Iterable[str],
              *, key: Callable[[Row], Any] = sort_key) -> Row:
    """The event row of one cluster (per-run columns left None): the anchor's fields, the
    highest event type, figures over the current claims, counts of mentions and sources.
    ``key``: :func:`sort_key`, or a function giving the same values faster."""
    # held rows (a tuple read by name) as dicts for the many reads below, one event at a time
    members = [dict(zip(m.names, m, strict=True)) if isinstance(m, NamedRow) else m
               for m in sorted(members, key=key)]
    row: Row = {c: anchor.get(c) for c in event_columns}
    row["event_id"] = event_id
    typed = [m for m in members if m.get("event_type") in TYPE_RANK]
    if typed:
        top = max(TYPE_RANK[m["event_type"]] for m in typed)
        lead = next(m for m in typed if TYPE_RANK[m["event_type"]] == top)
        for col in ("event_type", "sub_event_type", "disorder_type"):
            row[col] = lead.get(col)
    killed = _current(members, "killed")  # members are sorted: the claims once per figure
    for prefix, claims in (("killed", killed), ("wounded", _current(members, "wounded"))):
        low, best, high = _figures(claims, prefix)
        row[f"{prefix}_low"], row[f"{prefix}_best"], row[f"{prefix}_high"] = low, best, high
    reported = [int(c["fatalities"]) for c in killed if not missing(c.get("fatalities"))]
    row["fatalities"] = min(reported) if reported else 0
    row["fatalities_disputed"] = _disputed(members, killed)
    modalities = {m.get("modality") for m in members}
    for modality in ("asserted", "alleged"):
        if modality in modalities:
            row["modality"] = modality
            break
    verified = {m.get("verified") for m in members if not missing(m.get("verified"))}
    row["verified"] = True if True in verified else (False if verified else None)
    row["num_mentions"] = len(members)
    row["num_articles"] = len({m["article_id"] for m in members})
    row["num_sources"] = len({m.get("syndication_group") or m["article_id"] for m in members})
    outlets = {m.get("article_source") or m.get("source") for m in members} - {None, ""}
    row["source"] = "; ".join(sorted(str(o) for o in outlets)) or None
    pubs = [p for p in (as_date(m.get("published")) for m in members) if p is not None]
    row["first_reported_at"] = min(pubs) if pubs else None
    return row
