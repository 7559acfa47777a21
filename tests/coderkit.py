"""Helpers shared by the coder tests: code one article and keep the events ACLED would code."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventpipe.coder import Article, code_article

PUB = date(2016, 3, 9)  # a Wednesday
REAL_MODALITIES = ("asserted", "alleged")


def real_events(res: Any, text: str, published: date | None = PUB,
                source: str | None = "Test Daily", article_id: str = "t1") -> list[dict[str, Any]]:
    """The records of ``text`` with an ACLED event type, asserted or alleged."""
    recs = code_article(Article(article_id, text, published, source), res)
    return [r for r in recs if r["event_type"] and r["modality"] in REAL_MODALITIES]
