"""One writer at a time: an advisory file lock beside the database, held for a whole run."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class RunLockedError(RuntimeError):
    """Another eventpipe run holds the lock on this database."""


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def run_lock(db_path: Path, timeout_s: float = 30.0, poll_s: float = 0.5) -> Iterator[Path]:
    """Hold an exclusive lock for ``db_path``; wait up to ``timeout_s``, then refuse clearly."""
    path = lock_path_for(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = _read_holder(path)
                    raise RunLockedError(
                        f"another eventpipe run holds {path} ({holder}); waited {timeout_s:.0f}s. "
                        "Wait for it to finish, or check that no run is stuck."
                    ) from exc
                log.info("waiting for the run lock %s held by %s", path, _read_holder(path))
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}\n".encode())
        yield path
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown process"
    except OSError:
        return "unknown process"
