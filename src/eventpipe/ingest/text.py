"""Plain-text articles (.txt): an optional leading "date YYYY-MM-DD" marker, then the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from .decode import decode_bytes, read_bounded, sniff_encoding
from .model import FileRejected, IngestLimits, RawItem

# The marker is the first token pair of the file ("date 2023-11-15"), possibly preceded by
# whitespace or a byte-order mark, and followed by whitespace (a newline or a space) or the
# end. An ISO date-time is accepted too; only its calendar date is kept.
_MARKER = re.compile(
    r"\A[\s\ufeff]*date(?::|\s)\s*"
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?=\s|\Z)\s*",
    re.IGNORECASE,
)
# Room for the marker, a BOM and trailing whitespace on top of the article limit.
_SLACK_BYTES = 4096


def split_date_marker(text: str) -> tuple[date | None, str]:
    """(published, text without the marker); (None, text) when there is no marker.
    A marker whose date does not exist (2023-02-30) is a FileRejected."""
    m = _MARKER.match(text)
    if m is None:
        return None, text
    raw = m.group("date")
    try:
        published = date.fromisoformat(raw)
    except ValueError as err:
        raise FileRejected(f"date marker {raw} is not a valid calendar date") from err
    return published, text[m.end():]


def read_text(fh: BinaryIO, size: int, limits: IngestLimits) -> Iterator[RawItem]:
    """One article per file; the size is checked before anything is read."""
    enc = sniff_encoding(fh.read(8))
    fh.seek(0)
    cap = limits.max_article_bytes * enc.bytes_per_unit + _SLACK_BYTES
    if limits.max_file_bytes is not None:
        cap = min(cap, limits.max_file_bytes)
    data = read_bounded(fh, size, cap, "a one-article text file")
    text = decode_bytes(data)
    del data
    published, body = split_date_marker(text)
    if published is not None and not body.strip():
        raise FileRejected("no text after the date marker")
    yield RawItem(key=None, text=body, published=published)
