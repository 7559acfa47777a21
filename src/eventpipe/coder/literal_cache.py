"""An on-disk copy of the literals derived from the coder's patterns (regex_literals), so a new
process reads them instead of analysing every pattern's syntax tree again (~0.35 s a process).

What ``regex_literals`` derives is a pure function of a pattern's source, flags and the kind
of literals asked for, so each entry is stored under exactly those. The copy is a JSON file in
the gazetteer's cache directory (places_cache.cache_dir) under a name that hashes the coder's
modules, its package data files, the Python version (its regular expression parser) and
:data:`FORMAT`: a changed dictionary or module writes a new copy, and only the
:data:`KEEP` most recently used copies are kept. ``EVENTPIPE_LITERAL_CACHE=0`` turns it off.
A copy that cannot be read is ignored (the literals are derived as before); a cache directory
that cannot be written only costs the analysis.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from . import SOURCE_DIR, regex_literals
from .lexicon import data_digest
from .places_cache import cache_dir, prune, write_atomically

LOG = logging.getLogger(__name__)

#: Bump when the stored form changes in a way the inputs of ``inputs_key`` do not show.
FORMAT = 1
KEEP = 3
_PREFIX = "literals-"


def enabled() -> bool:
    return os.environ.get("EVENTPIPE_LITERAL_CACHE", "1").strip().lower() not in (
        "0", "false", "no", "off")


def inputs_key() -> str:
    """Hash of the coder's modules and data files, the Python version and FORMAT."""
    h = hashlib.sha256(f"format={FORMAT};py={sys.version_info[:2]}".encode())
    for module in sorted(SOURCE_DIR.glob("*.py")):
        h.update(module.name.encode())
        h.update(hashlib.sha256(module.read_bytes()).digest())
    h.update(data_digest(resources.files("eventpipe.coder").joinpath("data")).encode())
    return h.hexdigest()[:24]


def _path() -> Path:
    return cache_dir() / f"{_PREFIX}{inputs_key()}.json"


def _entry(row: Any) -> tuple[tuple[str, int, bool, str], tuple[str, ...] | None]:
    """One stored row, checked: [source, flags, fold, which, literals or null]."""
    source, flags, fold, which, got = row
    if not (isinstance(source, str) and isinstance(flags, int) and isinstance(fold, bool)
            and which in ("needles", "leads")):
        raise ValueError("malformed entry")
    if got is not None and not (isinstance(got, list)
                                and all(isinstance(s, str) for s in got)):
        raise ValueError("malformed literals")
    return (source, flags, fold, which), None if got is None else tuple(got)


def load() -> Path | None:
    """Read the current copy into regex_literals' memory; its path (None: cache off)."""
    if not enabled():
        return None
    path = _path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        regex_literals.remember(dict(_entry(row) for row in rows))
        LOG.debug("pattern literals: loaded %s", path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError) as exc:
        LOG.warning("pattern literal cache %s unreadable (%s); deriving again", path, exc)
    return path


def save(path: Path | None, known: int) -> None:
    """Write what regex_literals derived when it holds more than the ``known`` entries it
    held after ``load``; atomically (a concurrent reader sees the old copy or the whole new
    one)."""
    derived = regex_literals.derived()
    if path is None or len(derived) <= known:
        return
    rows = [[*key, None if got is None else list(got)] for key, got in derived.items()]
    body = json.dumps(rows, separators=(",", ":")).encode("utf-8")
    if write_atomically(path, ".literals-", lambda fh: fh.write(body)):
        prune(path, KEEP, f"{_PREFIX}*.json")


def known() -> int:
    """How many derived entries regex_literals holds now."""
    return len(regex_literals.derived())
