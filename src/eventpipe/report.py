"""Plain-text reports over the database: an event and every claim behind it.

Article text is untrusted: markup is printed as the characters it is (never interpreted), and
control characters (terminal escape sequences included) are printed as ``\\xNN`` escapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

EVENT_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "country", "admin1", "location", "killed_low", "killed_best", "killed_high",
                 "wounded_best", "fatalities", "fatalities_disputed", "num_mentions",
                 "num_articles", "num_sources", "source", "coder_version")
CLAIM_COLUMNS = ("m.mention_id", "a.source", "a.published", "m.claimant", "m.modality",
                 "m.killed_best", "m.wounded_best", "m.article_id", "m.char_start", "m.char_end",
                 "m.evidence_text")


def inert(value: Any) -> str:
    """``value`` as text a terminal shows literally: non-printable characters escaped."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def render_event(db_path: Path, event_id: str) -> str:
    """The event's fields, then one block per claim (claimant, outlet, figures, evidence)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        row = con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?",
                          [event_id]).fetchone()
        if row is None:
            raise KeyError(f"no event with id {event_id!r} in {db_path}")
        claims = con.execute(
            f"SELECT {', '.join(CLAIM_COLUMNS)} FROM event_mentions m "
            "JOIN articles a USING (article_id) WHERE m.event_id = ? "
            "ORDER BY a.published NULLS LAST, m.article_id, m.char_start", [event_id]).fetchall()
        try:
            changes = con.execute(
                "SELECT changed_at, run_id, change_kind, field, old_value, new_value "
                "FROM event_changes WHERE event_id = ? ORDER BY changed_at, change_kind, field",
                [event_id]).fetchall()
        except duckdb.CatalogException:  # a database from before event_changes existed
            changes = []
    finally:
        con.close()
    width = max(len(c) for c in EVENT_COLUMNS)
    lines = [f"{name:<{width}}  {'NULL' if value is None else inert(value)}"
             for name, value in zip(EVENT_COLUMNS, row, strict=True)]
    lines.append("")
    lines.append(f"{len(claims)} claim(s):")
    for i, (mid, outlet, published, claimant, modality, killed, wounded, article_id, start, end,
            evidence) in enumerate(claims, 1):
        lines.append(f"[{i}] {inert(outlet or 'unknown outlet')} {published or ''} "
                     f"article {inert(article_id)} chars {start}-{end} (mention {mid})")
        lines.append(f"    claimant: {inert(claimant or 'the article itself')}; "
                     f"modality {modality}; "
                     f"killed {'NULL' if killed is None else killed}, "
                     f"wounded {'NULL' if wounded is None else wounded}")
        lines.append(f"    \"{inert(' '.join(str(evidence).split()))}\"")
    lines.append("")
    lines.append(f"{len(changes)} change(s):")
    for at, run_id, kind, fld, before, after in changes:
        detail = ("" if kind == "created"
                  else f" {inert(fld or '')} {inert(before)} -> {inert(after)}")
        lines.append(f"  {at} run {inert(run_id)}: {kind}{detail}")
    return "\n".join(lines)
