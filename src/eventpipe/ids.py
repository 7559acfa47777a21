"""Deterministic ids: SHA-256 over ``|``-joined parts, hex, truncated where noted.

- ``content_hash(text)``: SHA-256 of the normalised text (NFC, whitespace runs -> one space,
  stripped), 64 hex characters.
- ``mention_id(...)``: 32 hex characters of SHA-256 over the article content hash, the
  evidence span, ``coder_version`` and what tells two events or claims of one sentence apart
  (:data:`MENTION_ID_FIELDS`: types, CAMEO code, actors, location, date, modality, claimant).
  A rerun, or a rerun after a crash, produces the same ids, so loading inserts nothing new.
- ``quarantine_id(mention_id, failed)``: 32 hex characters over the mention id and the
  failed-expectation list.
- ``manifest_id(raw_path, item_key, file_hash)``: 32 hex characters.

NULL parts hash as the empty string; ``|`` inside a part is escaped so parts cannot run into
each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

ID_LENGTH = 32
_WS = re.compile(r"\s+")

#: Fields of a coded row, besides content hash, span and coder version, that enter mention_id.
MENTION_ID_FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "cameo_code",
    "actor1",
    "actor2",
    "location",
    "event_date",
    "modality",
    "claimant",
)


def _part(value: Any) -> str:
    if value is None:
        return ""
    try:
        if value != value:  # NaN / NA
            return ""
    except (TypeError, ValueError):  # pd.NA comparisons raise in a boolean context
        return ""
    return str(value).replace("\\", "\\\\").replace("|", "\\|")


def hash_parts(*parts: Any, length: int | None = ID_LENGTH) -> str:
    digest = hashlib.sha256("|".join(_part(p) for p in parts).encode("utf-8")).hexdigest()
    return digest if length is None else digest[:length]


def normalise_text(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """SHA-256 (64 hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def mention_id_from_parts(
    content_hash_: str,
    char_start: int,
    char_end: int,
    coder_version: str,
    **fields: Any,
) -> str:
    """Id of one event claim; ``fields`` supplies the values of :data:`MENTION_ID_FIELDS`."""
    extra = [_date_part(fields.get(name)) for name in MENTION_ID_FIELDS]
    return hash_parts(content_hash_, int(char_start), int(char_end), coder_version, *extra)


def mention_id(content_hash_: str, record: Mapping[str, Any]) -> str:
    """Id of the coded ``record`` (a row with the event fields) of the article whose content
    hash is ``content_hash_``. Raises KeyError when the span or coder_version is missing."""
    return mention_id_from_parts(
        content_hash_,
        record["char_start"],
        record["char_end"],
        record["coder_version"],
        **{name: record.get(name) for name in MENTION_ID_FIELDS},
    )


def _date_part(value: Any) -> Any:
    """Dates hash as YYYY-MM-DD whatever their Python type (date, datetime, Timestamp)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def quarantine_id(mention_id_: str | None, failed: str) -> str:
    return hash_parts(mention_id_, failed)


def manifest_id(raw_path: str, item_key: str | None, file_hash: str) -> str:
    return hash_parts(raw_path, item_key, file_hash)
