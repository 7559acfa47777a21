"""Plain data types shared by the coder and the pipeline stages that call it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Article:
    """One article as the coder sees it. Offsets of every event index into ``text``."""

    article_id: str
    text: str
    published: date | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
