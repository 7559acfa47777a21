"""Raw files -> article rows and manifest rows, with duplicates found by content hash.

Every file given ends with exactly one file-level manifest row (ingested, duplicate,
rejected or container) unless its bytes were already processed by an earlier run
(`seen_file_hashes`), in which case it is skipped and only counted."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from .feeds import read_feed
from .html import read_html
from .jsonrec import read_json, read_jsonl
from .manifest import CONTAINER, DUPLICATE, INGESTED, REJECTED, manifest_row
from .model import IngestBatch, IngestError, IngestLimits, ItemRejected, RawItem
from .normalise import (
    article_id_for,
    check_published,
    check_text,
    content_hash,
    normalise_text,
)
from .paths import FileFacts, NotRegularFile, hash_file, locate, open_regular, unread_hash
from .text import read_text

logger = logging.getLogger(__name__)

Reader = Callable[[BinaryIO, int, IngestLimits], Iterator[RawItem]]
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".json": lambda fh, size, limits: read_json(fh, limits),
    ".jsonl": lambda fh, size, limits: read_jsonl(fh, limits),
    ".ndjson": lambda fh, size, limits: read_jsonl(fh, limits),
    ".html": read_html,
    ".htm": read_html,
    ".rss": lambda fh, size, limits: read_feed(fh, limits),
    ".xml": lambda fh, size, limits: read_feed(fh, limits),
    ".atom": lambda fh, size, limits: read_feed(fh, limits),
}
SUPPORTED_EXTENSIONS = tuple(READERS)

# What the per-file generator yields: ("article", row), ("manifest", row), ("stat", name).
Event = tuple[str, Any]


class _Run:
    """State of one ingestion call: texts and ids already taken in this run."""

    def __init__(
        self,
        raw_dir: Path,
        seen_file_hashes: Collection[str],
        seen_content_hashes: Collection[str] | Mapping[str, str],
        seen_article_ids: Collection[str],
        limits: IngestLimits,
        today: date,
    ) -> None:
        self.raw_dir = Path(raw_dir)
        self.root_real = self.raw_dir.resolve(strict=True)
        if not self.root_real.is_dir():
            raise NotADirectoryError(f"raw directory {raw_dir} is not a directory")
        self.seen_files = seen_file_hashes
        self.seen_texts = seen_content_hashes
        self.seen_ids = seen_article_ids
        self.limits = limits
        self.today = today
        self.texts: dict[str, str] = {}  # content_hash -> article_id, this run
        self.ids: dict[str, str] = {}  # article_id -> content_hash, this run
        self.paths_done: set[tuple[str, str]] = set()

    # -- one file -------------------------------------------------------------------------

    def file_events(self, path: Path) -> Iterator[Event]:
        yield ("stat", "files_seen")
        loc = locate(self.raw_dir, self.root_real, Path(path))
        if loc.real is None:
            yield from self._unread(loc.raw_path, loc.problem or "not read")
            return
        try:
            fh = open_regular(loc.real)
        except IsADirectoryError:
            linked = loc.given is not None and os.path.islink(loc.given)
            what = "symbolic link to a directory; not followed" if linked else (
                "a directory, not a file"
            )
            yield from self._unread(loc.raw_path, what)
            return
        except NotRegularFile as err:
            yield from self._unread(loc.raw_path, str(err))
            return
        except OSError as err:
            yield from self._unread(loc.raw_path, f"cannot be opened: {err.strerror or err}")
            return
        with fh:
            try:
                facts = hash_file(fh)
            except OSError as err:
                yield from self._unread(loc.raw_path, f"cannot be read: {err.strerror or err}")
                return
            if facts.sha256 in self.seen_files or (loc.raw_path, facts.sha256) in self.paths_done:
                yield ("stat", "files_skipped")
                return
            self.paths_done.add((loc.raw_path, facts.sha256))
            yield from self._read(fh, loc.raw_path, facts, Path(path).suffix.lower())

    def _unread(self, raw_path: str, problem: str) -> Iterator[Event]:
        file_hash = unread_hash(raw_path, problem)
        if file_hash in self.seen_files or (raw_path, file_hash) in self.paths_done:
            yield ("stat", "files_skipped")
            return
        self.paths_done.add((raw_path, file_hash))
        yield self._reject(raw_path, None, file_hash, problem)

    def _reject(
        self, raw_path: str, key: str | None, file_hash: str, reason: str,
        text_hash: str | None = None,
    ) -> Event:
        logger.info("rejected %r%s: %s", raw_path, f" ({key})" if key else "", reason)
        return ("manifest", manifest_row(
            raw_path, key, file_hash, REJECTED, reason=reason, content_hash=text_hash
        ))

    def _read(self, fh: BinaryIO, raw_path: str, facts: FileFacts, ext: str) -> Iterator[Event]:
        file_hash = facts.sha256
        problem = None
        if ext not in READERS:
            shown = repr(ext) if ext else "(no extension)"
            problem = f"unknown file type {shown}; expected one of {', '.join(READERS)}"
        elif facts.size == 0:
            problem = "empty file (0 bytes)"
        elif facts.blank:
            problem = "empty file (whitespace only)"
        elif self.limits.max_file_bytes is not None and facts.size > self.limits.max_file_bytes:
            problem = (
                f"file is {facts.size:,} bytes, over the limit of "
                f"{self.limits.max_file_bytes:,} bytes (max_file_bytes)"
            )
        if problem is not None:
            yield self._reject(raw_path, None, file_hash, problem)
            return
        items = 0
        last_key: str | None = None
        stop: str | None = None
        try:
            for item in READERS[ext](fh, facts.size, self.limits):
                if item.key is None:  # a one-article file: its file row is the item row
                    yield from self._item(item, raw_path, file_hash)
                    return
                items += 1
                last_key = item.key
                yield from self._item(item, raw_path, file_hash)
        except IngestError as err:
            stop = err.reason
        except (OSError, ValueError, UnicodeError, RecursionError) as err:
            stop = f"could not be read: {err.__class__.__name__}: {err}"
        except Exception as err:  # noqa: BLE001 - one bad file must never stop a night's run
            logger.exception("unexpected error reading %r", raw_path)
            stop = f"could not be read (internal error {err.__class__.__name__}: {err})"
        if items == 0:
            yield self._reject(raw_path, None, file_hash, stop or "contains no items")
            return
        reason = f"reading stopped after {last_key}: {stop}" if stop else None
        if stop:
            logger.info("container %r: %s", raw_path, reason)
        yield ("manifest", manifest_row(raw_path, None, file_hash, CONTAINER, reason=reason))

    # -- one item -------------------------------------------------------------------------

    def _item(self, item: RawItem, raw_path: str, file_hash: str) -> Iterator[Event]:
        key = item.key
        text_hash: str | None = None
        try:
            if item.error is not None:
                raise ItemRejected(item.error)
            text = normalise_text(item.text or "")
            check_text(text, self.limits.max_article_bytes)
            text_hash = content_hash(text)
            check_published(item.published, self.today)
        except ItemRejected as err:
            yield self._reject(raw_path, key, file_hash, err.reason, text_hash)
            return
        assert text_hash is not None
        earlier = self.texts.get(text_hash)
        if earlier is not None or text_hash in self.seen_texts:
            if earlier is not None:
                reason = f"same text as article {earlier!r}, ingested earlier in this run"
            else:
                earlier = (
                    self.seen_texts.get(text_hash)
                    if isinstance(self.seen_texts, Mapping) else None
                )
                reason = (
                    f"same text as article {earlier!r}, ingested by an earlier run"
                    if earlier else "same text as an article ingested by an earlier run"
                )
            logger.debug("duplicate %r%s: %s", raw_path, f" ({key})" if key else "", reason)
            yield ("manifest", manifest_row(
                raw_path, key, file_hash, DUPLICATE, reason=reason,
                content_hash=text_hash, article_id=earlier,
            ))
            return
        article_id = article_id_for(item.input_id, text_hash)
        notes = list(item.notes)
        if article_id in self.ids or article_id in self.seen_ids:
            renamed = f"{article_id}~{text_hash[:12]}"
            notes.append(
                f"id {article_id!r} already belongs to a different text; stored as {renamed!r}"
            )
            article_id = renamed
        self.ids[article_id] = text_hash
        self.texts[text_hash] = article_id
        yield ("article", {
            "article_id": article_id,
            "input_id": item.input_id,
            "content_hash": text_hash,
            "title": item.title,
            "text": text,
            "published": item.published,
            "source": item.source,
            "url": item.url,
            "raw_path": raw_path,
            "item_key": key,
            "syndication_group": None,
        })
        yield ("manifest", manifest_row(
            raw_path, key, file_hash, INGESTED, reason="; ".join(notes) or None,
            content_hash=text_hash, article_id=article_id,
        ))


_COUNTERS = {INGESTED: "items_ingested", DUPLICATE: "items_duplicate", REJECTED: "items_rejected"}


def iter_ingest(
    raw_dir: Path,
    paths: Iterable[Path],
    *,
    seen_file_hashes: Collection[str] = frozenset(),
    seen_content_hashes: Collection[str] | Mapping[str, str] = frozenset(),
    limits: IngestLimits = IngestLimits(),  # noqa: B008 - frozen, immutable default
    batch_size: int = 1000,
    today: date | None = None,
    seen_article_ids: Collection[str] = frozenset(),
) -> Iterator[IngestBatch]:
    """Ingest `paths` (under raw_dir; relative paths are taken relative to it), yielding
    batches of at most `batch_size` manifest rows (an article always travels with its
    manifest row). Duplicates are tracked across batches. Each batch's `stats` counts its
    own rows, so summing them gives the totals of the call.

    seen_file_hashes: file hashes processed by earlier runs: such files are skipped.
    seen_content_hashes: content hashes of stored articles (a mapping content_hash ->
        article_id lets duplicate reasons name the earlier article).
    seen_article_ids: stored article ids: a new text arriving with one of them is stored
        under the id plus a hash suffix instead of clashing.
    today: the date the published range is checked against (default: today, UTC).

    Nothing raises for a bad file (it gets a rejected row); a missing raw_dir raises
    FileNotFoundError when iteration starts."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    run = _Run(
        Path(raw_dir), seen_file_hashes, seen_content_hashes, seen_article_ids, limits,
        today or datetime.now(timezone.utc).date(),
    )
    batch = IngestBatch()
    for path in paths:
        for kind, payload in run.file_events(Path(path)):
            if kind == "article":
                batch.articles.append(payload)
            elif kind == "stat":
                setattr(batch.stats, payload, getattr(batch.stats, payload) + 1)
            else:
                batch.manifest.append(payload)
                counter = _COUNTERS.get(payload["outcome"])
                if counter is not None:
                    setattr(batch.stats, counter, getattr(batch.stats, counter) + 1)
                if len(batch.manifest) >= batch_size:
                    yield batch
                    batch = IngestBatch()
    if batch.manifest or batch.stats.files_seen:
        yield batch


def ingest_files(
    raw_dir: Path,
    paths: Iterable[Path],
    *,
    seen_file_hashes: Collection[str] = frozenset(),
    seen_content_hashes: Collection[str] | Mapping[str, str] = frozenset(),
    limits: IngestLimits = IngestLimits(),  # noqa: B008 - frozen, immutable default
    today: date | None = None,
    seen_article_ids: Collection[str] = frozenset(),
) -> IngestBatch:
    """Ingest `paths` in one batch; see iter_ingest for the arguments."""
    total = IngestBatch()
    for batch in iter_ingest(
        raw_dir, paths, seen_file_hashes=seen_file_hashes,
        seen_content_hashes=seen_content_hashes, limits=limits, batch_size=1 << 62,
        today=today, seen_article_ids=seen_article_ids,
    ):
        total.extend(batch)
    return total
