"""Bytes to text: UTF-8 (a BOM is stripped) or UTF-16/32 with a BOM; anything else is
rejected with a reason that says where, never guessed."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import BinaryIO

from .model import FileRejected

SNIFF_BYTES = 8192
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Encoding:
    """The encoding of a file, from its first bytes; `bom` bytes precede the text."""

    name: str
    bom: int

    @property
    def bytes_per_unit(self) -> int:
        """Worst-case file bytes per UTF-8 byte of text (bounds a file before reading it)."""
        if self.name.startswith("utf-32"):
            return 4
        if self.name.startswith("utf-16"):
            return 2
        return 1


def sniff_encoding(head: bytes) -> Encoding:
    """Pick the encoding from a byte-order mark; without one the file must be UTF-8, and a
    NUL byte in the first 8 KiB means binary data (or UTF-16 without its mark)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, len(bom))
    nul = head.find(b"\x00", 0, SNIFF_BYTES)
    if nul >= 0:
        raise FileRejected(
            f"binary data: NUL byte at offset {nul} (or UTF-16 text without a byte-order mark)"
        )
    return Encoding("utf-8", 0)


def decode_error_reason(err: UnicodeDecodeError, encoding: str, base: int = 0) -> str:
    """Human-readable reason for a decode error; `base` is the file offset of err.object[0]."""
    offset = base + err.start
    label = "UTF-8" if encoding == "utf-8" else encoding.upper().replace("-LE", "").replace(
        "-BE", ""
    )
    if err.start < len(err.object):
        byte = err.object[err.start]
        if "unexpected end" in err.reason or "truncated" in err.reason:
            what = f"incomplete character at offset {offset}"
        else:
            what = f"invalid byte 0x{byte:02x} at offset {offset}"
    else:
        what = f"incomplete character at offset {offset}"
    hint = " (save it as UTF-8)" if encoding == "utf-8" else ""
    return f"not {label} text: {what}{hint}"


def decode_bytes(data: bytes) -> str:
    """Decode a whole (bounded) file; BOM stripped. Raises FileRejected with the reason."""
    enc = sniff_encoding(data[:SNIFF_BYTES])
    if enc.name == "utf-8":
        nul = data.find(b"\x00")
        if nul >= 0:
            raise FileRejected(f"binary data: NUL byte at offset {nul}")
    try:
        return data[enc.bom:].decode(enc.name)
    except UnicodeDecodeError as err:
        raise FileRejected(decode_error_reason(err, enc.name, enc.bom)) from err


def first_bad_byte(line: str) -> int | None:
    """Index of the first surrogate-escaped byte in text decoded with surrogateescape."""
    m = _ESCAPED_BYTE.search(line)
    return m.start() if m else None


def read_bounded(fh: BinaryIO, size: int, cap: int, what: str) -> bytes:
    """Read a one-article file whole, after checking its size (never reads past `cap`)."""
    if size > cap:
        raise FileRejected(f"file is {size:,} bytes, over the limit of {cap:,} bytes for {what}")
    data = fh.read(cap + 1)
    if len(data) > cap:  # grew since it was measured
        raise FileRejected(f"file is over the limit of {cap:,} bytes for {what}")
    return data


class DecodingReader:
    """Incremental text reader over a binary file that reports decode errors with their
    file offset (FileRejected) and refuses NUL characters in BOM-less UTF-8 input."""

    def __init__(self, raw: BinaryIO, enc: Encoding) -> None:
        raw.seek(enc.bom)
        self._raw = raw
        self._enc = enc
        self._decoder = codecs.getincrementaldecoder(enc.name)("strict")
        self._offset = enc.bom
        self._done = False

    def read(self, size: int) -> str:
        """Up to about `size` bytes' worth of text; "" only at the end of the file."""
        while not self._done:
            data = self._raw.read(size)
            final = not data
            pending = len(self._decoder.getstate()[0])
            try:
                text = self._decoder.decode(data, final=final)
            except UnicodeDecodeError as err:
                base = self._offset - pending
                raise FileRejected(decode_error_reason(err, self._enc.name, base)) from err
            if self._enc.name == "utf-8":
                nul = text.find("\x00")
                if nul >= 0:
                    at = self._offset - pending + len(text[:nul].encode("utf-8"))
                    raise FileRejected(f"binary data: NUL byte at offset {at}")
            self._offset += len(data)
            self._done = final
            if text:
                return text
        return ""
