"""code_text: article -> event records (sentences, mentions, merging, records)."""

from __future__ import annotations

from typing import Any

from .assemble import absorb_into_lead, build_record, merge_mentions
from .mentions import article_mentions, build_context
from .types import Article


def code_text(article: Article, res: Any) -> list[dict[str, Any]]:
    text = article.text or ""
    if not text.strip():
        return []
    ctx = build_context(text, article.published, res)
    mentions = article_mentions(ctx, res)
    violent = [m for m in mentions if not m.verbal and m.event_type and
               m.event_type != "Strategic developments"]
    if violent:
        # follow-up actions (arrests, seizures) in an article about an attack belong to its story
        mentions = [m for m in mentions if m.verbal or m.event_type != "Strategic developments"]
    events = absorb_into_lead(merge_mentions(mentions))
    return [build_record(ev, ctx, article, res) for ev in events]
