"""``extract``: JSON Lines of articles in, JSON Lines of coded events out, streaming."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventpipe.coder import Article, code_article, load_resources

LOG = logging.getLogger(__name__)


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def article_from_json(obj: dict[str, Any], line_no: int) -> Article:
    art_id = obj.get("id") or obj.get("article_id") or f"line-{line_no}"
    return Article(
        article_id=str(art_id), text=str(obj.get("text") or ""),
        published=_parse_date(obj.get("published")),
        source=obj.get("source") if isinstance(obj.get("source"), str) else None,
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
    )


def extract_jsonl(input_path: str | Path, output_path: str | Path, include_verbal: bool = False,
                  progress: Callable[[int], None] | None = None,
                  resources: Any = None) -> dict[str, int]:
    """Code every article of ``input_path`` (one JSON object a line) and write one event a line.

    Only events with an ACLED ``event_type`` are written unless ``include_verbal``. Returns
    counts: articles, events written, lines skipped (not JSON objects).
    """
    res = resources if resources is not None else load_resources()
    stats = {"articles": 0, "events": 0, "skipped": 0}
    with open(input_path, encoding="utf-8") as src, open(output_path, "w",
                                                         encoding="utf-8") as out:
        for line_no, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                LOG.warning("line %d: not JSON, skipped", line_no)
                stats["skipped"] += 1
                continue
            if not isinstance(obj, dict):
                stats["skipped"] += 1
                continue
            article = article_from_json(obj, line_no)
            for rec in code_article(article, res):
                if rec.get("event_type") is None and not include_verbal:
                    continue
                out.write(json.dumps(rec, default=_json_default, ensure_ascii=False))
                out.write("\n")
                stats["events"] += 1
            stats["articles"] += 1
            if progress is not None:
                progress(stats["articles"])
    return stats
