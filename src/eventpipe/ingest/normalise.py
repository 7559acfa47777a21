"""Text normalisation, content hashes, field cleaning and publication dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from .model import ItemRejected

EARLIEST_PUBLISHED = date(1900, 1, 1)
MAX_ID_CHARS = 200

_ODD_NEWLINES = re.compile("[\u2028\u2029\x85]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WS_RUN = re.compile(r"\s+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalise_text(text: str) -> str:
    """NFC, newlines as \\n, no trailing whitespace on any line, no leading blank lines and
    no trailing blank lines. Everything else is kept as it is: offsets index into the result."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _ODD_NEWLINES.sub("\n", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _LEADING_BLANK_LINES.sub("", text)
    return text.rstrip()


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed, NFC and casefolded: re-published
    identical text (re-wrapped, re-cased) hashes the same."""
    key = unicodedata.normalize("NFC", " ".join(text.split()).casefold())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_text(text: str, max_bytes: int) -> None:
    """Reject a normalised article text that cannot be stored or coded."""
    if not text:
        raise ItemRejected("no text (empty or whitespace only)")
    nul = text.find("\x00")
    if nul >= 0:
        raise ItemRejected(f"binary data: NUL character at character {nul} of the text")
    check_no_surrogates(text, "text")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 20):
        raise ItemRejected(
            f"binary data: {controls} control characters in {len(text)} characters of text"
        )
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise ItemRejected(
            f"article text is {size:,} bytes (UTF-8), over the limit of {max_bytes:,} bytes"
        )


def check_no_surrogates(value: str, what: str) -> None:
    m = _SURROGATE.search(value)
    if m:
        raise ItemRejected(
            f"{what} contains an unpaired surrogate \\u{ord(m.group()):04x} at character "
            f"{m.start()} (not valid Unicode text)"
        )


def clean_field(value: Any, name: str) -> str | None:
    """A metadata field (title, source, url): a string or null; whitespace collapsed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemRejected(f"{name} must be a string or null, not {type(value).__name__}")
    check_no_surrogates(value, name)
    cleaned = _WS_RUN.sub(" ", unicodedata.normalize("NFC", value)).strip()
    return cleaned or None


def clean_id(value: Any) -> str | None:
    """The record's own id, as a string (integers are accepted), stripped; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ItemRejected(f"id must be a string or an integer, not {type(value).__name__}")
    text = str(value)
    check_no_surrogates(text, "id")
    return text.strip() or None


def article_id_for(input_id: str | None, text_hash: str) -> str:
    """The record's own id (whitespace collapsed, at most 200 characters: longer ids keep
    their start plus a hash), else "h" + the first 16 hex digits of the content hash."""
    if input_id is None:
        return "h" + text_hash[:16]
    ident = _WS_RUN.sub(" ", unicodedata.normalize("NFC", input_id)).strip()
    if len(ident) > MAX_ID_CHARS:
        digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
        ident = ident[: MAX_ID_CHARS - 17] + "~" + digest
    return ident


def parse_iso_published(value: Any, name: str = "published") -> date | None:
    """An ISO 8601 date or date-time (string) -> its calendar date as written."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemRejected(
            f"{name} must be an ISO date string or null, not {type(value).__name__}"
        )
    raw = value.strip()
    if not raw:
        return None
    parsed = _parse_iso(raw)
    if parsed is None:
        raise ItemRejected(f"{name} {_show(raw)} is not an ISO date or date-time (YYYY-MM-DD)")
    return parsed


def _parse_iso(raw: str) -> date | None:
    if len(raw) > 64:
        return None
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        return datetime.fromisoformat(raw.replace("z", "Z")).date()
    except ValueError:
        pass
    # A date-time whose time part Python does not read (e.g. "2024-03-05T10:00:00.1234567Z"):
    # the calendar date as written is still unambiguous.
    if _ISO_DATE.match(raw) and len(raw) > 10 and raw[10] in "Tt ":
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


def parse_feed_date(value: str | None) -> date | None:
    """RFC 822 (RSS pubDate) or ISO 8601 (Atom, Dublin Core) -> the calendar date as written.
    Returns None when the string is neither (the caller notes it)."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    iso = _parse_iso(raw)
    if iso is not None:
        return iso
    if len(raw) > 100:
        return None
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def check_published(published: date | None, today: date) -> None:
    """Keep only 1900-01-01 <= published <= today + 1 day."""
    if published is None:
        return
    latest = today + timedelta(days=1)
    if not EARLIEST_PUBLISHED <= published <= latest:
        raise ItemRejected(
            f"published {published.isoformat()} is outside the allowed range "
            f"{EARLIEST_PUBLISHED.isoformat()} to {latest.isoformat()}"
        )


def _show(value: str, limit: int = 60) -> str:
    """A value quoted for a reason, cut to a readable length."""
    shown = value if len(value) <= limit else value[:limit] + "..."
    return repr(shown)
