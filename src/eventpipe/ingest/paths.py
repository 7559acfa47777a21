"""Finding raw files and opening them without ever reading outside the raw directory."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

logger = logging.getLogger(__name__)

IGNORED_NAMES = frozenset({"readme.md"})
HASH_CHUNK = 1 << 20
_WHITESPACE_BYTES = b" \t\r\n\x0b\x0c"


def scan_raw_dir(raw_dir: Path) -> list[Path]:
    """Every file under raw_dir, recursively, sorted by relative path.

    README.md and hidden files and directories (name starting with ".") are left out.
    Symbolic links are listed but never followed here: a link to a directory is listed as
    an entry of its own (ingest rejects it), and links to files are checked by ingest, which
    refuses to read anything that resolves outside raw_dir."""
    root = Path(raw_dir)
    found: list[Path] = []

    def on_error(err: OSError) -> None:
        logger.warning("cannot list %r: %s", err.filename, err.strerror)

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        kept: list[str] = []
        for name in dirnames:
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                found.append(Path(dirpath, name))
            else:
                kept.append(name)
        dirnames[:] = sorted(kept)
        for name in filenames:
            if name.startswith(".") or name.casefold() in IGNORED_NAMES:
                continue
            found.append(Path(dirpath, name))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def display_path(path: str) -> str:
    """A file name as valid text: undecodable bytes in names are shown as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Located:
    """Where a raw file is: its manifest path, the real file to open, or why not to."""

    raw_path: str
    real: Path | None
    problem: str | None
    given: Path | None = None


def locate(raw_dir: Path, root_real: Path, path: Path) -> Located:
    """Check a path against the raw directory without reading it.

    A relative path is taken relative to raw_dir, unless raw_dir is relative too and the
    path starts with it (as scan_raw_dir returns them): then both are relative to the
    working directory."""
    if path.is_absolute():
        given = path
    elif not raw_dir.is_absolute() and path.parts[: len(raw_dir.parts)] == raw_dir.parts:
        given = path
    else:
        given = raw_dir / path
    rel: Path | None = None
    for base in (raw_dir, root_real):
        try:
            rel = given.relative_to(base)
            break
        except ValueError:
            continue
    if rel is None or ".." in rel.parts or not rel.parts:
        shown = display_path(os.path.relpath(given, raw_dir))
        return Located(shown, None, "outside the raw directory; not read")
    raw_path = display_path(rel.as_posix())
    is_link = os.path.islink(given)
    try:
        real = given.resolve(strict=True)
    except FileNotFoundError:
        what = "broken symbolic link" if is_link else "file not found"
        return Located(raw_path, None, what)
    except (OSError, RuntimeError) as err:
        return Located(raw_path, None, f"cannot resolve the path: {err.__class__.__name__}")
    if not real.is_relative_to(root_real):
        target = display_path(os.readlink(given)) if is_link else display_path(str(real))
        return Located(
            raw_path, None,
            f"symbolic link resolves outside the raw directory (to {target!r}); not read",
        )
    return Located(raw_path, real, None, given)


def unread_hash(raw_path: str, problem: str) -> str:
    """file_hash for a file that is not read: stable, so a rerun skips it like any other."""
    return hashlib.sha256(f"unread\0{raw_path}\0{problem}".encode()).hexdigest()


class NotRegularFile(OSError):
    """A named pipe, socket or device: never read (reading a pipe could wait forever)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(real: Path) -> BinaryIO:
    """Open a regular file for reading; raises IsADirectoryError, NotRegularFile or another
    OSError otherwise.

    O_NOFOLLOW: the resolved path has no links left, so a link appearing there now is
    refused; O_NONBLOCK: opening a FIFO must never wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(f"{real} is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"not a regular file ({_kind(info.st_mode)}); not read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    size: int
    blank: bool  # nothing but ASCII whitespace (after a UTF-8 BOM)


def hash_file(fh: BinaryIO) -> FileFacts:
    """SHA-256, size and blankness in one streaming pass; leaves fh at the start."""
    digest = hashlib.sha256()
    size = 0
    blank = True
    first = True
    while chunk := fh.read(HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if blank:
            part = chunk[3:] if first and chunk.startswith(b"\xef\xbb\xbf") else chunk
            blank = not part.translate(None, _WHITESPACE_BYTES)
        first = False
    fh.seek(0)
    return FileFacts(digest.hexdigest(), size, blank)
