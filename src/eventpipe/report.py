"""Plain-text reports over the database: an event and every claim behind it."""

from __future__ import annotations

from pathlib import Path

import duckdb

EVENT_COLUMNS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "country", "admin1", "location", "killed_low", "killed_best", "killed_high",
                 "wounded_best", "fatalities", "fatalities_disputed", "num_mentions",
                 "num_articles", "num_sources", "source", "coder_version")
CLAIM_COLUMNS = ("m.mention_id", "a.source", "a.published", "m.claimant", "m.modality",
                 "m.killed_best", "m.wounded_best", "m.article_id", "m.char_start", "m.char_end",
                 "m.evidence_text")


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
    finally:
        con.close()
    width = max(len(c) for c in EVENT_COLUMNS)
    lines = [f"{name:<{width}}  {'NULL' if value is None else value}"
             for name, value in zip(EVENT_COLUMNS, row, strict=True)]
    lines.append("")
    lines.append(f"{len(claims)} claim(s):")
    for i, (mid, outlet, published, claimant, modality, killed, wounded, article_id, start, end,
            evidence) in enumerate(claims, 1):
        lines.append(f"[{i}] {outlet or 'unknown outlet'} {published or ''} "
                     f"article {article_id} chars {start}-{end} (mention {mid})")
        lines.append(f"    claimant: {claimant or 'the article itself'}; modality {modality}; "
                     f"killed {'NULL' if killed is None else killed}, "
                     f"wounded {'NULL' if wounded is None else wounded}")
        lines.append(f"    \"{' '.join(str(evidence).split())}\"")
    return "\n".join(lines)
